using Amazon.Runtime;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Signing;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class SecretsAndCallRecordTests
{
    private const string DistinctSecret = "SeCrEt-wJalrXUtnFEMI-K7MDENG-bPxRfiCY-0xDEADBEEF";
    private const string DistinctToken = "ToKeN-IQoJb3JpZ2luX2VjEJr-FwoGZXIvYXdzEBYaDH-0xFEEDFACE";

    private static readonly AwsOperation<RetryPingRequest, RetryPingResponse> s_ping = new(AwsServiceInfo.SsoAdmin, "Ping");
    private static readonly AwsOperation<QueryGetRoleRequest, QueryGetRoleResponse> s_getRole = new(AwsServiceInfo.Iam, "GetRole");

    private static ProtocolHarness SessionHarness(int maxAttempts = 3) =>
        new(maxAttempts: maxAttempts, credentials: new SessionAWSCredentials("ASIAEXAMPLE", DistinctSecret, DistinctToken));

    private static void AssertNoSecret(string? text)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(DistinctSecret, text);
        Assert.DoesNotContain(DistinctToken, text);
        Assert.DoesNotContain("0xDEADBEEF", text);
        Assert.DoesNotContain("0xFEEDFACE", text);
    }

    [Fact]
    public void CallRecord_ToString_HasServiceOperationStatusAttemptsMsAndRequestId()
    {
        var ok = new AwsCallRecord("IAM", "GetRole", 200, 1, 42, "r-1", null, "https://iam.amazonaws.com");
        var failed = new AwsCallRecord("EKS", "DescribeCluster", 404, 3, 1234, "eks-9", "ResourceNotFoundException", "https://eks.eu-west-1.amazonaws.com");
        var unreachable = new AwsCallRecord("STS", "GetCallerIdentity", null, 2, 7, null, null, "http://127.0.0.1:9");

        Assert.Equal("IAM GetRole -> 200 in 42 ms, 1 attempt, request id r-1 (https://iam.amazonaws.com)", ok.ToString());
        Assert.Equal("EKS DescribeCluster -> 404 ResourceNotFoundException in 1234 ms, 3 attempts, request id eks-9 (https://eks.eu-west-1.amazonaws.com)", failed.ToString());
        Assert.Equal("STS GetCallerIdentity -> no response in 7 ms, 2 attempts, request id - (http://127.0.0.1:9)", unreachable.ToString());
    }

    [Fact]
    public async Task ObservedRecord_ToString_DescribesTheCall()
    {
        var h = new ProtocolHarness();
        h.Handler.Respond(404, "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>m</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", "text/xml");

        await Assert.ThrowsAsync<AwsServiceException>(() => new QueryClient(h.Transport, AwsServiceInfo.Iam).InvokeAsync(s_getRole, new QueryGetRoleRequest { RoleName = "x" }, CancellationToken.None));

        var record = Assert.Single(h.Observer.Records);
        var text = record.ToString();
        Assert.StartsWith("IAM GetRole -> 404 NoSuchEntity in ", text);
        Assert.Matches(@" in \d+ ms, 1 attempt, request id r-1 \(http://127\.0\.0\.1:9\)$", text);
        Assert.True(record.ElapsedMilliseconds >= 0);
    }

    [Fact]
    public async Task SessionCredentials_AreSentAsTokenHeader_ButNeverAppearInErrorsOrRecords()
    {
        var h = SessionHarness();
        h.Handler.Respond(403, """{"__type":"com.amazonaws#AccessDeniedException","message":"User: arn:aws:sts::111122223333:assumed-role/R/s is not authorized"}""", headers: ("x-amzn-RequestId", "req-denied"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin).InvokeAsync(s_ping, new RetryPingRequest { Name = "n" }, CancellationToken.None));

        var r = h.Single;
        Assert.Equal(DistinctToken, r.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", r.Authorization.SignedHeaders);
        Assert.Equal("ASIAEXAMPLE", r.Authorization.AccessKeyId);
        SigV4Check.AssertValidSignature(r, DistinctSecret);
        Assert.All(r.Headers.Where(x => !x.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)), x => AssertNoSecret(x.Value));
        AssertNoSecret(r.BodyText);

        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
        AssertNoSecret(e.Message);
        AssertNoSecret(e.AwsMessage);
        AssertNoSecret(e.ToString());
        AssertNoSecret(Assert.Single(h.Observer.Records).ToString());
        AssertNoSecret(h.Session.Credentials.ToString());
        AssertNoSecret(h.Session.CredentialSource);

        var signing = await h.Session.GetSigningCredentialsAsync(CancellationToken.None);
        Assert.Equal(DistinctSecret, signing.SecretAccessKey);
        Assert.Equal(DistinctToken, signing.SessionToken);
        Assert.Equal("AwsSigningCredentials(ASIAEXAMPLE, session)", signing.ToString());
        AssertNoSecret(signing.ToString());
    }

    [Fact]
    public async Task TransportAndRetriedErrors_NeverContainSecrets()
    {
        var h = SessionHarness(maxAttempts: 2);
        h.Handler
            .Respond(500, """{"__type":"InternalFailure","message":"boom"}""", headers: ("x-amzn-RequestId", "r-500"))
            .Throw(new HttpRequestException("Connection refused"));

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => new JsonRpcClient(h.Transport, AwsServiceInfo.SsoAdmin).InvokeAsync(s_ping, new RetryPingRequest { Name = "n" }, CancellationToken.None));

        Assert.Equal(2, h.Handler.Requests.Count);
        AssertNoSecret(e.Message);
        AssertNoSecret(e.ToString());
        Assert.All(h.Observer.Records, rec => AssertNoSecret(rec.ToString()));
        Assert.All(h.Handler.Requests, req => Assert.DoesNotContain(DistinctSecret, req.Header("Authorization")));
    }

    [Fact]
    public void SigningCredentials_ToString_HidesSecretForLongTermKeysToo()
    {
        var longTerm = new AwsSigningCredentials("AKIDEXAMPLE", DistinctSecret);
        var emptyToken = new AwsSigningCredentials("AKIDEXAMPLE", DistinctSecret, "");

        Assert.Equal("AwsSigningCredentials(AKIDEXAMPLE, long-term)", longTerm.ToString());
        Assert.Null(emptyToken.SessionToken);
        AssertNoSecret(longTerm.ToString());
    }
}
