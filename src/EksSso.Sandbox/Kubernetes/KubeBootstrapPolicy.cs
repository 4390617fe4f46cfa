using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// The RBAC objects kube-apiserver bootstraps on an EKS cluster, as upstream's bootstrap policy defines them: the
/// user-facing roles cluster-admin, admin, edit and view (the last three aggregated from system:aggregate-to-*),
/// discovery and self-review for every authenticated user, public version info for everyone, and system:masters
/// as cluster-admin.
/// </summary>
internal static class KubeBootstrapPolicy
{
    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private static readonly string[] s_read = ["get", "list", "watch"];
    private static readonly string[] s_write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] s_readWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static IEnumerable<(KubeResource Resource, JsonObject Object)> Objects()
    {
        yield return (KubeResources.ClusterRoles, ClusterRole("cluster-admin", null, null,
            Rule(["*"], ["*"], ["*"]),
            NonResource(["*"], ["*"])));

        // Aggregated: the aggregation controller fills in the rules from the roles their selectors match.
        yield return (KubeResources.ClusterRoles, ClusterRole("admin", null, AggregateToAdmin));
        yield return (KubeResources.ClusterRoles, ClusterRole("edit", AggregateToAdmin, AggregateToEdit));
        yield return (KubeResources.ClusterRoles, ClusterRole("view", AggregateToEdit, AggregateToView));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:aggregate-to-admin", AggregateToAdmin, null,
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
            Rule(s_readWrite, [KubeResources.RbacGroup], ["rolebindings", "roles"])));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:aggregate-to-edit", AggregateToEdit, null,
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
            Rule(s_readWrite, ["coordination.k8s.io"], ["leases"])));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:aggregate-to-view", AggregateToView, null,
            Rule(s_read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(s_read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            Rule(s_read, [""], ["namespaces"]),
            Rule(s_read, ["discovery.k8s.io"], ["endpointslices"]),
            Rule(s_read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(s_read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            Rule(s_read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            Rule(s_read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
            Rule(s_read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            Rule(s_read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"])));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:basic-user", null, null,
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:discovery", null, null,
            NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])));

        yield return (KubeResources.ClusterRoles, ClusterRole("system:public-info-viewer", null, null,
            NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])));

        yield return (KubeResources.ClusterRoleBindings, ClusterRoleBinding("cluster-admin", "cluster-admin", "system:masters"));
        yield return (KubeResources.ClusterRoleBindings, ClusterRoleBinding("system:basic-user", "system:basic-user", "system:authenticated"));
        yield return (KubeResources.ClusterRoleBindings, ClusterRoleBinding("system:discovery", "system:discovery", "system:authenticated"));
        yield return (KubeResources.ClusterRoleBindings, ClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated"));
    }

    private static JsonObject Metadata(string name, string? aggregatesTo)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (aggregatesTo is not null)
        {
            labels[aggregatesTo] = "true";
        }

        return new JsonObject
        {
            ["name"] = name,
            ["labels"] = labels,
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        };
    }

    private static JsonObject ClusterRole(string name, string? aggregatesTo, string? aggregatesFrom, params JsonObject[] rules)
    {
        var role = new JsonObject
        {
            ["metadata"] = Metadata(name, aggregatesTo),
            ["rules"] = new JsonArray([.. rules]),
        };
        if (aggregatesFrom is not null)
        {
            role["aggregationRule"] = new JsonObject
            {
                ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [aggregatesFrom] = "true" } }),
            };
        }

        return role;
    }

    private static JsonObject ClusterRoleBinding(string name, string role, params string[] groups) => new()
    {
        ["metadata"] = Metadata(name, null),
        ["roleRef"] = new JsonObject { ["apiGroup"] = KubeResources.RbacGroup, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = KubeResources.RbacGroup, ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Strings(verbs),
        ["apiGroups"] = Strings(groups),
        ["resources"] = Strings(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Strings(verbs),
        ["nonResourceURLs"] = Strings(urls),
    };

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
