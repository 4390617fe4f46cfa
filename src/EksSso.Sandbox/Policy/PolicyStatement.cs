namespace EksSso.Sandbox.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>
/// One statement of a policy document, as written (lists are null when the element is absent), plus the compiled
/// matchers the evaluators use.
/// </summary>
public sealed class PolicyStatement
{
    private readonly ActionMatcher? _actionMatcher;
    private readonly ResourceMatcher? _resourceMatcher;

    internal PolicyStatement(
        string? sid,
        PolicyEffect effect,
        IReadOnlyList<string>? actions,
        IReadOnlyList<string>? notActions,
        IReadOnlyList<string>? resources,
        IReadOnlyList<string>? notResources,
        PolicyPrincipal? principal,
        PolicyPrincipal? notPrincipal,
        IReadOnlyList<PolicyCondition> conditions,
        bool variables)
    {
        Sid = sid;
        Effect = effect;
        Actions = actions;
        NotActions = notActions;
        Resources = resources;
        NotResources = notResources;
        Principal = principal;
        NotPrincipal = notPrincipal;
        Conditions = conditions;
        // An empty list (possible only without the action requirement) matches nothing, even as NotAction.
        if ((actions ?? notActions) is { Count: > 0 } actionList)
        {
            _actionMatcher = new ActionMatcher(actionList);
        }

        if ((resources ?? notResources) is { Count: > 0 } resourceList)
        {
            _resourceMatcher = new ResourceMatcher(resourceList, variables);
        }
    }

    public string? Sid { get; }

    public PolicyEffect Effect { get; }

    public IReadOnlyList<string>? Actions { get; }

    public IReadOnlyList<string>? NotActions { get; }

    public IReadOnlyList<string>? Resources { get; }

    public IReadOnlyList<string>? NotResources { get; }

    public PolicyPrincipal? Principal { get; }

    public PolicyPrincipal? NotPrincipal { get; }

    /// <summary>Every (operator, key) pair of the Condition element; all must hold for the statement to apply.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; }

    /// <summary>A statement with neither Action nor NotAction (allowed only when parsing without the requirement) applies to no action.</summary>
    internal bool MatchesAction(string action) =>
        _actionMatcher is not null && _actionMatcher.IsMatch(action) == (Actions is not null);

    /// <summary>A statement with neither Resource nor NotResource applies to no resource: identity policies must name one.</summary>
    internal bool MatchesResource(string resource, IReadOnlyDictionary<string, IReadOnlyList<string>> context) =>
        _resourceMatcher is not null && _resourceMatcher.IsMatch(resource, context) == (Resources is not null);

    internal bool MatchesConditions(IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        for (var i = 0; i < Conditions.Count; i++)
        {
            if (!Conditions[i].Evaluate(context))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The Principal or NotPrincipal element of a resource-based (trust) policy: <c>"*"</c>, or a map of
/// <c>AWS</c> / <c>Service</c> / <c>Federated</c> / <c>CanonicalUser</c> to one value or a list.
/// </summary>
public sealed class PolicyPrincipal
{
    internal PolicyPrincipal(bool isWildcard, IReadOnlyList<string> aws, IReadOnlyList<string> service, IReadOnlyList<string> federated, IReadOnlyList<string> canonicalUser)
    {
        IsWildcard = isWildcard;
        Aws = aws;
        Service = service;
        Federated = federated;
        CanonicalUser = canonicalUser;
    }

    /// <summary>The bare string <c>"*"</c>: everyone, including web-identity and SAML federated callers.</summary>
    public bool IsWildcard { get; }

    /// <summary>Account IDs, <c>arn:...:root</c>, user/role/assumed-role ARNs, or <c>"*"</c> (any AWS principal).</summary>
    public IReadOnlyList<string> Aws { get; }

    public IReadOnlyList<string> Service { get; }

    /// <summary>OIDC/SAML provider ARNs, or the well-known web identity providers (<c>cognito-identity.amazonaws.com</c>, ...).</summary>
    public IReadOnlyList<string> Federated { get; }

    public IReadOnlyList<string> CanonicalUser { get; }
}

/// <summary>One context key under one condition operator, e.g. <c>StringLike</c> / <c>token.actions.githubusercontent.com:sub</c>.</summary>
public sealed class PolicyCondition
{
    private readonly ConditionOperator _operator;
    private readonly ConditionValue[] _values;

    internal PolicyCondition(string operatorName, ConditionOperator parsed, string key, IReadOnlyList<string> values, bool variables)
    {
        Operator = operatorName;
        Key = key;
        Values = values;
        _operator = parsed;
        var substitute = variables && parsed.SupportsVariables;
        _values = [.. values.Select(v => ConditionValue.Compile(parsed.Family, v, substitute))];
    }

    /// <summary>The operator as written, qualifiers and suffix included (<c>ForAnyValue:StringLikeIfExists</c>).</summary>
    public string Operator { get; }

    /// <summary>The context key as written; looked up case-insensitively.</summary>
    public string Key { get; }

    /// <summary>The policy values as strings (JSON booleans and numbers keep their JSON spelling).</summary>
    public IReadOnlyList<string> Values { get; }

    internal bool Evaluate(IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        context.TryGetValue(Key, out var actual);
        var present = actual is { Count: > 0 };
        var op = _operator;
        if (op.Family == ConditionFamily.Null)
        {
            // "true" asks for the key to be absent, "false" for it to be present; several values OR together.
            foreach (var value in _values)
            {
                if (value.Bool is { } wantAbsent && wantAbsent != present)
                {
                    return true;
                }
            }

            return false;
        }

        if (!present)
        {
            if (op.IfExists)
            {
                return true;
            }

            // IAM: an absent key matches nothing, so a negated operator ("must not match") holds; ForAllValues holds
            // vacuously over an empty set, and ForAnyValue fails for want of any value.
            return op.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => op.Negated,
            };
        }

        var values = actual!;
        switch (op.Qualifier)
        {
            case SetQualifier.ForAnyValue:
                foreach (var value in values)
                {
                    if (MatchesAny(value, context) != op.Negated)
                    {
                        return true;
                    }
                }

                return false;

            case SetQualifier.ForAllValues:
                foreach (var value in values)
                {
                    if (MatchesAny(value, context) == op.Negated)
                    {
                        return false;
                    }
                }

                return true;

            default:
                // Policy values OR together; a negated operator is the NOR of them (no request value matches any).
                foreach (var value in values)
                {
                    if (MatchesAny(value, context))
                    {
                        return !op.Negated;
                    }
                }

                return op.Negated;
        }
    }

    private bool MatchesAny(string actual, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        foreach (var value in _values)
        {
            if (value.Matches(_operator, actual, context))
            {
                return true;
            }
        }

        return false;
    }
}
