using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class QueryCreateRoleRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    public string? Path { get; set; }

    public string? AssumeRolePolicyDocument { get; set; }

    public string? Description { get; set; }

    public int? MaxSessionDuration { get; set; }

    public bool? Enabled { get; set; }

    public bool? Disabled { get; set; }

    public List<QueryTag>? Tags { get; set; }

    public List<string>? PolicyArns { get; set; }

    public List<string>? ClearedList { get; set; }

    public QueryBoundary? Boundary { get; set; }
}

public sealed class QueryBoundary
{
    public string? PermissionsBoundaryArn { get; set; }

    public QueryTag? Marker { get; set; }
}

public sealed class QueryTag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class QueryGetRoleRequest
{
    public string? RoleName { get; set; }
}

public sealed class QueryGetRoleResponse
{
    public QueryRole? Role { get; set; }
}

public sealed class QueryRole
{
    public string? Path { get; set; }

    public string? RoleName { get; set; }

    public string? RoleId { get; set; }

    public string? Arn { get; set; }

    public DateTimeOffset? CreateDate { get; set; }

    public string? AssumeRolePolicyDocument { get; set; }

    public int? MaxSessionDuration { get; set; }

    public List<QueryTag>? Tags { get; set; }

    public QueryRoleLastUsed? RoleLastUsed { get; set; }
}

public sealed class QueryRoleLastUsed
{
    public DateTimeOffset LastUsedDate { get; set; }

    public string? Region { get; set; }
}

public sealed class QueryListRolesResponse
{
    public List<QueryRole>? Roles { get; set; }

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }

    public List<string>? Empty { get; set; }
}

public sealed class QueryClientTests
{
    private static readonly AwsOperation<QueryCreateRoleRequest, QueryGetRoleResponse> s_createRole = new(AwsServiceInfo.Iam, "CreateRole");
    private static readonly AwsOperation<QueryGetRoleRequest, QueryGetRoleResponse> s_getRole = new(AwsServiceInfo.Iam, "GetRole");
    private static readonly AwsOperation<QueryGetRoleRequest, QueryListRolesResponse> s_listRoles = new(AwsServiceInfo.Iam, "ListRoles");

    private const string GetRoleXml = """
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetRoleResult>
            <Role>
              <Path>/aws-reserved/sso.amazonaws.com/eu-west-1/</Path>
              <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
              <MaxSessionDuration>43200</MaxSessionDuration>
              <RoleId>AROAEXAMPLEID</RoleId>
              <RoleLastUsed>
                <LastUsedDate>2024-02-03T04:05:06Z</LastUsedDate>
                <Region>eu-west-1</Region>
              </RoleLastUsed>
              <RoleName>AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef</RoleName>
              <Arn>arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef</Arn>
              <CreateDate>2023-11-14T22:13:20.123Z</CreateDate>
              <Tags>
                <member><Key>team</Key><Value>platform</Value></member>
                <member><Key>env</Key><Value></Value></member>
              </Tags>
            </Role>
          </GetRoleResult>
          <ResponseMetadata>
            <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
          </ResponseMetadata>
        </GetRoleResponse>
        """;

    [Fact]
    public async Task Request_IsFormEncoded_WithActionVersion_FlattenedStructuresAndLists()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, GetRoleXml.Replace("GetRole", "CreateRole"), "text/xml");
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        await client.InvokeAsync(
            s_createRole,
            new QueryCreateRoleRequest
            {
                RoleName = "my-role",
                Path = "/eks sso/",
                AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}""",
                MaxSessionDuration = 3600,
                Enabled = true,
                Disabled = false,
                Tags = [new QueryTag { Key = "team", Value = "platform" }, new QueryTag { Key = "a+b=c", Value = "x&y" }],
                PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                ClearedList = [],
                Boundary = new QueryBoundary { PermissionsBoundaryArn = "arn:aws:iam::111122223333:policy/b", Marker = new QueryTag { Key = "m" } },
            },
            CancellationToken.None);

        var r = h.Single;
        Assert.Equal(HttpMethod.Post, r.Method);
        Assert.Equal("/", r.Uri.AbsolutePath);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", r.Header("Content-Type"));
        Assert.StartsWith("Action=CreateRole&Version=2010-05-08&", r.BodyText);
        Assert.Contains("&Path=%2Feks%20sso%2F&", r.BodyText);
        Assert.Contains("&Tags.member.2.Key=a%2Bb%3Dc&Tags.member.2.Value=x%26y", r.BodyText);
        Assert.Contains("&ClearedList=&", r.BodyText);

        KeyValuePair<string, string>[] expected =
        [
            new("Action", "CreateRole"),
            new("Version", "2010-05-08"),
            new("RoleName", "my-role"),
            new("Path", "/eks sso/"),
            new("AssumeRolePolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"""),
            new("MaxSessionDuration", "3600"),
            new("Enabled", "true"),
            new("Disabled", "false"),
            new("Tags.member.1.Key", "team"),
            new("Tags.member.1.Value", "platform"),
            new("Tags.member.2.Key", "a+b=c"),
            new("Tags.member.2.Value", "x&y"),
            new("PolicyArns.member.1", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            new("ClearedList", ""),
            new("Boundary.PermissionsBoundaryArn", "arn:aws:iam::111122223333:policy/b"),
            new("Boundary.Marker.Key", "m"),
        ];
        Assert.Equal(expected, r.FormPairs());
    }

    [Fact]
    public async Task Iam_IsSignedForUsEast1_EvenWhenSessionRegionIsUsWest2()
    {
        var h = new ProtocolHarness(region: "us-west-2");
        h.Handler.Respond(200, GetRoleXml, "text/xml");
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        await client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "r" }, CancellationToken.None);

        var r = h.Single;
        Assert.Equal("us-west-2", h.Session.Region);
        Assert.Equal("/us-east-1/iam/aws4_request", r.Authorization.Scope);
        Assert.Equal(["content-type", "host", "x-amz-date"], r.Authorization.SignedHeaders);
        SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret);
    }

    [Fact]
    public async Task Response_XmlIsReadIntoNestedTypes_WithMemberListsAndIsoTimestamps()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, GetRoleXml, "text/xml", ("x-amzn-RequestId", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"));
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var response = await client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef" }, CancellationToken.None);

        Assert.Equal("Action=GetRole&Version=2010-05-08&RoleName=AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", h.Single.BodyText);
        var role = response.Role;
        Assert.NotNull(role);
        Assert.Equal("/aws-reserved/sso.amazonaws.com/eu-west-1/", role!.Path);
        Assert.Equal("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", role.RoleName);
        Assert.Equal("AROAEXAMPLEID", role.RoleId);
        Assert.Equal("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", role.Arn);
        Assert.Equal("%7B%22Version%22%3A%222012-10-17%22%7D", role.AssumeRolePolicyDocument);
        Assert.Equal(43200, role.MaxSessionDuration);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), role.CreateDate);
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), role.RoleLastUsed?.LastUsedDate);
        Assert.Equal("eu-west-1", role.RoleLastUsed?.Region);
        Assert.NotNull(role.Tags);
        Assert.Equal(2, role.Tags!.Count);
        Assert.Equal("team", role.Tags[0].Key);
        Assert.Equal("platform", role.Tags[0].Value);
        Assert.Equal("env", role.Tags[1].Key);
        Assert.Equal("", role.Tags[1].Value);

        var record = Assert.Single(h.Observer.Records);
        Assert.Equal("IAM", record.Service);
        Assert.Equal("GetRole", record.Operation);
        Assert.Equal(200, record.StatusCode);
        Assert.Equal("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", record.RequestId);
    }

    [Fact]
    public async Task Response_ListOfStructures_BoolAndEmptyList()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(200, """
            <ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <ListRolesResult>
                <IsTruncated>true</IsTruncated>
                <Marker>page-2</Marker>
                <Empty/>
                <Roles>
                  <member><RoleName>one</RoleName><CreateDate>2020-01-01T00:00:00Z</CreateDate></member>
                  <member><RoleName>two</RoleName><Path>/p/</Path></member>
                </Roles>
              </ListRolesResult>
            </ListRolesResponse>
            """, "text/xml");
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var response = await client.InvokeAsync(s_listRoles, new QueryGetRoleRequest(), CancellationToken.None);

        Assert.Equal("Action=ListRoles&Version=2010-05-08", h.Single.BodyText);
        Assert.True(response.IsTruncated);
        Assert.Equal("page-2", response.Marker);
        Assert.NotNull(response.Empty);
        Assert.Empty(response.Empty!);
        Assert.NotNull(response.Roles);
        Assert.Equal(["one", "two"], response.Roles!.Select(x => x.RoleName!).ToArray());
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), response.Roles![0].CreateDate);
        Assert.Null(response.Roles![1].CreateDate);
        Assert.Equal("/p/", response.Roles![1].Path);
    }

    [Fact]
    public async Task Error_ErrorResponse_GivesCodeMessageRequestIdAndNotFoundKind()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(404, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error>
                <Type>Sender</Type>
                <Code>NoSuchEntity</Code>
                <Message>The role with name missing cannot be found.</Message>
              </Error>
              <RequestId>r-1</RequestId>
            </ErrorResponse>
            """, "text/xml");
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "missing" }, CancellationToken.None));

        Assert.Equal("NoSuchEntity", e.ErrorCode);
        Assert.Equal("The role with name missing cannot be found.", e.AwsMessage);
        Assert.Equal("r-1", e.RequestId);
        Assert.Equal(404, e.StatusCode);
        Assert.Equal(AwsErrorKind.NotFound, e.Kind);
        Assert.Equal("IAM", e.Service);
        Assert.Equal("IAM GetRole failed: NoSuchEntity: The role with name missing cannot be found. (request id r-1)", e.Message);
        Assert.Single(h.Handler.Requests);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal("r-1", record.RequestId);
        Assert.Equal("NoSuchEntity", record.ErrorCode);
    }

    [Fact]
    public async Task Error_RequestIdHeader_WinsOverBody()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(
            409,
            "<ErrorResponse><Error><Type>Sender</Type><Code>EntityAlreadyExists</Code><Message>Role with name x already exists.</Message></Error><RequestId>body-id</RequestId></ErrorResponse>",
            "text/xml",
            ("x-amzn-RequestId", "header-id"));
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "x" }, CancellationToken.None));

        Assert.Equal("EntityAlreadyExists", e.ErrorCode);
        Assert.Equal("header-id", e.RequestId);
        Assert.Equal(AwsErrorKind.Conflict, e.Kind);
    }

    [Fact]
    public async Task Error_NonXmlBody_UsesStatusFallbackAndBodyText()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(403, "Forbidden by proxy", "text/plain");
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "x" }, CancellationToken.None));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal("Forbidden by proxy", e.AwsMessage);
        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
    }

    /// <summary>An error with no body says "HTTP 403", as the JSON protocols do, instead of an empty message.</summary>
    [Fact]
    public async Task Error_EmptyBody_SaysHttpStatusLikeTheJsonProtocols()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(403, "", null, ("x-amzn-RequestId", "r-empty"));
        var client = new QueryClient(h.Transport, AwsServiceInfo.Iam);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "x" }, CancellationToken.None));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal("r-empty", e.RequestId);
        Assert.Equal("HTTP 403", e.AwsMessage);
    }
}
