using EksSso.Sandbox.Policy;

namespace EksSso.Sandbox.Tests.Policy;

internal static class PolicyTestHelpers
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";

    /// <summary>The shipped copies next to the test binaries, else the shared reference folder they come from.</summary>
    public static string ManagedPolicyDirectory
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "ManagedPolicies");
            return File.Exists(Path.Combine(local, "ViewOnlyAccess.json")) ? local : "/work/shared/aws-reference/managed-policies";
        }
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Ctx(params (string Key, string[] Values)[] entries)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in entries)
        {
            context[key] = values;
        }

        return context;
    }

    /// <summary>An identity policy of one Allow statement on everything, guarded by the given Condition JSON.</summary>
    public static PolicyDocument AllowWithCondition(string conditionJson) => PolicyDocument.Parse(
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Guarded","Effect":"Allow","Action":"*","Resource":"*","Condition":{{conditionJson}}}]}""");

    public static PolicyDecision Evaluate(PolicyDocument policy, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null) =>
        PolicyEvaluator.Evaluate([policy], new PolicyRequest(action, resource, $"arn:aws:iam::{Account}:user/alice", context));

    public static bool Allows(PolicyDocument policy, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null) =>
        Evaluate(policy, "s3:GetObject", "*", context).Allowed;

    /// <summary>Whether a single-condition policy allows a request with the given context.</summary>
    public static bool ConditionHolds(string conditionJson, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null) =>
        Allows(AllowWithCondition(conditionJson), context);
}
