using System.Text.Json.Nodes;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// kube-apiserver's RBAC escalation prevention, which sits in the RBAC storage rather than in the authoriser: a
/// user may write a Role or ClusterRole only with permissions they hold (or the <c>escalate</c> verb), and bind a
/// role only if they hold its permissions (or the <c>bind</c> verb on it). system:masters may do anything.
/// </summary>
internal static class RbacEscalationCheck
{
    private const string MastersGroup = "system:masters";

    private static readonly KubeRule[] s_fullAuthority =
    [
        new(["*"], ["*"], ["*"], [], []),
        new(["*"], [], [], [], ["*"]),
    ];

    /// <summary>Throws 403 when writing <paramref name="obj"/> would grant more than <paramref name="user"/> holds.</summary>
    public static void Confirm(IKubeAuthorizer authorizer, EksClusterView cluster, KubeObjectStore store, KubeUser user, KubeResource resource, string? ns, JsonObject obj)
    {
        if (user.Groups.Contains(MastersGroup))
        {
            return;
        }

        var name = KubeObjectStore.Name(obj);
        if (resource == KubeResources.Roles || resource == KubeResources.ClusterRoles)
        {
            var escalate = new KubeRequestAttributes("escalate", KubeResources.RbacGroup, resource.Name, null, ns, name, true, "");
            if (authorizer.Authorize(cluster, store, user, escalate).Allowed)
            {
                return;
            }

            var owned = authorizer.RulesFor(cluster, store, user, ns);
            if (resource == KubeResources.ClusterRoles && obj["aggregationRule"] is JsonObject && Missing(owned, s_fullAuthority).Count > 0)
            {
                throw Forbidden(resource, name, "must have cluster-admin privileges to use the aggregationRule");
            }

            Require(owned, Rules(obj["rules"]), resource, name, user);
        }
        else if ((resource == KubeResources.RoleBindings || resource == KubeResources.ClusterRoleBindings) && obj["roleRef"] is JsonObject roleRef)
        {
            var kind = roleRef["kind"]?.GetValue<string>();
            var roleName = roleRef["name"]?.GetValue<string>() ?? "";
            var referenced = kind == "Role" ? KubeResources.Roles : KubeResources.ClusterRoles;
            if (kind is not ("Role" or "ClusterRole") || roleRef["apiGroup"]?.GetValue<string>() != KubeResources.RbacGroup)
            {
                // Validation refuses it with the right words.
                return;
            }

            var bind = new KubeRequestAttributes("bind", KubeResources.RbacGroup, referenced.Name, null, ns, roleName, true, "");
            if (authorizer.Authorize(cluster, store, user, bind).Allowed)
            {
                return;
            }

            var role = store.Get(KubeResources.RbacGroup, referenced.Name, referenced.Namespaced ? ns : null, roleName)
                ?? throw KubeStatusException.NotFound(referenced, roleName);
            Require(authorizer.RulesFor(cluster, store, user, ns), Rules(role["rules"]), resource, name, user);
        }
    }

    private static void Require(IReadOnlyList<KubeRule> owned, IReadOnlyList<KubeRule> granted, KubeResource resource, string name, KubeUser user)
    {
        var missing = Missing(owned, granted);
        if (missing.Count > 0)
        {
            throw Forbidden(resource, name,
                $"user \"{user.Name}\" (groups={GoQuote(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", missing.Select(Compact).Distinct(StringComparer.Ordinal))}");
        }
    }

    /// <summary>The single-verb, single-resource parts of <paramref name="granted"/> no owned rule covers.</summary>
    private static List<KubeRule> Missing(IReadOnlyList<KubeRule> owned, IEnumerable<KubeRule> granted)
    {
        var missing = new List<KubeRule>();
        foreach (var rule in granted)
        {
            foreach (var verb in rule.Verbs)
            {
                foreach (var url in rule.NonResourceUrls)
                {
                    var part = new KubeRule([verb], [], [], [], [url]);
                    if (!owned.Any(o => CoversNonResource(o, verb, url)))
                    {
                        missing.Add(part);
                    }
                }

                foreach (var group in rule.ApiGroups)
                {
                    foreach (var resource in rule.Resources)
                    {
                        foreach (var resourceName in rule.ResourceNames.Count == 0 ? [null] : rule.ResourceNames.Select(n => (string?)n))
                        {
                            if (!owned.Any(o => CoversResource(o, verb, group, resource, resourceName)))
                            {
                                missing.Add(new KubeRule([verb], [group], [resource], resourceName is null ? [] : [resourceName], []));
                            }
                        }
                    }
                }
            }
        }

        return missing;
    }

    private static bool CoversResource(KubeRule owner, string verb, string group, string resource, string? resourceName)
    {
        if (owner.Resources.Count == 0)
        {
            return false;
        }

        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var resourceCovered = owner.Resources.Contains("*")
            || owner.Resources.Contains(resource)
            || (slash > 0 && owner.Resources.Contains("*" + resource[slash..]));
        return (owner.Verbs.Contains("*") || owner.Verbs.Contains(verb))
            && (owner.ApiGroups.Contains("*") || owner.ApiGroups.Contains(group))
            && resourceCovered
            && (owner.ResourceNames.Count == 0 || (resourceName is not null && owner.ResourceNames.Contains(resourceName)));
    }

    private static bool CoversNonResource(KubeRule owner, string verb, string url) =>
        (owner.Verbs.Contains("*") || owner.Verbs.Contains(verb))
        && owner.NonResourceUrls.Any(u => u == "*" || u == url || (u.EndsWith('*') && url.StartsWith(u[..^1], StringComparison.Ordinal)));

    private static List<KubeRule> Rules(JsonNode? rules) =>
        [.. (rules as JsonArray ?? []).OfType<JsonObject>().Select(r => new KubeRule(Strings(r["verbs"]), Strings(r["apiGroups"]), Strings(r["resources"]), Strings(r["resourceNames"]), Strings(r["nonResourceURLs"])))];

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.GetValue<string>())] : [];

    /// <summary>rbacv1helpers.CompactString: <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}</c>.</summary>
    private static string Compact(KubeRule rule)
    {
        var parts = new List<string>();
        if (rule.ApiGroups.Count > 0)
        {
            parts.Add($"APIGroups:{GoQuote(rule.ApiGroups)}");
        }

        if (rule.Resources.Count > 0)
        {
            parts.Add($"Resources:{GoQuote(rule.Resources)}");
        }

        if (rule.NonResourceUrls.Count > 0)
        {
            parts.Add($"NonResourceURLs:{GoQuote(rule.NonResourceUrls)}");
        }

        if (rule.ResourceNames.Count > 0)
        {
            parts.Add($"ResourceNames:{GoQuote(rule.ResourceNames)}");
        }

        parts.Add($"Verbs:{GoQuote(rule.Verbs)}");
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's %q of a []string: <c>["a" "b"]</c>.</summary>
    private static string GoQuote(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(v => $"\"{v}\"")) + "]";

    private static KubeStatusException Forbidden(KubeResource resource, string name, string why) =>
        new(403, "Forbidden", $"{resource.QualifiedName} \"{name}\" is forbidden: {why}", KubeStatusException.DetailsFor(resource, name));
}
