using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EksSso.Engine.Sso;

/// <summary>
/// One IAM Identity Center access token as the AWS CLI v2 caches it (botocore's SSOTokenFetcher / SSOTokenProvider):
/// <c>startUrl</c>, <c>region</c>, <c>accessToken</c>, <c>expiresAt</c>, and the client registration it came from
/// (<c>clientId</c>, <c>clientSecret</c>, <c>registrationExpiresAt</c>) with the <c>refreshToken</c> when there is one.
/// </summary>
public sealed record SsoToken(
    string StartUrl,
    string Region,
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string? ClientId = null,
    string? ClientSecret = null,
    DateTimeOffset? RegistrationExpiresAt = null,
    string? RefreshToken = null)
{
    /// <summary>The CLI treats a token with less than 15 minutes left as expired (and refreshes it).</summary>
    public static readonly TimeSpan ExpiryWindow = TimeSpan.FromMinutes(15);

    public bool IsUsable(DateTimeOffset now) => ExpiresAt - now > ExpiryWindow;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>What botocore's refresh needs: a refresh token and a registration that has not expired.</summary>
    public bool CanRefresh(DateTimeOffset now) =>
        RefreshToken is not null && ClientId is not null && ClientSecret is not null && RegistrationExpiresAt is { } r && r > now;

    /// <summary>Never the token: records print their members.</summary>
    public override string ToString() => $"SSO token for {StartUrl} ({Region}), expires {SsoCacheJson.FormatTime(ExpiresAt)}";
}

/// <summary>A client registration (RegisterClient) kept for reuse while its secret is valid.</summary>
public sealed record SsoClientRegistration(string ClientId, string ClientSecret, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes)
{
    public bool IsUsable(DateTimeOffset now) => ExpiresAt - now > SsoToken.ExpiryWindow;

    public override string ToString() => $"SSO OIDC client {ClientId}, expires {SsoCacheJson.FormatTime(ExpiresAt)}";
}

/// <summary>
/// The AWS CLI v2's SSO token cache: <c>~/.aws/sso/cache/&lt;sha1 hex&gt;.json</c>, the SHA-1 of the sso-session
/// name (or of the start URL for a legacy profile), written owner-only (0600). The CLI finds the directory from the
/// home directory (Python's <c>expanduser('~')</c>: HOME, or USERPROFILE on Windows), so does this. The one
/// override, <c>EKSSSO_SSO_CACHE</c>, is what a sandbox sets so that rehearsal tokens never land next to real ones;
/// a child AWS CLI sees the same files when its HOME is the directory above <c>.aws/sso/cache</c>.
/// </summary>
public sealed class SsoTokenCache(string directory)
{
    public const string DirectoryVariable = "EKSSSO_SSO_CACHE";

    public string Directory { get; } = directory;

    /// <summary>The cache directory now: <c>EKSSSO_SSO_CACHE</c>, else <c>&lt;home&gt;/.aws/sso/cache</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(HomeDirectory, ".aws", "sso", "cache");

    public static SsoTokenCache Default => new(DefaultDirectory);

    private static string HomeDirectory =>
        (OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable("USERPROFILE") : Environment.GetEnvironmentVariable("HOME")) is { Length: > 0 } home
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The CLI's file name: lowercase hex SHA-1 of the UTF-8 key, plus <c>.json</c>.</summary>
    public static string FileName(string cacheKey) =>
        Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))).ToLowerInvariant() + ".json";

    public string PathFor(SsoConfig config) => Path.Combine(Directory, FileName(config.CacheKey));

    /// <summary>The cached token, or null when there is none or the file is not a token (no accessToken/expiresAt).</summary>
    public SsoToken? Read(SsoConfig config)
    {
        var path = PathFor(config);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return SsoCacheJson.ParseToken(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    public string Write(SsoConfig config, SsoToken token)
    {
        var path = PathFor(config);
        WriteAtomic(path, SsoCacheJson.FormatToken(token));
        return path;
    }

    /// <summary>Deletes the cached token; false when there was none.</summary>
    public bool Delete(SsoConfig config)
    {
        var path = PathFor(config);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Our own client registrations, one file per start URL, region, session, scopes and grant types, beside the
    /// tokens as the CLI keeps its own (the key's <c>tool</c> differs, so the two never read each other's).
    /// </summary>
    public SsoClientRegistration? ReadRegistration(SsoConfig config, IReadOnlyList<string> grantTypes)
    {
        var path = Path.Combine(Directory, RegistrationKey(config, grantTypes) + ".json");
        try
        {
            return File.Exists(path) ? SsoCacheJson.ParseRegistration(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    public void WriteRegistration(SsoConfig config, SsoClientRegistration registration) =>
        WriteAtomic(Path.Combine(Directory, RegistrationKey(config, registration.GrantTypes) + ".json"), SsoCacheJson.FormatRegistration(registration));

    internal static string RegistrationKey(SsoConfig config, IReadOnlyList<string> grantTypes)
    {
        var key = new StringBuilder("{");
        key.Append("\"grantTypes\": ").Append(SsoCacheJson.Array(grantTypes)).Append(", ");
        key.Append("\"region\": ").Append(SsoCacheJson.String(config.SsoRegion)).Append(", ");
        key.Append("\"scopes\": ").Append(SsoCacheJson.Array(config.Scopes)).Append(", ");
        key.Append("\"session_name\": ").Append(config.SessionName is null ? "null" : SsoCacheJson.String(config.SessionName)).Append(", ");
        key.Append("\"startUrl\": ").Append(SsoCacheJson.String(config.StartUrl)).Append(", ");
        key.Append("\"tool\": \"eksso\"}");
        return Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(key.ToString()))).ToLowerInvariant();
    }

    /// <summary>
    /// Writes owner-only (0600) and atomically: a temporary file in the same directory, renamed over the target, so a
    /// reader (this module in another session, the AWS CLI) sees the old file or the new one, never half of one.
    /// </summary>
    private void WriteAtomic(string path, string content)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}

/// <summary>
/// The cache files' JSON exactly as the CLI writes it: Python's <c>json.dumps</c> (", " and ": " separators, one
/// line, non-ASCII as \u escapes) with datetimes as <c>%Y-%m-%dT%H:%M:%SZ</c>. Reading takes what the CLI and SDKs
/// have written over the years: fractional seconds, "+00:00" or "UTC" instead of "Z", missing optional fields.
/// </summary>
public static class SsoCacheJson
{
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text)
    {
        var t = text.Trim();
        if (t.EndsWith("UTC", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^3].TrimEnd() + "Z";
        }

        return DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public static string FormatToken(SsoToken token)
    {
        var fields = new List<(string, string)>
        {
            ("startUrl", String(token.StartUrl)),
            ("region", String(token.Region)),
            ("accessToken", String(token.AccessToken)),
            ("expiresAt", String(FormatTime(token.ExpiresAt))),
        };
        Add(fields, "clientId", token.ClientId);
        Add(fields, "clientSecret", token.ClientSecret);
        Add(fields, "registrationExpiresAt", token.RegistrationExpiresAt is { } r ? FormatTime(r) : null);
        Add(fields, "refreshToken", token.RefreshToken);
        return Object(fields);
    }

    public static SsoToken ParseToken(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var accessToken = Text(root, "accessToken") ?? throw new FormatException("The cached SSO token has no accessToken.");
        var expiresAt = Text(root, "expiresAt") ?? throw new FormatException("The cached SSO token has no expiresAt.");
        return new SsoToken(
            Text(root, "startUrl") ?? "",
            Text(root, "region") ?? "",
            accessToken,
            ParseTime(expiresAt),
            Text(root, "clientId"),
            Text(root, "clientSecret"),
            Text(root, "registrationExpiresAt") is { } r ? ParseTime(r) : null,
            Text(root, "refreshToken"));
    }

    public static string FormatRegistration(SsoClientRegistration registration) => Object(
    [
        ("clientId", String(registration.ClientId)),
        ("clientSecret", String(registration.ClientSecret)),
        ("expiresAt", String(FormatTime(registration.ExpiresAt))),
        ("scopes", Array(registration.Scopes)),
        ("grantTypes", Array(registration.GrantTypes)),
    ]);

    public static SsoClientRegistration ParseRegistration(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new SsoClientRegistration(
            Text(root, "clientId") ?? throw new FormatException("no clientId"),
            Text(root, "clientSecret") ?? throw new FormatException("no clientSecret"),
            ParseTime(Text(root, "expiresAt") ?? throw new FormatException("no expiresAt")),
            Strings(root, "scopes"),
            Strings(root, "grantTypes"));
    }

    /// <summary>A JSON string as Python's json.dumps writes it (ensure_ascii).</summary>
    public static string String(string value)
    {
        var s = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                case '\b': s.Append("\\b"); break;
                case '\f': s.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        s.Append(c);
                    }

                    break;
            }
        }

        return s.Append('"').ToString();
    }

    public static string Array(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

    private static string Object(IEnumerable<(string Name, string Json)> fields) =>
        "{" + string.Join(", ", fields.Select(f => String(f.Name) + ": " + f.Json)) + "}";

    private static void Add(List<(string, string)> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add((name, String(value)));
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string[] Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];
}
