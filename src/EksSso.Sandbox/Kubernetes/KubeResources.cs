namespace EksSso.Sandbox.Kubernetes;

/// <summary>One resource the sandbox's Kubernetes API serves, as discovery describes it.</summary>
public sealed record KubeResource(
    string Group,
    string Version,
    string Name,
    string SingularName,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ShortNames)
{
    /// <summary>"v1" or "rbac.authorization.k8s.io/v1".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>The group-qualified name kube-apiserver uses in messages: "configmaps", "roles.rbac.authorization.k8s.io".</summary>
    public string QualifiedName => Group.Length == 0 ? Name : $"{Name}.{Group}";

    /// <summary>Objects are kept in the store (not computed, like nodes, nor reviews that are only answered).</summary>
    public bool IsStored => Verbs.Contains("update");

    /// <summary>POST-only review resources: answered, never stored.</summary>
    public bool IsReview => Verbs is ["create"];
}

/// <summary>The groups, versions and resources served, in discovery order.</summary>
public static class KubeResources
{
    public const string RbacGroup = "rbac.authorization.k8s.io";
    public const string AuthenticationGroup = "authentication.k8s.io";
    public const string AuthorizationGroup = "authorization.k8s.io";

    private static readonly string[] s_readWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] s_namespaceVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static readonly KubeResource ConfigMaps = new("", "v1", "configmaps", "configmap", "ConfigMap", true, s_readWrite, ["cm"]);
    public static readonly KubeResource Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", false, s_namespaceVerbs, ["ns"]);
    public static readonly KubeResource Nodes = new("", "v1", "nodes", "node", "Node", false, ["get", "list", "watch"], ["no"]);
    public static readonly KubeResource ClusterRoleBindings = new(RbacGroup, "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, s_readWrite, []);
    public static readonly KubeResource ClusterRoles = new(RbacGroup, "v1", "clusterroles", "clusterrole", "ClusterRole", false, s_readWrite, []);
    public static readonly KubeResource RoleBindings = new(RbacGroup, "v1", "rolebindings", "rolebinding", "RoleBinding", true, s_readWrite, []);
    public static readonly KubeResource Roles = new(RbacGroup, "v1", "roles", "role", "Role", true, s_readWrite, []);
    public static readonly KubeResource SelfSubjectReviews = new(AuthenticationGroup, "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, ["create"], []);
    public static readonly KubeResource SelfSubjectAccessReviews = new(AuthorizationGroup, "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, ["create"], []);
    public static readonly KubeResource SelfSubjectRulesReviews = new(AuthorizationGroup, "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, ["create"], []);

    public static readonly IReadOnlyList<KubeResource> All =
    [
        ConfigMaps, Namespaces, Nodes,
        ClusterRoleBindings, ClusterRoles, RoleBindings, Roles,
        SelfSubjectReviews,
        SelfSubjectAccessReviews, SelfSubjectRulesReviews,
    ];

    /// <summary>The API groups under /apis, in the order kube-apiserver lists them.</summary>
    public static readonly IReadOnlyList<string> Groups = [RbacGroup, AuthenticationGroup, AuthorizationGroup];

    public static IEnumerable<KubeResource> InGroupVersion(string group, string version) =>
        All.Where(r => r.Group == group && r.Version == version);

    public static KubeResource? Find(string group, string version, string name) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Name == name);

    /// <summary>By group and plural name, whatever the version (the store's read API is version-free).</summary>
    public static KubeResource? Find(string group, string name) =>
        All.FirstOrDefault(r => r.Group == group && r.Name == name);
}
