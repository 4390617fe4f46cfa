using System.Diagnostics;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class RetryPingRequest
{
    public string? Name { get; set; }
}

public sealed class RetryPingResponse
{
    public string? Result { get; set; }
}

public sealed class RetryTests
{
    private static readonly AwsOperation<RetryPingRequest, RetryPingResponse> s_ping = new(AwsServiceInfo.IdentityStore, "Ping");

    private static Task<RetryPingResponse> Ping(ProtocolHarness h, CancellationToken cancellationToken = default) =>
        new JsonRpcClient(h.Transport, AwsServiceInfo.IdentityStore).InvokeAsync(s_ping, new RetryPingRequest { Name = "n" }, cancellationToken);

    [Fact]
    public async Task Throttled_ThenOk_SucceedsOnSecondAttempt_AndObserverSeesTwoAttempts()
    {
        var h = new ProtocolHarness(random: 0.25);
        h.Handler
            .Respond(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""", headers: ("x-amzn-RequestId", "req-throttled"))
            .Respond(200, """{"Result":"pong"}""", headers: ("x-amzn-RequestId", "req-ok"));

        var response = await Ping(h);

        Assert.Equal("pong", response.Result);
        Assert.Equal(2, h.Handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(0.25)], h.Delays);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(200, record.StatusCode);
        Assert.Equal("req-ok", record.RequestId);
        Assert.Null(record.ErrorCode);
        Assert.Equal("identitystore", record.Service);
        Assert.Equal("Ping", record.Operation);
        Assert.Equal(h.Handler.Requests[0].BodyText, h.Handler.Requests[1].BodyText);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task ServerErrors_GiveUpAfterMaxAttempts_WithLastCodeAndRequestId(int maxAttempts)
    {
        var h = new ProtocolHarness(maxAttempts: maxAttempts, random: 0.5);
        h.Handler.RespondAlways(n => FakeAwsHandler.Build(
            500,
            $$"""{"__type":"{{(n == maxAttempts ? "InternalServerException" : "InternalFailure")}}","message":"boom {{n}}"}""",
            "application/x-amz-json-1.1",
            ("x-amzn-RequestId", $"req-{n}")));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Ping(h));

        Assert.Equal(maxAttempts, h.Session.MaxAttempts);
        Assert.Equal(maxAttempts, h.Handler.Requests.Count);
        Assert.Equal("InternalServerException", e.ErrorCode);
        Assert.Equal($"boom {maxAttempts}", e.AwsMessage);
        Assert.Equal($"req-{maxAttempts}", e.RequestId);
        Assert.Equal(500, e.StatusCode);
        Assert.Equal(AwsErrorKind.ServiceUnavailable, e.Kind);
        Assert.Equal(maxAttempts - 1, h.Delays.Count);

        // Full jitter: random * min(20 s, 2^(retry-1) s) with random fixed at 0.5.
        var expected = Enumerable.Range(1, maxAttempts - 1).Select(n => TimeSpan.FromSeconds(0.5 * Math.Min(20, Math.Pow(2, n - 1)))).ToList();
        Assert.Equal(expected, h.Delays);

        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(maxAttempts, record.Attempts);
        Assert.Equal(500, record.StatusCode);
        Assert.Equal($"req-{maxAttempts}", record.RequestId);
        Assert.Equal("InternalServerException", record.ErrorCode);
    }

    [Fact]
    public async Task NonRetryableValidationError_IsNotRetried()
    {
        var h = new ProtocolHarness(maxAttempts: 5);
        h.Handler.RespondAlways(_ => FakeAwsHandler.Build(400, """{"__type":"ValidationException","message":"bad"}""", "application/x-amz-json-1.1", ("x-amzn-RequestId", "req-v")));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Ping(h));

        Assert.Single(h.Handler.Requests);
        Assert.Empty(h.Delays);
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(AwsErrorKind.Validation, e.Kind);
        Assert.Equal(1, Assert.Single(h.Observer.Records).Attempts);
    }

    [Fact]
    public async Task ConnectionFailures_AreRetried_ThenReportedAsTransportException()
    {
        var h = new ProtocolHarness(maxAttempts: 3, random: 1.0);
        h.Handler
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:9)"))
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:9)"))
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:9)"));

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => Ping(h));

        Assert.Equal(3, h.Handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], h.Delays);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal("identitystore", e.Service);
        Assert.Equal("Ping", e.Operation);
        Assert.Contains("http://127.0.0.1:9", e.Message);
        Assert.Contains("Connection refused", e.Message);
        var record = Assert.Single(h.Observer.Records);
        Assert.Null(record.StatusCode);
        Assert.Equal(3, record.Attempts);
        Assert.Null(record.RequestId);
    }

    [Fact]
    public async Task ConnectionFailure_ThenOk_Succeeds()
    {
        var h = new ProtocolHarness();
        h.Handler
            .Throw(new HttpRequestException("reset"))
            .Respond(200, """{"Result":"after reset"}""", headers: ("x-amzn-RequestId", "req-2"));

        var response = await Ping(h);

        Assert.Equal("after reset", response.Result);
        Assert.Equal(2, h.Handler.Requests.Count);
        Assert.Equal(2, Assert.Single(h.Observer.Records).Attempts);
    }

    [Fact]
    public void Backoff_IsRandomTimesCappedPowerOfTwo()
    {
        var policy = new AwsRetryPolicy(() => 0.5, (_, _) => Task.CompletedTask);

        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.Backoff(5));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Backoff(6));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Backoff(30));
        Assert.Equal(TimeSpan.FromSeconds(20), new AwsRetryPolicy(() => 1.0).Backoff(10));
        Assert.Equal(TimeSpan.Zero, new AwsRetryPolicy(() => 0.0).Backoff(4));
    }

    [Fact]
    public async Task EveryAttempt_IsSignedAgain_WithItsOwnDate()
    {
        var h = new ProtocolHarness(maxAttempts: 3);
        h.Handler
            .Respond(503, """{"__type":"ServiceUnavailableException","message":"later"}""")
            .Respond(429, "")
            .Respond(200, """{"Result":"ok"}""");

        await Ping(h);

        Assert.Equal(3, h.Handler.Requests.Count);
        var dates = h.Handler.Requests.Select(r => r.Header("X-Amz-Date")).ToList();
        Assert.All(dates, d => Assert.NotNull(d));
        Assert.Equal(["20240315T123045Z", "20240315T123046Z", "20240315T123047Z"], dates);
        Assert.Equal(3, h.Handler.Requests.Select(r => r.Authorization.Signature).Distinct().Count());
        Assert.All(h.Handler.Requests, r => SigV4Check.AssertValidSignature(r, ProtocolHarness.Secret));
        Assert.All(h.Handler.Requests, r => Assert.Equal("AWSIdentityStore.Ping", r.Header("X-Amz-Target")));
        Assert.Equal(3, Assert.Single(h.Observer.Records).Attempts);
    }

    [Fact]
    public async Task CancellationDuringBackoff_StopsPromptly()
    {
        using var cts = new CancellationTokenSource();
        var delays = new List<TimeSpan>();
        var h = new ProtocolHarness(maxAttempts: 5, delay: async (d, ct) =>
        {
            delays.Add(d);
            cts.CancelAfter(TimeSpan.FromMilliseconds(50));
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
        });
        h.Handler.RespondAlways(_ => FakeAwsHandler.Build(500, """{"__type":"InternalFailure"}""", "application/x-amz-json-1.1"));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ping(h, cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"cancellation took {clock.Elapsed}");
        Assert.Single(h.Handler.Requests);
        Assert.Single(delays);
    }

    [Fact]
    public async Task CancelledBeforeSend_SendsNothing()
    {
        var h = new ProtocolHarness();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ping(h, cts.Token));

        Assert.Empty(h.Handler.Requests);
    }

    [Fact]
    public async Task CancelledWhileInFlight_IsNotRetriedNorWrapped()
    {
        var h = new ProtocolHarness(maxAttempts: 5);
        using var cts = new CancellationTokenSource();
        h.Handler.OnRequest = _ => cts.Cancel();
        h.Handler.RespondAlways(_ => FakeAwsHandler.Build(200, "{}", "application/x-amz-json-1.1"));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ping(h, cts.Token));

        Assert.IsNotType<AwsTransportException>(e);
        Assert.Single(h.Handler.Requests);
        Assert.Empty(h.Delays);
    }
}
