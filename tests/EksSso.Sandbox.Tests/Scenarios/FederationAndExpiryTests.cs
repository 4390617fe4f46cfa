using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Hosting;
using Xunit;

namespace EksSso.Sandbox.Tests.Scenarios;

/// <summary>Web identity federation with sandbox-minted tokens, and session expiry through the duration override.</summary>
public sealed class FederationAndExpiryTests
{
    private static readonly HttpClient s_http = new();

    private static async Task<XDocument> QueryAsync(SandboxServer server, string service, string form, AwsSigningCredentials? credentials, bool expectSuccess = true)
    {
        var body = Encoding.UTF8.GetBytes(form);
        var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (credentials is not null)
        {
            SigV4Signer.Sign(request, body, credentials, "us-east-1", service, DateTimeOffset.UtcNow);
        }

        var response = await s_http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode == expectSuccess, $"{(int)response.StatusCode}: {text}");
        return XDocument.Parse(text);
    }

    private static string Value(XDocument doc, string name) => doc.Descendants().First(e => e.Name.LocalName == name).Value;

    private static AwsSigningCredentials Credentials(XDocument doc) =>
        new(Value(doc, "AccessKeyId"), Value(doc, "SecretAccessKey"), Value(doc, "SessionToken"));

    [Fact]
    public async Task AssumeRoleWithWebIdentity_accepts_a_minted_token_only_for_the_trusted_subject()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.0001 });
        var admin = new AwsSigningCredentials(server.Host.AdminKey.AccessKeyId, server.Host.AdminKey.SecretAccessKey);
        var account = server.Host.State.ManagementAccountId;
        await QueryAsync(server, "iam", "Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=" + Uri.EscapeDataString("https://token.actions.githubusercontent.com") + "&ClientIDList.member.1=sts.amazonaws.com", admin);
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example/infra:*"}}}]}""".Replace("ACCOUNT", account, StringComparison.Ordinal);
        await QueryAsync(server, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=GitHubDeploy&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust), admin);

        async Task<string> MintAsync(string subject)
        {
            var reply = await s_http.PostAsJsonAsync(new Uri(server.Endpoint, "/_sandbox/mint-web-identity-token"), new { subject, audience = "sts.amazonaws.com" });
            reply.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        }

        string Form(string token) => "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=ci&RoleArn=" +
            Uri.EscapeDataString($"arn:aws:iam::{account}:role/GitHubDeploy") + "&WebIdentityToken=" + Uri.EscapeDataString(token);

        var ok = await QueryAsync(server, "sts", Form(await MintAsync("repo:example/infra:ref:refs/heads/main")), credentials: null);
        Assert.Equal("repo:example/infra:ref:refs/heads/main", Value(ok, "SubjectFromWebIdentityToken"));
        var me = await QueryAsync(server, "sts", "Action=GetCallerIdentity&Version=2011-06-15", Credentials(ok));
        Assert.Equal($"arn:aws:sts::{account}:assumed-role/GitHubDeploy/ci", Value(me, "Arn"));

        var wrongRepo = await QueryAsync(server, "sts", Form(await MintAsync("repo:someone/else:ref:refs/heads/main")), credentials: null, expectSuccess: false);
        Assert.Equal("AccessDenied", Value(wrongRepo, "Code"));

        var forged = (await MintAsync("repo:example/infra:ref:refs/heads/main"))[..^4] + "AAAA";
        var rejected = await QueryAsync(server, "sts", Form(forged), credentials: null, expectSuccess: false);
        Assert.Equal("InvalidIdentityToken", Value(rejected, "Code"));
    }

    [Fact]
    public async Task Sessions_expire_and_role_chaining_is_capped_at_one_hour()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.0001 });
        var admin = new AwsSigningCredentials(server.Host.AdminKey.AccessKeyId, server.Host.AdminKey.SecretAccessKey);
        var account = server.Host.State.ManagementAccountId;
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account}}:root"},"Action":"sts:AssumeRole"}]}""";
        await QueryAsync(server, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=Hop&MaxSessionDuration=43200&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust), admin);
        await QueryAsync(server, "iam", "Action=AttachRolePolicy&Version=2010-05-08&RoleName=Hop&PolicyArn=" + Uri.EscapeDataString("arn:aws:iam::aws:policy/AdministratorAccess"), admin);
        var roleArn = Uri.EscapeDataString($"arn:aws:iam::{account}:role/Hop");

        // From a user, 12 hours are allowed by the role; from a role session (chaining), one hour at most.
        var first = await QueryAsync(server, "sts", $"Action=AssumeRole&Version=2011-06-15&RoleSessionName=one&DurationSeconds=43200&RoleArn={roleArn}", admin);
        var chained = await QueryAsync(server, "sts", $"Action=AssumeRole&Version=2011-06-15&RoleSessionName=two&DurationSeconds=7200&RoleArn={roleArn}", Credentials(first), expectSuccess: false);
        Assert.Equal("ValidationError", Value(chained, "Code"));
        Assert.Contains("1 hour session limit for roles assumed by role chaining", Value(chained, "Message"));

        (await s_http.PostAsJsonAsync(new Uri(server.Endpoint, "/_sandbox/session-duration"), new { seconds = 1 })).EnsureSuccessStatusCode();
        var shortLived = await QueryAsync(server, "sts", $"Action=AssumeRole&Version=2011-06-15&RoleSessionName=short&RoleArn={roleArn}", admin);
        await QueryAsync(server, "sts", "Action=GetCallerIdentity&Version=2011-06-15", Credentials(shortLived));
        await Task.Delay(1500);
        var expired = await QueryAsync(server, "sts", "Action=GetCallerIdentity&Version=2011-06-15", Credentials(shortLived), expectSuccess: false);
        Assert.Equal("ExpiredToken", Value(expired, "Code"));
    }
}
