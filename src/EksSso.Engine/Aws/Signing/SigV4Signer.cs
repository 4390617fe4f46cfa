using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EksSso.Engine.Aws.Signing;

/// <summary>AWS Signature Version 4 (AWS4-HMAC-SHA256): header signing, query-string presigning and the steps between.</summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The longest validity AWS accepts for a presigned URL (7 days).</summary>
    public static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromDays(7);

    private const string SignatureParameter = "X-Amz-Signature";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string[] s_presignParameters =
    [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", SignatureParameter,
    ];

    /// <summary>
    /// Builds the canonical request. <paramref name="normalizePath"/> is true for every service except S3: the
    /// path then has its dot segments and empty segments removed and each segment is URI-encoded again (so a
    /// path that was encoded once for the wire ends up encoded twice); false uses the wire path as it is.
    /// X-Amz-Signature is never part of the canonical query, so a verifier may pass a presigned URL's query whole.
    /// </summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyCollection<string> signedHeaders, bool normalizePath = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        ArgumentException.ThrowIfNullOrEmpty(request.Method);
        ArgumentException.ThrowIfNullOrEmpty(request.PayloadHash);

        var names = NormalizeSignedHeaders(signedHeaders);
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(normalizePath ? NormalizeAndEncodePath(request.CanonicalUri) : EmptyAsRoot(request.CanonicalUri)).Append('\n');
        builder.Append(CanonicalQueryString(request.Query)).Append('\n');
        foreach (var name in names)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.Headers, name)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', names)).Append('\n');
        builder.Append(request.PayloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string canonicalRequest, DateTimeOffset time, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        return string.Join(
            '\n',
            Algorithm,
            AmzDate(time),
            CredentialScope(time, region, service),
            HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));
    }

    public static byte[] SigningKey(string secretAccessKey, DateTimeOffset time, string region, string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ValidateScopePart(region, nameof(region));
        ValidateScopePart(service, nameof(service));
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(ScopeDate(time)));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>The signature as lowercase hex.</summary>
    public static string Signature(string stringToSign, byte[] signingKey)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        ArgumentNullException.ThrowIfNull(signingKey);
        return Convert.ToHexString(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();
    }

    public static string HexSha256(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>The X-Amz-Date form of <paramref name="time"/>: <c>yyyyMMddTHHmmssZ</c> in UTC.</summary>
    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>yyyyMMdd/region/service/aws4_request</c>.</summary>
    public static string CredentialScope(DateTimeOffset time, string region, string service)
    {
        ValidateScopePart(region, nameof(region));
        ValidateScopePart(service, nameof(service));
        return $"{ScopeDate(time)}/{region}/{service}/aws4_request";
    }

    /// <summary>The value of the Authorization header, with the signed header names listed as the canonical request lists them.</summary>
    public static string AuthorizationHeader(
        string accessKeyId,
        DateTimeOffset time,
        string region,
        string service,
        IReadOnlyCollection<string> signedHeaders,
        string signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        ArgumentException.ThrowIfNullOrEmpty(signature);
        return $"{Algorithm} Credential={accessKeyId}/{CredentialScope(time, region, service)}, " +
            $"SignedHeaders={string.Join(';', NormalizeSignedHeaders(signedHeaders))}, Signature={signature}";
    }

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets Host if missing, X-Amz-Date, X-Amz-Security-Token (when the
    /// credentials have a session token) and Authorization. Signs host, content-type and every x-amz-* header
    /// present (which includes x-amz-target). A caller-set X-Amz-Content-SHA256 is used as the payload hash
    /// (e.g. UNSIGNED-PAYLOAD); for S3 the header is added when missing because S3 requires it.
    /// </summary>
    public static void Sign(HttpRequestMessage request, byte[] body, AwsSigningCredentials credentials, string region, string service, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request must have an absolute URI to be signed.", nameof(request));
        }

        // Setting Host explicitly makes the value sent the value signed.
        request.Headers.Host ??= HostHeaderValue(uri);
        Replace(request, "X-Amz-Date", AmzDate(time));
        if (credentials.SessionToken is { } token)
        {
            Replace(request, "X-Amz-Security-Token", token);
        }

        request.Headers.Remove("Authorization");

        string payloadHash;
        if (request.Headers.TryGetValues("X-Amz-Content-SHA256", out var declared))
        {
            payloadHash = SingleValue("x-amz-content-sha256", declared);
        }
        else
        {
            payloadHash = HexSha256(body);
            if (IsS3(service))
            {
                request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        var signedHeaders = new List<string>();
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = request.Content is null
            ? request.Headers
            : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            var lower = name.ToLowerInvariant();
            if (lower is "host" or "content-type" || lower.StartsWith("x-amz-", StringComparison.Ordinal))
            {
                headers.Add(new(lower, SingleValue(lower, values)));
                signedHeaders.Add(lower);
            }
        }

        var canonical = new SigV4Request(
            request.Method.Method,
            uri.AbsolutePath,
            SigV4Request.ParseQuery(uri.Query),
            headers,
            payloadHash);
        var signature = Signature(
            StringToSign(CanonicalRequest(canonical, signedHeaders, normalizePath: !IsS3(service)), time, region, service),
            SigningKey(credentials.SecretAccessKey, time, region, service));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            AuthorizationHeader(credentials.AccessKeyId, time, region, service, signedHeaders, signature));
    }

    /// <summary>
    /// Presigns <paramref name="url"/> with query parameters. <paramref name="extraSignedHeaders"/> are signed
    /// with host but not added to the URL: whoever sends the URL must send them as headers. The session token,
    /// if any, is part of the signed query (as STS and S3 expect). Use the result's <see cref="Uri.AbsoluteUri"/>,
    /// not <see cref="Uri.ToString"/>, which unescapes.
    /// </summary>
    public static Uri Presign(
        HttpMethod method,
        Uri url,
        IEnumerable<KeyValuePair<string, string>>? extraSignedHeaders,
        AwsSigningCredentials credentials,
        string region,
        string service,
        DateTimeOffset time,
        TimeSpan expires,
        string? payloadHash = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The URL to presign must be absolute.", nameof(url));
        }

        if (expires <= TimeSpan.Zero || expires > MaxPresignExpiry || expires.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expires), expires, "Expiry must be a whole number of seconds between 1 second and 7 days.");
        }

        var query = new List<KeyValuePair<string, string>>(SigV4Request.ParseQuery(url.Query));
        foreach (var (name, _) in query)
        {
            if (s_presignParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The URL already has the signing parameter {name}.", nameof(url));
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in extraSignedHeaders ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(extraSignedHeaders));
            headers.Add(new(name.Trim().ToLowerInvariant(), value ?? string.Empty));
        }

        if (!headers.Exists(h => h.Key == "host"))
        {
            headers.Insert(0, new("host", HostHeaderValue(url)));
        }

        var signedHeaders = NormalizeSignedHeaders(headers.ConvertAll(h => h.Key));
        query.Add(new("X-Amz-Algorithm", Algorithm));
        query.Add(new("X-Amz-Credential", $"{credentials.AccessKeyId}/{CredentialScope(time, region, service)}"));
        query.Add(new("X-Amz-Date", AmzDate(time)));
        query.Add(new("X-Amz-Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        query.Add(new("X-Amz-SignedHeaders", string.Join(';', signedHeaders)));
        if (credentials.SessionToken is { } token)
        {
            query.Add(new("X-Amz-Security-Token", token));
        }

        var canonical = new SigV4Request(method.Method, url.AbsolutePath, query, headers, payloadHash ?? EmptyPayloadHash);
        var signature = Signature(
            StringToSign(CanonicalRequest(canonical, signedHeaders, normalizePath: !IsS3(service)), time, region, service),
            SigningKey(credentials.SecretAccessKey, time, region, service));
        return new Uri($"{url.GetLeftPart(UriPartial.Path)}?{CanonicalQueryString(query)}&{SignatureParameter}={signature}");
    }

    /// <summary>SigV4 URI encoding: unreserved characters (A-Z a-z 0-9 - _ . ~) kept, everything else as UTF-8 %XX.</summary>
    internal static string UriEncode(string value)
    {
        var bytes = s_strictUtf8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    internal static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query)
    {
        var encoded = query
            .Where(p => p.Key != SignatureParameter)
            .Select(p => (Name: UriEncode(p.Key), Value: UriEncode(p.Value ?? string.Empty)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value);
        return string.Join('&', encoded);
    }

    /// <summary>Removes "." and ".." segments (RFC 3986) and empty segments, then URI-encodes each segment.</summary>
    internal static string NormalizeAndEncodePath(string path)
    {
        var segments = new List<string>();
        var endsWithSlash = false;
        foreach (var segment in (path ?? string.Empty).Split('/'))
        {
            endsWithSlash = segment is "" or "." or "..";
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(UriEncode(segment));
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        return "/" + string.Join('/', segments) + (endsWithSlash ? "/" : string.Empty);
    }

    internal static string CanonicalHeaderValue(IReadOnlyList<KeyValuePair<string, string>> headers, string lowercaseName)
    {
        var values = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name.Trim(), lowercaseName, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(TrimAll(value ?? string.Empty));
            }
        }

        if (values.Count == 0)
        {
            throw new ArgumentException($"The signed header '{lowercaseName}' is not among the request headers.", nameof(headers));
        }

        return string.Join(',', values);
    }

    /// <summary>Trims the value and turns each run of whitespace (including folded line breaks) into one space.</summary>
    private static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static List<string> NormalizeSignedHeaders(IEnumerable<string> signedHeaders)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in signedHeaders)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(signedHeaders));
            names.Add(name.Trim().ToLowerInvariant());
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("At least one header (host) must be signed.", nameof(signedHeaders));
        }

        return [.. names];
    }

    private static string EmptyAsRoot(string path) => string.IsNullOrEmpty(path) ? "/" : path;

    private static string ScopeDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static void ValidateScopePart(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        if (value.Contains('/'))
        {
            throw new ArgumentException("A credential scope part cannot contain '/'.", parameterName);
        }
    }

    // S3 signs the path as sent: no dot-segment removal and no second encoding.
    private static bool IsS3(string service) => service is "s3" or "s3-object-lambda" or "s3-outposts";

    private static string HostHeaderValue(Uri uri)
    {
        // IdnHost drops the brackets of an IPv6 literal, which the Host header needs.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static string SingleValue(string name, IEnumerable<string> values)
    {
        using var enumerator = values.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            return string.Empty;
        }

        var value = enumerator.Current;
        if (enumerator.MoveNext())
        {
            // The wire form of repeated values depends on the HTTP version, so the signature could not be trusted.
            throw new InvalidOperationException($"The header '{name}' has several values; a signed header must have one.");
        }

        return value;
    }
}
