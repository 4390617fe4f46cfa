using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SSO;
using Amazon.SSO.Model;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.Aws.Services.IdentityStore;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Aws.Services.SsoAdmin;
using EksSso.Engine.Aws.Services.Sts;
using EksSso.Sandbox.Hosting;
using Xunit;
using OrgCreateAccountRequest = EksSso.Engine.Aws.Services.Organizations.CreateAccountRequest;
using IdsCreateUserRequest = EksSso.Engine.Aws.Services.IdentityStore.CreateUserRequest;

namespace EksSso.Sandbox.Tests.Scenarios;

/// <summary>
/// The reference procedure's identity half, driven through the module's own typed clients against the sandbox:
/// the clients' requests pass the sandbox's model validation, and the sandbox enforces what AWS would.
/// </summary>
public sealed class SsoRoleScenarioTests
{
    private const string InlinePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*","sts:AssumeRole"],"Resource":"*"}]}""";

    private static async Task<T> PollAsync<T>(Func<Task<T>> poll, Func<T, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var value = await poll();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The sandbox did not reach the expected state.");
    }

    private sealed record Setup(SandboxServer Server, AwsTransport Admin, string MemberAccountId, string PermissionSetArn, string UserName);

    private static async Task<Setup> ArrangeAsync(string homeRegion)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.0001, HomeRegion = homeRegion });
        var key = server.Host.AdminKey;
        var admin = new AwsTransport(AwsSession.ForStaticKeys(key.AccessKeyId, key.SecretAccessKey, homeRegion, server.Endpoint, "test admin"));
        var ct = CancellationToken.None;

        var organizations = new OrganizationsClient(admin);
        await organizations.CreateOrganizationAsync(new CreateOrganizationRequest { FeatureSet = OrganizationFeatureSet.All }, ct);
        var requested = await organizations.CreateAccountAsync(new OrgCreateAccountRequest { AccountName = "EKS-Account", Email = "ops+eks@example.com" }, ct);
        var created = await PollAsync(
            () => organizations.DescribeCreateAccountStatusAsync(new DescribeCreateAccountStatusRequest { CreateAccountRequestId = requested.CreateAccountStatus!.Id }, ct),
            r => r.CreateAccountStatus?.State != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", created.CreateAccountStatus!.State);
        var memberAccount = created.CreateAccountStatus.AccountId!;

        var ssoAdmin = new SsoAdminClient(admin);
        var instance = Assert.Single((await ssoAdmin.ListInstancesAsync(new ListInstancesRequest(), ct)).Instances!);
        var identityStore = new IdentityStoreClient(admin);
        var user = await identityStore.CreateUserAsync(new IdsCreateUserRequest
        {
            IdentityStoreId = instance.IdentityStoreId,
            UserName = "eksadmin",
            DisplayName = "EKS Admin",
            Name = new Name { GivenName = "EKS", FamilyName = "Admin" },
        }, ct);
        var group = await identityStore.CreateGroupAsync(new CreateGroupRequest { IdentityStoreId = instance.IdentityStoreId, DisplayName = "EKS_Cluster_Admins" }, ct);
        await identityStore.CreateGroupMembershipAsync(new CreateGroupMembershipRequest
        {
            IdentityStoreId = instance.IdentityStoreId,
            GroupId = group.GroupId,
            MemberId = new MemberId { UserId = user.UserId },
        }, ct);

        var permissionSet = (await ssoAdmin.CreatePermissionSetAsync(new CreatePermissionSetRequest
        {
            InstanceArn = instance.InstanceArn,
            Name = "EKSClusterAdminAccess",
            SessionDuration = "PT2H",
        }, ct)).PermissionSet!;
        await ssoAdmin.AttachManagedPolicyToPermissionSetAsync(new AttachManagedPolicyToPermissionSetRequest
        {
            InstanceArn = instance.InstanceArn,
            PermissionSetArn = permissionSet.PermissionSetArn,
            ManagedPolicyArn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        }, ct);
        await ssoAdmin.PutInlinePolicyToPermissionSetAsync(new PutInlinePolicyToPermissionSetRequest
        {
            InstanceArn = instance.InstanceArn,
            PermissionSetArn = permissionSet.PermissionSetArn,
            InlinePolicy = InlinePolicy,
        }, ct);
        var assignment = await ssoAdmin.CreateAccountAssignmentAsync(new CreateAccountAssignmentRequest
        {
            InstanceArn = instance.InstanceArn,
            PermissionSetArn = permissionSet.PermissionSetArn,
            TargetId = memberAccount,
            TargetType = "AWS_ACCOUNT",
            PrincipalType = "GROUP",
            PrincipalId = group.GroupId,
        }, ct);
        var status = await PollAsync(
            () => ssoAdmin.DescribeAccountAssignmentCreationStatusAsync(new DescribeAccountAssignmentCreationStatusRequest
            {
                InstanceArn = instance.InstanceArn,
                AccountAssignmentCreationRequestId = assignment.AccountAssignmentCreationStatus!.RequestId,
            }, ct),
            r => r.AccountAssignmentCreationStatus?.Status != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", status.AccountAssignmentCreationStatus!.Status);
        return new Setup(server, admin, memberAccount, permissionSet.PermissionSetArn!, "eksadmin");
    }

    /// <summary>Signs in as the Identity Center user with the AWS SDK's OIDC and portal clients, as the AWS CLI does.</summary>
    private static async Task<AwsSession> SignInAsync(Setup setup, string region)
    {
        var endpoint = setup.Server.Endpoint.ToString();
        using var oidc = new AmazonSSOOIDCClient(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonSSOOIDCConfig { ServiceURL = endpoint, AuthenticationRegion = region });
        var client = await oidc.RegisterClientAsync(new RegisterClientRequest { ClientName = "eksso-test", ClientType = "public", Scopes = ["sso:account:access"] });
        var instance = setup.Server.Host.State.Global["identitycenter"].ToJsonString();
        var storeId = JsonDocument.Parse(instance).RootElement.EnumerateObject().SelectMany(p => FindStrings(p.Value)).First(s => s.StartsWith("d-", StringComparison.Ordinal));
        var start = await oidc.StartDeviceAuthorizationAsync(new StartDeviceAuthorizationRequest
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            StartUrl = $"https://{storeId}.awsapps.com/start",
        });
        await Assert.ThrowsAsync<AuthorizationPendingException>(() => oidc.CreateTokenAsync(new CreateTokenRequest
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            DeviceCode = start.DeviceCode,
            GrantType = "urn:ietf:params:oauth:grant-type:device_code",
        }));
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(new Uri(setup.Server.Endpoint, "/_sandbox/approve-authorization"), new { userCode = start.UserCode, userName = setup.UserName })).EnsureSuccessStatusCode();
        await Task.Delay(1100); // the device flow's polling interval
        var token = await oidc.CreateTokenAsync(new CreateTokenRequest
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            DeviceCode = start.DeviceCode,
            GrantType = "urn:ietf:params:oauth:grant-type:device_code",
        });

        using var portal = new AmazonSSOClient(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonSSOConfig { ServiceURL = endpoint, AuthenticationRegion = region });
        var credentials = (await portal.GetRoleCredentialsAsync(new GetRoleCredentialsRequest
        {
            AccessToken = token.AccessToken,
            AccountId = setup.MemberAccountId,
            RoleName = "EKSClusterAdminAccess",
        })).RoleCredentials;
        return new AwsSession(
            new Amazon.Runtime.SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            region, "sso", "test", endpointUrl: setup.Server.Endpoint);
    }

    private static IEnumerable<string> FindStrings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => FindStrings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(FindStrings),
        _ => [],
    };

    [Fact]
    public async Task Sso_role_with_ViewOnlyAccess_and_the_inline_policy_may_list_clusters_but_not_create_roles()
    {
        var setup = await ArrangeAsync("us-east-1");
        await using var server = setup.Server;
        var sso = new AwsTransport(await SignInAsync(setup, "us-east-1"));

        var me = await new StsClient(sso).GetCallerIdentityAsync(CancellationToken.None);
        Assert.Matches($"^arn:aws:sts::{setup.MemberAccountId}:assumed-role/AWSReservedSSO_EKSClusterAdminAccess_[0-9a-f]{{16}}/eksadmin$", me.Arn);

        var clusters = await new EksClient(sso).ListClustersAsync(new ListClustersRequest(), CancellationToken.None);
        Assert.Empty(clusters.Clusters ?? []);

        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => new IamClient(sso).CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "EKSClusterCreator",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""",
        }, CancellationToken.None));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(AwsErrorKind.AccessDenied, denied.Kind);
        Assert.StartsWith($"User: {me.Arn} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::{setup.MemberAccountId}:role/EKSClusterCreator", denied.AwsMessage);
    }

    [Theory]
    [InlineData("us-east-1", "/aws-reserved/sso.amazonaws.com/")]
    [InlineData("eu-west-1", "/aws-reserved/sso.amazonaws.com/eu-west-1/")]
    public async Task AWSReservedSSO_role_path_follows_the_home_region(string homeRegion, string expectedPath)
    {
        var setup = await ArrangeAsync(homeRegion);
        await using var server = setup.Server;
        var ct = CancellationToken.None;

        // Into the member account as the management admin, through OrganizationAccountAccessRole.
        var assumed = await new StsClient(setup.Admin).AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{setup.MemberAccountId}:role/OrganizationAccountAccessRole",
            RoleSessionName = "admin",
        }, ct);
        var member = new AwsTransport(new AwsSession(
            new Amazon.Runtime.SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken),
            homeRegion, "assumed", "test", endpointUrl: setup.Server.Endpoint));
        var roles = await new IamClient(member).ListAllRolesAsync(new ListRolesRequest { PathPrefix = "/aws-reserved/sso.amazonaws.com/" }, ct).CollectAsync(ct);
        var role = Assert.Single(roles);
        Assert.Equal(expectedPath, role.Path);
        Assert.Matches("^AWSReservedSSO_EKSClusterAdminAccess_[0-9a-f]{16}$", role.RoleName);
        Assert.Equal($"arn:aws:iam::{setup.MemberAccountId}:role{expectedPath}{role.RoleName}", role.Arn);
        var attached = await new IamClient(member).ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = role.RoleName }, ct);
        Assert.Equal("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", Assert.Single(attached.AttachedPolicies!).PolicyArn);
    }

    [Fact]
    public async Task AssumeRole_is_denied_when_the_trust_policy_names_someone_else()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.0001 });
        var key = server.Host.AdminKey;
        var admin = new AwsTransport(AwsSession.ForStaticKeys(key.AccessKeyId, key.SecretAccessKey, "us-east-1", server.Endpoint, "test admin"));
        var account = server.Host.State.ManagementAccountId;
        var iam = new IamClient(admin);

        // IAM refuses trust policies naming principals that do not exist, so the other principal is a real role.
        await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "SomeoneElse",
            AssumeRolePolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }, CancellationToken.None);
        await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "TrustsSomeoneElse",
            AssumeRolePolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account}}:role/SomeoneElse"},"Action":"sts:AssumeRole"}]}""",
        }, CancellationToken.None);

        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => new StsClient(admin).AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{account}:role/TrustsSomeoneElse",
            RoleSessionName = "try",
        }, CancellationToken.None));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains($"User: arn:aws:iam::{account}:user/admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{account}:role/TrustsSomeoneElse", denied.AwsMessage);
    }

    [Fact]
    public async Task AWSReservedSSO_role_trusts_its_SAML_provider_and_nothing_else()
    {
        var setup = await ArrangeAsync("us-east-1");
        await using var server = setup.Server;
        var account = server.Host.State.Account(setup.MemberAccountId);
        var role = account.Iam.Roles.Values.Single(r => r.Name.StartsWith("AWSReservedSSO_", StringComparison.Ordinal));
        var provider = Assert.Single(account.Iam.SamlProviders.Keys);
        using var http = new HttpClient();

        async Task<(bool Ok, string Body)> AssumeAsync(string roleArn, string providerArn)
        {
            var mint = await http.PostAsJsonAsync(new Uri(server.Endpoint, "/_sandbox/mint-saml-assertion"), new { subject = "eksadmin", roleArn, principalArn = providerArn });
            mint.EnsureSuccessStatusCode();
            var assertion = JsonDocument.Parse(await mint.Content.ReadAsStringAsync()).RootElement.GetProperty("assertion").GetString()!;
            var form = $"Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn={Uri.EscapeDataString(roleArn)}&PrincipalArn={Uri.EscapeDataString(providerArn)}&SAMLAssertion={Uri.EscapeDataString(assertion)}";
            var reply = await http.PostAsync(server.Endpoint, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            return (reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        }

        var (ok, body) = await AssumeAsync(role.Arn, provider);
        Assert.True(ok, body);
        Assert.Contains($"arn:aws:sts::{setup.MemberAccountId}:assumed-role/{role.Name}/eksadmin", body, StringComparison.Ordinal);

        // OrganizationAccountAccessRole trusts the management account, not the SAML provider.
        var (denied, deniedBody) = await AssumeAsync($"arn:aws:iam::{setup.MemberAccountId}:role/OrganizationAccountAccessRole", provider);
        Assert.False(denied);
        Assert.Contains("<Code>AccessDenied</Code>", deniedBody, StringComparison.Ordinal);
        Assert.Contains("Not authorized to perform sts:AssumeRoleWithSAML", deniedBody, StringComparison.Ordinal);
    }
}
