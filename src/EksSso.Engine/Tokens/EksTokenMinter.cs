using System.Globalization;
using System.Text;
using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Sts;
using EksSso.Engine.Aws.Signing;

namespace EksSso.Engine.Tokens;

/// <summary>An EKS bearer token and the time kubectl should stop using it.</summary>
public sealed record EksBearerToken(string ClusterName, string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Never the token itself: it is a credential for the cluster.</summary>
    public override string ToString() => $"EKS token for {ClusterName}, expires {EksTokenMinter.FormatTimestamp(ExpiresAt)}";
}

/// <summary>
/// Mints the bearer token of <c>aws eks get-token</c> and aws-iam-authenticator: an STS
/// <c>GET /?Action=GetCallerIdentity&amp;Version=2011-06-15</c> presigned with the cluster name in the signed
/// <c>x-k8s-aws-id</c> header, base64url-encoded without padding after <c>k8s-aws-v1.</c>.
/// </summary>
public static class EksTokenMinter
{
    public const string TokenPrefix = "k8s-aws-v1.";

    public const string ClusterIdHeader = "x-k8s-aws-id";

    public const string DefaultExecApiVersion = "client.authentication.k8s.io/v1beta1";

    public const string ExecInfoVariable = "KUBERNETES_EXEC_INFO";

    /// <summary>The X-Amz-Expires the AWS CLI puts in the URL; STS honours the URL for 15 minutes regardless.</summary>
    public static readonly TimeSpan PresignExpiry = TimeSpan.FromSeconds(60);

    /// <summary>kubectl reuses the token until then: a minute short of the 15 minutes the authenticator accepts.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(14);

    /// <summary>The token for <paramref name="clusterName"/>, presigned for the STS endpoint <paramref name="sts"/>.</summary>
    public static EksBearerToken Mint(AwsSigningCredentials credentials, AwsEndpoint sts, string clusterName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        // Only the authority of the endpoint counts: the authenticator accepts the root path and nothing else.
        var url = new Uri(sts.Url.GetLeftPart(UriPartial.Authority) + "/?Action=GetCallerIdentity&Version=2011-06-15");
        var presigned = SigV4Signer.Presign(
            HttpMethod.Get, url, [new(ClusterIdHeader, clusterName)], credentials, sts.SigningRegion, "sts", now, PresignExpiry);
        var token = TokenPrefix + Base64Url(Encoding.UTF8.GetBytes(presigned.AbsoluteUri));
        var issued = now.ToUniversalTime();
        return new EksBearerToken(clusterName, token, issued, issued + TokenLifetime);
    }

    /// <summary>The token for the session's credentials and region (its STS endpoint, overrides included).</summary>
    public static async Task<EksBearerToken> MintAsync(AwsSession session, string clusterName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var credentials = await session.GetSigningCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return Mint(credentials, session.ResolveEndpoint(AwsServiceInfo.Sts), clusterName, now);
    }

    /// <summary>
    /// The ExecCredential kubectl reads from an exec plugin. <paramref name="execInfo"/> is the JSON of
    /// <c>KUBERNETES_EXEC_INFO</c>, whose apiVersion is answered in kind.
    /// </summary>
    public static string ExecCredentialJson(EksBearerToken token, string? execInfo)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "ExecCredential");
            json.WriteString("apiVersion", ExecApiVersion(execInfo));
            json.WriteStartObject("spec");
            json.WriteEndObject();
            json.WriteStartObject("status");
            json.WriteString("expirationTimestamp", FormatTimestamp(token.ExpiresAt));
            json.WriteString("token", token.Token);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The apiVersion of <c>KUBERNETES_EXEC_INFO</c>, or v1beta1 when it is absent or unreadable.</summary>
    public static string ExecApiVersion(string? execInfo)
    {
        if (string.IsNullOrWhiteSpace(execInfo))
        {
            return DefaultExecApiVersion;
        }

        try
        {
            using var document = JsonDocument.Parse(execInfo);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("apiVersion", out var version)
                && version.ValueKind == JsonValueKind.String
                && version.GetString() is { Length: > 0 } value
                ? value
                : DefaultExecApiVersion;
        }
        catch (JsonException)
        {
            return DefaultExecApiVersion;
        }
    }

    /// <summary>RFC 3339 in UTC with whole seconds, as the AWS CLI writes expirationTimestamp.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Base64Url(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A token with the identity that signed it and the region it is for.</summary>
public sealed record EksTokenResult(EksBearerToken Token, string Region, string? Identity)
{
    public override string ToString() => Token.ToString();
}

/// <summary>Tokens for the cmdlets: the session's credentials, region and STS endpoint; the identity when asked for.</summary>
public static class EksTokens
{
    public static async Task<EksTokenResult> GetAsync(AwsTransport transport, string clusterName, bool withIdentity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var token = await EksTokenMinter.MintAsync(transport.Session, clusterName, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        string? identity = null;
        if (withIdentity)
        {
            identity = (await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Arn;
        }

        return new EksTokenResult(token, transport.Session.Region, identity);
    }
}
