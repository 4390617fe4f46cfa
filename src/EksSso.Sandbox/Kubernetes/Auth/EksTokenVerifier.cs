using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>The AWS identity a valid EKS bearer token proves, as aws-iam-authenticator reports it.</summary>
/// <param name="Arn">What STS GetCallerIdentity says (<c>…:assumed-role/NAME/session</c> for role sessions).</param>
/// <param name="CanonicalArn">The ARN mappings are matched against: <c>…:iam::ACCT:role/NAME</c>, no path.</param>
/// <param name="UserId">GetCallerIdentity's UserId (<c>AROA…:session</c>, <c>AIDA…</c>): aws-iam-authenticator's principalId.</param>
/// <param name="SessionName">The role session name; empty for IAM users and root.</param>
/// <param name="PrincipalArn">The IAM role (with its path) or user behind the session.</param>
/// <param name="PrincipalUniqueId">The role's or user's unique id (AROA…/AIDA…), or the account id for root.</param>
public sealed record EksTokenIdentity(
    string Arn,
    string CanonicalArn,
    string AccountId,
    string UserId,
    string SessionName,
    string AccessKeyId,
    string PrincipalArn,
    string PrincipalUniqueId);

/// <summary>
/// Verifies <c>k8s-aws-v1.</c> bearer tokens by aws-iam-authenticator's rules, then checks the presigned STS
/// GetCallerIdentity URL inside against the keys the sandbox issued, as STS would when the authenticator calls it.
/// </summary>
public static partial class EksTokenVerifier
{
    public const string TokenPrefix = "k8s-aws-v1.";

    /// <summary>aws-iam-authenticator's maxTokenLenBytes.</summary>
    public const int MaxTokenLength = 4096;

    public const string ClusterIdHeader = "x-k8s-aws-id";

    /// <summary>aws-iam-authenticator accepts X-Amz-Expires from 0 to this.</summary>
    public const int MaxExpiresSeconds = 900;

    /// <summary>
    /// STS honours a presigned GetCallerIdentity for 15 minutes after X-Amz-Date whatever X-Amz-Expires says (the
    /// authenticator relies on it, and kubectl reuses a token for 14 minutes), so that is the window here too.
    /// </summary>
    public static readonly TimeSpan PresignedUrlLifetime = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan s_maxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> s_allowedParameters = new(StringComparer.Ordinal)
    {
        "action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
        "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
    };

    private static readonly HashSet<string> s_loopbackHosts = new(StringComparer.Ordinal) { "127.0.0.1", "localhost", "[::1]" };

    /// <summary>Verifies the token for <paramref name="clusterName"/>; throws <see cref="EksTokenRejectedException"/>.</summary>
    public static EksTokenIdentity Verify(SandboxHost host, string clusterName, string? token)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        if (string.IsNullOrEmpty(token))
        {
            throw Reject("the bearer token is empty");
        }

        if (token.Length > MaxTokenLength)
        {
            throw Reject($"the token is {token.Length} characters long; at most {MaxTokenLength} are accepted");
        }

        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            throw Reject($"the token does not start with '{TokenPrefix}'");
        }

        var url = DecodeUrl(token[TokenPrefix.Length..]);
        var (scheme, authority, path, rawQuery) = SplitUrl(url);
        var signingRegion = CheckHost(authority, out var isLoopback);
        if (scheme != "https" && !(scheme == "http" && isLoopback))
        {
            // The sandbox's own STS listens on plain HTTP on loopback; every AWS STS endpoint is HTTPS.
            throw Reject($"unexpected scheme '{scheme}' in the presigned URL");
        }

        if (path != "/")
        {
            throw Reject("unexpected path in the presigned URL: it must be '/'");
        }

        var parameters = CheckQuery(rawQuery);
        if (!parameters.ContainsKey("Action") || !parameters.ContainsKey("Version"))
        {
            throw Reject("the presigned URL must carry 'Action' and 'Version' spelled as STS expects");
        }

        if (parameters["Action"] != "GetCallerIdentity")
        {
            throw Reject("unexpected Action in the presigned URL: only GetCallerIdentity is accepted");
        }

        if (parameters["Version"] != "2011-06-15")
        {
            throw Reject("unexpected Version in the presigned URL: STS speaks 2011-06-15");
        }

        var signedHeaders = (Lookup(parameters, "x-amz-signedheaders") ?? "").Split(';');
        if (!signedHeaders.Contains(ClusterIdHeader, StringComparer.Ordinal))
        {
            throw Reject($"the client did not sign the {ClusterIdHeader} header in the presigned URL");
        }

        if (!signedHeaders.Contains("host", StringComparer.Ordinal))
        {
            throw Reject("the client did not sign the host header in the presigned URL");
        }

        var expiresText = Lookup(parameters, "x-amz-expires");
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > MaxExpiresSeconds)
        {
            throw Reject($"invalid X-Amz-Expires in the presigned URL: it must be a number of seconds from 0 to {MaxExpiresSeconds}");
        }

        var dateText = Lookup(parameters, "x-amz-date");
        if (string.IsNullOrEmpty(dateText))
        {
            throw Reject("X-Amz-Date must be present in the presigned URL");
        }

        if (!DateTimeOffset.TryParseExact(dateText, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            throw Reject("X-Amz-Date in the presigned URL is not in ISO-8601 basic format");
        }

        var now = host.Clock.Now;
        if (now > date + PresignedUrlLifetime)
        {
            throw Reject($"X-Amz-Date is expired ({PresignedUrlLifetime.TotalMinutes:0} minute expiration): the token was made at {SigV4Signer.AmzDate(date)}");
        }

        if (date > now + s_maxFutureSkew)
        {
            throw Reject($"X-Amz-Date {SigV4Signer.AmzDate(date)} is in the future");
        }

        var query = SigV4Request.ParseQuery(rawQuery);
        SigV4Claim? claim;
        try
        {
            claim = SigV4Verifier.ReadClaim(_ => null, query);
        }
        catch (SandboxException)
        {
            throw Reject("the SigV4 parameters of the presigned URL are malformed");
        }

        if (claim is null)
        {
            throw Reject("the URL is not presigned with SigV4");
        }

        if (claim.Service != "sts")
        {
            throw Reject($"the URL is signed for service '{claim.Service}', not sts");
        }

        if (signingRegion is not null && claim.Region != signingRegion)
        {
            throw Reject($"the URL is signed for region '{claim.Region}' but addressed to the STS endpoint of {signingRegion}");
        }

        string? Header(string name) =>
            name.Equals("host", StringComparison.OrdinalIgnoreCase) ? authority
            : name.Equals(ClusterIdHeader, StringComparison.OrdinalIgnoreCase) ? clusterName
            : null;

        lock (host.Gate)
        {
            SandboxCaller caller;
            try
            {
                // The expiry window is STS's 15 minutes (checked above), not X-Amz-Expires.
                var key = SigV4Verifier.Verify(claim with { ExpiresSeconds = (int)PresignedUrlLifetime.TotalSeconds }, host.State, now, "GET", "/", query, Header, ReadOnlySpan<byte>.Empty);
                caller = SandboxCaller.From(key, host.State);
            }
            catch (SandboxException e)
            {
                throw Reject(e.Code switch
                {
                    AuthErrors.UnknownKey => "STS does not know the access key or session token that signed the token",
                    AuthErrors.Expired => "the credentials that signed the token have expired",
                    AuthErrors.BadSignature => $"the signature does not verify: the token was made for another cluster than '{clusterName}', or was altered",
                    _ => $"STS rejects the presigned URL ({e.Code})",
                });
            }

            var canonical = AwsArn.TryParse(caller.Arn, out var arn) ? arn.Canonical.ToString() : caller.Arn;
            return new EksTokenIdentity(
                caller.Arn,
                canonical,
                caller.AccountId,
                caller.UserId,
                caller.Key.SessionName ?? "",
                caller.Key.AccessKeyId,
                caller.PrincipalArn,
                caller.Role?.RoleId ?? caller.User?.UserId ?? caller.AccountId);
        }
    }

    private static string DecodeUrl(string encoded)
    {
        foreach (var c in encoded)
        {
            if (c == '=')
            {
                throw Reject("the token payload is padded with '='; base64url without padding is expected");
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Reject("the token payload has characters outside the base64url alphabet");
            }
        }

        if (encoded.Length == 0 || encoded.Length % 4 == 1)
        {
            throw Reject("the token payload is not base64url: its length is impossible");
        }

        var standard = encoded.Replace('-', '+').Replace('_', '/');
        standard += new string('=', (4 - (standard.Length % 4)) % 4);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(standard));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException or ArgumentException)
        {
            throw Reject("the token payload does not decode to UTF-8 text");
        }
    }

    private static (string Scheme, string Authority, string Path, string Query) SplitUrl(string url)
    {
        if (url.Any(char.IsControl) || url.Contains(' ', StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw Reject("the token does not hold an absolute URL");
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw Reject("the token does not hold an absolute URL");
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        var rest = url[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var tail = authorityEnd < 0 ? "" : rest[authorityEnd..];
        if (tail.Contains('#', StringComparison.Ordinal))
        {
            throw Reject("the presigned URL has a fragment");
        }

        var queryStart = tail.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0 ? (scheme, authority, tail, "") : (scheme, authority, tail[..queryStart], tail[(queryStart + 1)..]);
    }

    /// <summary>Accepts STS hosts of the AWS partitions (no port, as the authenticator's list has them) and the sandbox's own loopback endpoint; returns the region the signature must be scoped to, null for loopback.</summary>
    private static string? CheckHost(string authority, out bool isLoopback)
    {
        isLoopback = false;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw Reject("the presigned URL carries user information");
        }

        if (authority == "sts.amazonaws.com")
        {
            return "us-east-1";
        }

        if (RegionalStsHost().Match(authority) is { Success: true } regional)
        {
            return regional.Groups["region"].Value;
        }

        if (ChinaStsHost().Match(authority) is { Success: true } china)
        {
            return china.Groups["region"].Value;
        }

        var host = authority;
        var portStart = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (portStart > 0)
        {
            var port = authority[(portStart + 1)..];
            if (port.Length == 0 || port.Length > 5 || !port.All(char.IsAsciiDigit))
            {
                throw Reject("the presigned URL has an invalid port");
            }

            host = authority[..portStart];
        }

        if (s_loopbackHosts.Contains(host.ToLowerInvariant()))
        {
            isLoopback = true;
            return null;
        }

        throw Reject($"unexpected host '{authority}' in the presigned URL: only STS endpoints are accepted");
    }

    /// <summary>Go's url.ParseQuery plus the authenticator's whitelist: known names only (any case), each once.</summary>
    private static Dictionary<string, string> CheckQuery(string rawQuery)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (part.Contains(';', StringComparison.Ordinal))
            {
                throw Reject("malformed query parameter in the presigned URL");
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = QueryUnescape(equals < 0 ? part : part[..equals]);
            var value = QueryUnescape(equals < 0 ? "" : part[(equals + 1)..]);
            var lower = name.ToLowerInvariant();
            if (!s_allowedParameters.Contains(lower))
            {
                throw Reject($"query parameter '{name}' is not allowed in the presigned URL");
            }

            if (!seen.Add(lower))
            {
                throw Reject($"query parameter '{name}' appears more than once in the presigned URL");
            }

            parameters[name] = value;
        }

        return parameters;
    }

    private static string? Lookup(Dictionary<string, string> parameters, string lowerName) =>
        parameters.FirstOrDefault(p => p.Key.Equals(lowerName, StringComparison.OrdinalIgnoreCase)).Value;

    private static string QueryUnescape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])))
            {
                throw Reject("malformed escape in a query parameter of the presigned URL");
            }
        }

        return Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private static EksTokenRejectedException Reject(string detail) => new(detail);

    [GeneratedRegex("^sts\\.(?<region>(?!cn-)[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2})\\.amazonaws\\.com$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionalStsHost();

    [GeneratedRegex("^sts\\.(?<region>cn-[a-z]+-[0-9]{1,2})\\.amazonaws\\.com\\.cn$", RegexOptions.CultureInvariant)]
    private static partial Regex ChinaStsHost();
}
