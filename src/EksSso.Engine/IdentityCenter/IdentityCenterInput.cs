using System.Text.RegularExpressions;
using EksSso.Engine.Aws;

namespace EksSso.Engine.IdentityCenter;

/// <summary>
/// Checks of Identity Store input made before any call, with the limits of the identity store model
/// (identitystore 2020-06-15) and of IAM Identity Center: each failure is an <see cref="EksSsoException"/> whose
/// id names the parameter.
/// </summary>
public static partial class IdentityCenterInput
{
    private static readonly string[] s_reserved = ["Administrator", "AWSAdministrators"];

    public static void UserName(string value) =>
        Check(value, "InvalidUserName", "user name", 128, UserNamePattern(), "letters, accented characters, symbols, numbers and punctuation (no spaces)");

    public static void GroupName(string value) =>
        Check(value, "InvalidGroupName", "group name", 1024, DisplayNamePattern(), "letters, accented characters, symbols, numbers, punctuation and spaces");

    public static void PersonName(string value, string what) =>
        Check(value, "InvalidPersonName", what, 1024, DisplayNamePattern(), "letters, accented characters, symbols, numbers, punctuation and spaces");

    /// <summary>One address with a local part, an @, and a dotted domain; Identity Center sends the invitation there.</summary>
    public static void Email(string value)
    {
        if (value.Length is < 6 or > 128 || !EmailPattern().IsMatch(value))
        {
            throw new EksSsoException("InvalidEmail", AwsErrorKind.Validation, $"'{value}' is not a valid email address (expected name@domain.tld, 6 to 128 characters).");
        }
    }

    private static void Check(string value, string errorId, string what, int maxLength, Regex pattern, string allowed)
    {
        if (value.Length == 0 || value.Length > maxLength || !pattern.IsMatch(value))
        {
            throw new EksSsoException(errorId, AwsErrorKind.Validation, $"'{value}' is not a valid {what}: 1 to {maxLength} characters of {allowed}.");
        }

        if (s_reserved.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw new EksSsoException(errorId, AwsErrorKind.Validation, $"'{value}' is reserved by IAM Identity Center and can't be used as a {what}.");
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r \u00a0\u3000]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
