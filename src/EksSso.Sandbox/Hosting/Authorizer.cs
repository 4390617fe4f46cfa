using System.Collections.Concurrent;
using EksSso.Sandbox.Policy;

namespace EksSso.Sandbox.Hosting;

/// <summary>Evaluates a caller's identity policies for one action and resource, and words denials as AWS does.</summary>
public sealed class Authorizer(SandboxHost host)
{
    private static readonly ConcurrentDictionary<string, PolicyDocument> s_parsed = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, PolicyDocument> s_parsedTrust = new(StringComparer.Ordinal);

    /// <summary>An identity policy, parsed once per distinct text (documents are immutable once parsed).</summary>
    public static PolicyDocument Parse(string json) => s_parsed.GetOrAdd(json, PolicyDocument.Parse);

    /// <summary>A role's trust policy, parsed once per distinct text.</summary>
    public static PolicyDocument ParseTrust(string json) => s_parsedTrust.GetOrAdd(json, j => PolicyDocument.Parse(j, PolicyKind.Trust));

    public PolicyDecision Evaluate(SandboxCaller caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:PrincipalArn"] = [caller.PrincipalArn],
            ["aws:PrincipalAccount"] = [caller.AccountId],
            ["aws:userid"] = [caller.UserId],
            ["aws:SecureTransport"] = ["false"],
        };
        if (caller.User is { } user)
        {
            context["aws:username"] = [user.Name];
        }

        foreach (var (k, v) in conditions ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            context[k] = v;
        }

        var documents = caller.PolicyDocuments(host.State, host.ManagedPolicyDocument).Select(Parse).ToList();
        return PolicyEvaluator.Evaluate(documents, new PolicyRequest(action, resource, caller.PrincipalArn, context));
    }

    public void Demand(OperationContext operation, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions)
    {
        var caller = operation.RequiredCaller;
        if (caller.IsRoot)
        {
            return;
        }

        var decision = Evaluate(caller, action, resource, conditions);
        if (!decision.Allowed)
        {
            var (code, status) = operation.Service.AccessDenied;
            throw new SandboxException(code, DenialMessage.For(caller.Arn, action, resource, decision), status);
        }
    }
}
