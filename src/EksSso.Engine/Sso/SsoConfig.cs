using EksSso.Engine.Aws;

namespace EksSso.Engine.Sso;

/// <summary>
/// What an IAM Identity Center sign-in needs, read from the shared config file the way the AWS CLI v2 reads it:
/// a <c>[profile X]</c> with <c>sso_session</c> pointing at an <c>[sso-session NAME]</c> (<c>sso_start_url</c>,
/// <c>sso_region</c>, <c>sso_registration_scopes</c>), or a legacy profile with <c>sso_start_url</c> and
/// <c>sso_region</c> of its own. <c>sso_account_id</c> and <c>sso_role_name</c> say which role credentials to get.
/// </summary>
public sealed record SsoConfig(
    string StartUrl,
    string SsoRegion,
    string? SessionName,
    IReadOnlyList<string> Scopes,
    string? ProfileName = null,
    string? AccountId = null,
    string? RoleName = null)
{
    /// <summary>The scope that lets a token list accounts and get role credentials (the CLI's default).</summary>
    public const string AccountAccessScope = "sso:account:access";

    /// <summary>True for a legacy profile (start URL in the profile itself): no refresh token, device code only.</summary>
    public bool IsLegacy => SessionName is null;

    /// <summary>What the token cache file name is the SHA-1 of: the sso-session name, or the start URL for a legacy profile.</summary>
    public string CacheKey => SessionName ?? StartUrl;

    /// <summary>For messages: the sso-session or the start URL.</summary>
    public string DisplayName => SessionName is null ? $"start URL {StartUrl}" : $"sso-session '{SessionName}'";

    /// <summary>The command that signs in again, for error messages.</summary>
    public string LoginCommand => ProfileName is not null ? $"Connect-EksSso -ProfileName {ProfileName}" : $"Connect-EksSso -SessionName {SessionName}";

    /// <summary>True when the profile asks for role credentials through IAM Identity Center.</summary>
    public static bool IsSsoProfile(AwsConfigSection? profile) =>
        profile is not null && (profile["sso_session"] is not null || profile["sso_start_url"] is not null);

    public static SsoConfig FromProfile(AwsConfigFile config, string profileName)
    {
        var profile = config.Profile(profileName) ?? throw new AwsConfigurationException(
            $"The AWS profile '{profileName}' was not found in {AwsConfigFile.DefaultPath}. New-EksSsoProfile creates one.",
            "ProfileNotFound");
        SsoConfig sso;
        if (profile["sso_session"] is { } sessionName)
        {
            sso = FromSession(config, sessionName, profileName);
        }
        else if (profile["sso_start_url"] is { } startUrl)
        {
            var region = profile["sso_region"] ?? throw new AwsConfigurationException(
                $"The AWS profile '{profileName}' has sso_start_url but no sso_region.", "InvalidSsoProfile");
            sso = new SsoConfig(startUrl, AwsRegionName.Validate(region), null, []);
        }
        else
        {
            throw new AwsConfigurationException(
                $"The AWS profile '{profileName}' is not an IAM Identity Center (SSO) profile: it has neither sso_session nor sso_start_url. New-EksSsoProfile creates one.",
                "NotAnSsoProfile");
        }

        return sso with { ProfileName = profileName, AccountId = profile["sso_account_id"], RoleName = profile["sso_role_name"] };
    }

    public static SsoConfig FromSession(AwsConfigFile config, string sessionName, string? profileName = null)
    {
        var section = config.Section("sso-session", sessionName) ?? throw new AwsConfigurationException(
            (profileName is null ? "" : $"The profile '{profileName}' names the sso-session '{sessionName}', but ")
                + $"{AwsConfigFile.DefaultPath} has no [sso-session {sessionName}] section.",
            "SsoSessionNotFound");
        var startUrl = section["sso_start_url"];
        var region = section["sso_region"];
        if (startUrl is null || region is null)
        {
            var missing = string.Join(", ", new[] { startUrl is null ? "sso_start_url" : null, region is null ? "sso_region" : null }.OfType<string>());
            throw new AwsConfigurationException($"The section [sso-session {sessionName}] is missing {missing}.", "InvalidSsoSession");
        }

        var scopes = (section["sso_registration_scopes"] ?? AccountAccessScope)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SsoConfig(startUrl, AwsRegionName.Validate(region), sessionName, scopes);
    }
}
