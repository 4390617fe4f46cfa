using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.IdentityCenter;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

public sealed class SsoOidcAndPortalTests
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>Organization, member account, permission set assigned to a group the user eksadmin is in.</summary>
    private static (ServiceHarness Sandbox, string Member, string PermissionSet) Scenario()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks-workloads", "workloads@sandbox.example.com");
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        sandbox.AttachManagedPolicy(ps, SsoAdminServiceTests.ViewOnlyAccess);
        sandbox.PutInlinePolicy(ps, SsoAdminServiceTests.EksInlinePolicy);
        var user = sandbox.CreateUser("eksadmin");
        var group = sandbox.CreateGroup("eks-admins");
        sandbox.AddToGroup(group, user);
        Assert.Equal("SUCCEEDED", sandbox.Assign(member, ps, "GROUP", group)["Status"]!.GetValue<string>());
        return (sandbox, member, ps);
    }

    private static (string ClientId, string Secret) Register(ServiceHarness sandbox, JsonObject? extra = null)
    {
        var input = new JsonObject { ["clientName"] = "eks-sso", ["clientType"] = "public" };
        foreach (var (k, v) in extra ?? [])
        {
            input[k] = v?.DeepClone();
        }

        var client = sandbox.Call("sso-oidc", "RegisterClient", input, unsigned: true);
        Assert.True(client["clientSecretExpiresAt"]!.GetValue<long>() > DateTimeOffset.UtcNow.AddDays(89).ToUnixTimeSeconds());
        return (client["clientId"]!.GetValue<string>(), client["clientSecret"]!.GetValue<string>());
    }

    [Fact]
    public void Device_flow_then_portal_credentials_for_the_reserved_role()
    {
        var (sandbox, member, _) = Scenario();
        var (clientId, secret) = Register(sandbox, new JsonObject { ["scopes"] = new JsonArray("sso:account:access") });
        var startUrl = $"https://{sandbox.Instance().IdentityStoreId}.awsapps.com/start";
        var start = sandbox.Call("sso-oidc", "StartDeviceAuthorization", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["startUrl"] = startUrl }, unsigned: true);
        var userCode = start["userCode"]!.GetValue<string>();
        Assert.Matches("^[A-Z]{4}-[A-Z]{4}$", userCode);
        Assert.Equal("https://device.sso.us-east-1.amazonaws.com/", start["verificationUri"]!.GetValue<string>());
        Assert.Equal($"https://device.sso.us-east-1.amazonaws.com/?user_code={userCode}", start["verificationUriComplete"]!.GetValue<string>());
        Assert.Equal(1, start["interval"]!.GetValue<int>());

        var poll = new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["grantType"] = DeviceGrant, ["deviceCode"] = start["deviceCode"]!.GetValue<string>() };
        Assert.Equal("AuthorizationPendingException", sandbox.Fails("sso-oidc", "CreateToken", poll, unsigned: true).Code);
        Assert.Equal("SlowDownException", sandbox.Fails("sso-oidc", "CreateToken", poll, unsigned: true).Code);

        Assert.Throws<ArgumentException>(() => sandbox.Control("approve-authorization", new JsonObject { ["userCode"] = userCode, ["userName"] = "nobody" }));
        sandbox.Control("approve-authorization", new JsonObject { ["userCode"] = userCode, ["userName"] = "eksadmin" });
        var token = sandbox.Call("sso-oidc", "CreateToken", poll, unsigned: true);
        Assert.StartsWith("aoa", token["accessToken"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Bearer", token["tokenType"]!.GetValue<string>());
        Assert.Equal(28800, token["expiresIn"]!.GetValue<int>());
        Assert.NotNull(token["refreshToken"]);
        Assert.Null(token["idToken"]);
        Assert.Equal("InvalidGrantException", sandbox.Fails("sso-oidc", "CreateToken", poll, unsigned: true).Code);

        var accessToken = token["accessToken"]!.GetValue<string>();
        var accounts = sandbox.Call("sso", "ListAccounts", new JsonObject { ["accessToken"] = accessToken }, unsigned: true)["accountList"]!.AsArray();
        var account = Assert.Single(accounts)!;
        Assert.Equal(member, account["accountId"]!.GetValue<string>());
        Assert.Equal("eks-workloads", account["accountName"]!.GetValue<string>());
        Assert.Equal("workloads@sandbox.example.com", account["emailAddress"]!.GetValue<string>());

        var roles = sandbox.Call("sso", "ListAccountRoles", new JsonObject { ["accessToken"] = accessToken, ["accountId"] = member }, unsigned: true)["roleList"]!.AsArray();
        Assert.Equal("EKSClusterAdminAccess", Assert.Single(roles)!["roleName"]!.GetValue<string>());

        var before = DateTimeOffset.UtcNow;
        var credentials = sandbox.Call("sso", "GetRoleCredentials", new JsonObject
        {
            ["accessToken"] = accessToken,
            ["accountId"] = member,
            ["roleName"] = "EKSClusterAdminAccess",
        }, unsigned: true)["roleCredentials"]!;
        var keyId = credentials["accessKeyId"]!.GetValue<string>();
        Assert.StartsWith("ASIA", keyId, StringComparison.Ordinal);
        var expiration = DateTimeOffset.FromUnixTimeMilliseconds(credentials["expiration"]!.GetValue<long>());
        Assert.InRange(expiration, before.AddHours(4).AddMinutes(-1), before.AddHours(4).AddMinutes(1));

        var key = sandbox.Host.State.AccessKeys[keyId];
        Assert.Equal(credentials["sessionToken"]!.GetValue<string>(), key.SessionToken);
        var caller = SandboxCaller.From(key, sandbox.Host.State);
        var role = SsoAdminServiceTests.ReservedRole(sandbox, member);
        Assert.Equal($"arn:aws:sts::{member}:assumed-role/{role.Name}/eksadmin", caller.Arn);
        Assert.Equal(role.Arn, caller.PrincipalArn);

        // The role's policies are what the session can do: ViewOnlyAccess plus the inline EKS statement.
        Assert.True(sandbox.Host.Authorizer.Evaluate(caller, "eks:DescribeCluster", $"arn:aws:eks:us-east-1:{member}:cluster/demo").Allowed);
        Assert.False(sandbox.Host.Authorizer.Evaluate(caller, "iam:CreateRole", $"arn:aws:iam::{member}:role/x").Allowed);

        sandbox.Call("sso", "Logout", new JsonObject { ["accessToken"] = accessToken }, unsigned: true);
        var unauthorized = sandbox.Fails("sso", "ListAccounts", new JsonObject { ["accessToken"] = accessToken }, unsigned: true);
        Assert.Equal("UnauthorizedException", unauthorized.Code);
        Assert.Equal(401, unauthorized.StatusCode);
    }

    [Fact]
    public void The_portal_refuses_unknown_tokens_and_unassigned_roles()
    {
        var (sandbox, member, _) = Scenario();
        Assert.Equal(401, sandbox.Fails("sso", "ListAccounts", new JsonObject { ["accessToken"] = "aoa-not-a-token" }, unsigned: true).StatusCode);

        sandbox.CreateUser("outsider");
        var outsider = sandbox.DeviceToken("outsider")["accessToken"]!.GetValue<string>();
        Assert.Empty(sandbox.Call("sso", "ListAccounts", new JsonObject { ["accessToken"] = outsider }, unsigned: true)["accountList"]!.AsArray());
        var forbidden = sandbox.Fails("sso", "GetRoleCredentials", new JsonObject { ["accessToken"] = outsider, ["accountId"] = member, ["roleName"] = "EKSClusterAdminAccess" }, unsigned: true);
        Assert.Equal("ForbiddenException", forbidden.Code);
        Assert.Equal("No access", forbidden.Message);

        var insider = sandbox.DeviceToken("eksadmin")["accessToken"]!.GetValue<string>();
        Assert.Equal("ForbiddenException", sandbox.Fails("sso", "GetRoleCredentials", new JsonObject { ["accessToken"] = insider, ["accountId"] = member, ["roleName"] = "AdministratorAccess" }, unsigned: true).Code);
        Assert.Equal("ForbiddenException", sandbox.Fails("sso", "GetRoleCredentials", new JsonObject { ["accessToken"] = insider, ["accountId"] = sandbox.ManagementAccountId, ["roleName"] = "EKSClusterAdminAccess" }, unsigned: true).Code);
    }

    [Fact]
    public void Clients_and_device_codes_are_checked()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateUser("eksadmin");
        var startUrl = $"https://{sandbox.Instance().IdentityStoreId}.awsapps.com/start/#/";
        Assert.Equal("InvalidClientMetadataException", sandbox.Fails("sso-oidc", "RegisterClient", new JsonObject { ["clientName"] = "x", ["clientType"] = "confidential" }, unsigned: true).Code);
        Assert.Equal("InvalidScopeException", sandbox.Fails("sso-oidc", "RegisterClient", new JsonObject { ["clientName"] = "x", ["clientType"] = "public", ["scopes"] = new JsonArray("everything") }, unsigned: true).Code);
        Assert.Equal("UnsupportedGrantTypeException", sandbox.Fails("sso-oidc", "RegisterClient", new JsonObject { ["clientName"] = "x", ["clientType"] = "public", ["grantTypes"] = new JsonArray("password") }, unsigned: true).Code);

        var (clientId, secret) = Register(sandbox);
        var bad = sandbox.Fails("sso-oidc", "StartDeviceAuthorization", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret + "x", ["startUrl"] = startUrl }, unsigned: true);
        Assert.Equal("InvalidClientException", bad.Code);
        Assert.Equal(401, bad.StatusCode);
        Assert.Equal("InvalidRequestException", sandbox.Fails("sso-oidc", "StartDeviceAuthorization", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["startUrl"] = "https://d-0000000000.awsapps.com/start" }, unsigned: true).Code);

        var start = sandbox.Call("sso-oidc", "StartDeviceAuthorization", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["startUrl"] = startUrl }, unsigned: true);
        var (otherId, otherSecret) = Register(sandbox);
        Assert.Equal("InvalidGrantException", sandbox.Fails("sso-oidc", "CreateToken", new JsonObject
        {
            ["clientId"] = otherId,
            ["clientSecret"] = otherSecret,
            ["grantType"] = DeviceGrant,
            ["deviceCode"] = start["deviceCode"]!.GetValue<string>(),
        }, unsigned: true).Code);
        Assert.Equal("UnsupportedGrantTypeException", sandbox.Fails("sso-oidc", "CreateToken", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["grantType"] = "password" }, unsigned: true).Code);

        // Denied at the verification page.
        sandbox.Control("approve-authorization", new JsonObject { ["userCode"] = start["userCode"]!.GetValue<string>().ToLowerInvariant(), ["userName"] = "eksadmin", ["deny"] = true });
        Assert.Equal("AccessDeniedException", sandbox.Fails("sso-oidc", "CreateToken", new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["grantType"] = DeviceGrant,
            ["deviceCode"] = start["deviceCode"]!.GetValue<string>(),
        }, unsigned: true).Code);

        // A legacy client (no scopes) gets no refresh token.
        var (legacyId, legacySecret) = Register(sandbox);
        var legacyStart = sandbox.Call("sso-oidc", "StartDeviceAuthorization", new JsonObject { ["clientId"] = legacyId, ["clientSecret"] = legacySecret, ["startUrl"] = startUrl }, unsigned: true);
        sandbox.Control("approve-authorization", new JsonObject { ["userCode"] = legacyStart["userCode"]!.GetValue<string>(), ["userName"] = "eksadmin" });
        var legacy = sandbox.Call("sso-oidc", "CreateToken", new JsonObject
        {
            ["clientId"] = legacyId,
            ["clientSecret"] = legacySecret,
            ["grantType"] = DeviceGrant,
            ["deviceCode"] = legacyStart["deviceCode"]!.GetValue<string>(),
        }, unsigned: true);
        Assert.Null(legacy["refreshToken"]);
    }

    [Fact]
    public void Authorization_code_flow_requires_the_PKCE_verifier()
    {
        var (sandbox, _, _) = Scenario();
        var (clientId, secret) = Register(sandbox, new JsonObject
        {
            ["scopes"] = new JsonArray("sso:account:access"),
            ["grantTypes"] = new JsonArray("authorization_code", "refresh_token"),
            ["redirectUris"] = new JsonArray("http://127.0.0.1/oauth/callback"),
            ["issuerUrl"] = $"https://{sandbox.Instance().IdentityStoreId}.awsapps.com/start",
        });
        const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var challenge = SsoOidcService.Challenge(Verifier);
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", challenge);

        JsonObject Authorize() => sandbox.Control("authorize-code", new JsonObject
        {
            ["clientId"] = clientId,
            ["redirectUri"] = "http://127.0.0.1:53682/oauth/callback",
            ["codeChallenge"] = challenge,
            ["codeChallengeMethod"] = "S256",
            ["userName"] = "eksadmin",
            ["state"] = "xyz",
        });

        JsonObject Exchange(string code, string verifier) => new()
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["grantType"] = "authorization_code",
            ["code"] = code,
            ["redirectUri"] = "http://127.0.0.1:53682/oauth/callback",
            ["codeVerifier"] = verifier,
        };

        var authorized = Authorize();
        var code = authorized["code"]!.GetValue<string>();
        Assert.Equal($"http://127.0.0.1:53682/oauth/callback?code={Uri.EscapeDataString(code)}&state=xyz", authorized["redirect"]!.GetValue<string>());
        Assert.Equal("InvalidGrantException", sandbox.Fails("sso-oidc", "CreateToken", Exchange(code, Verifier.Replace('d', 'e')), unsigned: true).Code);

        var good = Authorize()["code"]!.GetValue<string>();
        var token = sandbox.Call("sso-oidc", "CreateToken", Exchange(good, Verifier), unsigned: true);
        Assert.Equal("InvalidGrantException", sandbox.Fails("sso-oidc", "CreateToken", Exchange(good, Verifier), unsigned: true).Code);

        // The refresh token gives a new access token that works at the portal; the used refresh token is spent.
        var refresh = new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["grantType"] = "refresh_token",
            ["refreshToken"] = token["refreshToken"]!.GetValue<string>(),
        };
        var refreshed = sandbox.Call("sso-oidc", "CreateToken", refresh, unsigned: true);
        Assert.NotEqual(token["accessToken"]!.GetValue<string>(), refreshed["accessToken"]!.GetValue<string>());
        Assert.Equal("InvalidGrantException", sandbox.Fails("sso-oidc", "CreateToken", refresh, unsigned: true).Code);
        Assert.Single(sandbox.Call("sso", "ListAccounts", new JsonObject { ["accessToken"] = refreshed["accessToken"]!.GetValue<string>() }, unsigned: true)["accountList"]!.AsArray());

        // The device grant was not registered for this client.
        Assert.Equal("UnauthorizedClientException", sandbox.Fails("sso-oidc", "StartDeviceAuthorization", new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["startUrl"] = $"https://{sandbox.Instance().IdentityStoreId}.awsapps.com/start",
        }, unsigned: true).Code);
    }

    [Fact]
    public void Without_an_instance_device_authorization_fails()
    {
        var sandbox = new ServiceHarness(new SandboxOptions { TimeScale = 0.005, NoIdentityCenter = true });
        var (clientId, secret) = Register(sandbox);
        Assert.Equal("InvalidRequestException", sandbox.Fails("sso-oidc", "StartDeviceAuthorization", new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["startUrl"] = "https://d-0123456789.awsapps.com/start",
        }, unsigned: true).Code);
    }

    [Fact]
    public void Tokens_and_secrets_are_not_kept_in_clear_in_the_state()
    {
        var (sandbox, _, _) = Scenario();
        var token = sandbox.DeviceToken("eksadmin");
        var dump = EksSso.Sandbox.State.StateStore.Dump(sandbox.Host.State);
        Assert.DoesNotContain(token["accessToken"]!.GetValue<string>(), dump, StringComparison.Ordinal);
        Assert.DoesNotContain(token["refreshToken"]!.GetValue<string>(), dump, StringComparison.Ordinal);
    }
}
