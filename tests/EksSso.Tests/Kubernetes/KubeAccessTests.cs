using EksSso.Engine.Access;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;
using k8s.Models;
using Xunit;

namespace EksSso.Tests.Kubernetes;

public sealed class ClusterNodesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static V1Node Node(string? ready, bool cordoned = false, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "ip-10-0-1-5.ec2.internal", CreationTimestamp = new DateTime(2026, 1, 8, 7, 0, 0, DateTimeKind.Utc), Labels = labels ?? [] },
        Spec = new V1NodeSpec { Unschedulable = cordoned, ProviderID = "aws:///us-east-1a/i-0123456789abcdef0" },
        Status = new V1NodeStatus
        {
            Conditions = ready is null
                ? [new V1NodeCondition { Type = "MemoryPressure", Status = "False" }]
                : [new V1NodeCondition { Type = "MemoryPressure", Status = "False" }, new V1NodeCondition { Type = "Ready", Status = ready }],
            Addresses = [new V1NodeAddress { Type = "Hostname", Address = "ip-10-0-1-5.ec2.internal" }, new V1NodeAddress { Type = "InternalIP", Address = "10.0.1.5" }],
            NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.33.2-eks-931bdca" },
        },
    };

    [Theory]
    [InlineData("True", false, "Ready")]
    [InlineData("False", false, "NotReady")]
    [InlineData("Unknown", false, "NotReady")]
    [InlineData(null, false, "Unknown")]
    [InlineData("True", true, "Ready,SchedulingDisabled")]
    [InlineData("False", true, "NotReady,SchedulingDisabled")]
    public void Status_IsKubectls_FromTheReadyCondition(string? ready, bool cordoned, string expected) =>
        Assert.Equal(expected, ClusterNodes.StatusOf(Node(ready, cordoned)));

    [Fact]
    public void FromNode_ReadsEksLabelsAddressesAndAge()
    {
        var node = ClusterNodes.FromNode("demo", Node("True", labels: new()
        {
            ["node.kubernetes.io/instance-type"] = "m5.large",
            ["beta.kubernetes.io/instance-type"] = "m5.xlarge",
            ["eks.amazonaws.com/nodegroup"] = "demo-ng",
            ["eks.amazonaws.com/capacityType"] = "SPOT",
            ["topology.kubernetes.io/zone"] = "us-east-1a",
        }), s_now);

        Assert.Equal("demo", node.ClusterName);
        Assert.Equal("ip-10-0-1-5.ec2.internal", node.Name);
        Assert.Equal("Ready", node.Status);
        Assert.Equal("m5.large", node.InstanceType);
        Assert.Equal("demo-ng", node.Nodegroup);
        Assert.Equal("SPOT", node.CapacityType);
        Assert.Equal("us-east-1a", node.Zone);
        Assert.Equal("v1.33.2-eks-931bdca", node.KubeletVersion);
        Assert.Equal("10.0.1.5", node.InternalIP);
        Assert.Equal("aws:///us-east-1a/i-0123456789abcdef0", node.ProviderId);
        Assert.Equal(new DateTimeOffset(2026, 1, 8, 7, 0, 0, TimeSpan.Zero), node.CreationTimestamp);
        Assert.Equal(TimeSpan.FromHours(53), node.Age);
        Assert.Empty(node.Roles);
    }

    [Fact]
    public void FromNode_OldInstanceTypeLabel_NoNodegroup_FutureCreationIsAgeZero()
    {
        var raw = Node("True", labels: new() { ["beta.kubernetes.io/instance-type"] = "t3.medium" });
        raw.Metadata.CreationTimestamp = s_now.UtcDateTime.AddSeconds(30);
        var node = ClusterNodes.FromNode("demo", raw, s_now);

        Assert.Equal("t3.medium", node.InstanceType);
        Assert.Null(node.Nodegroup);
        Assert.Equal(TimeSpan.Zero, node.Age);
    }

    [Fact]
    public void Roles_FromNodeRoleLabelsAndKubernetesIoRole_Sorted()
    {
        var roles = ClusterNodes.RolesOf(new Dictionary<string, string>
        {
            ["node-role.kubernetes.io/worker"] = "",
            ["node-role.kubernetes.io/control-plane"] = "",
            ["kubernetes.io/role"] = "ingress",
            ["node-role.kubernetes.io/"] = "",
        });

        Assert.Equal(["control-plane", "ingress", "worker"], roles);
    }

    [Theory]
    [InlineData(-2, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(600, "10m")]
    [InlineData((3 * 3600) - 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData((3 * 3600) + (20 * 60), "3h20m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(48 * 3600, "2d")]
    [InlineData((53 * 3600) + 59, "2d5h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData(760 * 86400, "2y30d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void HumanDuration_IsApimachinerys(long seconds, string expected) =>
        Assert.Equal(expected, ClusterNodes.HumanDuration(TimeSpan.FromSeconds(seconds)));
}

public sealed class ClusterAccessCheckTests
{
    [Fact]
    public void Extra_SortedByKey_AccessKeyIdMasked()
    {
        var extra = ClusterAccessCheck.ExtraOf(new Dictionary<string, IList<string>>
        {
            ["sessionName"] = ["alice"],
            ["accessKeyId"] = ["ASIAEXAMPLEKEY123456"],
            ["arn"] = ["arn:aws:sts::111122223333:assumed-role/Viewer/alice"],
        });

        Assert.Equal(["accessKeyId", "arn", "sessionName"], extra.Keys);
        Assert.Equal(["ASIA…3456"], extra["accessKeyId"]);
        Assert.DoesNotContain(extra.Values.SelectMany(v => v), v => v.Contains("EXAMPLEKEY", StringComparison.Ordinal));
        Assert.Equal(["alice"], extra["sessionName"]);
        Assert.Empty(ClusterAccessCheck.ExtraOf(null));
    }
}

public sealed class NamespaceRoleBindingsTests
{
    private static readonly RoleBindingSpec s_spec = new("apps", "eksso:view", "view", "eksso:apps:view");

    private static V1RoleBinding Binding(string kind, string role, params Rbacv1Subject[] subjects) => new()
    {
        Metadata = new V1ObjectMeta { Name = "eksso:view", NamespaceProperty = "apps", ResourceVersion = "42" },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = kind, Name = role },
        Subjects = [.. subjects],
    };

    private static Rbacv1Subject Group(string name) => new() { Kind = "Group", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    [Fact]
    public void Missing_Create()
    {
        Assert.Equal(RoleBindingAction.Create, NamespaceRoleBindings.Plan(s_spec, null));
        Assert.Equal("Create the RoleBinding apps/eksso:view of ClusterRole view to group eksso:apps:view", NamespaceRoleBindings.Describe(s_spec, RoleBindingAction.Create, null));
    }

    [Fact]
    public void AsWanted_WithOtherSubjects_NothingToDo()
    {
        var current = Binding("ClusterRole", "view", new Rbacv1Subject { Kind = "User", Name = "alice" }, Group("eksso:apps:view"));
        Assert.Equal(RoleBindingAction.None, NamespaceRoleBindings.Plan(s_spec, current));
        Assert.Null(NamespaceRoleBindings.Describe(s_spec, RoleBindingAction.None, current));
    }

    [Fact]
    public void GroupMissing_AddSubject_UserOfTheSameNameIsNotTheGroup()
    {
        var current = Binding("ClusterRole", "view", new Rbacv1Subject { Kind = "User", Name = "eksso:apps:view" });
        Assert.Equal(RoleBindingAction.AddSubject, NamespaceRoleBindings.Plan(s_spec, current));
    }

    [Theory]
    [InlineData("ClusterRole", "edit")]
    [InlineData("Role", "view")]
    public void OtherRoleRef_OfOurs_Recreate_WithOnlyTheGroup(string kind, string role)
    {
        var current = Binding(kind, role, new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" });
        current.Metadata.Labels = new Dictionary<string, string> { [NamespaceRoleBindings.ManagedByLabel] = NamespaceRoleBindings.ManagedBy };
        Assert.Equal(RoleBindingAction.Recreate, NamespaceRoleBindings.Plan(s_spec, current));
        Assert.Contains("a roleRef cannot be changed", NamespaceRoleBindings.Describe(s_spec, RoleBindingAction.Recreate, current), StringComparison.Ordinal);

        var rebuilt = NamespaceRoleBindings.Build(s_spec, []);
        Assert.Equal(("ClusterRole", "view", "rbac.authorization.k8s.io"), (rebuilt.RoleRef.Kind, rebuilt.RoleRef.Name, rebuilt.RoleRef.ApiGroup));
        Assert.Equal(["Group/eksso:apps:view"], rebuilt.Subjects.Select(s => $"{s.Kind}/{s.Name}"));
        Assert.Equal("EksSso", rebuilt.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Null(rebuilt.Metadata.ResourceVersion);
    }

    [Theory]
    [InlineData("ClusterRole", "edit")]
    [InlineData("Role", "view")]
    public void OtherRoleRef_OfSomeoneElse_IsAConflict(string kind, string role)
    {
        var current = Binding(kind, role, new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" });
        var e = Assert.Throws<EksSsoException>(() => NamespaceRoleBindings.Plan(s_spec, current));
        Assert.Equal("RoleBindingConflict", e.ErrorId);
        Assert.Contains($"{kind} {role}", e.Message, StringComparison.Ordinal);
    }
}

public sealed class NamespaceAccessTests
{
    private const string View = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

    private static AccessEntryState Entry(params AccessPolicyAssociation[] policies) =>
        new("demo", "arn:aws:iam::111122223333:role/Viewer", [], "viewer", "STANDARD", null, null, policies);

    [Fact]
    public void Scope_NoEntry_OrNoSuchPolicy_JustTheNamespace()
    {
        Assert.Equal(["team-a"], NamespaceAccess.ScopeWith(null, View, "team-a"));
        Assert.Equal(["team-a"], NamespaceAccess.ScopeWith(Entry(new AccessPolicyAssociation("arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", "namespace", ["x"])), View, "team-a"));
    }

    [Fact]
    public void Scope_OtherNamespaces_Widened_Sorted()
    {
        var entry = Entry(new AccessPolicyAssociation(View, "namespace", ["team-c", "team-b"]));
        Assert.Equal(["team-a", "team-b", "team-c"], NamespaceAccess.ScopeWith(entry, View, "team-a"));
    }

    [Fact]
    public void Scope_AlreadyThere_OrClusterWide_NothingToDo()
    {
        Assert.Null(NamespaceAccess.ScopeWith(Entry(new AccessPolicyAssociation(View, "namespace", ["team-a", "team-b"])), View, "team-a"));
        Assert.Null(NamespaceAccess.ScopeWith(Entry(new AccessPolicyAssociation(View, "cluster", [])), View, "team-a"));
    }

    [Fact]
    public void ScopeWith_ThroughAccessEntriesPlan_AssociatesOnlyWhenWidened()
    {
        var entry = Entry(new AccessPolicyAssociation(View, "namespace", ["team-a"]));
        var same = NamespaceAccess.ScopeWith(entry, View, "team-a");
        Assert.Empty(AccessEntries.Plan(new AccessEntrySpec("demo", entry.PrincipalArn, null, null, "STANDARD", same is null ? null : View, same), entry));

        var wider = NamespaceAccess.ScopeWith(entry, View, "team-b");
        Assert.Equal(
            [$"Change the scope of {View} to namespaces team-a, team-b (was namespaces team-a)"],
            AccessEntries.Plan(new AccessEntrySpec("demo", entry.PrincipalArn, null, null, "STANDARD", View, wider), entry));
    }

    [Theory]
    [InlineData("view", "View")]
    [InlineData("EDIT", "Edit")]
    [InlineData(" Edit ", "Edit")]
    public void Policy_AnyCase(string given, string expected) => Assert.Equal(expected, NamespaceAccessInput.ValidatePolicy(given));

    [Theory]
    [InlineData("Admin")]
    [InlineData("AmazonEKSViewPolicy")]
    [InlineData("")]
    public void Policy_Other_UnknownAccessPolicy(string given)
    {
        var e = Assert.Throws<EksSsoException>(() => NamespaceAccessInput.ValidatePolicy(given));
        Assert.Equal("UnknownAccessPolicy", e.ErrorId);
        Assert.Equal(AwsErrorKind.Validation, e.Kind);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-apps")]
    [InlineData("apps.prod")]
    public void Namespace_Invalid(string ns) =>
        Assert.Equal("InvalidNamespace", Assert.Throws<EksSsoException>(() => NamespaceAccessInput.ValidateNamespace(ns)).ErrorId);

    [Fact]
    public void Names_GroupRoleBindingClusterRoleAndPolicy()
    {
        Assert.Equal("eksso:team-a:edit", NamespaceAccess.GroupOf("team-a", "Edit"));
        Assert.Equal("eksso:view", NamespaceAccess.RoleBindingNameOf("View"));
        Assert.Equal("edit", NamespaceAccess.ClusterRoleOf("Edit"));
        Assert.Equal("arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", NamespaceAccess.AccessPolicyArnOf("Edit", "aws-cn"));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef", "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_0123456789abcdef")]
    [InlineData("arn:aws:iam::111122223333:role/Viewer", "arn:aws:iam::111122223333:role/Viewer")]
    [InlineData("arn:aws:iam::111122223333:user/ops/bob", "arn:aws:iam::111122223333:user/ops/bob")]
    public void AwsAuthPrincipal_RoleWithoutPath(string given, string expected) => Assert.Equal(expected, NamespaceAccess.AwsAuthPrincipal(given));
}
