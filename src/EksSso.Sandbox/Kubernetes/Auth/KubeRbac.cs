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

    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private static readonly string[] s_read = ["get", "list", "watch"];
    private static readonly string[] s_write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] s_readWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The bootstrap ClusterRoles this sandbox relies on, as kube-apiserver creates them (aggregation applied).</summary>
    private static readonly Dictionary<string, BuiltInRole> s_builtIn = new(StringComparer.Ordinal)
    {
        ["cluster-admin"] = new([Rule([All], [All], [All]), NonResource([All], [All])], null, []),
        ["system:aggregate-to-view"] = new(ViewRules(), null, []),
        ["system:aggregate-to-edit"] = new(EditRules(), null, []),
        ["system:aggregate-to-admin"] = new(AdminRules(), null, []),
        ["view"] = new([], AggregateToView, ["system:aggregate-to-view"]),
        ["edit"] = new([], AggregateToEdit, ["system:aggregate-to-edit", "view"]),
        ["admin"] = new([], AggregateToAdmin, ["system:aggregate-to-admin", "edit"]),
        ["system:basic-user"] = new(
            [
                Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
            ],
            null,
            []),
        ["system:discovery"] = new(
            [NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])],
            null,
            []),
        ["system:public-info-viewer"] = new(
            [NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])],
            null,
            []),
    };

    /// <summary>The bootstrap ClusterRoleBindings: (name, ClusterRole, groups).</summary>
    private static readonly (string Name, string Role, string[] Groups)[] s_builtInBindings =
    [
        ("cluster-admin", "cluster-admin", ["system:masters"]),
        ("system:basic-user", "system:basic-user", ["system:authenticated"]),
        ("system:discovery", "system:discovery", ["system:authenticated"]),
        ("system:public-info-viewer", "system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
    ];

    /// <summary>The rules of a bootstrap ClusterRole (cluster-admin, admin, edit, view, system:basic-user...), or null.</summary>
    public static IReadOnlyList<KubeRule>? BuiltInClusterRole(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_builtIn.ContainsKey(name) ? BuiltInRules(name, store: null, new HashSet<string>(StringComparer.Ordinal)) : null;
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
        return stored.Concat(s_builtInBindings.Where(b => !names.Contains(b.Name)).Select(b => new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = b.Name },
            ["roleRef"] = new JsonObject { ["apiGroup"] = ApiGroup, ["kind"] = "ClusterRole", ["name"] = b.Role },
            ["subjects"] = new JsonArray([.. b.Groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = ApiGroup, ["kind"] = "Group", ["name"] = g })]),
        }));
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
            return s_builtIn.ContainsKey(name) ? BuiltInRules(name, store, visited) : [];
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
        var role = s_builtIn[name];
        var rules = new List<KubeRule>(role.Rules);
        foreach (var included in role.Includes)
        {
            if (visited.Contains(included))
            {
                continue;
            }

            rules.AddRange(store is null ? BuiltInRules(included, null, visited) : ClusterRoleRules(store, included, visited));
        }

        if (store is not null && role.AggregationLabel is { } label)
        {
            var selector = new JsonObject { ["matchLabels"] = new JsonObject { [label] = "true" } };
            rules.AddRange(Aggregated(store, name, [selector], visited));
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

    private static KubeRule Rule(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null) =>
        new(verbs, apiGroups, resources, resourceNames ?? [], []);

    private static KubeRule NonResource(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    private static KubeRule[] ViewRules() =>
    [
        Rule(s_read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
        Rule(s_read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
        Rule(s_read, [""], ["namespaces"]),
        Rule(s_read, ["discovery.k8s.io"], ["endpointslices"]),
        Rule(s_read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
        Rule(s_read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        Rule(s_read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        Rule(s_read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
        Rule(s_read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        Rule(s_read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
    ];

    private static KubeRule[] EditRules() =>
    [
        Rule(s_read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        Rule(["impersonate"], [""], ["serviceaccounts"]),
        Rule(s_write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        Rule(["create"], [""], ["pods/eviction"]),
        Rule(s_write, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
        Rule(["create"], [""], ["serviceaccounts/token"]),
        Rule(s_write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
        Rule(s_write, ["autoscaling"], ["horizontalpodautoscalers"]),
        Rule(s_write, ["batch"], ["cronjobs", "jobs"]),
        Rule(s_write, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
        Rule(s_write, ["policy"], ["poddisruptionbudgets"]),
        Rule(s_write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
        Rule(s_readWrite, ["coordination.k8s.io"], ["leases"]),
    ];

    private static KubeRule[] AdminRules() =>
    [
        Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
        Rule(s_readWrite, [ApiGroup], ["rolebindings", "roles"]),
    ];

    private sealed record BuiltInRole(IReadOnlyList<KubeRule> Rules, string? AggregationLabel, IReadOnlyList<string> Includes);
}
