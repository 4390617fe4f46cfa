using System.Text.Json.Nodes;
using EksSso.Sandbox.Kubernetes;
using EksSso.Sandbox.Kubernetes.Auth;
using EksSso.Sandbox.Services.Eks;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>system:masters, EKS access policies at cluster and namespace scope, and RBAC over the cluster's objects.</summary>
public sealed class AuthAuthorizationTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> s_noExtra = new Dictionary<string, IReadOnlyList<string>>();

    private readonly AuthTestBed _bed = new();
    private readonly EksAuthorizer _authorizer = new();

    private static KubeUser User(string name, params string[] groups) => new(name, [.. groups, "system:authenticated"], null, s_noExtra);

    private static KubeRequestAttributes Get(string path) => AuthTestBed.NonResource("get", path);

    [Fact]
    public void System_masters_may_do_anything()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster);
        var admin = User("kubernetes-admin", "system:masters");

        Assert.True(_authorizer.Authorize(cluster, store, admin, AuthTestBed.Resource("delete", "nodes", name: "ip-10-0-1-23")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, admin, AuthTestBed.Resource("escalate", "clusterroles", apiGroup: "rbac.authorization.k8s.io")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, admin, AuthTestBed.NonResource("post", "/anything")).Allowed);
        Assert.Contains(_authorizer.RulesFor(cluster, store, admin, "default"), r => r.Verbs.SequenceEqual(["*"]) && r.Resources.SequenceEqual(["*"]) && r.ApiGroups.SequenceEqual(["*"]));
    }

    public static TheoryData<string, string?, string, string, string, string?, bool> AccessPolicyCases => new()
    {
        // policy, scope namespace (null = cluster), verb, resource, apiGroup, request namespace, allowed
        { "AmazonEKSClusterAdminPolicy", null, "list", "nodes", "", null, true },
        { "AmazonEKSClusterAdminPolicy", null, "delete", "clusterrolebindings", "rbac.authorization.k8s.io", null, true },
        { "AmazonEKSClusterAdminPolicy", "team-a", "delete", "secrets", "", "team-a", true },
        { "AmazonEKSClusterAdminPolicy", "team-a", "list", "configmaps", "", "team-b", false },
        { "AmazonEKSClusterAdminPolicy", "team-a", "list", "nodes", "", null, false },
        { "AmazonEKSAdminPolicy", null, "create", "rolebindings", "rbac.authorization.k8s.io", "team-b", true },
        { "AmazonEKSAdminPolicy", null, "list", "nodes", "", null, false },
        { "AmazonEKSAdminPolicy", "team-a", "create", "roles", "rbac.authorization.k8s.io", "team-a", true },
        { "AmazonEKSAdminPolicy", "team-a", "create", "roles", "rbac.authorization.k8s.io", "team-b", false },
        { "AmazonEKSEditPolicy", null, "create", "configmaps", "", "team-b", true },
        { "AmazonEKSEditPolicy", null, "create", "rolebindings", "rbac.authorization.k8s.io", "team-b", false },
        { "AmazonEKSEditPolicy", "team-a", "update", "deployments", "apps", "team-a", true },
        { "AmazonEKSEditPolicy", "team-a", "update", "deployments", "apps", "team-b", false },
        { "AmazonEKSViewPolicy", null, "list", "configmaps", "", "team-b", true },
        { "AmazonEKSViewPolicy", null, "list", "namespaces", "", null, true },
        { "AmazonEKSViewPolicy", null, "get", "secrets", "", "team-a", false },
        { "AmazonEKSViewPolicy", null, "create", "configmaps", "", "team-a", false },
        { "AmazonEKSViewPolicy", "team-a", "watch", "pods", "", "team-a", true },
        { "AmazonEKSViewPolicy", "team-a", "list", "pods", "", "team-b", false },
        { "AmazonEKSViewPolicy", "team-a", "list", "namespaces", "", null, false },
        { "AmazonEKSViewPolicy", "team-*", "list", "pods", "", "team-b", true },
        { "AmazonEKSAdminViewPolicy", null, "get", "secrets", "", "team-a", true },
    };

    [Theory]
    [MemberData(nameof(AccessPolicyCases))]
    public void An_access_policy_grants_its_ClusterRole_at_its_scope(string policy, string? scopeNamespace, string verb, string resource, string apiGroup, string? ns, bool allowed)
    {
        var association = scopeNamespace is null ? AuthTestBed.Policy(policy) : AuthTestBed.Policy(policy, scopeNamespace);
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry(policies: association)]);
        var store = AuthTestBed.Store(cluster, "team-a", "team-b");
        var user = _bed.Authenticate(cluster, store);

        var decision = _authorizer.Authorize(cluster, store, user, AuthTestBed.Resource(verb, resource, ns, apiGroup: apiGroup));

        Assert.Equal(allowed, decision.Allowed);
        if (allowed)
        {
            var binding = scopeNamespace is null ? "ClusterRoleBinding" : "RoleBinding";
            Assert.StartsWith($"EKS Access Policy: allowed by {binding} \"{_bed.SsoRole.Arn}+{association.PolicyArn}", decision.Reason, StringComparison.Ordinal);
            Assert.EndsWith($"of ClusterRole \"{association.PolicyArn}\" to User \"{user.Name}\"", decision.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("", decision.Reason);
        }
    }

    [Fact]
    public void Access_policies_belong_to_the_user_their_entry_maps_not_to_a_lookalike()
    {
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry(policies: AuthTestBed.Policy("AmazonEKSClusterAdminPolicy"))]);
        var store = AuthTestBed.Store(cluster);
        var user = _bed.Authenticate(cluster, store);
        var lookalike = user with { Name = "someone-else" };

        Assert.True(_authorizer.Authorize(cluster, store, user, AuthTestBed.Resource("list", "nodes")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, lookalike, AuthTestBed.Resource("list", "nodes")).Allowed);
        Assert.False(_authorizer.Authorize(cluster with { AuthenticationMode = "CONFIG_MAP" }, store, user, AuthTestBed.Resource("list", "nodes")).Allowed);
    }

    [Fact]
    public void A_Role_and_RoleBinding_allow_configmaps_in_their_namespace_only()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster, "team-a", "team-b");
        AuthTestBed.Role(store, "team-a", "cm-reader", AuthTestBed.Rule(["get", "list", "watch"], [""], ["configmaps"]));
        AuthTestBed.RoleBinding(store, "team-a", "read-cm", "Role", "cm-reader", "User", "alice");
        var alice = User("alice", "devs");

        var allowed = _authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("list", "configmaps", "team-a"));
        Assert.True(allowed.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"read-cm/team-a\" of Role \"cm-reader\" to User \"alice\"", allowed.Reason);

        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("list", "configmaps", "team-b")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("list", "nodes")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("delete", "configmaps", "team-a", "x")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, User("bob"), AuthTestBed.Resource("list", "configmaps", "team-a")).Allowed);
    }

    [Fact]
    public void A_rule_with_resourceNames_allows_those_objects_only_and_never_list_or_create()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster, "team-a");
        AuthTestBed.Role(store, "team-a", "app-config", AuthTestBed.Rule(["get", "update", "list", "create"], [""], ["configmaps"], ["app-config"]));
        AuthTestBed.RoleBinding(store, "team-a", "app-config", "Role", "app-config", "Group", "devs");
        var alice = User("alice", "devs");

        Assert.True(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("get", "configmaps", "team-a", "app-config")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("update", "configmaps", "team-a", "app-config")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("get", "configmaps", "team-a", "other")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("list", "configmaps", "team-a")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("create", "configmaps", "team-a")).Allowed);
    }

    [Fact]
    public void A_ClusterRoleBinding_to_a_group_from_an_access_entry_applies_in_every_namespace()
    {
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry(groups: ["eks-viewers"])]);
        var store = AuthTestBed.Store(cluster, "team-a", "team-b");
        AuthTestBed.ClusterRoleBinding(store, "eks-viewers", "view", "Group", "eks-viewers");
        var user = _bed.Authenticate(cluster, store);

        var decision = _authorizer.Authorize(cluster, store, user, AuthTestBed.Resource("list", "pods", "team-b"));
        Assert.True(decision.Allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"eks-viewers\" of ClusterRole \"view\" to Group \"eks-viewers\"", decision.Reason);
        Assert.True(_authorizer.Authorize(cluster, store, user, AuthTestBed.Resource("list", "deployments", "team-a", apiGroup: "apps")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, user, AuthTestBed.Resource("get", "secrets", "team-a", "db")).Allowed);
    }

    [Fact]
    public void A_RoleBinding_may_grant_a_ClusterRole_within_its_namespace()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster, "team-a", "team-b");
        AuthTestBed.RoleBinding(store, "team-a", "devs-edit", "ClusterRole", "edit", "Group", "devs");
        var alice = User("alice", "devs");

        Assert.True(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("create", "deployments", "team-a", apiGroup: "apps")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("create", "deployments", "team-b", apiGroup: "apps")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.Resource("create", "rolebindings", "team-a", apiGroup: "rbac.authorization.k8s.io")).Allowed);
    }

    [Fact]
    public void A_ServiceAccount_subject_names_the_service_account_user_of_the_binding_namespace()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster, "team-a");
        AuthTestBed.RoleBinding(store, "team-a", "builder", "ClusterRole", "view", "ServiceAccount", "builder");

        var decision = _authorizer.Authorize(cluster, store, User("system:serviceaccount:team-a:builder"), AuthTestBed.Resource("list", "pods", "team-a"));
        Assert.True(decision.Allowed);
        Assert.EndsWith("to ServiceAccount \"builder/team-a\"", decision.Reason, StringComparison.Ordinal);
        Assert.False(_authorizer.Authorize(cluster, store, User("builder"), AuthTestBed.Resource("list", "pods", "team-a")).Allowed);
    }

    [Fact]
    public void NonResourceURLs_match_exactly_or_by_trailing_star()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.ClusterRole(store, "metrics-reader", null, AuthTestBed.NonResourceRule(["get"], ["/metrics", "/logs/*"]));
        AuthTestBed.ClusterRoleBinding(store, "alice-metrics", "metrics-reader", "User", "alice");
        var alice = User("alice");

        Assert.True(_authorizer.Authorize(cluster, store, alice, Get("/metrics")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, alice, Get("/logs/kube-apiserver.log")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, AuthTestBed.NonResource("post", "/metrics")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, Get("/metrics/slis")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, alice, Get("/debug/pprof")).Allowed);
    }

    [Fact]
    public void Every_authenticated_user_may_discover_the_api_and_review_itself_and_anonymous_only_reads_public_info()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster);
        var nobody = User("nobody");
        var anonymous = new KubeUser("system:anonymous", ["system:unauthenticated"], null, s_noExtra);

        foreach (var path in new[] { "/api", "/api/v1", "/apis", "/apis/apps/v1", "/version", "/healthz", "/livez", "/readyz", "/openapi/v3" })
        {
            Assert.True(_authorizer.Authorize(cluster, store, nobody, Get(path)).Allowed, path);
        }

        Assert.True(_authorizer.Authorize(cluster, store, nobody, AuthTestBed.Resource("create", "selfsubjectaccessreviews", apiGroup: "authorization.k8s.io")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, nobody, AuthTestBed.Resource("create", "selfsubjectrulesreviews", apiGroup: "authorization.k8s.io")).Allowed);
        Assert.True(_authorizer.Authorize(cluster, store, nobody, AuthTestBed.Resource("create", "selfsubjectreviews", apiGroup: "authentication.k8s.io")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, nobody, AuthTestBed.Resource("list", "namespaces")).Allowed);

        Assert.True(_authorizer.Authorize(cluster, store, anonymous, Get("/version")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, anonymous, Get("/api")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, anonymous, AuthTestBed.Resource("create", "selfsubjectreviews", apiGroup: "authentication.k8s.io")).Allowed);
    }

    [Fact]
    public void A_ClusterRole_labelled_to_aggregate_into_view_extends_view()
    {
        var cluster = _bed.Cluster();
        var store = AuthTestBed.Store(cluster, "team-a");
        AuthTestBed.ClusterRole(
            store,
            "widgets-view",
            new JsonObject { ["rbac.authorization.k8s.io/aggregate-to-view"] = "true" },
            AuthTestBed.Rule(["get", "list"], ["example.com"], ["widgets"]));
        AuthTestBed.ClusterRoleBinding(store, "devs-view", "view", "Group", "devs");

        Assert.True(_authorizer.Authorize(cluster, store, User("alice", "devs"), AuthTestBed.Resource("list", "widgets", "team-a", apiGroup: "example.com")).Allowed);
        Assert.False(_authorizer.Authorize(cluster, store, User("alice", "devs"), AuthTestBed.Resource("delete", "widgets", "team-a", "w", apiGroup: "example.com")).Allowed);
    }

    [Fact]
    public void RulesFor_lists_the_rules_that_apply_in_a_namespace()
    {
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry(groups: ["devs"], policies: AuthTestBed.Policy("AmazonEKSViewPolicy", "team-c"))]);
        var store = AuthTestBed.Store(cluster, "team-a", "team-b", "team-c");
        AuthTestBed.Role(store, "team-a", "cm-writer", AuthTestBed.Rule(["create", "update"], [""], ["configmaps"]));
        AuthTestBed.RoleBinding(store, "team-a", "devs-cm", "Role", "cm-writer", "Group", "devs");
        var user = _bed.Authenticate(cluster, store);

        static bool IsCmWriter(KubeRule r) => r.Verbs.SequenceEqual(["create", "update"]) && r.Resources.SequenceEqual(["configmaps"]);
        static bool IsSelfReview(KubeRule r) => r.Resources.Contains("selfsubjectaccessreviews");
        static bool IsDiscovery(KubeRule r) => r.NonResourceUrls.Contains("/api");
        static bool IsPodView(KubeRule r) => r.Resources.Contains("pods") && r.Verbs.SequenceEqual(["get", "list", "watch"]);

        var teamA = _authorizer.RulesFor(cluster, store, user, "team-a");
        Assert.Contains(teamA, IsCmWriter);
        Assert.Contains(teamA, IsSelfReview);
        Assert.Contains(teamA, IsDiscovery);
        Assert.DoesNotContain(teamA, IsPodView);

        var teamB = _authorizer.RulesFor(cluster, store, user, "team-b");
        Assert.DoesNotContain(teamB, IsCmWriter);
        Assert.Contains(teamB, IsSelfReview);

        var teamC = _authorizer.RulesFor(cluster, store, user, "team-c");
        Assert.Contains(teamC, IsPodView);
        Assert.DoesNotContain(teamC, IsCmWriter);

        Assert.Equal(teamB.Count, teamB.Distinct().Count());
    }

    [Fact]
    public void Access_policies_map_to_the_upstream_ClusterRoles()
    {
        Assert.Contains(EksAuthorizer.AccessPolicyRules("AmazonEKSClusterAdminPolicy"), r => r.NonResourceUrls.SequenceEqual(["*"]));
        Assert.Contains(EksAuthorizer.AccessPolicyRules(EksService.AccessPolicyArnPrefix + "AmazonEKSAdminPolicy"), r => r.Resources.Contains("rolebindings"));
        Assert.DoesNotContain(EksAuthorizer.AccessPolicyRules("AmazonEKSEditPolicy"), r => r.Resources.Contains("rolebindings"));
        Assert.Contains(EksAuthorizer.AccessPolicyRules("AmazonEKSEditPolicy"), r => r.Resources.Contains("secrets") && r.Verbs.Contains("create"));
        Assert.DoesNotContain(EksAuthorizer.AccessPolicyRules("AmazonEKSViewPolicy"), r => r.Resources.Contains("secrets"));
        Assert.Empty(EksAuthorizer.AccessPolicyRules("AmazonEKSNetworkingClusterPolicy"));
    }
}
