using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>
/// Kubernetes RBAC as kube-apiserver evaluates it (plugin/pkg/auth/authorizer/rbac): rule matching, subjects,
/// role resolution with ClusterRole aggregation, and the bootstrap ClusterRoles every cluster has.
/// </summary>
public static class KubeRbac
{
    public const string ApiGroup = "rbac.authorization.k8s.io";

    public const string All = "*";

    /// <summary>The bootstrap ClusterRoles and ClusterRoleBindings, read once from <see cref="KubeBootstrapPolicy"/>.</summary>
    private static readonly Lazy<BuiltInPolicy> s_builtIn = new(LoadBuiltIn);

    /// <summary>The rules of a bootstrap ClusterRole (cluster-admin, admin, edit, view, system:basic-user...), or null.</summary>
    public static IReadOnlyList<KubeRule>? BuiltInClusterRole(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_builtIn.Value.Roles.ContainsKey(name) ? BuiltInRules(name, store: null, new HashSet<string>(StringComparer.Ordinal)) : null;
    }

    /// <summary>kube's RuleAllows: verbs, then API group, resource (with <c>*/subresource</c>) and resourceNames, or nonResourceURLs.</summary>
    public static bool Allows(KubeRule rule, KubeRequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        if (!Has(rule.Verbs, request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return rule.NonResourceUrls.Any(url => url == All || url == request.Path || (url.EndsWith('*') && request.Path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal)));
        }

        return Has(rule.ApiGroups, request.ApiGroup)
            && ResourceMatches(rule, request.Resource, request.Subresource)
            && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(request.Name ?? "", StringComparer.Ordinal));
    }

    public static IReadOnlyList<KubeRule> ParseRules(JsonNode? rules) =>
        rules is JsonArray array ? [.. array.OfType<JsonObject>().Select(ParseRule)] : [];

    public static KubeRule ParseRule(JsonObject rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new KubeRule(Strings(rule["verbs"]), Strings(rule["apiGroups"]), Strings(rule["resources"]), Strings(rule["resourceNames"]), Strings(rule["nonResourceURLs"]));
    }

    /// <summary>A ClusterRole's rules: the store's object (its rules plus, with an aggregationRule, the rules of the ClusterRoles it selects), else the bootstrap one; none when it does not exist.</summary>
    public static IReadOnlyList<KubeRule> ClusterRoleRules(KubeObjectStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(name);
        return ClusterRoleRules(store, name, new HashSet<string>(StringComparer.Ordinal));
    }

    public static IReadOnlyList<KubeRule> RoleRules(KubeObjectStore store, string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ParseRules(store.Get(ApiGroup, "roles", ns, name)?["rules"]);
    }

    /// <summary>ClusterRoleBindings: the store's, then the bootstrap ones the store does not hold.</summary>
    public static IEnumerable<JsonObject> ClusterRoleBindings(KubeObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = store.List(ApiGroup, "clusterrolebindings", null);
        var names = stored.Select(NameOf).ToHashSet(StringComparer.Ordinal);
        return stored.Concat(s_builtIn.Value.Bindings.Where(b => !names.Contains(NameOf(b))).Select(b => (JsonObject)b.DeepClone()));
    }

    /// <summary>kube's appliesTo: the first subject of the binding that is this user, described as kube describes it; null when none is.</summary>
    public static string? MatchingSubject(JsonObject binding, KubeUser user, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(user);
        foreach (var subject in (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var kind = Text(subject["kind"]);
            var name = Text(subject["name"]) ?? "";
            switch (kind)
            {
                case "User" when user.Name == name:
                    return $"User \"{name}\"";
                case "Group" when user.Groups.Contains(name, StringComparer.Ordinal):
                    return $"Group \"{name}\"";
                case "ServiceAccount":
                    var ns = Text(subject["namespace"]) is { Length: > 0 } explicitNamespace ? explicitNamespace : bindingNamespace ?? "";
                    if (ns.Length > 0 && user.Name == $"system:serviceaccount:{ns}:{name}")
                    {
                        return $"ServiceAccount \"{name}/{ns}\"";
                    }

                    break;
            }
        }

        return null;
    }

    public static string NameOf(JsonObject obj) => Text(obj["metadata"]?["name"]) ?? "";

    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).Where(s => s is not null).Select(s => s!)] : [];

    private static bool Has(IReadOnlyList<string> values, string wanted) => values.Any(v => v == All || v == wanted);

    private static bool ResourceMatches(KubeRule rule, string resource, string? subresource)
    {
        var combined = string.IsNullOrEmpty(subresource) ? resource : $"{resource}/{subresource}";
        foreach (var ruleResource in rule.Resources)
        {
            if (ruleResource == All || ruleResource == combined)
            {
                return true;
            }

            if (!string.IsNullOrEmpty(subresource) && ruleResource == $"*/{subresource}")
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<KubeRule> ClusterRoleRules(KubeObjectStore store, string name, HashSet<string> visited)
    {
        if (!visited.Add(name))
        {
            return [];
        }

        var role = store.Get(ApiGroup, "clusterroles", null, name);
        if (role is null)
        {
            return s_builtIn.Value.Roles.ContainsKey(name) ? BuiltInRules(name, store, visited) : [];
        }

        var rules = new List<KubeRule>(ParseRules(role["rules"]));
        if (role["aggregationRule"]?["clusterRoleSelectors"] is JsonArray selectors)
        {
            // The aggregation controller keeps .rules as the union of the selected roles; computed here instead.
            rules.AddRange(Aggregated(store, name, selectors.OfType<JsonObject>().ToList(), visited));
        }

        return rules;
    }

    private static IReadOnlyList<KubeRule> BuiltInRules(string name, KubeObjectStore? store, HashSet<string> visited)
    {
        visited.Add(name);
        var role = s_builtIn.Value.Roles[name];
        var rules = new List<KubeRule>(role.Rules);
        foreach (var included in role.Includes)
        {
            if (visited.Contains(included))
            {
                continue;
            }

            rules.AddRange(store is null ? BuiltInRules(included, null, visited) : ClusterRoleRules(store, included, visited));
        }

        if (store is not null)
        {
            rules.AddRange(Aggregated(store, name, [.. role.Selectors], visited));
        }

        return rules;
    }

    private static IEnumerable<KubeRule> Aggregated(KubeObjectStore store, string name, List<JsonObject> selectors, HashSet<string> visited)
    {
        if (selectors.Count == 0)
        {
            return [];
        }

        var rules = new List<KubeRule>();
        foreach (var other in store.List(ApiGroup, "clusterroles", null))
        {
            var otherName = NameOf(other);
            if (otherName != name && !visited.Contains(otherName) && selectors.Any(s => LabelSelectorMatches(s, other["metadata"]?["labels"] as JsonObject)))
            {
                rules.AddRange(ClusterRoleRules(store, otherName, visited));
            }
        }

        return rules;
    }

    private static bool LabelSelectorMatches(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels is not null && labels.TryGetPropertyValue(key, out var v) ? Text(v) : null;
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (Label(key) != Text(value))
            {
                return false;
            }
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = Text(expression["key"]) ?? "";
            var values = Strings(expression["values"]);
            var actual = Label(key);
            var ok = Text(expression["operator"]) switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static List<JsonObject> Selectors(JsonObject role) =>
        role["aggregationRule"]?["clusterRoleSelectors"] is JsonArray selectors ? [.. selectors.OfType<JsonObject>()] : [];

    /// <summary>
    /// The bootstrap policy as the aggregation controller leaves it: each ClusterRole's own rules, plus for an
    /// aggregated one the bootstrap ClusterRoles its selectors match (plain roles before aggregated ones).
    /// </summary>
    private static BuiltInPolicy LoadBuiltIn()
    {
        var objects = KubeBootstrapPolicy.Objects().ToList();
        var roles = objects.Where(o => o.Resource == KubeResources.ClusterRoles).Select(o => o.Object).ToList();
        var builtIn = new Dictionary<string, BuiltInRole>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            var name = NameOf(role);
            var selectors = Selectors(role);
            var includes = selectors.Count == 0
                ? []
                : roles
                    .Where(other => NameOf(other) != name && selectors.Any(s => LabelSelectorMatches(s, other["metadata"]?["labels"] as JsonObject)))
                    .OrderBy(other => Selectors(other).Count > 0)
                    .Select(NameOf)
                    .ToList();
            builtIn[name] = new BuiltInRole(ParseRules(role["rules"]), selectors, includes);
        }

        var bindings = objects.Where(o => o.Resource == KubeResources.ClusterRoleBindings).Select(o => o.Object).ToList();
        return new BuiltInPolicy(builtIn, bindings);
    }

    private sealed record BuiltInPolicy(IReadOnlyDictionary<string, BuiltInRole> Roles, IReadOnlyList<JsonObject> Bindings);

    private sealed record BuiltInRole(IReadOnlyList<KubeRule> Rules, IReadOnlyList<JsonObject> Selectors, IReadOnlyList<string> Includes);
}
