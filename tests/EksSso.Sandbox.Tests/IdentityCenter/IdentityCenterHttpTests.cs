using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Hosting;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

/// <summary>The SSO login an AWS CLI performs, over HTTP through the real pipeline: OIDC, the portal, then STS with the role session.</summary>
public sealed class IdentityCenterHttpTests
{
    private static readonly HttpClient s_http = new();

    [Fact]
    public async Task Device_login_portal_credentials_and_GetCallerIdentity_over_http()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.005 });
        var sandbox = new ServiceHarness(server.Host);
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("eks-workloads", "workloads@sandbox.example.com");
        var ps = sandbox.CreatePermissionSet("EKSClusterAdminAccess");
        sandbox.AttachManagedPolicy(ps, SsoAdminServiceTests.ViewOnlyAccess);
        sandbox.Assign(member, ps, "USER", sandbox.CreateUser("eksadmin"));
        var startUrl = $"https://{sandbox.Instance().IdentityStoreId}.awsapps.com/start";

        var (status, client) = await JsonAsync(server, HttpMethod.Post, "/client/register", new JsonObject { ["clientName"] = "aws-cli", ["clientType"] = "public", ["scopes"] = new JsonArray("sso:account:access") });
        Assert.Equal(HttpStatusCode.OK, status);
        var clientId = client["clientId"]!.GetValue<string>();
        var secret = client["clientSecret"]!.GetValue<string>();

        (status, var start) = await JsonAsync(server, HttpMethod.Post, "/device_authorization", new JsonObject { ["clientId"] = clientId, ["clientSecret"] = secret, ["startUrl"] = startUrl });
        Assert.Equal(HttpStatusCode.OK, status);
        var tokenRequest = new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["grantType"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["deviceCode"] = start["deviceCode"]!.GetValue<string>(),
        };

        var pending = await SendAsync(server, HttpMethod.Post, "/token", tokenRequest.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
        Assert.Equal("AuthorizationPendingException", pending.Headers.GetValues("x-amzn-ErrorType").Single().Split(':')[0]);

        var approve = await SendAsync(server, HttpMethod.Post, "/_sandbox/approve-authorization", new JsonObject { ["userCode"] = start["userCode"]!.GetValue<string>(), ["userName"] = "eksadmin" }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        (status, var token) = await JsonAsync(server, HttpMethod.Post, "/token", tokenRequest);
        Assert.Equal(HttpStatusCode.OK, status);
        var accessToken = token["accessToken"]!.GetValue<string>();

        (status, var accounts) = await JsonAsync(server, HttpMethod.Get, "/assignment/accounts", null, accessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(member, accounts["accountList"]![0]!["accountId"]!.GetValue<string>());

        (status, var credentials) = await JsonAsync(server, HttpMethod.Get, $"/federation/credentials?role_name=EKSClusterAdminAccess&account_id={member}", null, accessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var role = credentials["roleCredentials"]!;

        var unauthorized = await SendAsync(server, HttpMethod.Get, "/assignment/accounts", null, "aoa-invalid");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var sts = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint, "/"));
        var form = Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");
        sts.Content = new ByteArrayContent(form);
        sts.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        SigV4Signer.Sign(
            sts,
            form,
            new AwsSigningCredentials(role["accessKeyId"]!.GetValue<string>(), role["secretAccessKey"]!.GetValue<string>(), role["sessionToken"]!.GetValue<string>()),
            "us-east-1",
            "sts",
            DateTimeOffset.UtcNow);
        var identity = await s_http.SendAsync(sts);
        var body = await identity.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        var arn = XDocument.Parse(body).Descendants().First(e => e.Name.LocalName == "Arn").Value;
        var roleName = SsoAdminServiceTests.ReservedRole(sandbox, member).Name;
        Assert.Equal($"arn:aws:sts::{member}:assumed-role/{roleName}/eksadmin", arn);
    }

    private static async Task<HttpResponseMessage> SendAsync(SandboxServer server, HttpMethod method, string pathAndQuery, string? body, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server.Endpoint, pathAndQuery));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", bearer);
        }

        return await s_http.SendAsync(request);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> JsonAsync(SandboxServer server, HttpMethod method, string pathAndQuery, JsonObject? body, string? bearer = null)
    {
        var response = await SendAsync(server, method, pathAndQuery, body?.ToJsonString(), bearer);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? []);
    }
}
