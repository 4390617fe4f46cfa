namespace EksSso.Sandbox.Policy;

/// <summary>
/// IAM's evaluation logic for identity-based policies: an explicit Deny in any matching statement wins, otherwise
/// any matching Allow allows, otherwise the request is implicitly denied.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(IEnumerable<PolicyDocument> identityPolicies, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(identityPolicies);
        ArgumentNullException.ThrowIfNull(request);
        PolicyDecision? allow = null;
        foreach (var policy in identityPolicies)
        {
            // Indexed loops: foreach over the IReadOnlyList interface would allocate an enumerator per policy per request.
            var statements = policy.Statements;
            for (var i = 0; i < statements.Count; i++)
            {
                var statement = statements[i];

                // Once something allows, only Deny statements can still change the answer.
                if (allow is not null && statement.Effect == PolicyEffect.Allow)
                {
                    continue;
                }

                if (!statement.MatchesAction(request.Action)
                    || !statement.MatchesResource(request.Resource, request.Context)
                    || !statement.MatchesConditions(request.Context))
                {
                    continue;
                }

                if (statement.Effect == PolicyEffect.Deny)
                {
                    return new PolicyDecision { Kind = PolicyDecisionKind.ExplicitDeny, MatchedStatement = statement, MatchedPolicy = policy };
                }

                allow = new PolicyDecision { Kind = PolicyDecisionKind.Allowed, MatchedStatement = statement, MatchedPolicy = policy };
            }
        }

        return allow ?? PolicyDecision.ImplicitDenyDecision;
    }
}
