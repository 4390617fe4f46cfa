using System.Text.RegularExpressions;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Profiles;

/// <summary>What New-EksSsoProfile writes: an <c>[sso-session]</c> and a <c>[profile]</c> that uses it.</summary>
public sealed record SsoProfileSpec(
    string Name,
    string StartUrl,
    string SsoRegion,
    string AccountId,
    string RoleName,
    string? Region = null,
    string? SessionName = null,
    string? Output = null);

/// <summary>
/// Checks of an SSO profile made before the config file is read or touched; each failure is an
/// <see cref="EksSsoException"/> (or, for regions, the <c>InvalidRegion</c> configuration error) whose id names the value.
/// </summary>
public static partial class SsoProfileInput
{
    public static void Check(SsoProfileSpec spec)
    {
        SectionName(spec.Name, "InvalidProfileName", "profile name");
        StartUrl(spec.StartUrl);
        AwsRegionName.Validate(spec.SsoRegion);
        if (spec.Region is not null)
        {
            AwsRegionName.Validate(spec.Region);
        }

        if (!AccountIdPattern().IsMatch(spec.AccountId))
        {
            throw Invalid("InvalidAccountId", $"'{spec.AccountId}' is not an AWS account ID: 12 digits.");
        }

        if (!RoleNamePattern().IsMatch(spec.RoleName))
        {
            throw Invalid("InvalidRoleName", $"'{spec.RoleName}' is not a valid role name: 1 to 64 letters, digits and _+=,.@- (for an SSO profile, the permission set name).");
        }

        if (spec.SessionName is not null)
        {
            SectionName(spec.SessionName, "InvalidSessionName", "sso-session name");
        }
    }

    /// <summary>An https URL with a host, as the AWS access portal URL is (https://d-xxxxxxxxxx.awsapps.com/start).</summary>
    public static Uri StartUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0
            || value.Any(char.IsWhiteSpace) || value.Contains('#'))
        {
            throw Invalid("InvalidStartUrl", $"'{value}' is not an AWS access portal URL: an https URL such as https://d-1234567890.awsapps.com/start (Get-EksSsoInstance shows it as StartUrl).");
        }

        return uri;
    }

    private static void SectionName(string value, string errorId, string what)
    {
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '[' or ']') || value[0] is '#' or ';')
        {
            throw Invalid(errorId, $"'{value}' is not a valid {what}: it must be non-empty, without spaces or square brackets, and not start with # or ;.");
        }
    }

    private static EksSsoException Invalid(string errorId, string message) => new(errorId, AwsErrorKind.Validation, message);

    [GeneratedRegex(@"^[0-9]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleNamePattern();
}
