namespace EksSso.Sandbox.Policy;

/// <summary>One authorization question for identity-based policies: may this principal do Action on Resource?</summary>
public sealed class PolicyRequest
{
    /// <param name="action">The IAM action, e.g. <c>iam:CreateRole</c>.</param>
    /// <param name="resource">The resource ARN, or <c>"*"</c> for actions without resource-level permissions.</param>
    /// <param name="principalArn">The caller; carried for messages, not consulted by evaluation (put <c>aws:PrincipalArn</c> in the context).</param>
    /// <param name="context">Condition keys and their values; copied into a case-insensitive map.</param>
    public PolicyRequest(string action, string resource, string? principalArn = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        Action = action;
        Resource = resource;
        PrincipalArn = principalArn;
        Context = RequestContext.Normalize(context);
    }

    public string Action { get; }

    public string Resource { get; }

    public string? PrincipalArn { get; }

    /// <summary>The condition context, keyed case-insensitively as IAM treats condition keys.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; }
}

/// <summary>The question a role's trust policy answers: may this principal take the role by this sts: action?</summary>
public sealed class TrustRequest
{
    /// <param name="action"><c>sts:AssumeRole</c>, <c>sts:AssumeRoleWithWebIdentity</c>, <c>sts:AssumeRoleWithSAML</c>, <c>sts:TagSession</c> or <c>sts:SetSourceIdentity</c>.</param>
    /// <param name="context">Condition keys (<c>sts:ExternalId</c>, <c>token.actions.githubusercontent.com:sub</c>, ...); copied case-insensitively.</param>
    public TrustRequest(string action, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        Action = action;
        Context = RequestContext.Normalize(context);
    }

    public string Action { get; }

    /// <summary>
    /// For AssumeRole (and TagSession/SetSourceIdentity riding on it): the caller's ARN as STS reports it. A role
    /// session (<c>arn:aws:sts::ACCT:assumed-role/NAME/SESSION</c>) also matches a Principal naming the role ARN.
    /// </summary>
    public string? CallerPrincipalArn { get; init; }

    /// <summary>The caller's account; taken from <see cref="CallerPrincipalArn"/> when not set.</summary>
    public string? CallerAccountId { get; init; }

    /// <summary>For web identity / SAML: the provider ARN (<c>arn:aws:iam::ACCT:oidc-provider/token.actions.githubusercontent.com</c>).</summary>
    public string? FederatedProvider { get; init; }

    /// <summary>For a service assuming a service role: <c>eks.amazonaws.com</c>.</summary>
    public string? ServicePrincipal { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; }
}

internal static class RequestContext
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Copies into an OrdinalIgnoreCase map (condition keys are case-insensitive in IAM) unless the caller already
    /// built one; keys differing only by case have their values merged.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Normalize(IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        if (context is null || context.Count == 0)
        {
            return Empty;
        }

        if (context is Dictionary<string, IReadOnlyList<string>> { Comparer: var comparer } && ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase))
        {
            return context;
        }

        var copy = new Dictionary<string, IReadOnlyList<string>>(context.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in context)
        {
            copy[key] = copy.TryGetValue(key, out var existing) ? [.. existing, .. values] : values;
        }

        return copy;
    }
}
