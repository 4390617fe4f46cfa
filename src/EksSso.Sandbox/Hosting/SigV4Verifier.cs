using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Hosting;

/// <summary>What a request's SigV4 parts say, before the signature is checked.</summary>
public sealed record SigV4Claim(string AccessKeyId, DateTimeOffset Time, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature, bool Presigned, int? ExpiresSeconds);

/// <summary>
/// Checks SigV4 (Authorization header or presigned query) against the keys the sandbox issued, with the engine's signer:
/// the same canonicalisation the module signs with, and the AWS CLI's requests prove it against botocore's.
/// </summary>
public static class SigV4Verifier
{
    private static readonly TimeSpan s_maxSkew = TimeSpan.FromMinutes(5);

    /// <summary>Reads the claim from the request, or null when it carries no SigV4 at all.</summary>
    public static SigV4Claim? ReadClaim(Func<string, string?> header, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var authorization = header("Authorization");
        if (authorization is not null && authorization.StartsWith(SigV4Signer.Algorithm, StringComparison.Ordinal))
        {
            var parts = authorization[SigV4Signer.Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signed) || !parts.TryGetValue("Signature", out var signature))
            {
                throw new SandboxException("IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.", 403);
            }

            var date = header("X-Amz-Date") ?? throw new SandboxException("IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 403);
            return Build(credential, signed, signature, date, presigned: false, expires: null);
        }

        string? Q(string name) => query.FirstOrDefault(p => p.Key == name).Value;
        if (Q("X-Amz-Algorithm") is { } algorithm)
        {
            if (algorithm != SigV4Signer.Algorithm)
            {
                throw new SandboxException("IncompleteSignature", $"Unsupported algorithm {algorithm}.", 403);
            }

            var expires = int.TryParse(Q("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : (int?)null;
            return Build(Q("X-Amz-Credential") ?? "", Q("X-Amz-SignedHeaders") ?? "", Q("X-Amz-Signature") ?? "", Q("X-Amz-Date") ?? "", presigned: true, expires);
        }

        return null;
    }

    private static SigV4Claim Build(string credential, string signedHeaders, string signature, string date, bool presigned, int? expires)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw new SandboxException("IncompleteSignature", $"Credential should be scoped to a valid region, not '{credential}'.", 403);
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new SandboxException("IncompleteSignature", $"Date must be in ISO-8601 'basic format'. Got '{date}'.", 403);
        }

        if (scope[1] != time.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        {
            throw new SandboxException("SignatureDoesNotMatch", $"Credential should be scoped to a valid date, not '{scope[1]}'.", 403);
        }

        return new SigV4Claim(scope[0], time, scope[2], scope[3], signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries), signature, presigned, expires);
    }

    /// <summary>Verifies the claim; returns the issuing key or throws the AWS error (in generic codes the pipeline maps per protocol).</summary>
    public static AccessKeyState Verify(
        SigV4Claim claim,
        SandboxState state,
        DateTimeOffset now,
        string method,
        string rawPath,
        IReadOnlyList<KeyValuePair<string, string>> query,
        Func<string, string?> header,
        ReadOnlySpan<byte> body)
    {
        if (!state.AccessKeys.TryGetValue(claim.AccessKeyId, out var key))
        {
            throw new SandboxException(AuthErrors.UnknownKey, "The security token included in the request is invalid.", 403);
        }

        if (claim.Presigned)
        {
            if (claim.ExpiresSeconds is not { } expires || expires < 1 || expires > 604800)
            {
                throw new SandboxException(AuthErrors.BadSignature, "X-Amz-Expires must be between 1 and 604800 seconds.", 403);
            }

            if (now > claim.Time.AddSeconds(expires))
            {
                throw new SandboxException(AuthErrors.Expired, "Signature expired: the presigned request is past its X-Amz-Expires.", 403);
            }
        }
        else if ((now - claim.Time).Duration() > s_maxSkew)
        {
            throw new SandboxException(AuthErrors.Skewed, $"Signature expired: {SigV4Signer.AmzDate(claim.Time)} is now earlier than {SigV4Signer.AmzDate(now - s_maxSkew)} ({SigV4Signer.AmzDate(now)} - 5 min.)", 403);
        }

        var presentedToken = claim.Presigned ? query.FirstOrDefault(p => p.Key == "X-Amz-Security-Token").Value : header("X-Amz-Security-Token");
        if (key.SessionToken is not null && !FixedTimeEquals(presentedToken, key.SessionToken))
        {
            throw new SandboxException(AuthErrors.UnknownKey, "The security token included in the request is invalid.", 403);
        }

        if (key.Expiration is { } expiry && now >= expiry)
        {
            throw new SandboxException(AuthErrors.Expired, "The security token included in the request is expired", 403);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in claim.SignedHeaders)
        {
            var value = header(name) ?? throw new SandboxException(AuthErrors.BadSignature, $"The request signature we calculated does not match the signature you provided: signed header '{name}' is missing.", 403);
            headers.Add(new(name, value));
        }

        var payloadHash = claim.Presigned
            ? (header("X-Amz-Content-Sha256") ?? SigV4Signer.HexSha256(body))
            : header("X-Amz-Content-Sha256") is { Length: > 0 } declared && declared != SigV4Signer.UnsignedPayload ? declared : SigV4Signer.HexSha256(body);
        if (header("X-Amz-Content-Sha256") is { Length: > 0 } d && d != SigV4Signer.UnsignedPayload && d != SigV4Signer.HexSha256(body))
        {
            throw new SandboxException(AuthErrors.BadSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.", 403);
        }

        var request = new SigV4Request { Method = method, CanonicalUri = rawPath, Query = query, Headers = headers, PayloadHash = payloadHash };
        var canonical = SigV4Signer.CanonicalRequest(request, claim.SignedHeaders.ToArray());
        var stringToSign = SigV4Signer.StringToSign(canonical, claim.Time, claim.Region, claim.Service);
        var expected = SigV4Signer.Signature(stringToSign, SigV4Signer.SigningKey(key.SecretAccessKey, claim.Time, claim.Region, claim.Service));
        if (!FixedTimeEquals(expected, claim.Signature))
        {
            throw new SandboxException(
                AuthErrors.BadSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                403);
        }

        return key;
    }

    private static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary>Generic authentication failures; the pipeline renames them to each protocol's own codes.</summary>
public static class AuthErrors
{
    public const string UnknownKey = "#UnknownKey";
    public const string BadSignature = "#BadSignature";
    public const string Expired = "#Expired";
    public const string Skewed = "#Skewed";
    public const string Missing = "#Missing";
}
