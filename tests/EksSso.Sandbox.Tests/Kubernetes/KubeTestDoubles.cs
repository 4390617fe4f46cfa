using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Kubernetes;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>Static bearer tokens → users; no header → system:anonymous; anything else → 401.</summary>
internal sealed class StaticTokenAuthenticator : IKubeAuthenticator
{
    public const string AdminToken = "sandbox-test-admin-token";
    public const string ViewerToken = "sandbox-test-viewer-token";
    public const string NobodyToken = "sandbox-test-nobody-token";

    private static readonly Dictionary<string, KubeUser> s_users = new(StringComparer.Ordinal)
    {
        [AdminToken] = new KubeUser("test-admin", ["system:masters", "system:authenticated"], "uid-admin", new Dictionary<string, IReadOnlyList<string>> { ["accessKeyId"] = ["AKIATEST"] }),
        [ViewerToken] = new KubeUser("test-viewer", ["test-viewers", "system:authenticated"], null, new Dictionary<string, IReadOnlyList<string>>()),
        [NobodyToken] = new KubeUser("test-nobody", ["system:authenticated"], null, new Dictionary<string, IReadOnlyList<string>>()),
    };

    public List<string?> SeenHeaders { get; } = [];

    public KubeUser Authenticate(SandboxHost host, EksClusterView cluster, KubeObjectStore store, string? authorizationHeader)
    {
        lock (SeenHeaders)
        {
            SeenHeaders.Add(authorizationHeader);
        }

        if (authorizationHeader is null)
        {
            return new KubeUser("system:anonymous", ["system:unauthenticated"], null, new Dictionary<string, IReadOnlyList<string>>());
        }

        return authorizationHeader.StartsWith("Bearer ", StringComparison.Ordinal) && s_users.TryGetValue(authorizationHeader["Bearer ".Length..], out var user)
            ? user
            : throw KubeAuthException.Unauthorized();
    }
}

/// <summary>Plain RBAC over the store's objects, the way the real authoriser reads them (List/Get only).</summary>
internal sealed class TestRbacAuthorizer : IKubeAuthorizer
{
    public KubeDecision Authorize(EksClusterView cluster, KubeObjectStore store, KubeUser user, KubeRequestAttributes request)
    {
        var rules = RulesFor(cluster, store, user, request.Namespace);
        var allowed = rules.Any(r => Covers(r, request));
        return new KubeDecision(allowed, allowed ? "allowed by test RBAC" : "");
    }

    public IReadOnlyList<KubeRule> RulesFor(EksClusterView cluster, KubeObjectStore store, KubeUser user, string? ns)
    {
        var rules = new List<KubeRule>();
        foreach (var binding in store.List("rbac.authorization.k8s.io", "clusterrolebindings", null).Where(b => Binds(b, user)))
        {
            rules.AddRange(RoleRules(store, binding, null));
        }

        if (ns is not null)
        {
            foreach (var binding in store.List("rbac.authorization.k8s.io", "rolebindings", ns).Where(b => Binds(b, user)))
            {
                rules.AddRange(RoleRules(store, binding, ns));
            }
        }

        return rules;
    }

    private static bool Binds(JsonObject binding, KubeUser user) =>
        (binding["subjects"] as JsonArray ?? []).Any(s =>
            (s?["kind"]?.GetValue<string>() == "User" && s["name"]?.GetValue<string>() == user.Name)
            || (s?["kind"]?.GetValue<string>() == "Group" && user.Groups.Contains(s["name"]?.GetValue<string>() ?? "")));

    private static IEnumerable<KubeRule> RoleRules(KubeObjectStore store, JsonObject binding, string? ns)
    {
        var kind = binding["roleRef"]!["kind"]!.GetValue<string>();
        var name = binding["roleRef"]!["name"]!.GetValue<string>();
        var role = kind == "ClusterRole" ? store.Get("rbac.authorization.k8s.io", "clusterroles", null, name) : store.Get("rbac.authorization.k8s.io", "roles", ns, name);
        foreach (var rule in role?["rules"] as JsonArray ?? [])
        {
            yield return new KubeRule(Strings(rule!["verbs"]), Strings(rule["apiGroups"]), Strings(rule["resources"]), Strings(rule["resourceNames"]), Strings(rule["nonResourceURLs"]));
        }
    }

    private static bool Covers(KubeRule rule, KubeRequestAttributes request)
    {
        if (!rule.Verbs.Contains("*") && !rule.Verbs.Contains(request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return rule.NonResourceUrls.Any(u => u == "*" || u == request.Path || (u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
        }

        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        return (rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(request.ApiGroup))
            && (rule.Resources.Contains("*") || rule.Resources.Contains(resource))
            && (rule.ResourceNames.Count == 0 || (request.Name is not null && rule.ResourceNames.Contains(request.Name)));
    }

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(v => v!.GetValue<string>())] : [];
}
