using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Sso;

namespace EksSso.Engine.Tokens;

/// <summary>Temporary credentials with their expiry, as the AWS CLI caches them.</summary>
public sealed record CachedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Never a secret.</summary>
    public override string ToString() => $"CachedCredentials({AccessKeyId}, expires {EksTokenMinter.FormatTimestamp(Expiration)})";
}

/// <summary>
/// The AWS CLI's role-credential cache, <c>~/.aws/cli/cache/&lt;sha1&gt;.json</c>: the same file names (botocore's
/// cache keys for assume-role and SSO profiles) and contents, so the CLI and the token helper share their entries.
/// Files are written atomically with mode 0600.
/// </summary>
public sealed class CliCredentialCache(string directory)
{
    /// <summary>botocore refreshes cached role credentials 15 minutes before they expire; a token lives that long too.</summary>
    public static readonly TimeSpan ExpiryWindow = TimeSpan.FromMinutes(15);

    public string Directory { get; } = directory;

    public static string DefaultDirectory =>
        Path.Combine(
            Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".aws", "cli", "cache");

    public static CliCredentialCache Default => new(DefaultDirectory);

    /// <summary>
    /// botocore's AssumeRoleCredentialFetcher key: sha1 of <c>json.dumps(kwargs, sort_keys=True)</c> over RoleArn and
    /// the optional AssumeRole arguments the profile sets; RoleSessionName only when the profile names the session.
    /// </summary>
    public static string AssumeRoleKey(string roleArn, string? roleSessionName = null, string? externalId = null, string? serialNumber = null, int? durationSeconds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleArn);
        var args = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["RoleArn"] = SsoCacheJson.String(roleArn) };
        if (durationSeconds is { } duration)
        {
            args["DurationSeconds"] = duration.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(externalId))
        {
            args["ExternalId"] = SsoCacheJson.String(externalId);
        }

        if (!string.IsNullOrEmpty(roleSessionName))
        {
            args["RoleSessionName"] = SsoCacheJson.String(roleSessionName);
        }

        if (!string.IsNullOrEmpty(serialNumber))
        {
            args["SerialNumber"] = SsoCacheJson.String(serialNumber);
        }

        // Python's default separators: ", " and ": ".
        return Sha1Hex("{" + string.Join(", ", args.Select(a => SsoCacheJson.String(a.Key) + ": " + a.Value)) + "}");
    }

    /// <summary>botocore's SSOCredentialFetcher key: sha1 of the minified, sorted accountId, roleName and sessionName (or startUrl).</summary>
    public static string SsoKey(string accountId, string roleName, string? sessionName, string? startUrl)
    {
        var args = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["accountId"] = accountId,
            ["roleName"] = roleName,
        };
        if (!string.IsNullOrEmpty(sessionName))
        {
            args["sessionName"] = sessionName;
        }
        else
        {
            args["startUrl"] = startUrl ?? throw new ArgumentNullException(nameof(startUrl));
        }

        return Sha1Hex("{" + string.Join(",", args.Select(a => SsoCacheJson.String(a.Key) + ":" + SsoCacheJson.String(a.Value))) + "}");
    }

    public string PathFor(string key) => Path.Combine(Directory, key + ".json");

    /// <summary>The cached credentials when they are still good for <see cref="ExpiryWindow"/>; null otherwise or when unreadable.</summary>
    public CachedCredentials? Read(string key, DateTimeOffset now)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathFor(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("Credentials", out var c) || c.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var credentials = new CachedCredentials(
                c.GetProperty("AccessKeyId").GetString()!,
                c.GetProperty("SecretAccessKey").GetString()!,
                c.GetProperty("SessionToken").GetString()!,
                ParseExpiration(c.GetProperty("Expiration").GetString()!));
            return credentials.Expiration - now > ExpiryWindow ? credentials : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the entry as the CLI does: <c>{"Credentials": {...}}</c>, with <c>"ProviderType": "sso"</c> for SSO
    /// role credentials and the assumed role's ARN when known.
    /// </summary>
    public string Write(string key, CachedCredentials credentials, string? providerType = null, string? assumedRoleArn = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (providerType is not null)
            {
                json.WriteString("ProviderType", providerType);
            }

            json.WriteStartObject("Credentials");
            json.WriteString("AccessKeyId", credentials.AccessKeyId);
            json.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            json.WriteString("SessionToken", credentials.SessionToken);
            json.WriteString("Expiration", EksTokenMinter.FormatTimestamp(credentials.Expiration));
            json.WriteEndObject();
            if (assumedRoleArn is not null)
            {
                json.WriteStartObject("AssumedRoleUser");
                json.WriteString("Arn", assumedRoleArn);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var path = PathFor(key);
        PrivateFile.WriteAtomic(path, buffer.ToArray());
        return path;
    }

    /// <summary>
    /// The CLI writes <c>2024-05-01T12:00:00UTC</c> (strftime %Z); other tools write ISO 8601 with Z or an offset.
    /// </summary>
    internal static DateTimeOffset ParseExpiration(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith("UTC", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^3] + "Z";
        }

        return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private static string Sha1Hex(string text) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
