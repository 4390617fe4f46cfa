using System.Text.Json.Nodes;
using EksSso.Engine.Aws;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>
/// The authorizer chain of an EKS API server: system:masters, then RBAC from the cluster's own objects (plus the
/// bootstrap ClusterRoles and ClusterRoleBindings), then EKS access policies of the access entry that mapped the user.
/// A denial has an empty reason, as kube's RBAC gives none.
/// </summary>
public sealed class EksAuthorizer : IKubeAuthorizer
{
    public KubeDecision Authorize(EksClusterView cluster, KubeObjectStore store, KubeUser user, KubeRequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        if (user.Groups.Contains(EksIdentityMapper.MastersGroup, StringComparer.Ordinal))
        {
            return new KubeDecision(true, $"allowed: member of the privileged group \"{EksIdentityMapper.MastersGroup}\"");
        }

        var ns = request.IsResourceRequest ? request.Namespace : null;
        foreach (var grant in Grants(cluster, store, user, ns))
        {
            if (grant.Rules.Any(rule => KubeRbac.Allows(rule, request)))
            {
                return new KubeDecision(true, grant.Reason);
            }
        }

        return new KubeDecision(false, "");
    }

    public IReadOnlyList<KubeRule> RulesFor(EksClusterView cluster, KubeObjectStore store, KubeUser user, string? ns)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(user);
        var rules = new List<KubeRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IEnumerable<KubeRule> candidates)
        {
            foreach (var rule in candidates)
            {
                var key = string.Join('\u0001', new[] { rule.Verbs, rule.ApiGroups, rule.Resources, rule.ResourceNames, rule.NonResourceUrls }.Select(l => string.Join('\u0002', l)));
                if (seen.Add(key))
                {
                    rules.Add(rule);
                }
            }
        }

        if (user.Groups.Contains(EksIdentityMapper.MastersGroup, StringComparer.Ordinal))
        {
            Add(KubeRbac.BuiltInClusterRole("cluster-admin")!);
        }

        foreach (var grant in Grants(cluster, store, user, string.IsNullOrEmpty(ns) ? null : ns))
        {
            Add(grant.Rules);
        }

        return rules;
    }

    /// <summary>The access entry whose policies apply to <paramref name="user"/>: only the user that entry maps (same principal, same rendered username).</summary>
    public static EksAccessEntryView? AccessEntryOf(EksClusterView cluster, KubeUser user)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(user);
        string? One(string key) => user.Extra.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;
        if (!cluster.UsesAccessEntries || One("arn") is not { } arn || One("canonicalArn") is not { } canonical || One("principalId") is not { } principalId
            || !AwsArn.TryParse(arn, out var parsed) || !string.Equals(EksIdentityMapper.Canonical(arn), canonical, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var uniqueId = principalId.Split(':', 2)[0];
        var entry = EksIdentityMapper.FindAccessEntry(cluster, canonical, uniqueId);
        if (entry is null)
        {
            return null;
        }

        var identity = new EksTokenIdentity(arn, canonical, parsed.AccountId, principalId, One("sessionName") ?? "", One("accessKeyId") ?? "", arn, uniqueId);
        var (usernameTemplate, _) = EksIdentityMapper.EntryTemplates(cluster, entry);
        return EksIdentityMapper.Render(usernameTemplate, identity, cluster) == user.Name ? entry : null;
    }

    /// <summary>The rules of an EKS access policy: the upstream ClusterRole it stands for (EKS defines them, not the cluster's objects).</summary>
    public static IReadOnlyList<KubeRule> AccessPolicyRules(string policyArnOrName)
    {
        ArgumentNullException.ThrowIfNull(policyArnOrName);
        var name = policyArnOrName[(policyArnOrName.LastIndexOf('/') + 1)..];
        if (name == "AmazonEKSAdminViewPolicy")
        {
            // Read everything, Secrets included; it has no upstream ClusterRole.
            return [new KubeRule(["get", "list", "watch"], [KubeRbac.All], [KubeRbac.All], [], [])];
        }

        var role = EksService.AccessPolicies.FirstOrDefault(p => p.Name == name)?.KubernetesClusterRole;
        return role is null ? [] : KubeRbac.BuiltInClusterRole(role) ?? [];
    }

    /// <summary>kube's order: ClusterRoleBindings, then RoleBindings of the namespace; then the EKS webhook's access policies.</summary>
    private static IEnumerable<Grant> Grants(EksClusterView cluster, KubeObjectStore store, KubeUser user, string? ns)
    {
        foreach (var binding in KubeRbac.ClusterRoleBindings(store))
        {
            if (KubeRbac.MatchingSubject(binding, user, null) is { } subject && RoleRef(binding) is ("ClusterRole", var role))
            {
                yield return new Grant(
                    $"RBAC: allowed by ClusterRoleBinding \"{KubeRbac.NameOf(binding)}\" of ClusterRole \"{role}\" to {subject}",
                    KubeRbac.ClusterRoleRules(store, role));
            }
        }

        if (!string.IsNullOrEmpty(ns))
        {
            foreach (var binding in store.List(KubeRbac.ApiGroup, "rolebindings", ns))
            {
                if (KubeRbac.MatchingSubject(binding, user, ns) is { } subject && RoleRef(binding) is ({ } kind and ("Role" or "ClusterRole"), var role))
                {
                    yield return new Grant(
                        $"RBAC: allowed by RoleBinding \"{KubeRbac.NameOf(binding)}/{ns}\" of {kind} \"{role}\" to {subject}",
                        kind == "Role" ? KubeRbac.RoleRules(store, ns, role) : KubeRbac.ClusterRoleRules(store, role));
                }
            }
        }

        if (AccessEntryOf(cluster, user) is not { } entry)
        {
            yield break;
        }

        foreach (var policy in entry.Policies)
        {
            var binding = $"{entry.PrincipalArn}+{policy.PolicyArn}";
            if (policy.ScopeType == "cluster")
            {
                yield return new Grant(
                    $"EKS Access Policy: allowed by ClusterRoleBinding \"{binding}\" of ClusterRole \"{policy.PolicyArn}\" to User \"{user.Name}\"",
                    AccessPolicyRules(policy.PolicyArn));
            }
            else if (!string.IsNullOrEmpty(ns) && policy.Namespaces.Any(pattern => NamespaceMatches(pattern, ns)))
            {
                yield return new Grant(
                    $"EKS Access Policy: allowed by RoleBinding \"{binding}/{ns}\" of ClusterRole \"{policy.PolicyArn}\" to User \"{user.Name}\"",
                    AccessPolicyRules(policy.PolicyArn));
            }
        }
    }

    /// <summary>EKS namespace scopes take names, or a prefix ending in '*'.</summary>
    private static bool NamespaceMatches(string pattern, string ns) =>
        pattern.EndsWith('*') ? ns.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == ns;

    private static (string? Kind, string Name) RoleRef(JsonObject binding) =>
        (KubeRbac.Text(binding["roleRef"]?["kind"]), KubeRbac.Text(binding["roleRef"]?["name"]) ?? "");

    private sealed record Grant(string Reason, IReadOnlyList<KubeRule> Rules);
}
