using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Kubernetes;
using EksSso.Sandbox.Kubernetes.Auth;
using EksSso.Sandbox.Services.Eks;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>
/// aws-iam-authenticator's token rules: each test breaks a token made as <c>aws eks get-token</c> makes it in exactly
/// one way and expects the bare 401 EKS answers with, the reason only in the log.
/// </summary>
public sealed class AuthTokenTests
{
    private const string StsUrl = "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15";

    private readonly AuthTestBed _bed = new();
    private readonly EksClusterView _cluster;
    private readonly KubeObjectStore _store;

    public AuthTokenTests()
    {
        _cluster = _bed.Cluster(entries: [_bed.SsoEntry(groups: ["eks-admins"])]);
        _store = AuthTestBed.Store(_cluster);
    }

    private Uri Url(string baseUrl = StsUrl, string? clusterId = AuthTestBed.ClusterName, string region = "us-east-1", DateTimeOffset? time = null, int expires = 60) =>
        AuthTestBed.PresignedUrl(AuthTestBed.Credentials(_bed.SsoSession), clusterId, baseUrl, region, time, expires);

    private string Rejected(string token) => _bed.Rejected(_cluster, _store, token);

    private string RejectedUrl(Uri url) => Rejected(AuthTestBed.TokenFor(url.AbsoluteUri));

    [Fact]
    public void A_token_made_like_aws_eks_get_token_authenticates_the_session()
    {
        var user = _bed.Authenticate(_cluster, _store);

        Assert.Equal(_bed.SsoSessionArn, user.Name);
        Assert.Equal(["eks-admins", "system:authenticated"], user.Groups);
        Assert.Equal($"aws-iam-authenticator:{_bed.AccountId}:{_bed.SsoRole.RoleId}:eksadmin", user.Uid);
        Assert.Equal([_bed.SsoSessionArn], user.Extra["arn"]);
        Assert.Equal([_bed.SsoRoleArnWithoutPath], user.Extra["canonicalArn"]);
        Assert.Equal(["eksadmin"], user.Extra["sessionName"]);
        Assert.Equal([_bed.SsoSession.AccessKeyId], user.Extra["accessKeyId"]);
        Assert.Equal([$"{_bed.SsoRole.RoleId}:eksadmin"], user.Extra["principalId"]);
    }

    [Fact]
    public void A_token_longer_than_4096_characters_is_rejected()
    {
        var token = _bed.Token();
        var detail = Rejected(token + new string('A', EksTokenVerifier.MaxTokenLength + 1 - token.Length));
        Assert.Contains("at most 4096", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_the_k8s_aws_v1_prefix_is_rejected()
    {
        var detail = Rejected("k8s-aws-v2." + AuthTestBed.Base64Url(Url().AbsoluteUri));
        Assert.Contains("does not start with 'k8s-aws-v1.'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_padded_token_is_rejected()
    {
        var detail = Rejected("k8s-aws-v1." + AuthTestBed.Base64Url(Url().AbsoluteUri) + "=");
        Assert.Contains("padded", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_in_standard_base64_rather_than_base64url_is_rejected()
    {
        var payload = AuthTestBed.Base64Url(Url().AbsoluteUri);
        var detail = Rejected("k8s-aws-v1." + payload[..4] + "+" + payload[5..]);
        Assert.Contains("base64url alphabet", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_for_an_http_url_is_rejected()
    {
        var detail = RejectedUrl(Url("http://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"));
        Assert.Contains("unexpected scheme 'http'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://sts.example.com/?Action=GetCallerIdentity&Version=2011-06-15")]
    [InlineData("https://sts.us-east-1.amazonaws.com.example.com/?Action=GetCallerIdentity&Version=2011-06-15")]
    [InlineData("https://sts.us-east-1.amazonaws.com:8443/?Action=GetCallerIdentity&Version=2011-06-15")]
    [InlineData("https://iam.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15")]
    public void A_token_for_a_host_other_than_sts_is_rejected(string url)
    {
        var detail = RejectedUrl(Url(url));
        Assert.Contains("unexpected host", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_whose_path_is_not_the_root_is_rejected()
    {
        var detail = RejectedUrl(Url("https://sts.us-east-1.amazonaws.com/other/?Action=GetCallerIdentity&Version=2011-06-15"));
        Assert.Contains("unexpected path", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_query_parameter_outside_the_whitelist_is_rejected()
    {
        var detail = RejectedUrl(Url(StsUrl + "&DurationSeconds=900"));
        Assert.Contains("'DurationSeconds' is not allowed", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&Version=2011-06-15")]
    [InlineData("&action=GetCallerIdentity")]
    public void A_token_with_a_repeated_query_parameter_is_rejected(string repeat)
    {
        var detail = RejectedUrl(Url(StsUrl + repeat));
        Assert.Contains("more than once", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Action=GetSessionToken&Version=2011-06-15", "only GetCallerIdentity")]
    [InlineData("Action=GetCallerIdentity&Version=2010-05-08", "STS speaks 2011-06-15")]
    [InlineData("Version=2011-06-15", "must carry 'Action' and 'Version'")]
    public void A_token_for_another_sts_action_or_version_is_rejected(string query, string expected)
    {
        var detail = RejectedUrl(Url("https://sts.us-east-1.amazonaws.com/?" + query));
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_the_cluster_id_header_signed_is_rejected()
    {
        var detail = RejectedUrl(Url(clusterId: null));
        Assert.Contains("did not sign the x-k8s-aws-id header", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_made_for_another_cluster_is_rejected()
    {
        var detail = RejectedUrl(Url(clusterId: "other-cluster"));
        Assert.Contains("another cluster than 'demo'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_X_Amz_Expires_over_900_is_rejected()
    {
        var detail = RejectedUrl(Url(expires: 901));
        Assert.Contains("X-Amz-Expires", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_made_16_minutes_ago_is_rejected()
    {
        var detail = RejectedUrl(Url(time: DateTimeOffset.UtcNow.AddMinutes(-16)));
        Assert.Contains("X-Amz-Date is expired (15 minute expiration)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_with_a_key_the_sandbox_never_issued_is_rejected()
    {
        var stranger = new AwsSigningCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        var detail = RejectedUrl(AuthTestBed.PresignedUrl(stranger));
        Assert.Contains("does not know the access key", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_tampered_signature_is_rejected()
    {
        var url = Url().AbsoluteUri;
        var last = url[^1];
        var detail = Rejected(AuthTestBed.TokenFor(url[..^1] + (last == '0' ? '1' : '0')));
        Assert.Contains("signature does not verify", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_whose_X_Amz_Expires_was_raised_after_signing_is_rejected()
    {
        var url = Url().AbsoluteUri;
        var detail = Rejected(AuthTestBed.TokenFor(url.Replace("X-Amz-Expires=60", "X-Amz-Expires=600", StringComparison.Ordinal)));
        Assert.Contains("signature does not verify", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_lives_for_the_15_minutes_sts_honours_whatever_its_X_Amz_Expires()
    {
        // kubectl reuses a token until its ExecCredential expiry (14 minutes); STS ignores X-Amz-Expires=60.
        var user = _bed.Authenticate(_cluster, _store, AuthTestBed.TokenFor(Url(time: DateTimeOffset.UtcNow.AddMinutes(-14)).AbsoluteUri));
        Assert.Equal(_bed.SsoSessionArn, user.Name);
    }

    [Fact]
    public void A_token_dated_in_the_future_is_rejected()
    {
        var detail = RejectedUrl(Url(time: DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.Contains("in the future", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_for_another_region_than_its_sts_endpoint_is_rejected()
    {
        var detail = RejectedUrl(Url("https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", region: "us-east-1"));
        Assert.Contains("STS endpoint of eu-west-1", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", "us-east-1")]
    [InlineData("https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", "eu-west-1")]
    [InlineData("https://sts.cn-north-1.amazonaws.com.cn/?Action=GetCallerIdentity&Version=2011-06-15", "cn-north-1")]
    [InlineData("http://127.0.0.1:4566/?Action=GetCallerIdentity&Version=2011-06-15", "us-east-1")]
    [InlineData("https://localhost:4566/?Action=GetCallerIdentity&Version=2011-06-15", "eu-central-1")]
    public void Tokens_for_the_global_regional_and_sandbox_sts_endpoints_are_accepted(string baseUrl, string region)
    {
        var user = _bed.Authenticate(_cluster, _store, AuthTestBed.TokenFor(Url(baseUrl, region: region).AbsoluteUri));
        Assert.Equal(_bed.SsoSessionArn, user.Name);
    }

    [Fact]
    public void A_token_of_expired_session_credentials_is_rejected()
    {
        var token = _bed.Token();
        lock (_bed.Host.Gate)
        {
            _bed.SsoSession.Expiration = DateTimeOffset.UtcNow.AddMinutes(-1);
        }

        Assert.Contains("have expired", Rejected(token), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_of_session_credentials_presigned_without_the_session_token_is_rejected()
    {
        var withoutToken = new AwsSigningCredentials(_bed.SsoSession.AccessKeyId, _bed.SsoSession.SecretAccessKey);
        var detail = RejectedUrl(AuthTestBed.PresignedUrl(withoutToken));
        Assert.Contains("does not know the access key or session token", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic YWRtaW46c2VjcmV0")]
    public void A_request_without_a_bearer_token_is_anonymous(string? header)
    {
        var user = new EksTokenAuthenticator().Authenticate(_bed.Host, _cluster, _store, header);
        Assert.Equal("system:anonymous", user.Name);
        Assert.Equal(["system:unauthenticated"], user.Groups);
    }

    [Fact]
    public void A_bearer_token_of_another_kind_is_unauthorized_not_anonymous()
    {
        var detail = Rejected("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        Assert.Contains("does not start with", detail, StringComparison.Ordinal);
    }
}
