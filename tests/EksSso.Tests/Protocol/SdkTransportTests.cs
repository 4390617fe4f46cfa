using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Sts;
using Xunit;

namespace EksSso.Tests.Protocol;

/// <summary><see cref="EksSso.Engine.Aws.Protocol.AwsTransport.InvokeSdkAsync"/>: AWSSDK calls get the same retry and call log.</summary>
public sealed class SdkTransportTests
{
    private static GetCallerIdentityResponse Identity(string requestId) => new()
    {
        Account = "111122223333",
        Arn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/me",
        UserId = "AROAEXAMPLE:me",
        HttpStatusCode = HttpStatusCode.OK,
        ResponseMetadata = new ResponseMetadata { RequestId = requestId },
    };

    private static AmazonServiceException SdkError(string code, HttpStatusCode status, string requestId, Exception? inner = null) =>
        new($"{code} message", inner, ErrorType.Sender, code, requestId, status);

    [Fact]
    public async Task Throttled_ThenOk_RetriesWithBackoff_AndRecordsTwoAttempts()
    {
        var h = new ProtocolHarness(random: 0.5);
        var calls = 0;

        var result = await h.Transport.InvokeSdkAsync(
            AwsServiceInfo.Sts,
            "GetCallerIdentity",
            _ => ++calls == 1 ? throw SdkError("Throttling", HttpStatusCode.BadRequest, "sts-throttled") : Task.FromResult(Identity("sts-ok")),
            CancellationToken.None);

        Assert.Equal("111122223333", result.Account);
        Assert.Equal(2, calls);
        Assert.Equal([TimeSpan.FromSeconds(0.5)], h.Delays);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(200, record.StatusCode);
        Assert.Equal("sts-ok", record.RequestId);
        Assert.Equal("STS", record.Service);
    }

    [Fact]
    public async Task ServiceError_IsWrappedWithCodeRequestIdAndKind_WithoutRetry()
    {
        var h = new ProtocolHarness(maxAttempts: 5);
        var calls = 0;
        var sdk = SdkError("AccessDenied", HttpStatusCode.Forbidden, "sts-denied");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => h.Transport.InvokeSdkAsync<GetCallerIdentityResponse>(
            AwsServiceInfo.Sts,
            "AssumeRole",
            _ =>
            {
                calls++;
                throw sdk;
            },
            CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal("sts-denied", e.RequestId);
        Assert.Equal(403, e.StatusCode);
        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
        Assert.Same(sdk, e.InnerException);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(403, record.StatusCode);
        Assert.Equal("AccessDenied", record.ErrorCode);
    }

    [Fact]
    public async Task ServerErrors_GiveUpAfterMaxAttempts_WithLastRequestId()
    {
        var h = new ProtocolHarness(maxAttempts: 4, random: 0.5);
        var calls = 0;

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => h.Transport.InvokeSdkAsync<GetCallerIdentityResponse>(
            AwsServiceInfo.Sts,
            "GetCallerIdentity",
            _ => throw SdkError("InternalFailure", HttpStatusCode.InternalServerError, $"sts-{++calls}"),
            CancellationToken.None));

        Assert.Equal(4, calls);
        Assert.Equal("sts-4", e.RequestId);
        Assert.Equal("InternalFailure", e.ErrorCode);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], h.Delays);
        Assert.Equal(4, Assert.Single(h.Observer.Records).Attempts);
    }

    [Fact]
    public async Task UnreachableEndpoint_WrappedBySdk_IsRetriedThenTransportException()
    {
        var h = new ProtocolHarness(maxAttempts: 3);
        var calls = 0;

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => h.Transport.InvokeSdkAsync<GetCallerIdentityResponse>(
            AwsServiceInfo.Sts,
            "GetCallerIdentity",
            _ =>
            {
                calls++;
                throw new AmazonServiceException("network", new HttpRequestException("Connection refused"));
            },
            CancellationToken.None));

        Assert.Equal(3, calls);
        Assert.Equal(2, h.Delays.Count);
        Assert.Equal("GetCallerIdentity", e.Operation);
        Assert.Null(Assert.Single(h.Observer.Records).StatusCode);
    }

    [Fact]
    public async Task StsClient_AgainstNothingListening_EndsInTransportExceptionAfterMaxAttempts()
    {
        var h = new ProtocolHarness(maxAttempts: 2);
        var client = new StsClient(h.Transport);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => client.GetCallerIdentityAsync(cts.Token));

        Assert.Equal("STS", e.Service);
        Assert.Contains("127.0.0.1:9", e.Message);
        Assert.Single(h.Delays);
        var record = Assert.Single(h.Observer.Records);
        Assert.Equal(2, record.Attempts);
        Assert.Null(record.StatusCode);
        Assert.Equal("http://127.0.0.1:9", record.Endpoint);
    }
}
