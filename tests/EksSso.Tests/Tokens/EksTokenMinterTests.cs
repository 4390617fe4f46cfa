using System.Text;
using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Signing;
using EksSso.Engine.Tokens;
using Xunit;

namespace EksSso.Tests.Tokens;

public sealed class EksTokenMinterTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly AwsSigningCredentials s_keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token+value=");
    private static readonly AwsEndpoint s_sts = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", environment: _ => null);

    private static string DecodedUrl(string token)
    {
        Assert.StartsWith("k8s-aws-v1.", token, StringComparison.Ordinal);
        var payload = token["k8s-aws-v1.".Length..];
        Assert.Matches("^[A-Za-z0-9_-]+$", payload);
        var padded = payload.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    [Fact]
    public void TokenIsAPresignedGetCallerIdentityWithExactlyTheExpectedParameters()
    {
        var token = EksTokenMinter.Mint(s_keys, s_sts, "demo", s_now);
        var url = new Uri(DecodedUrl(token.Token));
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", url.GetLeftPart(UriPartial.Path));
        var query = SigV4Request.ParseQuery(url.Query);
        Assert.Equal(
            ["Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-SignedHeaders"],
            query.Select(p => p.Key).Order(StringComparer.Ordinal));
        var values = query.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("GetCallerIdentity", values["Action"]);
        Assert.Equal("2011-06-15", values["Version"]);
        Assert.Equal("60", values["X-Amz-Expires"]);
        Assert.Equal("host;x-k8s-aws-id", values["X-Amz-SignedHeaders"]);
        Assert.Equal("AKIDEXAMPLE/20250304/eu-west-1/sts/aws4_request", values["X-Amz-Credential"]);
        Assert.Equal("20250304T050607Z", values["X-Amz-Date"]);
        Assert.Equal("session/token+value=", values["X-Amz-Security-Token"]);
        Assert.Matches("^[0-9a-f]{64}$", values["X-Amz-Signature"]);
        Assert.Equal(s_now + TimeSpan.FromMinutes(14), token.ExpiresAt);
    }

    [Fact]
    public void SignatureCoversTheClusterName()
    {
        var demo = EksTokenMinter.Mint(s_keys, s_sts, "demo", s_now);
        var other = EksTokenMinter.Mint(s_keys, s_sts, "other", s_now);
        string Signature(EksBearerToken t) => SigV4Request.ParseQuery(new Uri(DecodedUrl(t.Token)).Query).Single(p => p.Key == "X-Amz-Signature").Value;
        Assert.NotEqual(Signature(demo), Signature(other));

        // The signature is the one SigV4 gives with x-k8s-aws-id among the signed headers.
        var url = new Uri(DecodedUrl(demo.Token));
        var query = SigV4Request.ParseQuery(url.Query);
        var canonical = SigV4Signer.CanonicalRequest(
            new SigV4Request("GET", "/", query, [new("host", "sts.eu-west-1.amazonaws.com"), new("x-k8s-aws-id", "demo")], SigV4Signer.EmptyPayloadHash),
            ["host", "x-k8s-aws-id"]);
        var expected = SigV4Signer.Signature(SigV4Signer.StringToSign(canonical, s_now, "eu-west-1", "sts"), SigV4Signer.SigningKey(s_keys.SecretAccessKey, s_now, "eu-west-1", "sts"));
        Assert.Equal(expected, query.Single(p => p.Key == "X-Amz-Signature").Value);
    }

    [Fact]
    public void TokenForAnEndpointOverrideIsPresignedForThatEndpoint()
    {
        var sandbox = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "us-east-2", environment: n => n == "AWS_ENDPOINT_URL" ? "http://127.0.0.1:4566" : null);
        var url = new Uri(DecodedUrl(EksTokenMinter.Mint(s_keys, sandbox, "demo", s_now).Token));
        Assert.Equal("http://127.0.0.1:4566/", url.GetLeftPart(UriPartial.Path));
        Assert.Contains("%2Fus-east-2%2Fsts%2F", url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void LongTermKeysCarryNoSecurityToken()
    {
        var token = EksTokenMinter.Mint(new AwsSigningCredentials("AKIDEXAMPLE", "secret"), s_sts, "demo", s_now);
        Assert.DoesNotContain("X-Amz-Security-Token", DecodedUrl(token.Token), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExecCredentialHasTheTokenAndExpiryInV1Beta1ByDefault()
    {
        var token = EksTokenMinter.Mint(s_keys, s_sts, "demo", s_now);
        using var json = JsonDocument.Parse(EksTokenMinter.ExecCredentialJson(token, null));
        var root = json.RootElement;
        Assert.Equal("ExecCredential", root.GetProperty("kind").GetString());
        Assert.Equal("client.authentication.k8s.io/v1beta1", root.GetProperty("apiVersion").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("spec").ValueKind);
        Assert.Equal("2025-03-04T05:20:07Z", root.GetProperty("status").GetProperty("expirationTimestamp").GetString());
        Assert.Equal(token.Token, root.GetProperty("status").GetProperty("token").GetString());
    }

    [Theory]
    [InlineData("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}", "client.authentication.k8s.io/v1")]
    [InlineData("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{}}", "client.authentication.k8s.io/v1beta1")]
    [InlineData("not json", "client.authentication.k8s.io/v1beta1")]
    [InlineData("", "client.authentication.k8s.io/v1beta1")]
    public void ExecCredentialAnswersInTheApiVersionKubectlAsksFor(string execInfo, string expected)
    {
        var token = EksTokenMinter.Mint(s_keys, s_sts, "demo", s_now);
        using var json = JsonDocument.Parse(EksTokenMinter.ExecCredentialJson(token, execInfo));
        Assert.Equal(expected, json.RootElement.GetProperty("apiVersion").GetString());
    }
}
