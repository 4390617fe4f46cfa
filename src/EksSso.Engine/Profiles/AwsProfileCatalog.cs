using EksSso.Engine.Aws;

namespace EksSso.Engine.Profiles;

/// <summary>How a profile gets its credentials, in the order the AWS CLI tries them.</summary>
public enum AwsProfileKind
{
    Sso,
    Role,
    WebIdentity,
    Process,
    Static,
    Other,
}

/// <summary>
/// A profile as the AWS CLI would use it, without any secret: no secret access key or session token is ever read
/// into it, and the access key id only in masked form (AKIA…WXYZ).
/// </summary>
public sealed record AwsProfileInfo(
    string Name,
    AwsProfileKind Kind,
    string? Region,
    string? Output,
    string? SsoSession,
    string? SsoStartUrl,
    string? SsoRegion,
    string? AccountId,
    string? RoleName,
    string? RoleArn,
    string? SourceProfile,
    string? CredentialSource,
    string? AccessKeyId,
    IReadOnlyList<string> Sources);

/// <summary>The profiles of the shared config file and the shared credentials file, merged as the AWS CLI merges them.</summary>
public static class AwsProfileCatalog
{
    public static IReadOnlyList<AwsProfileInfo> List(string? configPath = null, string? credentialsPath = null)
    {
        configPath ??= AwsConfigFile.DefaultPath;
        credentialsPath ??= AwsProfileNames.CredentialsFilePath;
        return List(AwsConfigFile.Load(configPath), configPath, AwsConfigFile.Load(credentialsPath), credentialsPath);
    }

    public static IReadOnlyList<AwsProfileInfo> List(AwsConfigFile config, string configPath, AwsConfigFile credentials, string credentialsPath)
    {
        var profiles = new SortedDictionary<string, (Dictionary<string, string> Values, List<string> Sources)>(StringComparer.Ordinal);
        void Add(string name, IReadOnlyDictionary<string, string> values, string source)
        {
            if (!profiles.TryGetValue(name, out var p))
            {
                profiles[name] = p = (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), []);
            }

            foreach (var (k, v) in values)
            {
                p.Values[k] = v; // the credentials file is read second: its values win, as in the CLI
            }

            p.Sources.Add(source);
        }

        foreach (var s in config.Sections.Where(s => s.Kind == "profile"))
        {
            Add(s.Name, s.Values, configPath);
        }

        // In the credentials file every section is a profile, and "[profile x]" names a profile called "profile x".
        foreach (var s in credentials.Sections)
        {
            Add(s.Kind == "" || (s.Kind == "profile" && s.Name == "default") ? s.Name : s.Kind + " " + s.Name, s.Values, credentialsPath);
        }

        return [.. profiles.Select(p => Describe(p.Key, p.Value.Values, p.Value.Sources, config))];
    }

    /// <summary>An access key id shown without what identifies it: its prefix (the kind of key) and last four characters.</summary>
    public static string MaskAccessKeyId(string accessKeyId) =>
        accessKeyId.Length >= 12 ? $"{accessKeyId[..4]}…{accessKeyId[^4..]}" : "…";

    private static AwsProfileInfo Describe(string name, Dictionary<string, string> values, List<string> sources, AwsConfigFile config)
    {
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        var ssoSession = Get("sso_session");
        var session = ssoSession is null ? null : config.Section("sso-session", ssoSession);
        var roleArn = Get("role_arn");
        var kind = roleArn is not null && Get("web_identity_token_file") is not null ? AwsProfileKind.WebIdentity
            : roleArn is not null ? AwsProfileKind.Role
            : ssoSession is not null || Get("sso_start_url") is not null ? AwsProfileKind.Sso
            : Get("credential_process") is not null ? AwsProfileKind.Process
            : Get("aws_access_key_id") is not null ? AwsProfileKind.Static
            : AwsProfileKind.Other;
        var roleName = Get("sso_role_name") ?? (roleArn is null ? null : roleArn[(roleArn.LastIndexOf('/') + 1)..]);
        return new AwsProfileInfo(
            name,
            kind,
            Get("region"),
            Get("output"),
            ssoSession,
            session?["sso_start_url"] ?? Get("sso_start_url"),
            session?["sso_region"] ?? Get("sso_region"),
            Get("sso_account_id") ?? AccountOf(roleArn),
            roleName,
            roleArn,
            Get("source_profile"),
            Get("credential_source"),
            Get("aws_access_key_id") is { } keyId ? MaskAccessKeyId(keyId) : null,
            [.. sources.Distinct()]);
    }

    private static string? AccountOf(string? arn) =>
        arn is not null && arn.Split(':') is { Length: >= 6 } parts && parts[4].Length == 12 ? parts[4] : null;
}
