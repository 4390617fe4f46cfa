namespace EksSso.Sandbox.Policy;

/// <summary>
/// AWS's AccessDenied wording. Tools and people grep for the "User: ARN is not authorized to perform: ACTION on
/// resource: RESOURCE" prefix, so it is reproduced exactly; the suffix is the reason AWS has appended since 2021.
/// </summary>
public static class DenialMessage
{
    public static string ImplicitDeny(string callerArn, string action, string resource) =>
        $"{Prefix(callerArn, action, resource)} because no identity-based policy allows the {action} action";

    public static string ExplicitDeny(string callerArn, string action, string resource) =>
        $"{Prefix(callerArn, action, resource)} with an explicit deny in an identity-based policy";

    /// <summary>The message for an identity-policy decision; <paramref name="decision"/> must be a deny.</summary>
    public static string For(string callerArn, string action, string resource, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Kind switch
        {
            PolicyDecisionKind.ExplicitDeny => ExplicitDeny(callerArn, action, resource),
            PolicyDecisionKind.ImplicitDeny => ImplicitDeny(callerArn, action, resource),
            _ => throw new ArgumentException("An allowed request has no denial message.", nameof(decision)),
        };
    }

    /// <summary>The same for a <see cref="PolicyRequest"/>, which must carry its caller's ARN.</summary>
    public static string For(PolicyRequest request, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.PrincipalArn ?? throw new ArgumentException("The request has no PrincipalArn to name in the message.", nameof(request));
        return For(caller, request.Action, request.Resource, decision);
    }

    /// <summary>STS AssumeRole refused by the role's trust policy: AWS gives no reason suffix here.</summary>
    public static string AssumeRole(string callerArn, string roleArn) => Prefix(callerArn, "sts:AssumeRole", roleArn);

    /// <summary>
    /// STS AccessDenied for any assume-role action: AssumeRole names caller and role; the federated actions have no
    /// AWS caller and AWS answers only "Not authorized to perform sts:AssumeRoleWithWebIdentity" (or ...WithSAML).
    /// </summary>
    public static string TrustDenied(string action, string? callerArn, string roleArn) => action switch
    {
        "sts:AssumeRoleWithWebIdentity" or "sts:AssumeRoleWithSAML" => $"Not authorized to perform {action}",
        _ => Prefix(callerArn ?? throw new ArgumentNullException(nameof(callerArn)), action, roleArn),
    };

    private static string Prefix(string callerArn, string action, string resource) =>
        $"User: {callerArn} is not authorized to perform: {action} on resource: {resource}";
}
