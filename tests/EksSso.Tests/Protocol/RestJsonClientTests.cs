using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class RestUpdateThingRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }

    [AwsLocation(AwsLocation.Uri, "groupName")]
    public string? GroupName { get; set; }

    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "include")]
    public List<string>? Include { get; set; }

    [AwsLocation(AwsLocation.QueryString, "dryRun")]
    public bool? DryRun { get; set; }

    [AwsLocation(AwsLocation.Header, "X-Amz-Client-Token")]
    public string? ClientToken { get; set; }

    [AwsLocation(AwsLocation.Header, "X-Custom-Limit")]
    public int? Limit { get; set; }

    public string? ClientRequestToken { get; set; }

    public string? KubernetesVersion { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public RestThingConfig? ResourcesVpcConfig { get; set; }
}

public sealed class RestThingConfig
{
    public List<string>? SubnetIds { get; set; }

    public bool? EndpointPublicAccess { get; set; }
}

public sealed class RestUpdateThingResponse
{
    public RestThing? Thing { get; set; }
}

public sealed class RestThing
{
    public string? Name { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public RestThingConfig? ResourcesVpcConfig { get; set; }
}

public sealed class RestDescribeThingRequest
{
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }
}

public sealed class RestJsonClientTests
{
    private static readonly AwsOperation<RestUpdateThingRequest, RestUpdateThingResponse> s_update = new(AwsServiceInfo.Eks, "UpdateThing", "POST", "/things/{name}/groups/{groupName}/update");
    private static readonly AwsOperation<RestDescribeThingRequest, RestUpdateThingResponse> s_describe = new(AwsServiceInfo.Eks, "DescribeThing", "GET", "/things/{name}");
    private static readonly AwsOperation<RestDescribeThingRequest, RestUpdateThingResponse> s_delete = new(AwsServiceInfo.Eks, "DeleteThing", "DELETE", "/things/{name}");

    [Fact]
    public void EksUsesCamelCaseOptions()
    {
        Assert.Same(AwsJson.CamelCase, AwsJson.For(AwsServiceInfo.Eks));
        Assert.Same(AwsJson.PascalCase, AwsJson.For(AwsServiceInfo.SsoAdmin));
    }

    [Fact]
    public async Task Request_SubstitutesEscapedLabels_QueryMembers_Headers_AndCamelCaseBodyWithoutLocatedMembers()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "{}", "application/json");
        var client = new RestJsonClient(h.Transport, AwsServiceInfo.Eks);

        await client.InvokeAsync(
            s_update,
            new RestUpdateThingRequest
            {
                Name = "my cluster",
                GroupName = "a/b",
                MaxResults = 5,
                Include = ["one", "two & three"],
                DryRun = false,
                ClientToken = "tok-1",
                Limit = 7,
                ClientRequestToken = "crt",
                KubernetesVersion = "1.31",
                Tags = new() { ["Team"] = "Platform", ["cost-center"] = "42" },
                ResourcesVpcConfig = new RestThingConfig { SubnetIds = ["subnet-1", "subnet-2"] },
            },
            CancellationToken.None);

        var r = h.Single;
        Assert.Equal(HttpMethod.Post, r.Method);
        Assert.Equal("/things/my%20cluster/groups/a%2Fb/update", r.Uri.AbsolutePath);
        Assert.Equal("?maxResults=5&include=one&include=two%20%26%20three&dryRun=false", r.Uri.Query);
        Assert.Equal("tok-1", r.Header("X-Amz-Client-Token"));
        Assert.Equal("7", r.Header("X-Custom-Limit"));
        Assert.Equal("application/json", r.Header("Content-Type"));

        using var doc = JsonDocument.Parse(r.Body);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["clientRequestToken", "kubernetesVersion", "tags", "resourcesVpcConfig"], names);
        // Map keys are data, not member names: they keep their case.
        Assert.Equal(["Team", "cost-center"], doc.RootElement.GetProperty("tags").EnumerateObject().Select(p => p.Name).ToArray());
        var vpc = doc.RootElement.GetProperty("resourcesVpcConfig");
        Assert.Equal(["subnetIds"], vpc.EnumerateObject().Select(p => p.Name).ToArray());

        var auth = r.Authorization;
        Assert.Equal("/us-west-2/eks/aws4_request", auth.Scope);
        Assert.Contains("x-amz-client-token", auth.SignedHeaders);
        Assert.DoesNotContain("x-custom-limit", auth.SignedHeaders);
        SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret);
    }

    [Fact]
    public async Task Get_WithOnlyLocatedMembers_HasNoBodyAndNoContentType()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, """{"thing":{"name":"prod","status":"ACTIVE","createdAt":1700000000.25,"tags":{"Env":"prod"},"resourcesVpcConfig":{"subnetIds":["s-1"],"endpointPublicAccess":true}}}""", "application/json");
        var client = new RestJsonClient(h.Transport, AwsServiceInfo.Eks);

        var response = await client.InvokeAsync(s_describe, new RestDescribeThingRequest { Name = "prod" }, CancellationToken.None);

        var r = h.Single;
        Assert.Equal(HttpMethod.Get, r.Method);
        Assert.Equal("/things/prod", r.Uri.AbsolutePath);
        Assert.Equal("", r.Uri.Query);
        Assert.False(r.HasContent);
        Assert.Empty(r.Body);
        Assert.False(r.HasHeader("Content-Type"));
        Assert.DoesNotContain("content-type", r.Authorization.SignedHeaders);
        SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret);

        Assert.Equal("prod", response.Thing?.Name);
        Assert.Equal("ACTIVE", response.Thing?.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250), response.Thing?.CreatedAt);
        Assert.Equal("prod", response.Thing?.Tags?["Env"]);
        Assert.Equal(["s-1"], response.Thing?.ResourcesVpcConfig?.SubnetIds);
        Assert.True(response.Thing?.ResourcesVpcConfig?.EndpointPublicAccess);
    }

    [Fact]
    public async Task Delete_WithOnlyLocatedMembers_SendsEmptyBodyWithoutContentType()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, "", null);
        var client = new RestJsonClient(h.Transport, AwsServiceInfo.Eks);

        var response = await client.InvokeAsync(s_delete, new RestDescribeThingRequest { Name = "old one" }, CancellationToken.None);

        var r = h.Single;
        Assert.Equal(HttpMethod.Delete, r.Method);
        Assert.Equal("/things/old%20one", r.Uri.AbsolutePath);
        Assert.Empty(r.Body);
        Assert.False(r.HasHeader("Content-Type"));
        Assert.Null(response.Thing);
    }

    [Fact]
    public async Task MissingUriMember_FailsBeforeAnyRequest()
    {
        var h = new ProtocolHarness();
        var client = new RestJsonClient(h.Transport, AwsServiceInfo.Eks);

        var e = await Assert.ThrowsAsync<AwsRequestValidationException>(() => client.InvokeAsync(s_describe, new RestDescribeThingRequest(), CancellationToken.None));

        Assert.Equal("Name", e.ParamName);
        Assert.Empty(h.Handler.Requests);
    }

    [Fact]
    public async Task Error_FromErrorTypeHeader_WithLowercaseMessageBody()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(
            404,
            """{"message":"No cluster found for name: prod."}""",
            "application/json",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.eks/"),
            ("x-amzn-RequestId", "eks-req-1"));
        var client = new RestJsonClient(h.Transport, AwsServiceInfo.Eks);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_describe, new RestDescribeThingRequest { Name = "prod" }, CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Equal("No cluster found for name: prod.", e.AwsMessage);
        Assert.Equal("eks-req-1", e.RequestId);
        Assert.Equal(404, e.StatusCode);
        Assert.Equal(AwsErrorKind.NotFound, e.Kind);
        Assert.Equal("EKS", e.Service);
        Assert.Equal("DescribeThing", e.Operation);
        Assert.Single(h.Handler.Requests);
    }
}
