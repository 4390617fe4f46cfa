using EksSso.Engine.Aws;

namespace EksSso.Engine.Profiles;

/// <summary>One key of the config file an edit changes: added (old null), changed, or removed (new null).</summary>
public sealed record AwsConfigChange(string Section, string Key, string? OldValue, string? NewValue)
{
    public override string ToString() => $"{Section} {Key}: {OldValue ?? "(none)"} → {NewValue ?? "(removed)"}";
}

/// <summary>The edits that made the document hold an SSO profile; none when it already did.</summary>
public sealed record SsoProfileEdit(string ProfileName, string SessionName, IReadOnlyList<AwsConfigChange> Changes)
{
    public bool HasChanges => Changes.Count > 0;
}

/// <summary>
/// Makes an AWS config document hold an SSO profile in the AWS CLI v2 sso-session format: a <c>[sso-session]</c>
/// with the start URL (reused when one with that URL exists) and a <c>[profile]</c> that names it, the account and
/// the role. Only keys whose value differs are written; everything else in the file stays as it is.
/// </summary>
public static class SsoProfileConvergence
{
    public const string RegistrationScopes = "sso:account:access";
    public const string FallbackSessionName = "eksso";

    /// <summary>Keys that make a profile something other than an SSO profile; such a profile is not converted.</summary>
    private static readonly string[] s_otherCredentialKeys =
        ["role_arn", "credential_source", "credential_process", "web_identity_token_file", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"];

    /// <summary>The legacy (pre sso-session) keys of a profile, replaced by <c>sso_session</c>.</summary>
    private static readonly string[] s_legacySsoKeys = ["sso_start_url", "sso_region"];

    /// <summary>Edits <paramref name="document"/> in memory; saving is the caller's choice (after ShouldProcess).</summary>
    public static SsoProfileEdit Apply(AwsConfigDocument document, SsoProfileSpec spec)
    {
        SsoProfileInput.Check(spec);
        var profile = document.Values("profile", spec.Name);
        if (s_otherCredentialKeys.FirstOrDefault(profile.ContainsKey) is { } conflict)
        {
            throw new EksSsoException(
                "ProfileKindConflict",
                AwsErrorKind.Conflict,
                $"The profile '{spec.Name}' exists and gets its credentials another way ({conflict}); New-EksSsoProfile does not turn it into an SSO profile. Choose another name, or remove that profile first.");
        }

        var changes = new List<AwsConfigChange>();
        var sessionName = ChooseSession(document, spec, profile.GetValueOrDefault("sso_session"));
        var sessionSettings = new List<KeyValuePair<string, string>>
        {
            new("sso_start_url", spec.StartUrl),
            new("sso_region", spec.SsoRegion),
        };
        var session = document.Values("sso-session", sessionName);
        if (session.Count == 0 || !session.ContainsKey("sso_registration_scopes"))
        {
            // An existing scope list (maybe with more scopes) is the user's; a missing one is the CLI's default.
            sessionSettings.Add(new("sso_registration_scopes", RegistrationScopes));
        }

        if (session.TryGetValue("sso_start_url", out var existingUrl) && SameStartUrl(existingUrl, spec.StartUrl))
        {
            sessionSettings.RemoveAt(0); // same portal, spelled differently (a trailing slash): keep the file's spelling
        }

        var region = spec.Region ?? (profile.GetValueOrDefault("region") is { Length: > 0 } r ? r : spec.SsoRegion);
        var profileSettings = new List<KeyValuePair<string, string>>
        {
            new("sso_session", sessionName),
            new("sso_account_id", spec.AccountId),
            new("sso_role_name", spec.RoleName),
            new("region", region),
        };
        if (spec.Output is not null)
        {
            profileSettings.Add(new("output", spec.Output));
        }

        Converge(document, "profile", spec.Name, profileSettings, changes);
        foreach (var key in s_legacySsoKeys.Where(profile.ContainsKey))
        {
            // Beside sso_session these would have to match the session exactly, or the AWS CLI refuses the profile.
            document.Remove("profile", spec.Name, key);
            changes.Add(new(AwsConfigSyntax.Header("profile", spec.Name), key, profile[key], null));
        }

        Converge(document, "sso-session", sessionName, sessionSettings, changes);
        return new SsoProfileEdit(spec.Name, sessionName, changes);
    }

    /// <summary>
    /// The session to use: the one named; else the profile's own session or any session with this start URL; else a
    /// new one named after the portal's host label (d-1234567890, mycompany), with a number added when that name is
    /// taken by another portal.
    /// </summary>
    public static string ChooseSession(AwsConfigDocument document, SsoProfileSpec spec, string? currentSession)
    {
        if (spec.SessionName is not null)
        {
            return spec.SessionName;
        }

        var sessions = document.Sections.Where(s => s.Kind == "sso-session").Select(s => s.Name).Distinct().ToList();
        bool ServesUrl(string name) => document.Get("sso-session", name, "sso_start_url") is { } url && SameStartUrl(url, spec.StartUrl);
        if (currentSession is not null && sessions.Contains(currentSession) && ServesUrl(currentSession))
        {
            return currentSession;
        }

        if (sessions.FirstOrDefault(ServesUrl) is { } existing)
        {
            return existing;
        }

        var baseName = DeriveSessionName(spec.StartUrl);
        var name = baseName;
        for (var n = 2; sessions.Contains(name); n++)
        {
            name = $"{baseName}-{n}";
        }

        return name;
    }

    /// <summary>The first label of the portal's host name (https://mycompany.awsapps.com/start → mycompany), else "eksso".</summary>
    public static string DeriveSessionName(string startUrl)
    {
        if (Uri.TryCreate(startUrl, UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.Dns)
        {
            var label = uri.Host.Split('.')[0];
            if (label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return label.ToLowerInvariant();
            }
        }

        return FallbackSessionName;
    }

    /// <summary>Start URLs name the same portal when they differ only in a trailing slash or the host's case.</summary>
    public static bool SameStartUrl(string a, string b) =>
        Uri.TryCreate(a.TrimEnd('/'), UriKind.Absolute, out var x) && Uri.TryCreate(b.TrimEnd('/'), UriKind.Absolute, out var y)
            ? Uri.Compare(x, y, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.Ordinal) == 0
            : string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    private static void Converge(AwsConfigDocument document, string kind, string name, List<KeyValuePair<string, string>> settings, List<AwsConfigChange> changes)
    {
        var header = AwsConfigSyntax.Header(kind, name);
        if (!document.HasSection(kind, name))
        {
            document.AddSection(kind, name, settings);
            changes.AddRange(settings.Select(s => new AwsConfigChange(header, s.Key, null, s.Value)));
            return;
        }

        foreach (var (key, value) in settings)
        {
            var old = document.Get(kind, name, key);
            if (document.Set(kind, name, key, value))
            {
                changes.Add(new AwsConfigChange(header, key, old, value));
            }
        }
    }
}
