using EksSso.Engine.Access;
using EksSso.Engine.Kubernetes;
using Xunit;

namespace EksSso.Tests;

/// <summary>The aws-auth → access entry plan (what eksctl utils migrate-to-access-entry decides), and the mode path.</summary>
public sealed class IdentityMappingMigrationTests
{
    private const string Account = "111122223333";
    private const string AdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    private static readonly string NodeRole = $"arn:aws:iam::{Account}:role/node";
    private static readonly string Admin = $"arn:aws:iam::{Account}:role/AWSReservedSSO_Admin_abc";
    private static readonly string AdminWithPath = $"arn:aws:iam::{Account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_abc";

    private static string RoleEntry(string arn, string? user, params string[] groups) =>
        (groups.Length == 0 ? $"- rolearn: {arn}\n" : "- groups:\n" + string.Concat(groups.Select(g => $"  - {g}\n")) + $"  rolearn: {arn}\n") + (user is null ? "" : $"  username: \"{user}\"\n");

    private static string UserEntry(string arn, string? user, params string[] groups) =>
        "- groups:\n" + string.Concat(groups.Select(g => $"  - {g}\n")) + $"  userarn: {arn}\n" + (user is null ? "" : $"  username: \"{user}\"\n");

    private static AwsAuthDocument Document(string mapRoles, string? mapUsers = null, string? mapAccounts = null)
    {
        var data = new Dictionary<string, string> { ["mapRoles"] = mapRoles };
        if (mapUsers is not null)
        {
            data["mapUsers"] = mapUsers;
        }

        if (mapAccounts is not null)
        {
            data["mapAccounts"] = mapAccounts;
        }

        return AwsAuthDocument.Parse(data);
    }

    private static IReadOnlyList<IdentityMappingMigrationStep> Plan(AwsAuthDocument document, IReadOnlyList<AccessEntryState>? existing = null, Dictionary<string, ResolvedPrincipal>? principals = null) =>
        IdentityMappingMigration.Plan("demo", document, existing ?? [], principals ?? new Dictionary<string, ResolvedPrincipal>(StringComparer.OrdinalIgnoreCase), "aws");

    private static AccessEntryState Entry(string principal, string type = "STANDARD", string[]? groups = null, string? user = null, params string[] policies) =>
        new("demo", principal, groups ?? [], user, type, $"arn:aws:eks:eu-west-1:{Account}:access-entry/demo/x", null,
            [.. policies.Select(p => new AccessPolicyAssociation(p, "cluster", []))]);

    [Fact]
    public void A_node_role_becomes_an_EC2_LINUX_entry_without_groups_or_user_name()
    {
        var step = Assert.Single(Plan(Document(RoleEntry(NodeRole, IdentityMappingMigration.Ec2NodeUserName, "system:bootstrappers", "system:nodes"))));

        Assert.Equal(MigrationAction.Created, step.Action);
        Assert.Equal("EC2_LINUX", step.EntryType);
        Assert.Equal(NodeRole, step.PrincipalArn);
        Assert.Empty(step.KubernetesGroups);
        Assert.Null(step.UserName);
        Assert.Empty(step.PolicyArns);
        Assert.False(step.BlocksApiMode);
        var spec = step.Spec!;
        Assert.Equal(("EC2_LINUX", (IReadOnlyList<string>?)null, (string?)null, (string?)null), (spec.Type, spec.KubernetesGroups, spec.UserName, spec.PolicyArn));
    }

    [Theory]
    [InlineData("system:node:{{EC2PrivateDNSName}}", new[] { "system:bootstrappers", "system:nodes", "eks:kube-proxy-windows" }, "EC2_WINDOWS")]
    [InlineData("system:node:{{SessionName}}", new[] { "system:bootstrappers", "system:nodes", "system:node-proxier" }, "FARGATE_LINUX")]
    [InlineData("system:node:{{EC2PrivateDNSName}}", new string[0], "EC2_LINUX")]
    [InlineData("whatever", new[] { "system:nodes" }, "EC2_LINUX")]
    public void Node_roles_get_the_node_type_their_identity_says(string user, string[] groups, string type)
    {
        Assert.Equal(type, Assert.Single(Plan(Document(RoleEntry(NodeRole, user, groups)))).EntryType);
    }

    [Fact]
    public void System_masters_becomes_cluster_admin_with_the_other_groups_the_user_name_and_the_role_path()
    {
        var principals = new Dictionary<string, ResolvedPrincipal>(StringComparer.OrdinalIgnoreCase) { [Admin] = new(AdminWithPath, true) };
        var step = Assert.Single(Plan(Document(RoleEntry(Admin, "admin:{{SessionName}}", "system:masters", "ops", "system:bootstrappers")), principals: principals));

        Assert.Equal(MigrationAction.Created, step.Action);
        Assert.Equal("STANDARD", step.EntryType);
        Assert.Equal(AdminWithPath, step.PrincipalArn);
        Assert.Equal(Admin, step.Arn);
        Assert.Equal([AdminPolicy], step.PolicyArns);
        Assert.Equal(["ops"], step.KubernetesGroups);
        Assert.Equal("admin:{{SessionName}}", step.UserName);
        Assert.Contains("system:bootstrappers not carried over", step.Reason, StringComparison.Ordinal);
        Assert.False(step.BlocksApiMode);
        Assert.Equal(AdminPolicy, step.Spec!.PolicyArn);
        Assert.Null(step.Spec.Namespaces);
    }

    [Fact]
    public void Other_groups_become_kubernetes_groups_and_users_migrate_like_roles()
    {
        var user = $"arn:aws:iam::{Account}:user/alice";
        var steps = Plan(Document(RoleEntry($"arn:aws:iam::{Account}:role/reader", "reader", "team-a-readers"), UserEntry(user, "alice", "team-a-readers", "viewers")));

        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal((MigrationAction.Created, "STANDARD"), (s.Action, s.EntryType)));
        Assert.Equal(["team-a-readers"], steps[0].KubernetesGroups);
        Assert.Equal("reader", steps[0].UserName);
        Assert.Equal(("User", user, user), (steps[1].Kind, steps[1].Arn, steps[1].PrincipalArn));
        Assert.Equal(["team-a-readers", "viewers"], steps[1].KubernetesGroups);
        Assert.Empty(steps[1].PolicyArns);
    }

    [Fact]
    public void Another_system_group_cannot_migrate_and_blocks_API_mode()
    {
        var steps = Plan(Document(RoleEntry($"arn:aws:iam::{Account}:role/boot", "boot", "system:bootstrappers") + RoleEntry($"arn:aws:iam::{Account}:role/mixed", null, "team", "system:authenticated")));

        Assert.All(steps, s => Assert.Equal(MigrationAction.Skipped, s.Action));
        Assert.All(steps, s => Assert.True(s.BlocksApiMode));
        Assert.All(steps, s => Assert.Null(s.Spec));
        Assert.Contains("system:bootstrappers", steps[0].Reason, StringComparison.Ordinal);
        Assert.Contains("system:authenticated", steps[1].Reason, StringComparison.Ordinal);
        var unmigrated = IdentityMappingMigration.Unmigrated(steps);
        Assert.Equal(2, unmigrated.Count);
        Assert.StartsWith($"Role arn:aws:iam::{Account}:role/boot: ", unmigrated[0], StringComparison.Ordinal);
        Assert.Contains("role/boot", IdentityMappingMigration.UnmigratedError("demo", unmigrated).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_principal_with_an_access_entry_is_left_alone_whatever_path_or_case_it_is_named_with()
    {
        var existing = Entry(AdminWithPath.Replace("AWSReservedSSO_Admin_abc", "awsreservedsso_admin_ABC", StringComparison.Ordinal), groups: ["other"], user: "someone", policies: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
        var step = Assert.Single(Plan(Document(RoleEntry(Admin, "admin", "system:masters")), [existing]));

        Assert.Equal(MigrationAction.Exists, step.Action);
        Assert.Equal(existing.PrincipalArn, step.PrincipalArn);
        Assert.Equal(["other"], step.KubernetesGroups);
        Assert.Equal("someone", step.UserName);
        Assert.Equal(["arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"], step.PolicyArns);
        Assert.False(step.BlocksApiMode);
        Assert.Null(step.Spec);
    }

    [Fact]
    public void An_existing_entry_is_reported_even_for_an_entry_that_could_not_migrate()
    {
        var boot = $"arn:aws:iam::{Account}:role/boot";
        var step = Assert.Single(Plan(Document(RoleEntry(boot, null, "system:bootstrappers")), [Entry(boot)]));

        Assert.Equal((MigrationAction.Exists, false), (step.Action, step.BlocksApiMode));
    }

    [Fact]
    public void A_missing_role_or_a_service_linked_role_is_skipped_and_blocks_API_mode()
    {
        var gone = $"arn:aws:iam::{Account}:role/gone";
        var linked = $"arn:aws:iam::{Account}:role/AWSServiceRoleForX";
        var principals = new Dictionary<string, ResolvedPrincipal>(StringComparer.OrdinalIgnoreCase)
        {
            [gone] = new(gone, false),
            [linked] = new($"arn:aws:iam::{Account}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX", true),
        };
        var steps = Plan(Document(RoleEntry(gone, "g", "team") + RoleEntry(linked, "l", "team")), principals: principals);

        Assert.All(steps, s => Assert.Equal((MigrationAction.Skipped, true), (s.Action, s.BlocksApiMode)));
        Assert.Contains("does not exist in IAM", steps[0].Reason, StringComparison.Ordinal);
        Assert.Contains("service-linked", steps[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_entry_of_an_ARN_wins_and_the_earlier_one_does_not_block()
    {
        var role = $"arn:aws:iam::{Account}:role/twice";
        var steps = Plan(Document(RoleEntry(role, "first", "system:bootstrappers") + RoleEntry(role.ToUpperInvariant().Replace("ARN:AWS:IAM", "arn:aws:iam", StringComparison.Ordinal).Replace(":ROLE/", ":role/", StringComparison.Ordinal), "second", "team")));

        Assert.Equal(MigrationAction.Skipped, steps[0].Action);
        Assert.False(steps[0].BlocksApiMode);
        Assert.Contains("line 5", steps[0].Reason, StringComparison.Ordinal);
        Assert.Equal((MigrationAction.Created, "second"), (steps[1].Action, steps[1].UserName));
        Assert.Empty(IdentityMappingMigration.Unmigrated(steps));
    }

    [Fact]
    public void MapAccounts_cannot_migrate()
    {
        var steps = Plan(Document("", mapAccounts: "- \"444455556666\"\n- 777788889999\n"));

        Assert.Equal(["444455556666", "777788889999"], steps.Select(s => s.Arn));
        Assert.All(steps, s => Assert.Equal(("Account", MigrationAction.Skipped, true), (s.Kind, s.Action, s.BlocksApiMode)));
        Assert.Equal([1, 2], steps.Select(s => s.Line));
        Assert.Equal([("", 1)], IdentityMappingMigration.Accounts(Document("", mapAccounts: "not: [a list")));
        Assert.Empty(IdentityMappingMigration.Accounts(Document("", mapAccounts: "")));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("admin", "admin", false)]
    [InlineData("admin:{{SessionName}}", "admin:{{SessionName}}", false)]
    [InlineData("ops:{{SessionNameRaw}}", "ops:{{SessionNameRaw}}", false)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/dev/{{SessionName}}", null, false)]
    [InlineData("{{SessionName}}", null, true)]
    [InlineData("dev-{{AccountID}}:x", null, true)]
    [InlineData("admin:{{AccessKeyID}}", null, true)]
    [InlineData("eks:admin", null, true)]
    [InlineData("System:admin", null, true)]
    public void A_user_name_is_copied_only_when_EKS_accepts_it(string? given, string? copied, bool noted)
    {
        var entry = Document(RoleEntry($"arn:aws:iam::{Account}:role/dev", given, "team")).Roles[0];
        var notes = new List<string>();

        Assert.Equal(copied, IdentityMappingMigration.UserNameFor(entry, notes));
        Assert.Equal(noted, notes.Count == 1);
    }

    [Fact]
    public void With_a_read_entry_a_step_shows_what_EKS_made()
    {
        var step = Assert.Single(Plan(Document(RoleEntry(NodeRole, IdentityMappingMigration.Ec2NodeUserName, "system:nodes"))));
        var made = step.With(Entry(NodeRole, "EC2_LINUX", ["system:nodes"], "system:node:{{EC2PrivateDNSName}}"), MigrationAction.Created);

        Assert.Equal((MigrationAction.Created, "EC2_LINUX", "system:node:{{EC2PrivateDNSName}}"), (made.Action, made.EntryType, made.UserName));
        Assert.Equal(["system:nodes"], made.KubernetesGroups);
        Assert.Equal(step.Reason, made.Reason);
    }

    [Theory]
    [InlineData("CONFIG_MAP", "API_AND_CONFIG_MAP", false)]
    [InlineData("CONFIG_MAP", "API", false)]
    [InlineData("API_AND_CONFIG_MAP", "API", false)]
    [InlineData("API_AND_CONFIG_MAP", "API_AND_CONFIG_MAP", true)]
    [InlineData("API", "API_AND_CONFIG_MAP", true)]
    public void A_mode_at_or_past_the_target_needs_no_switch(string mode, string target, bool reached)
    {
        Assert.Equal(reached, IdentityMappingMigration.Reached(mode, target));
        Assert.Throws<ArgumentException>(() => IdentityMappingMigration.Reached("BOTH", target));
    }
}
