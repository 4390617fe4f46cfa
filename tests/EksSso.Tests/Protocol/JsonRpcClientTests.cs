using System.Text.Json;
using System.Text.Json.Serialization;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Organizations;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class JsonRpcWidgetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    public string? PermissionSetArn { get; set; }

    public string? Description { get; set; }

    public int? MaxResults { get; set; }

    public bool? Recursive { get; set; }

    public DateTimeOffset? CreatedAfter { get; set; }

    public List<string>? Filters { get; set; }

    public JsonRpcWidgetTag? Tag { get; set; }

    [JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }
}

public sealed class JsonRpcWidgetTag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class JsonRpcWidgetResponse
{
    public List<JsonRpcWidget>? Widgets { get; set; }

    public string? NextToken { get; set; }

    public DateTimeOffset? Updated { get; set; }
}

public sealed class JsonRpcWidget
{
    public string? Name { get; set; }

    public DateTimeOffset CreatedDate { get; set; }

    public List<List<string>>? Groups { get; set; }

    public List<JsonRpcWidgetTag>? Tags { get; set; }
}

public sealed class JsonRpcClientTests
{
    private static readonly AwsOperation<JsonRpcWidgetRequest, JsonRpcWidgetResponse> s_listWidgets = new(AwsServiceInfo.SsoAdmin, "ListWidgets");

    private static JsonRpcWidgetRequest FullRequest() => new()
    {
        InstanceArn = "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        Description = null,
        MaxResults = 25,
        Recursive = true,
        CreatedAfter = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500),
        Filters = ["a", "b c"],
        Tag = new JsonRpcWidgetTag { Key = "Team", Value = null },
        NextToken = "tok",
    };

    [Fact]
    public async Task Request_IsPostToRoot_WithJson11ContentType_Target_AndPascalCaseBodyWithoutNulls()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "{}");
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        await client.InvokeAsync(s_listWidgets, FullRequest(), CancellationToken.None);

        var r = h.Single;
        Assert.Equal(HttpMethod.Post, r.Method);
        Assert.Equal("http://127.0.0.1:9/", r.Uri.AbsoluteUri);
        Assert.Equal("/", r.Uri.AbsolutePath);
        Assert.Equal("application/x-amz-json-1.1", r.Header("Content-Type"));
        Assert.Equal("SWBExternalService.ListWidgets", r.Header("X-Amz-Target"));

        using var doc = JsonDocument.Parse(r.Body);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["InstanceArn", "MaxResults", "Recursive", "CreatedAfter", "Filters", "Tag", "nextToken"], names);
        Assert.Equal("arn:aws:sso:::instance/ssoins-1234567890abcdef", doc.RootElement.GetProperty("InstanceArn").GetString());
        Assert.Equal(25, doc.RootElement.GetProperty("MaxResults").GetInt32());
        Assert.True(doc.RootElement.GetProperty("Recursive").GetBoolean());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("CreatedAfter").ValueKind);
        Assert.Equal(1_700_000_000.5, doc.RootElement.GetProperty("CreatedAfter").GetDouble());
        Assert.Equal(["a", "b c"], doc.RootElement.GetProperty("Filters").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var tag = doc.RootElement.GetProperty("Tag");
        Assert.Equal(["Key"], tag.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("Team", tag.GetProperty("Key").GetString());
    }

    [Fact]
    public async Task Timestamp_WholeSeconds_IsWrittenAsIntegerEpochSeconds()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "{}");
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        await client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i", CreatedAfter = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)) }, CancellationToken.None);

        Assert.Equal("{\"InstanceArn\":\"i\",\"CreatedAfter\":1704157445}", h.Single.BodyText);
    }

    [Fact]
    public async Task Request_IsSignedForSessionRegionAndSigningName_IncludingTarget()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "{}");
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        await client.InvokeAsync(s_listWidgets, FullRequest(), CancellationToken.None);

        var r = h.Single;
        var auth = r.Authorization;
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240315/us-west-2/sso/aws4_request", r.Header("Authorization"));
        Assert.Equal("/us-west-2/sso/aws4_request", auth.Scope);
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-target"], auth.SignedHeaders);
        Assert.Equal("20240315T123045Z", r.Header("X-Amz-Date"));
        Assert.Equal("127.0.0.1:9", r.Header("Host"));
        Assert.False(r.HasHeader("X-Amz-Security-Token"));
        SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret);

        // The check is not vacuous: another secret gives another signature.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SigV4Check.AssertValidSignature(r, "another-secret"));
    }

    [Fact]
    public async Task Response_IsDeserialised_WithEpochTimestampsAndNestedLists()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, """
            {"Widgets":[
              {"Name":"w1","CreatedDate":1700000000.123,"Groups":[["a","b"],[],["c"]],"Tags":[{"Key":"k1","Value":"v1"},{"Key":"k2"}]},
              {"Name":"w2","CreatedDate":1.7E9}
            ],
            "NextToken":"next-1","Updated":1700000001,"UnknownMember":{"x":[1,2]}}
            """);
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var response = await client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None);

        Assert.Equal("next-1", response.NextToken);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), response.Updated);
        Assert.NotNull(response.Widgets);
        Assert.Equal(2, response.Widgets!.Count);
        var w1 = response.Widgets[0];
        Assert.Equal("w1", w1.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), w1.CreatedDate);
        Assert.Equal(TimeSpan.Zero, w1.CreatedDate.Offset);
        Assert.Equal(3, w1.Groups!.Count);
        Assert.Equal(["a", "b"], w1.Groups[0]);
        Assert.Empty(w1.Groups[1]);
        Assert.Equal(["c"], w1.Groups[2]);
        Assert.NotNull(w1.Tags);
        Assert.Equal(["k1", "k2"], w1.Tags!.Select(t => t.Key!).ToArray());
        Assert.Equal("v1", w1.Tags![0].Value);
        Assert.Null(w1.Tags![1].Value);
        Assert.Equal("w2", response.Widgets[1].Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), response.Widgets[1].CreatedDate);
        Assert.Null(response.Widgets[1].Groups);
    }

    [Fact]
    public async Task EmptyResponseBody_GivesNewResponseObject()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "");
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var response = await client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None);

        Assert.NotNull(response);
        Assert.Null(response.Widgets);
        Assert.Null(response.NextToken);
    }

    [Fact]
    public async Task MissingRequiredMember_FailsBeforeAnyRequest()
    {
        var h = new ProtocolHarness();
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsRequestValidationException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "" }, CancellationToken.None));

        Assert.Equal("InstanceArn", e.ParamName);
        Assert.Contains("SSO Admin ListWidgets", e.Message);
        Assert.Empty(h.Handler.Requests);
    }

    [Fact]
    public async Task Error_TypeWithNamespace_MessageAndRequestId()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(400, """{"__type":"com.amazonaws#AccessDeniedException","message":"nope"}""", headers: ("x-amzn-RequestId", "req-123"));
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None));

        Assert.Equal("AccessDeniedException", e.ErrorCode);
        Assert.Equal("nope", e.AwsMessage);
        Assert.Equal("req-123", e.RequestId);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
        Assert.Equal("SSO Admin", e.Service);
        Assert.Equal("ListWidgets", e.Operation);
        Assert.Equal("SSO Admin ListWidgets failed: AccessDeniedException: nope (request id req-123)", e.Message);
        Assert.Single(h.Handler.Requests);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(400, record.StatusCode);
        Assert.Equal("AccessDeniedException", record.ErrorCode);
        Assert.Equal("req-123", record.RequestId);
        Assert.Equal(1, record.Attempts);
    }

    [Fact]
    public async Task Error_ErrorTypeHeader_WinsOverBody_AndIsSanitised()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(
            400,
            """{"__type":"com.amazonaws#ValidationException","message":"gone"}""",
            headers: [("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/"), ("x-amzn-RequestId", "req-9")]);
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Equal("gone", e.AwsMessage);
        Assert.Equal("req-9", e.RequestId);
        Assert.Equal(AwsErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task Error_CapitalisedMessageMember_IsRead()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(400, """{"__type":"ConflictException","Message":"Capital M"}""", headers: ("x-amzn-RequestId", "req-c"));
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None));

        Assert.Equal("ConflictException", e.ErrorCode);
        Assert.Equal("Capital M", e.AwsMessage);
        Assert.Equal(AwsErrorKind.Conflict, e.Kind);
    }

    [Fact]
    public async Task Error_NonJsonBody_UsesStatusFallbackCodeAndBodyText()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(403, "<html><body>Forbidden by proxy</body></html>", "text/html", ("x-amzn-RequestId", "req-h"));
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal("<html><body>Forbidden by proxy</body></html>", e.AwsMessage);
        Assert.Equal(403, e.StatusCode);
        Assert.Equal("req-h", e.RequestId);
        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
        Assert.Single(h.Handler.Requests);
    }

    [Fact]
    public async Task Error_EmptyBody_UsesStatusFallbackCodeAndHttpMessage()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(404, "", null, ("x-amz-request-id", "req-e"));
        var client = new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_listWidgets, new JsonRpcWidgetRequest { InstanceArn = "i" }, CancellationToken.None));

        Assert.Equal("NotFound", e.ErrorCode);
        Assert.Equal("HTTP 404", e.AwsMessage);
        Assert.Equal("req-e", e.RequestId);
        Assert.Equal(AwsErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task OrganizationsClient_DescribeOrganization_TargetsGlobalEndpointSignedForUsEast1()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, """
            {"Organization":{"Id":"o-abc","Arn":"arn:aws:organizations::111122223333:organization/o-abc","FeatureSet":"ALL","MasterAccountId":"111122223333","MasterAccountEmail":"root@example.com"}}
            """);
        var client = new OrganizationsClient(h.Transport);

        var response = await client.DescribeOrganizationAsync(CancellationToken.None);

        var r = h.Single;
        Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", r.Header("X-Amz-Target"));
        Assert.Equal("{}", r.BodyText);
        Assert.Equal("/us-east-1/organizations/aws4_request", r.Authorization.Scope);
        SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret);
        Assert.Equal("o-abc", response.Organization?.Id);
        Assert.Equal(OrganizationFeatureSet.All, response.Organization?.FeatureSet);
        Assert.Equal("111122223333", response.Organization?.MasterAccountId);
        Assert.Equal("root@example.com", response.Organization?.MasterAccountEmail);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal("Organizations", record.Service);
        Assert.Equal("DescribeOrganization", record.Operation);
        Assert.Equal("http://127.0.0.1:9", record.Endpoint);
    }
}
