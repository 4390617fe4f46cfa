using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

public sealed partial class IamService
{
    /// <summary>
    /// Evaluates the identity policies of a user or role of the caller's account with the same authorizer that guards
    /// every sandbox request, so the answer is exactly what the sandbox would do. Extra policies, resource policies
    /// and context entries are not simulated.
    /// </summary>
    private static JsonObject SimulatePrincipalPolicy(OperationContext ctx)
    {
        var source = ctx.RequiredString("PolicySourceArn");
        ctx.Authorize("iam:SimulatePrincipalPolicy", source);
        foreach (var unsupported in new[] { "PolicyInputList", "PermissionsBoundaryPolicyInputList", "ResourcePolicy", "ContextEntries", "CallerArn" })
        {
            if (ctx.Input[unsupported] is not null)
            {
                throw Errors.InvalidInput($"The sandbox simulates only the principal's own policies; {unsupported} is not supported.");
            }
        }

        var account = ctx.CallerAccount;
        var parsed = ParseIamArn(source);
        AccessKeyState key;
        if (parsed is { Type: "role" } && parsed.AccountId == account.Id && FindRoleByArn(ctx.State, source) is { } role)
        {
            key = new AccessKeyState { Kind = PrincipalKind.AssumedRole, AccountId = account.Id, PrincipalName = role.Name, SessionName = "simulation" };
        }
        else if (parsed is { Type: "user" } && parsed.AccountId == account.Id && FindUser(account, parsed.Name) is { } user
            && string.Equals(user.Arn, source, StringComparison.OrdinalIgnoreCase))
        {
            key = new AccessKeyState { Kind = PrincipalKind.User, AccountId = account.Id, PrincipalName = user.Name };
        }
        else
        {
            throw Errors.NoSuchEntity($"The principal {source} cannot be found.");
        }

        var principal = SandboxCaller.From(key, ctx.State);
        var resources = ctx.Strings("ResourceArns").DefaultIfEmpty("*").ToList();
        var results = new List<JsonNode>();
        foreach (var action in ctx.Strings("ActionNames"))
        {
            foreach (var resource in resources)
            {
                var decision = ctx.Host.Authorizer.Evaluate(principal, action, resource);
                var result = new JsonObject
                {
                    ["EvalActionName"] = action,
                    ["EvalResourceName"] = resource,
                    ["EvalDecision"] = decision.Kind switch
                    {
                        PolicyDecisionKind.Allowed => "allowed",
                        PolicyDecisionKind.ExplicitDeny => "explicitDeny",
                        _ => "implicitDeny",
                    },
                    ["MatchedStatements"] = new JsonArray(),
                    ["MissingContextValues"] = new JsonArray(),
                };
                if (decision.MatchedPolicy is { } matched)
                {
                    var (id, type) = PolicySource(ctx, principal, matched.Json);
                    result["MatchedStatements"] = new JsonArray(new JsonObject { ["SourcePolicyId"] = id, ["SourcePolicyType"] = type });
                }

                results.Add(result);
            }
        }

        return Listing(ctx, "EvaluationResults", results.Select((r, i) => (Index: i, Result: r)),
            p => p.Index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), p => p.Result);
    }

    /// <summary>Which attached or inline policy a matched document is, named as the simulator names it.</summary>
    private static (string Id, string Type) PolicySource(OperationContext ctx, SandboxCaller principal, string json)
    {
        var attached = principal.Role?.AttachedPolicyArns ?? principal.User?.AttachedPolicyArns ?? [];
        foreach (var arn in attached)
        {
            if (ctx.Host.ManagedPolicyDocument(arn) == json)
            {
                return (ParseIamArn(arn)?.Name ?? arn, ctx.Host.ManagedPolicies.ContainsKey(arn) ? "aws-managed" : "user-managed");
            }
        }

        var inline = principal.Role?.InlinePolicies ?? principal.User?.InlinePolicies ?? [];
        var name = inline.FirstOrDefault(p => p.Value == json).Key ?? "";
        return (name, principal.Role is not null ? "role" : "user");
    }
}
