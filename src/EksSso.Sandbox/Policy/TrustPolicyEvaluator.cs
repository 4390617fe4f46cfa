using EksSso.Engine.Aws;

namespace EksSso.Sandbox.Policy;

/// <summary>
/// Evaluates a role's trust policy (its resource-based AssumeRolePolicyDocument) for one STS request. A statement
/// applies when its action, principal and conditions all match; a matching Deny wins, else a matching Allow allows.
/// This answers only the trust side: when the grant is account-wide (<see cref="PolicyDecision.MatchedAccountPrincipal"/>)
/// or cross-account, the caller must also check the principal's identity policies for the sts: action.
/// </summary>
public static class TrustPolicyEvaluator
{
    public static PolicyDecision Evaluate(PolicyDocument trust, TrustRequest request)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(request);
        var caller = new Caller(request);
        PolicyDecision? allow = null;
        var statements = trust.Statements;
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (allow is not null && statement.Effect == PolicyEffect.Allow)
            {
                continue;
            }

            if (!statement.MatchesAction(request.Action))
            {
                continue;
            }

            string? matchedPrincipal = null;
            var accountWide = false;
            if (statement.Principal is { } principal)
            {
                if (!MatchesPrincipal(principal, caller, out matchedPrincipal, out accountWide))
                {
                    continue;
                }
            }
            else if (statement.NotPrincipal is not { } notPrincipal || MatchesNotPrincipal(notPrincipal, caller))
            {
                continue;
            }

            if (!statement.MatchesConditions(request.Context))
            {
                continue;
            }

            var decision = new PolicyDecision
            {
                Kind = statement.Effect == PolicyEffect.Deny ? PolicyDecisionKind.ExplicitDeny : PolicyDecisionKind.Allowed,
                MatchedStatement = statement,
                MatchedPolicy = trust,
                MatchedPrincipal = matchedPrincipal,
                MatchedAccountPrincipal = accountWide,
            };
            if (statement.Effect == PolicyEffect.Deny)
            {
                return decision;
            }

            allow = decision;
        }

        return allow ?? PolicyDecision.ImplicitDenyDecision;
    }

    private static bool MatchesPrincipal(PolicyPrincipal principal, Caller caller, out string? matched, out bool accountWide)
    {
        matched = null;
        accountWide = false;
        if (principal.IsWildcard)
        {
            matched = "*";
            accountWide = true;
            return true;
        }

        if (caller.IsAws)
        {
            foreach (var value in principal.Aws)
            {
                if (value == "*" || (IsAccountPrincipal(value) is { } account && account == caller.AccountId))
                {
                    matched = value;
                    accountWide = true;
                    return true;
                }

                if (IsSamePrincipal(value, caller.ArnText) || IsRoleOfSession(value, caller.Arn))
                {
                    matched = value;
                    return true;
                }
            }
        }

        return MatchesServiceOrFederated(principal, caller, out matched);
    }

    /// <summary>
    /// NotPrincipal exempts only principals named exactly. Unlike Principal, a role ARN does not cover its sessions
    /// and an account does not cover its users: AWS checks every identity in the caller's chain against the list,
    /// so policies that mean to exempt a session must list the session ARN itself.
    /// </summary>
    private static bool MatchesNotPrincipal(PolicyPrincipal notPrincipal, Caller caller)
    {
        if (notPrincipal.IsWildcard)
        {
            return true;
        }

        if (caller.IsAws)
        {
            foreach (var value in notPrincipal.Aws)
            {
                if (value == "*" || IsSamePrincipal(value, caller.ArnText))
                {
                    return true;
                }

                if (IsAccountPrincipal(value) is { } account && account == caller.AccountId && caller.Arn?.Resource == "root")
                {
                    return true;
                }
            }
        }

        return MatchesServiceOrFederated(notPrincipal, caller, out _);
    }

    private static bool MatchesServiceOrFederated(PolicyPrincipal principal, Caller caller, out string? matched)
    {
        matched = null;
        if (caller.Service is { } service)
        {
            foreach (var value in principal.Service)
            {
                // Service principal names are DNS names, compared as such.
                if (string.Equals(value, service, StringComparison.OrdinalIgnoreCase))
                {
                    matched = value;
                    return true;
                }
            }
        }

        if (caller.Federated is { } provider)
        {
            foreach (var value in principal.Federated)
            {
                if (string.Equals(value, provider, StringComparison.Ordinal))
                {
                    matched = value;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The account a principal value grants to as a whole: "111122223333" or "arn:aws:iam::111122223333:root".</summary>
    private static string? IsAccountPrincipal(string value)
    {
        if (value.Length == 12 && value.All(char.IsAsciiDigit))
        {
            return value;
        }

        return AwsArn.TryParse(value, out var arn) && arn.Service == "iam" && arn.Resource == "root" ? arn.AccountId : null;
    }

    /// <summary>
    /// AWS matches a Principal naming <c>arn:aws:iam::ACCT:role/path/NAME</c> against that role's sessions,
    /// <c>arn:aws:sts::ACCT:assumed-role/NAME/SESSION</c>. The session ARN has no path; names are unique per account
    /// (case-insensitively).
    /// </summary>
    private static bool IsRoleOfSession(string value, AwsArn? session)
    {
        if (session is not { IsAssumedRole: true } || !AwsArn.TryParse(value, out var role))
        {
            return false;
        }

        return role.Service == "iam"
            && role.ResourceType == "role"
            && role.Partition == session.Partition
            && role.AccountId == session.AccountId
            && string.Equals(role.Name, session.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// IAM stores a user or role principal as the entity's unique ID and its names are unique regardless of case, so
    /// <c>role/deployer</c> in a trust policy means the role <c>Deployer</c>. Other ARNs (sessions) compare exactly.
    /// </summary>
    private static bool IsSamePrincipal(string value, string? callerArn)
    {
        if (callerArn is null)
        {
            return false;
        }

        var iamEntity = value.StartsWith("arn:", StringComparison.Ordinal) && value.Split(':', 6) is [_, _, "iam", _, _, _];
        return string.Equals(value, callerArn, iamEntity ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The request's identity, parsed once per evaluation.</summary>
    private sealed class Caller
    {
        public Caller(TrustRequest request)
        {
            ArnText = request.CallerPrincipalArn;
            Arn = AwsArn.TryParse(request.CallerPrincipalArn, out var arn) ? arn : null;
            AccountId = request.CallerAccountId ?? Arn?.AccountId;
            Service = request.ServicePrincipal;
            Federated = request.FederatedProvider;
        }

        public string? ArnText { get; }

        public AwsArn? Arn { get; }

        public string? AccountId { get; }

        public string? Service { get; }

        public string? Federated { get; }

        /// <summary>An AWS (IAM/STS) identity is calling; web identity and SAML callers are not "AWS" principals.</summary>
        public bool IsAws => ArnText is not null || AccountId is not null;
    }
}
