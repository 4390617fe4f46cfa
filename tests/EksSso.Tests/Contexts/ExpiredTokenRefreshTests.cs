using Amazon.Runtime;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Contexts;
using EksSso.Tests.Protocol;
using Xunit;

namespace EksSso.Tests.Contexts;

/// <summary>
/// A service that says the session token expired although the credentials still looked valid (clock skew, a
/// sandbox's accelerated clock): refreshable credentials are renewed and the call retried once; others fail as before.
/// </summary>
public sealed class ExpiredTokenRefreshTests
{
    private static readonly AwsOperation<RetryPingRequest, RetryPingResponse> s_ping = new(AwsServiceInfo.IdentityStore, "Ping");

    private static Task<RetryPingResponse> Ping(ProtocolHarness h) =>
        new JsonRpcClient(h.Transport, AwsServiceInfo.IdentityStore).InvokeAsync(s_ping, new RetryPingRequest { Name = "n" }, CancellationToken.None);

    [Fact]
    public async Task ExpiredToken_RenewsRefreshableCredentials_AndRetriesWithTheNewKeys()
    {
        var credentials = new CountingCredentials();
        var h = new ProtocolHarness(credentials: credentials);
        h.Handler
            .Respond(400, """{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}""")
            .Respond(200, """{"Result":"pong"}""");

        var response = await Ping(h);

        Assert.Equal("pong", response.Result);
        Assert.Equal(2, credentials.Generated);
        Assert.Equal(["ASIAFIRST0000000001", "ASIAFIRST0000000002"], h.Handler.Requests.Select(r => r.Authorization.AccessKeyId));
        Assert.Empty(h.Delays);
    }

    [Fact]
    public async Task ExpiredToken_IsRetriedOnlyOnce()
    {
        var credentials = new CountingCredentials();
        var h = new ProtocolHarness(credentials: credentials);
        h.Handler
            .Respond(400, """{"__type":"ExpiredTokenException","message":"expired"}""")
            .Respond(400, """{"__type":"ExpiredTokenException","message":"expired"}""");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Ping(h));

        Assert.Equal("ExpiredTokenException", e.ErrorCode);
        Assert.Equal(2, h.Handler.Requests.Count);
    }

    [Fact]
    public async Task ExpiredToken_WithStaticKeys_FailsAtOnce()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(400, """{"__type":"ExpiredTokenException","message":"expired"}""");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Ping(h));

        Assert.Equal("ExpiredTokenException", e.ErrorCode);
        Assert.Single(h.Handler.Requests);
    }

    [Fact]
    public void ExpirationOf_ReportsTheRefreshingCredentialsExpiry_AndNothingForStaticKeys()
    {
        var credentials = new CountingCredentials();
        _ = credentials.GetCredentials();
        var session = new AwsSession(credentials, "us-east-1", "test", "test");

        // The SDK reports the expiry less its own safety margin (a minute): never later than the real one.
        var reported = RoleCredentials.ExpirationOf(session);
        Assert.NotNull(reported);
        Assert.InRange(reported.Value, CountingCredentials.Expiry.AddMinutes(-5), CountingCredentials.Expiry);
        Assert.Null(RoleCredentials.ExpirationOf(new AwsSession(new BasicAWSCredentials("AKID", "secret"), "us-east-1", "test", "test")));
    }

    private sealed class CountingCredentials : RefreshingAWSCredentials
    {
        public static readonly DateTimeOffset Expiry = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public int Generated { get; private set; }

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            Generated++;
            return new CredentialsRefreshState(new ImmutableCredentials($"ASIAFIRST000000000{Generated}", "secret" + Generated, "token" + Generated), Expiry.UtcDateTime);
        }

        protected override Task<CredentialsRefreshState> GenerateNewCredentialsAsync() => Task.FromResult(GenerateNewCredentials());
    }
}
