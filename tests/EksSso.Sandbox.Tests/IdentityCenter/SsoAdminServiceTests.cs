using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

public sealed class SsoAdminServiceTests
{
    public const string ViewOnlyAccess = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";

    public const string EksInlinePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:DescribeCluster","eks:ListClusters"],"Resource":"*"}]}""";

    private const string ReservedPrefix = "AWSReservedSSO_EKSClusterAdminAccess_";

    [Fact]
    public void The_bootstrap_creates_an_organization_instance()
    {
        var sandbox = new ServiceHarness();
        var instance = sandbox.Call("sso-admin", "ListInstances")["Instances"]!.AsArray().Single()!;
        Assert.Matches("^arn:aws:sso:::instance/ssoins-[0-9a-f]{16}$", instance["InstanceArn"]!.GetValue<string>());
        Assert.Matches("^d-[0-9a-f]{10}$", instance["IdentityStoreId"]!.GetValue<string>());
        Assert.Equal(sandbox.ManagementAccountId, instance["OwnerAccountId"]!.GetValue<string>());
        Assert.Equal("ACTIVE", instance["Status"]!.GetValue<string>());

        var described = sandbox.Call("sso-admin", "DescribeInstance", new JsonObject { ["InstanceArn"] = instance["InstanceArn"]!.GetValue<string>() });
        Assert.Equal(instance["IdentityStoreId"]!.GetValue<string>(), described["IdentityStoreId"]!.GetValue<string>());
    }

    [Fact]
    public void Without_Identity_Center_there_is_no_instance()
    {
        var sandbox = new ServiceHarness(new SandboxOptions { TimeScale = 0.005, NoIdentityCenter = true });
        Assert.Empty(sandbox.Call("sso-admin", "ListInstances")["Instances"]!.AsArray());
        Assert.Equal("AccessDeniedException", sandbox.Fails("sso-admin", "DescribeInstance", new JsonObject { ["InstanceArn"] = "arn:aws:sso:::instance/ssoins-0123456789abcdef" }).Code);
    }

    [Fact]
    public void Other_accounts_do_not_see_the_instance()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("dev", "dev@sandbox.example.com");
        var caller = sandbox.AdminIn(member);
        var (instance, _) = sandbox.Instance();
        Assert.Empty(sandbox.Call("sso-admin", "ListInstances", caller: caller)["Instances"]!.AsArray());
        Assert.Equal("AccessDeniedException", sandbox.Fails("sso-admin", "ListPermissionSets", new JsonObject { ["InstanceArn"] = instance }, caller).Code);
    }

    [Fact]
    public void Permission_sets_are_validated_like_AWS()
    {
        var sandbox = new ServiceHarness();
        var (instance, _) = sandbox.Instance();
        var arn = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        Assert.Matches($"^arn:aws:sso:::permissionSet/{instance[(instance.LastIndexOf('/') + 1)..]}/ps-[0-9a-f]{{16}}$", arn);

        var described = sandbox.Call("sso-admin", "DescribePermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = arn })["PermissionSet"]!;
        Assert.Equal("EKSClusterAdminAccess", described["Name"]!.GetValue<string>());
        Assert.Equal("PT4H", described["SessionDuration"]!.GetValue<string>());

        Assert.Equal("ConflictException", sandbox.Fails("sso-admin", "CreatePermissionSet", new JsonObject { ["InstanceArn"] = instance, ["Name"] = "EKSClusterAdminAccess" }).Code);
        Assert.Equal("ValidationException", sandbox.Fails("sso-admin", "CreatePermissionSet", new JsonObject { ["InstanceArn"] = instance, ["Name"] = "TooLong", ["SessionDuration"] = "PT13H" }).Code);

        sandbox.AttachManagedPolicy(arn, ViewOnlyAccess);
        var attach = new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = arn, ["ManagedPolicyArn"] = ViewOnlyAccess };
        Assert.Equal("ConflictException", sandbox.Fails("sso-admin", "AttachManagedPolicyToPermissionSet", attach).Code);
        attach["ManagedPolicyArn"] = "arn:aws:iam::aws:policy/NoSuchPolicy";
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("sso-admin", "AttachManagedPolicyToPermissionSet", attach).Code);
        attach["ManagedPolicyArn"] = "arn:aws:iam::123456789012:policy/Customer";
        sandbox.Invalid("sso-admin", "AttachManagedPolicyToPermissionSet", attach);

        var policies = sandbox.Call("sso-admin", "ListManagedPoliciesInPermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = arn })["AttachedManagedPolicies"]!.AsArray();
        Assert.Equal("ViewOnlyAccess", policies.Single()!["Name"]!.GetValue<string>());
        Assert.Equal(ViewOnlyAccess, policies.Single()!["Arn"]!.GetValue<string>());

        var malformed = sandbox.Fails("sso-admin", "PutInlinePolicyToPermissionSet", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["PermissionSetArn"] = arn,
            ["InlinePolicy"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*"}]}""",
        });
        Assert.Equal("ValidationException", malformed.Code);
        Assert.Contains("resources", malformed.Message, StringComparison.OrdinalIgnoreCase);

        sandbox.PutInlinePolicy(arn, EksInlinePolicy);
        Assert.Equal(EksInlinePolicy, sandbox.Call("sso-admin", "GetInlinePolicyForPermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = arn })["InlinePolicy"]!.GetValue<string>());

        var missing = arn[..^16] + "0000000000000000";
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("sso-admin", "DescribePermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = missing }).Code);
        Assert.Single(sandbox.Call("sso-admin", "ListPermissionSets", new JsonObject { ["InstanceArn"] = instance })["PermissionSets"]!.AsArray());
    }

    [Fact]
    public void An_assignment_provisions_the_reserved_role_in_the_member_account()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
        var (instance, _) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        sandbox.AttachManagedPolicy(ps, ViewOnlyAccess);
        sandbox.PutInlinePolicy(ps, EksInlinePolicy);
        var user = sandbox.CreateUser("eksadmin");
        var group = sandbox.CreateGroup("eks-admins");
        sandbox.AddToGroup(group, user);

        var status = sandbox.Assign(member, ps, "GROUP", group);
        Assert.Equal("SUCCEEDED", status["Status"]!.GetValue<string>());
        Assert.Equal(group, status["PrincipalId"]!.GetValue<string>());

        var account = sandbox.Host.State.Account(member);
        var role = account.Iam.Roles.Values.Single(r => r.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal));
        Assert.Matches($"^{ReservedPrefix}[0-9a-f]{{16}}$", role.Name);
        Assert.Equal("/aws-reserved/sso.amazonaws.com/", role.Path);
        Assert.Equal($"arn:aws:iam::{member}:role/aws-reserved/sso.amazonaws.com/{role.Name}", role.Arn);
        Assert.Equal([ViewOnlyAccess], role.AttachedPolicyArns);
        Assert.Equal(EksInlinePolicy, role.InlinePolicies["AwsSSOInlinePolicy"]);
        Assert.Equal(4 * 3600, role.MaxSessionDuration);

        var provider = Assert.Single(account.Iam.SamlProviders.Keys);
        Assert.Matches($"^arn:aws:iam::{member}:saml-provider/AWSSSO_[0-9a-f]{{16}}_DO_NOT_DELETE$", provider);
        Assert.Equal(
            $$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{{{provider}}}}"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}""",
            role.AssumeRolePolicyDocument);

        var assignments = sandbox.Call("sso-admin", "ListAccountAssignments", new JsonObject { ["InstanceArn"] = instance, ["AccountId"] = member, ["PermissionSetArn"] = ps })["AccountAssignments"]!.AsArray();
        Assert.Equal("GROUP", assignments.Single()!["PrincipalType"]!.GetValue<string>());
        var forPrincipal = sandbox.Call("sso-admin", "ListAccountAssignmentsForPrincipal", new JsonObject { ["InstanceArn"] = instance, ["PrincipalId"] = group, ["PrincipalType"] = "GROUP" })["AccountAssignments"]!.AsArray();
        Assert.Equal(member, forPrincipal.Single()!["AccountId"]!.GetValue<string>());
        Assert.Equal(member, sandbox.Call("sso-admin", "ListAccountsForProvisionedPermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = ps })["AccountIds"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public void Re_provisioning_after_a_change_updates_the_same_role()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
        var (instance, _) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        sandbox.AttachManagedPolicy(ps, ViewOnlyAccess);
        sandbox.PutInlinePolicy(ps, EksInlinePolicy);
        sandbox.Assign(member, ps, "USER", sandbox.CreateUser("eksadmin"));
        var account = sandbox.Host.State.Account(member);
        var before = account.Iam.Roles.Values.Single(r => r.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal));

        const string Changed = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""";
        sandbox.PutInlinePolicy(ps, Changed);
        Assert.Equal(EksInlinePolicy, before.InlinePolicies["AwsSSOInlinePolicy"]);
        var outdated = sandbox.Call("sso-admin", "ListAccountsForProvisionedPermissionSet", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["PermissionSetArn"] = ps,
            ["ProvisioningStatus"] = "LATEST_PERMISSION_SET_NOT_PROVISIONED",
        })["AccountIds"]!.AsArray();
        Assert.Single(outdated);

        var status = sandbox.Call("sso-admin", "ProvisionPermissionSet", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["PermissionSetArn"] = ps,
            ["TargetType"] = "AWS_ACCOUNT",
            ["TargetId"] = member,
        })["PermissionSetProvisioningStatus"]!;
        Assert.Equal("IN_PROGRESS", status["Status"]!.GetValue<string>());
        var requestId = status["RequestId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(requestId, out _));
        var done = ServiceHarness.WaitFor(
            () => sandbox.Call("sso-admin", "DescribePermissionSetProvisioningStatus", new JsonObject { ["InstanceArn"] = instance, ["ProvisionPermissionSetRequestId"] = requestId })["PermissionSetProvisioningStatus"]!,
            s => s["Status"]!.GetValue<string>() != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", done["Status"]!.GetValue<string>());
        Assert.Equal(member, done["AccountId"]!.GetValue<string>());

        var after = account.Iam.Roles.Values.Single(r => r.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal));
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.RoleId, after.RoleId);
        Assert.Equal(Changed, after.InlinePolicies["AwsSSOInlinePolicy"]);

        // Removing the inline policy and re-provisioning everywhere removes it from the role.
        sandbox.Call("sso-admin", "DeleteInlinePolicyFromPermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = ps });
        sandbox.Call("sso-admin", "ProvisionPermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = ps, ["TargetType"] = "ALL_PROVISIONED_ACCOUNTS" });
        Assert.False(after.InlinePolicies.ContainsKey("AwsSSOInlinePolicy"));
    }

    [Fact]
    public void The_role_path_names_the_home_region_outside_us_east_1()
    {
        var sandbox = new ServiceHarness(new SandboxOptions { TimeScale = 0.005, HomeRegion = "eu-west-1" });
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        sandbox.AttachManagedPolicy(ps, ViewOnlyAccess);
        sandbox.Assign(member, ps, "USER", sandbox.CreateUser("eksadmin"));
        var role = sandbox.Host.State.Account(member).Iam.Roles.Values.Single(r => r.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal));
        Assert.Equal("/aws-reserved/sso.amazonaws.com/eu-west-1/", role.Path);
        Assert.Equal($"arn:aws:iam::{member}:role/aws-reserved/sso.amazonaws.com/eu-west-1/{role.Name}", role.Arn);
        Assert.False(role.InlinePolicies.ContainsKey("AwsSSOInlinePolicy"));
    }

    [Fact]
    public void Assignments_need_an_existing_principal_and_an_organization_account()
    {
        var sandbox = new ServiceHarness();
        var (instance, store) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        var missingUser = $"{store[2..]}-{Guid.NewGuid()}";
        var error = sandbox.Fails("sso-admin", "CreateAccountAssignment", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["TargetId"] = sandbox.ManagementAccountId,
            ["TargetType"] = "AWS_ACCOUNT",
            ["PermissionSetArn"] = ps,
            ["PrincipalType"] = "USER",
            ["PrincipalId"] = missingUser,
        });
        Assert.Equal("ResourceNotFoundException", error.Code);

        // An account outside the organization: accepted, then FAILED, and no role anywhere.
        var user = sandbox.CreateUser("eksadmin");
        var failed = sandbox.Assign("123456789012", ps, "USER", user);
        Assert.Equal("FAILED", failed["Status"]!.GetValue<string>());
        Assert.NotNull(failed["FailureReason"]);

        // The management account is always a valid target, organization or not.
        Assert.Equal("SUCCEEDED", sandbox.Assign(sandbox.ManagementAccountId, ps, "USER", user)["Status"]!.GetValue<string>());
        Assert.Contains(sandbox.Host.State.Account(sandbox.ManagementAccountId).Iam.Roles.Keys, n => n.StartsWith(ReservedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Deleting_the_last_assignment_removes_the_role()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
        var (instance, _) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        var user = sandbox.CreateUser("eksadmin");
        var group = sandbox.CreateGroup("eks-admins");
        sandbox.Assign(member, ps, "USER", user);
        sandbox.Assign(member, ps, "GROUP", group);
        var roles = sandbox.Host.State.Account(member).Iam.Roles;

        JsonObject Delete(string type, string id) => new()
        {
            ["InstanceArn"] = instance,
            ["TargetId"] = member,
            ["TargetType"] = "AWS_ACCOUNT",
            ["PermissionSetArn"] = ps,
            ["PrincipalType"] = type,
            ["PrincipalId"] = id,
        };

        sandbox.Call("sso-admin", "DeleteAccountAssignment", Delete("USER", user));
        Assert.Contains(roles.Keys, n => n.StartsWith(ReservedPrefix, StringComparison.Ordinal));
        var deletion = sandbox.Call("sso-admin", "DeleteAccountAssignment", Delete("GROUP", group))["AccountAssignmentDeletionStatus"]!;
        Assert.DoesNotContain(roles.Keys, n => n.StartsWith(ReservedPrefix, StringComparison.Ordinal));
        var done = ServiceHarness.WaitFor(
            () => sandbox.Call("sso-admin", "DescribeAccountAssignmentDeletionStatus", new JsonObject
            {
                ["InstanceArn"] = instance,
                ["AccountAssignmentDeletionRequestId"] = deletion["RequestId"]!.GetValue<string>(),
            })["AccountAssignmentDeletionStatus"]!,
            s => s["Status"]!.GetValue<string>() != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", done["Status"]!.GetValue<string>());
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("sso-admin", "DeleteAccountAssignment", Delete("GROUP", group)).Code);

        // With no assignments left the permission set can go.
        sandbox.Call("sso-admin", "DeletePermissionSet", new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = ps });
        Assert.Empty(sandbox.Call("sso-admin", "ListPermissionSets", new JsonObject { ["InstanceArn"] = instance })["PermissionSets"]!.AsArray());
    }

    [Fact]
    public void Deleting_a_group_removes_its_assignments_and_the_role()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
        var (instance, store) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        var group = sandbox.CreateGroup("eks-admins");
        sandbox.Assign(member, ps, "GROUP", group);
        Assert.NotNull(ReservedRole(sandbox, member));

        sandbox.Call("identitystore", "DeleteGroup", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group });
        Assert.Empty(sandbox.Call("sso-admin", "ListAccountAssignments", new JsonObject { ["InstanceArn"] = instance, ["AccountId"] = member, ["PermissionSetArn"] = ps })["AccountAssignments"]!.AsArray());
        Assert.DoesNotContain(sandbox.Host.State.Account(member).Iam.Roles.Keys, n => n.StartsWith(ReservedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Permission_set_state_survives_a_save_and_reload()
    {
        var directory = Directory.CreateTempSubdirectory("eks-sso-sandbox-");
        try
        {
            var options = new SandboxOptions { TimeScale = 0.005, StateDirectory = directory.FullName };
            var sandbox = new ServiceHarness(options);
            sandbox.CreateOrganization();
            var member = sandbox.CreateMemberAccount("eks", "eks@sandbox.example.com");
            var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
            sandbox.AttachManagedPolicy(ps, ViewOnlyAccess);
            sandbox.Assign(member, ps, "USER", sandbox.CreateUser("eksadmin"));
            sandbox.Host.Save();

            var reloaded = new ServiceHarness(SandboxHost.Create(options));
            Assert.Equal(sandbox.Instance(), reloaded.Instance());
            Assert.Equal(2, reloaded.Call("organizations", "ListAccounts")["Accounts"]!.AsArray().Count);
            var policies = reloaded.Call("sso-admin", "ListManagedPoliciesInPermissionSet", new JsonObject { ["InstanceArn"] = reloaded.Instance().InstanceArn, ["PermissionSetArn"] = ps });
            Assert.Single(policies["AttachedManagedPolicies"]!.AsArray());
            var token = reloaded.DeviceToken("eksadmin")["accessToken"]!.GetValue<string>();
            var roles = reloaded.Call("sso", "ListAccountRoles", new JsonObject { ["accessToken"] = token, ["accountId"] = member }, unsigned: true)["roleList"]!.AsArray();
            Assert.Equal("EKSClusterAdminAccess", Assert.Single(roles)!["roleName"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Permission_set_policies_are_authorised_on_the_instance_and_the_permission_set()
    {
        var sandbox = new ServiceHarness();
        var (instance, _) = sandbox.Instance();
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        var account = sandbox.Host.State.Account(sandbox.ManagementAccountId);
        var user = sandbox.Host.CreateUser(account, "psreader");
        user.InlinePolicies["sso"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sso:DescribePermissionSet","Resource":"{{instance}}"}]}""";
        var caller = SandboxCaller.From(sandbox.Host.IssueUserKey(account.Id, user.Name), sandbox.Host.State);
        var input = new JsonObject { ["InstanceArn"] = instance, ["PermissionSetArn"] = ps };
        Assert.Equal("AccessDeniedException", sandbox.Fails("sso-admin", "DescribePermissionSet", input, caller).Code);

        user.InlinePolicies["sso"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sso:DescribePermissionSet","Resource":["{{instance}}","{{ps}}"]}]}""";
        sandbox.Call("sso-admin", "DescribePermissionSet", input, caller);
    }

    internal static IamRole ReservedRole(ServiceHarness sandbox, string accountId) =>
        sandbox.Host.State.Account(accountId).Iam.Roles.Values.Single(r => r.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal));
}
