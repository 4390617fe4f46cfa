using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Hosting;
using Xunit;

namespace EksSso.Sandbox.Tests.Hosting;

/// <summary>One in-process sandbox per test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxServer Server { get; private set; } = null!;

    public AwsSigningCredentials Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions { Port = 0, TimeScale = 0.0001 });
        var key = Server.Host.AdminKey;
        Admin = new AwsSigningCredentials(key.AccessKeyId, key.SecretAccessKey);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Routing, authentication, validation and error formats of the pipeline, over real HTTP.</summary>
public sealed class PipelineTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly HttpClient s_http = new();

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        string service, string region, HttpMethod method, string pathAndQuery, string body, string? contentType,
        AwsSigningCredentials? credentials, DateTimeOffset? time = null, (string, string)[]? headers = null)
    {
        var request = new HttpRequestMessage(method, new Uri(sandbox.Server.Endpoint, pathAndQuery));
        var bytes = Encoding.UTF8.GetBytes(body);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(bytes);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var (k, v) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        if (credentials is not null)
        {
            SigV4Signer.Sign(request, bytes, credentials, region, service, time ?? DateTimeOffset.UtcNow);
        }

        var response = await s_http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> StsAsync(string form, AwsSigningCredentials? credentials, DateTimeOffset? time = null) =>
        SendAsync("sts", "us-east-1", HttpMethod.Post, "/", form, "application/x-www-form-urlencoded; charset=utf-8", credentials, time);

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> OrganizationsAsync(string operation, string json, AwsSigningCredentials? credentials) =>
        SendAsync("organizations", "us-east-1", HttpMethod.Post, "/", json, "application/x-amz-json-1.1", credentials, headers: [("X-Amz-Target", "AWSOrganizationsV20161128." + operation)]);

    private static string QueryErrorCode(string body) =>
        XDocument.Parse(body).Descendants().First(e => e.Name.LocalName == "Code").Value;

    private static string JsonErrorCode(string body) => JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString()!;

    [Fact]
    public async Task Signed_GetCallerIdentity_names_the_admin_user()
    {
        var (status, body, response) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", sandbox.Admin);
        Assert.Equal(HttpStatusCode.OK, status);
        var xml = XDocument.Parse(body);
        var arn = xml.Descendants().First(e => e.Name.LocalName == "Arn").Value;
        Assert.Equal($"arn:aws:iam::{sandbox.Server.Host.State.ManagementAccountId}:user/admin", arn);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Unknown_key_is_InvalidClientTokenId_in_query_and_UnrecognizedClientException_in_json()
    {
        var stranger = new AwsSigningCredentials("AKIDUNKNOWNEXAMPLE01", "secret");
        var (status, body, _) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", stranger);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("InvalidClientTokenId", QueryErrorCode(body));

        var (jsonStatus, jsonBody, response) = await OrganizationsAsync("DescribeOrganization", "{}", stranger);
        Assert.Equal(HttpStatusCode.BadRequest, jsonStatus);
        Assert.Equal("UnrecognizedClientException", JsonErrorCode(jsonBody));
        Assert.Equal("UnrecognizedClientException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Wrong_secret_is_SignatureDoesNotMatch()
    {
        var forged = new AwsSigningCredentials(sandbox.Admin.AccessKeyId, "not-the-secret");
        var (status, body, _) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", forged);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", QueryErrorCode(body));

        var (_, jsonBody, _) = await OrganizationsAsync("DescribeOrganization", "{}", forged);
        Assert.Equal("InvalidSignatureException", JsonErrorCode(jsonBody));
    }

    [Fact]
    public async Task Clock_skew_over_five_minutes_is_refused()
    {
        var (_, body, _) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", sandbox.Admin, DateTimeOffset.UtcNow.AddMinutes(-6));
        Assert.Equal("RequestTimeTooSkewed", QueryErrorCode(body));
    }

    [Fact]
    public async Task Unsigned_request_is_MissingAuthenticationToken()
    {
        var (status, body, _) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", null);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("MissingAuthenticationToken", QueryErrorCode(body));
    }

    [Fact]
    public async Task Missing_required_member_is_a_ValidationError_before_the_handler()
    {
        // STS AssumeRole without RoleSessionName.
        var (status, body, _) = await StsAsync("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fx", sandbox.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationError", QueryErrorCode(body));
        Assert.Contains("roleSessionName", body, StringComparison.Ordinal);
        Assert.Contains("Member must not be null", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_enum_is_a_ValidationException()
    {
        var (status, body, _) = await OrganizationsAsync("CreateOrganization", "{\"FeatureSet\":\"SOME\"}", sandbox.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", JsonErrorCode(body));
        Assert.Contains("enum value set", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_action_is_InvalidAction()
    {
        var (_, body, _) = await StsAsync("Action=NoSuchThing&Version=2011-06-15", sandbox.Admin);
        Assert.Equal("InvalidAction", QueryErrorCode(body));
    }

    [Fact]
    public async Task Presigned_GetCallerIdentity_is_accepted_and_tampering_is_not()
    {
        var url = SigV4Signer.Presign(
            HttpMethod.Get,
            new Uri(sandbox.Server.Endpoint, "/?Action=GetCallerIdentity&Version=2011-06-15"),
            [new("x-k8s-aws-id", "demo")],
            sandbox.Admin,
            "us-east-1",
            "sts",
            DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(60));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-k8s-aws-id", "demo");
        var ok = await s_http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var tampered = new HttpRequestMessage(HttpMethod.Get, url);
        tampered.Headers.Add("x-k8s-aws-id", "other-cluster");
        var denied = await s_http.SendAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", QueryErrorCode(await denied.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Control_path_counts_requests_per_operation()
    {
        await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", sandbox.Admin);
        var summary = JsonDocument.Parse(await s_http.GetStringAsync(new Uri(sandbox.Server.Endpoint, "/_sandbox/requests"))).RootElement;
        Assert.True(summary.GetProperty("byOperation").GetProperty("sts:GetCallerIdentity").GetInt32() >= 1);
        var state = await s_http.GetStringAsync(new Uri(sandbox.Server.Endpoint, "/_sandbox/state"));
        Assert.DoesNotContain(sandbox.Admin.SecretAccessKey, state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected_throttling_is_answered_in_the_protocol()
    {
        using var set = new StringContent("{\"service\":\"sts\",\"operation\":\"GetCallerIdentity\",\"throttleRate\":1}", Encoding.UTF8, "application/json");
        (await s_http.PostAsync(new Uri(sandbox.Server.Endpoint, "/_sandbox/faults"), set)).EnsureSuccessStatusCode();
        try
        {
            var (_, body, _) = await StsAsync("Action=GetCallerIdentity&Version=2011-06-15", sandbox.Admin);
            Assert.Equal("Throttling", QueryErrorCode(body));
        }
        finally
        {
            await s_http.DeleteAsync(new Uri(sandbox.Server.Endpoint, "/_sandbox/faults"));
        }
    }

    [Fact]
    public async Task Form_bodies_decode_plus_as_space_as_the_AWS_CLI_sends_them()
    {
        var trust = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var (status, body, _) = await SendAsync("iam", "us-east-1", HttpMethod.Post, "/",
            $"Action=CreateRole&Version=2010-05-08&RoleName=PlusRole&Description=A+role+with+spaces&AssumeRolePolicyDocument={trust}",
            "application/x-www-form-urlencoded; charset=utf-8", sandbox.Admin);
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("A role with spaces", XDocument.Parse(body).Descendants().First(e => e.Name.LocalName == "Description").Value);
    }
}
