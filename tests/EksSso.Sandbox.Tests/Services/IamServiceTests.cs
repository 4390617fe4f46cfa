using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using Xunit;

namespace EksSso.Sandbox.Tests.Services;

public sealed class IamServiceTests
{
    private const string SsoPath = "/aws-reserved/sso.amazonaws.com/";
    private const string ViewOnlyAccessArn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";

    private static readonly string s_allowS3List = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""";

    [Fact]
    public void RoleWithPath_IsFoundByPathPrefix_AndReportsItsFullArn()
    {
        var iam = new AwsHarness();
        var ssoArn = iam.CreateRole("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", iam.AccountTrust, SsoPath);
        iam.CreateRole("eks-cluster-role", AwsHarness.EksTrust);

        Assert.Equal($"arn:aws:iam::{iam.AccountId}:role{SsoPath}AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", ssoArn);
        var listed = iam.Call("iam", "ListRoles", new JsonObject { ["PathPrefix"] = SsoPath });
        var role = Assert.Single(listed["Roles"]!.AsArray())!;
        Assert.Equal(ssoArn, role["Arn"]!.GetValue<string>());
        Assert.Equal(SsoPath, role["Path"]!.GetValue<string>());
        Assert.False(listed["IsTruncated"]!.GetValue<bool>());

        // IAM returns trust policies URL-encoded, never as raw JSON.
        var fetched = iam.Call("iam", "GetRole", new JsonObject { ["RoleName"] = "eks-cluster-role" })["Role"]!;
        Assert.Equal(Uri.EscapeDataString(AwsHarness.EksTrust), fetched["AssumeRolePolicyDocument"]!.GetValue<string>());
        Assert.Equal(3600, fetched["MaxSessionDuration"]!.GetValue<int>());

        // Role names are unique regardless of case.
        AwsHarness.AssertError(iam.Fails("iam", "CreateRole", new JsonObject
        {
            ["RoleName"] = "EKS-CLUSTER-ROLE",
            ["AssumeRolePolicyDocument"] = AwsHarness.EksTrust,
        }), "EntityAlreadyExists", 409, "Role with name EKS-CLUSTER-ROLE already exists.");
    }

    [Fact]
    public void ListRoles_PagesWithMarker()
    {
        var iam = new AwsHarness();
        foreach (var name in new[] { "a-role", "b-role", "c-role" })
        {
            iam.CreateRole(name, AwsHarness.EksTrust, "/paged/");
        }

        var names = new List<string>();
        string? marker = null;
        do
        {
            var input = new JsonObject { ["PathPrefix"] = "/paged/", ["MaxItems"] = 2 };
            if (marker is not null)
            {
                input["Marker"] = marker;
            }

            var page = iam.Call("iam", "ListRoles", input);
            names.AddRange(page["Roles"]!.AsArray().Select(r => r!["RoleName"]!.GetValue<string>()));
            marker = page["IsTruncated"]!.GetValue<bool>() ? page["Marker"]!.GetValue<string>() : null;
        }
        while (marker is not null);

        Assert.Equal(["a-role", "b-role", "c-role"], names);
        AwsHarness.AssertError(iam.Fails("iam", "ListRoles", new JsonObject { ["Marker"] = "not-a-marker" }), "ValidationError", 400);
    }

    [Fact]
    public void MalformedTrustPolicies_AreRefusedWithMalformedPolicyDocument()
    {
        var iam = new AwsHarness();
        var noPrincipal = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""";
        var error = iam.Fails("iam", "CreateRole", new JsonObject { ["RoleName"] = "r", ["AssumeRolePolicyDocument"] = noPrincipal });
        AwsHarness.AssertError(error, "MalformedPolicyDocument", 400, "Principal");

        AwsHarness.AssertError(iam.Fails("iam", "CreateRole", new JsonObject { ["RoleName"] = "r", ["AssumeRolePolicyDocument"] = "{not json" }),
            "MalformedPolicyDocument", 400);

        // A role ARN that leaves out the role's path names no existing role: IAM refuses the principal.
        iam.CreateRole("AWSReservedSSO_Admin_0123456789abcdef", iam.AccountTrust, SsoPath);
        var withoutPath = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{iam.AccountId}}:role/AWSReservedSSO_Admin_0123456789abcdef"},"Action":"sts:AssumeRole"}]}""";
        AwsHarness.AssertError(iam.Fails("iam", "CreateRole", new JsonObject { ["RoleName"] = "chained", ["AssumeRolePolicyDocument"] = withoutPath }),
            "MalformedPolicyDocument", 400, "Invalid principal in policy");
        var withPath = withoutPath.Replace(":role/", $":role{SsoPath}", StringComparison.Ordinal);
        iam.CreateRole("chained", withPath);

        AwsHarness.AssertError(iam.Fails("iam", "UpdateAssumeRolePolicy", new JsonObject { ["RoleName"] = "chained", ["PolicyDocument"] = noPrincipal }),
            "MalformedPolicyDocument", 400);
        AwsHarness.AssertError(iam.Fails("iam", "PutRolePolicy", new JsonObject
        {
            ["RoleName"] = "chained",
            ["PolicyName"] = "bad",
            ["PolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}""",
        }), "MalformedPolicyDocument", 400);
    }

    [Fact]
    public void DeleteRole_ConflictsWhilePoliciesRemain()
    {
        var iam = new AwsHarness();
        iam.CreateRole("worker", AwsHarness.Ec2Trust);
        iam.Call("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyArn"] = ViewOnlyAccessArn });
        iam.Call("iam", "PutRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyName"] = "s3", ["PolicyDocument"] = s_allowS3List });

        AwsHarness.AssertError(iam.Fails("iam", "DeleteRole", new JsonObject { ["RoleName"] = "worker" }), "DeleteConflict", 409, "detach all policies");
        iam.Call("iam", "DetachRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyArn"] = ViewOnlyAccessArn });
        AwsHarness.AssertError(iam.Fails("iam", "DeleteRole", new JsonObject { ["RoleName"] = "worker" }), "DeleteConflict", 409, "delete policies");

        var inline = iam.Call("iam", "GetRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyName"] = "s3" });
        Assert.Equal(Uri.EscapeDataString(s_allowS3List), inline["PolicyDocument"]!.GetValue<string>());
        iam.Call("iam", "DeleteRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyName"] = "s3" });
        iam.Call("iam", "DeleteRole", new JsonObject { ["RoleName"] = "worker" });

        AwsHarness.AssertError(iam.Fails("iam", "GetRole", new JsonObject { ["RoleName"] = "worker" }), "NoSuchEntity", 404, "The role with name worker cannot be found.");
        AwsHarness.AssertError(iam.Fails("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyArn"] = ViewOnlyAccessArn }), "NoSuchEntity", 404);
    }

    [Fact]
    public void AttachRolePolicy_RequiresAnExistingPolicy()
    {
        var iam = new AwsHarness();
        iam.CreateRole("worker", AwsHarness.Ec2Trust);
        var missing = $"arn:aws:iam::{iam.AccountId}:policy/does-not-exist";
        AwsHarness.AssertError(iam.Fails("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyArn"] = missing }), "NoSuchEntity", 404);

        iam.Call("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "worker", ["PolicyArn"] = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" });
        var attached = iam.Call("iam", "ListAttachedRolePolicies", new JsonObject { ["RoleName"] = "worker" })["AttachedPolicies"]!.AsArray();
        Assert.Equal("AmazonEKSWorkerNodePolicy", Assert.Single(attached)!["PolicyName"]!.GetValue<string>());
    }

    [Fact]
    public void CustomerManagedPolicy_Versions()
    {
        var iam = new AwsHarness();
        var created = iam.Call("iam", "CreatePolicy", new JsonObject
        {
            ["PolicyName"] = "EksReadOnly",
            ["Path"] = "/eks/",
            ["PolicyDocument"] = s_allowS3List,
            ["Description"] = "read only",
        })["Policy"]!;
        var arn = created["Arn"]!.GetValue<string>();
        Assert.Equal($"arn:aws:iam::{iam.AccountId}:policy/eks/EksReadOnly", arn);
        Assert.StartsWith("ANPA", created["PolicyId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(21, created["PolicyId"]!.GetValue<string>().Length);
        Assert.Equal("v1", created["DefaultVersionId"]!.GetValue<string>());

        AwsHarness.AssertError(iam.Fails("iam", "CreatePolicy", new JsonObject { ["PolicyName"] = "eksreadonly", ["PolicyDocument"] = s_allowS3List }),
            "EntityAlreadyExists", 409);
        AwsHarness.AssertError(iam.Fails("iam", "CreatePolicy", new JsonObject
        {
            ["PolicyName"] = "WithPrincipal",
            ["PolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}""",
        }), "MalformedPolicyDocument", 400);

        for (var i = 2; i <= 5; i++)
        {
            var version = iam.Call("iam", "CreatePolicyVersion", new JsonObject
            {
                ["PolicyArn"] = arn,
                ["PolicyDocument"] = s_allowS3List.Replace("s3:ListBucket", $"s3:GetObject{i}", StringComparison.Ordinal),
                ["SetAsDefault"] = i == 3,
            })["PolicyVersion"]!;
            Assert.Equal($"v{i}", version["VersionId"]!.GetValue<string>());
            Assert.Null(version["Document"]);
        }

        AwsHarness.AssertError(iam.Fails("iam", "CreatePolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["PolicyDocument"] = s_allowS3List }),
            "LimitExceeded", 409);
        Assert.Equal("v3", iam.Call("iam", "GetPolicy", new JsonObject { ["PolicyArn"] = arn })["Policy"]!["DefaultVersionId"]!.GetValue<string>());

        var v3 = iam.Call("iam", "GetPolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["VersionId"] = "v3" })["PolicyVersion"]!;
        Assert.True(v3["IsDefaultVersion"]!.GetValue<bool>());
        Assert.Contains("s3%3AGetObject3", v3["Document"]!.GetValue<string>(), StringComparison.Ordinal);

        AwsHarness.AssertError(iam.Fails("iam", "DeletePolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["VersionId"] = "v3" }), "DeleteConflict", 409);
        iam.Call("iam", "DeletePolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["VersionId"] = "v5" });

        // IAM never reuses a version number.
        var next = iam.Call("iam", "CreatePolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["PolicyDocument"] = s_allowS3List })["PolicyVersion"]!;
        Assert.Equal("v6", next["VersionId"]!.GetValue<string>());

        var versions = iam.Call("iam", "ListPolicyVersions", new JsonObject { ["PolicyArn"] = arn })["Versions"]!.AsArray()
            .Select(v => v!["VersionId"]!.GetValue<string>()).ToList();
        Assert.Equal(["v6", "v4", "v3", "v2", "v1"], versions);

        // Attached, or with versions left, the policy cannot go.
        iam.CreateRole("reader", AwsHarness.Ec2Trust);
        iam.Call("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "reader", ["PolicyArn"] = arn });
        Assert.Equal(1, iam.Call("iam", "GetPolicy", new JsonObject { ["PolicyArn"] = arn })["Policy"]!["AttachmentCount"]!.GetValue<int>());
        AwsHarness.AssertError(iam.Fails("iam", "DeletePolicy", new JsonObject { ["PolicyArn"] = arn }), "DeleteConflict", 409, "attached");
        iam.Call("iam", "DetachRolePolicy", new JsonObject { ["RoleName"] = "reader", ["PolicyArn"] = arn });
        AwsHarness.AssertError(iam.Fails("iam", "DeletePolicy", new JsonObject { ["PolicyArn"] = arn }), "DeleteConflict", 409, "more than one version");
        foreach (var v in new[] { "v1", "v2", "v4", "v6" })
        {
            iam.Call("iam", "DeletePolicyVersion", new JsonObject { ["PolicyArn"] = arn, ["VersionId"] = v });
        }

        iam.Call("iam", "DeletePolicy", new JsonObject { ["PolicyArn"] = arn });
        AwsHarness.AssertError(iam.Fails("iam", "GetPolicy", new JsonObject { ["PolicyArn"] = arn }), "NoSuchEntity", 404);
    }

    [Fact]
    public void AwsManagedPolicies_AreListedAndReadable()
    {
        var iam = new AwsHarness();
        var policy = iam.Call("iam", "GetPolicy", new JsonObject { ["PolicyArn"] = ViewOnlyAccessArn })["Policy"]!;
        Assert.Equal("/job-function/", policy["Path"]!.GetValue<string>());
        Assert.Equal("ViewOnlyAccess", policy["PolicyName"]!.GetValue<string>());
        var versionId = policy["DefaultVersionId"]!.GetValue<string>();
        var document = iam.Call("iam", "GetPolicyVersion", new JsonObject { ["PolicyArn"] = ViewOnlyAccessArn, ["VersionId"] = versionId })["PolicyVersion"]!["Document"]!.GetValue<string>();
        Assert.Equal(iam.Host.ManagedPolicies[ViewOnlyAccessArn].DocumentJson, Uri.UnescapeDataString(document));

        var aws = iam.Call("iam", "ListPolicies", new JsonObject { ["Scope"] = "AWS" })["Policies"]!.AsArray().Select(p => p!["PolicyName"]!.GetValue<string>()).ToList();
        Assert.Contains("AdministratorAccess", aws);
        Assert.Contains("AmazonEKSClusterPolicy", aws);

        // Only the bootstrap admin's AdministratorAccess is attached in a fresh account.
        var attached = iam.Call("iam", "ListPolicies", new JsonObject { ["OnlyAttached"] = true })["Policies"]!.AsArray();
        Assert.Equal("AdministratorAccess", Assert.Single(attached)!["PolicyName"]!.GetValue<string>());
        Assert.Empty(iam.Call("iam", "ListPolicies", new JsonObject { ["Scope"] = "Local" })["Policies"]!.AsArray());
    }

    [Fact]
    public void OpenIdConnectProvider_Lifecycle()
    {
        var iam = new AwsHarness();
        const string issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
        var arn = iam.Call("iam", "CreateOpenIDConnectProvider", new JsonObject
        {
            ["Url"] = issuer,
            ["ClientIDList"] = new JsonArray("sts.amazonaws.com"),
        })["OpenIDConnectProviderArn"]!.GetValue<string>();
        Assert.Equal($"arn:aws:iam::{iam.AccountId}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", arn);

        var provider = iam.Call("iam", "GetOpenIDConnectProvider", new JsonObject { ["OpenIDConnectProviderArn"] = arn });
        Assert.Equal("oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", provider["Url"]!.GetValue<string>());
        Assert.Equal("sts.amazonaws.com", Assert.Single(provider["ClientIDList"]!.AsArray())!.GetValue<string>());
        Assert.Equal(40, Assert.Single(provider["ThumbprintList"]!.AsArray())!.GetValue<string>().Length);
        Assert.Equal(arn, Assert.Single(iam.Call("iam", "ListOpenIDConnectProviders")["OpenIDConnectProviderList"]!.AsArray())!["Arn"]!.GetValue<string>());

        AwsHarness.AssertError(iam.Fails("iam", "CreateOpenIDConnectProvider", new JsonObject { ["Url"] = issuer }), "EntityAlreadyExists", 409);
        AwsHarness.AssertError(iam.Fails("iam", "CreateOpenIDConnectProvider", new JsonObject { ["Url"] = "http://insecure.example.com" }), "InvalidInput", 400);

        // Web identity trust may name the provider while it exists.
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{arn}}"},"Action":"sts:AssumeRoleWithWebIdentity"}]}""";
        iam.CreateRole("irsa", trust);

        iam.Call("iam", "DeleteOpenIDConnectProvider", new JsonObject { ["OpenIDConnectProviderArn"] = arn });
        AwsHarness.AssertError(iam.Fails("iam", "GetOpenIDConnectProvider", new JsonObject { ["OpenIDConnectProviderArn"] = arn }), "NoSuchEntity", 404);
        AwsHarness.AssertError(iam.Fails("iam", "CreateRole", new JsonObject { ["RoleName"] = "irsa2", ["AssumeRolePolicyDocument"] = trust }),
            "MalformedPolicyDocument", 400, "Invalid principal");
    }

    [Fact]
    public void ViewOnlyRoleSession_IsDeniedCreateRole()
    {
        var iam = new AwsHarness();
        iam.CreateRole("AWSReservedSSO_ViewOnly_0123456789abcdef", iam.AccountTrust, SsoPath);
        iam.Call("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "AWSReservedSSO_ViewOnly_0123456789abcdef", ["PolicyArn"] = ViewOnlyAccessArn });
        var viewer = iam.AssumedRole("AWSReservedSSO_ViewOnly_0123456789abcdef", "viewer@example.com");
        var newRoleArn = $"arn:aws:iam::{iam.AccountId}:role/escalate";

        Assert.Equal(PolicyDecisionKind.ImplicitDeny, iam.Host.Authorizer.Evaluate(viewer, "iam:CreateRole", newRoleArn).Kind);
        Assert.True(iam.Host.Authorizer.Evaluate(viewer, "iam:ListRoles", $"arn:aws:iam::{iam.AccountId}:role/").Allowed);

        var denied = iam.Fails("iam", "CreateRole", new JsonObject { ["RoleName"] = "escalate", ["AssumeRolePolicyDocument"] = AwsHarness.EksTrust }, viewer);
        AwsHarness.AssertError(denied, "AccessDenied", 403, $"is not authorized to perform: iam:CreateRole on resource: {newRoleArn}");
        Assert.Contains("assumed-role/AWSReservedSSO_ViewOnly_0123456789abcdef/viewer@example.com", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(iam.Host.State.Account(iam.AccountId).Iam.Roles.Keys, k => k == "escalate");

        // Reading is allowed, with the path visible.
        var listed = iam.Call("iam", "ListRoles", new JsonObject { ["PathPrefix"] = SsoPath }, viewer)["Roles"]!.AsArray();
        Assert.Single(listed);

        // The simulator agrees with the authorizer.
        var sourceArn = $"arn:aws:iam::{iam.AccountId}:role{SsoPath}AWSReservedSSO_ViewOnly_0123456789abcdef";
        var results = iam.Call("iam", "SimulatePrincipalPolicy", new JsonObject
        {
            ["PolicySourceArn"] = sourceArn,
            ["ActionNames"] = new JsonArray("iam:CreateRole", "ec2:DescribeVpcs"),
        })["EvaluationResults"]!.AsArray();
        Assert.Equal("implicitDeny", results[0]!["EvalDecision"]!.GetValue<string>());
        Assert.Equal("allowed", results[1]!["EvalDecision"]!.GetValue<string>());
        Assert.Equal("aws-managed", results[1]!["MatchedStatements"]![0]!["SourcePolicyType"]!.GetValue<string>());
    }

    [Fact]
    public void ServiceLinkedRole_IsCreatedOnceUnderItsServicePath()
    {
        var iam = new AwsHarness();
        var role = iam.Call("iam", "CreateServiceLinkedRole", new JsonObject { ["AWSServiceName"] = "eks.amazonaws.com" })["Role"]!;
        Assert.Equal("AWSServiceRoleForAmazonEKS", role["RoleName"]!.GetValue<string>());
        Assert.Equal("/aws-service-role/eks.amazonaws.com/", role["Path"]!.GetValue<string>());
        Assert.Equal("AWSServiceRoleForAmazonEKSNodegroup",
            iam.Call("iam", "CreateServiceLinkedRole", new JsonObject { ["AWSServiceName"] = "eks-nodegroup.amazonaws.com" })["Role"]!["RoleName"]!.GetValue<string>());

        AwsHarness.AssertError(iam.Fails("iam", "CreateServiceLinkedRole", new JsonObject { ["AWSServiceName"] = "eks.amazonaws.com" }), "InvalidInput", 400, "has been taken");
        AwsHarness.AssertError(iam.Fails("iam", "DeleteRole", new JsonObject { ["RoleName"] = "AWSServiceRoleForAmazonEKS" }), "UnmodifiableEntity", 400);
    }

    [Fact]
    public void Users_AccessKeys_AndTheirSecretShownOnce()
    {
        var iam = new AwsHarness();
        var user = iam.Call("iam", "CreateUser", new JsonObject { ["UserName"] = "ci", ["Path"] = "/automation/" })["User"]!;
        Assert.Equal($"arn:aws:iam::{iam.AccountId}:user/automation/ci", user["Arn"]!.GetValue<string>());
        AwsHarness.AssertError(iam.Fails("iam", "CreateUser", new JsonObject { ["UserName"] = "CI" }), "EntityAlreadyExists", 409);

        var key = iam.Call("iam", "CreateAccessKey", new JsonObject { ["UserName"] = "ci" })["AccessKey"]!;
        var keyId = key["AccessKeyId"]!.GetValue<string>();
        Assert.StartsWith("AKIA", keyId, StringComparison.Ordinal);
        Assert.Equal(40, key["SecretAccessKey"]!.GetValue<string>().Length);

        var listed = Assert.Single(iam.Call("iam", "ListAccessKeys", new JsonObject { ["UserName"] = "ci" })["AccessKeyMetadata"]!.AsArray())!;
        Assert.Equal(keyId, listed["AccessKeyId"]!.GetValue<string>());
        Assert.Null(listed["SecretAccessKey"]);

        // The new key authenticates as the user, who has no permissions yet.
        var ci = SandboxCaller.From(iam.Host.State.AccessKeys[keyId], iam.Host.State);
        AwsHarness.AssertError(iam.Fails("iam", "ListRoles", caller: ci), "AccessDenied", 403);
        iam.Call("iam", "AttachUserPolicy", new JsonObject { ["UserName"] = "ci", ["PolicyArn"] = ViewOnlyAccessArn });
        iam.Call("iam", "ListRoles", caller: ci);
        AwsHarness.AssertError(iam.Fails("iam", "GetUser", caller: ci), "AccessDenied", 403, $"arn:aws:iam::{iam.AccountId}:user/automation/ci");
        Assert.Equal("admin", iam.Call("iam", "GetUser")["User"]!["UserName"]!.GetValue<string>());

        iam.Call("iam", "CreateAccessKey", new JsonObject { ["UserName"] = "ci" });
        AwsHarness.AssertError(iam.Fails("iam", "CreateAccessKey", new JsonObject { ["UserName"] = "ci" }), "LimitExceeded", 409);
        iam.Call("iam", "DeleteAccessKey", new JsonObject { ["UserName"] = "ci", ["AccessKeyId"] = keyId });
        Assert.False(iam.Host.State.AccessKeys.ContainsKey(keyId));
        AwsHarness.AssertError(iam.Fails("iam", "DeleteAccessKey", new JsonObject { ["UserName"] = "ci", ["AccessKeyId"] = keyId }), "NoSuchEntity", 404);
    }

    [Fact]
    public void RoleTags_AndInstanceProfiles()
    {
        var iam = new AwsHarness();
        iam.Call("iam", "CreateRole", new JsonObject
        {
            ["RoleName"] = "KarpenterNodeRole",
            ["AssumeRolePolicyDocument"] = AwsHarness.Ec2Trust,
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "platform" }),
        });
        iam.Call("iam", "TagRole", new JsonObject { ["RoleName"] = "KarpenterNodeRole", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "env", ["Value"] = "dev" }) });
        iam.Call("iam", "UntagRole", new JsonObject { ["RoleName"] = "KarpenterNodeRole", ["TagKeys"] = new JsonArray("team") });
        var tags = iam.Call("iam", "ListRoleTags", new JsonObject { ["RoleName"] = "KarpenterNodeRole" })["Tags"]!.AsArray();
        Assert.Equal("env", Assert.Single(tags)!["Key"]!.GetValue<string>());

        iam.Call("iam", "CreateInstanceProfile", new JsonObject { ["InstanceProfileName"] = "KarpenterNodeInstanceProfile" });
        iam.Call("iam", "AddRoleToInstanceProfile", new JsonObject { ["InstanceProfileName"] = "KarpenterNodeInstanceProfile", ["RoleName"] = "KarpenterNodeRole" });
        var profile = iam.Call("iam", "GetInstanceProfile", new JsonObject { ["InstanceProfileName"] = "KarpenterNodeInstanceProfile" })["InstanceProfile"]!;
        Assert.Equal("KarpenterNodeRole", Assert.Single(profile["Roles"]!.AsArray())!["RoleName"]!.GetValue<string>());
        AwsHarness.AssertError(iam.Fails("iam", "DeleteRole", new JsonObject { ["RoleName"] = "KarpenterNodeRole" }), "DeleteConflict", 409, "instance profile");
    }
}
