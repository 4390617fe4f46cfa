using System.Text.RegularExpressions;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Organizations;

/// <summary>
/// The input of a new member account, checked against the AWS Organizations and IAM models before any call:
/// CreateAccount accepts a bad address and fails only minutes later, asynchronously, and is not idempotent.
/// </summary>
public static partial class MemberAccountInput
{
    public const string DefaultRoleName = "OrganizationAccountAccessRole";

    public const string InvalidEmailId = "InvalidEmail";
    public const string InvalidAccountNameId = "InvalidAccountName";
    public const string InvalidRoleNameId = "InvalidRoleName";
    public const string InvalidParentIdId = "InvalidParentId";
    public const string InvalidRequestIdId = "InvalidRequestId";

    /// <summary>Email: 6–64 characters, pattern <c>[^\s@]+@[^\s@]+\.[^\s@]+</c> (organizations 2016-11-28).</summary>
    public static void ValidateEmail(string? email)
    {
        if (email is null || email.Length is < 6 or > 64 || !EmailPattern().IsMatch(email))
        {
            throw Invalid(InvalidEmailId, $"'{email}' is not an e-mail address AWS Organizations accepts: it needs 6 to 64 characters, " +
                "one '@', a dot in the domain, and no spaces (for example dev-team+prod@example.com). Every account needs an address of its own that can receive mail.");
        }
    }

    /// <summary>AccountName: 1–50 printable ASCII characters (<c>[\u0020-\u007E]+</c>).</summary>
    public static void ValidateAccountName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 50 || !AccountNamePattern().IsMatch(name))
        {
            throw Invalid(InvalidAccountNameId, $"'{name}' is not a valid account name: use 1 to 50 printable ASCII characters (letters, digits, spaces and punctuation; it is {name?.Length ?? 0} characters long).");
        }
    }

    /// <summary>RoleName: an IAM role name, <c>[\w+=,.@-]{1,64}</c> with ASCII word characters.</summary>
    public static void ValidateRoleName(string? roleName)
    {
        if (roleName is null || !RoleNamePattern().IsMatch(roleName))
        {
            throw Invalid(InvalidRoleNameId, $"'{roleName}' is not a valid IAM role name: use 1 to 64 ASCII letters, digits and + = , . @ _ - (the default is {DefaultRoleName}).");
        }
    }

    /// <summary>ParentId: a root (<c>r-…</c>) or organizational unit (<c>ou-…-…</c>) ID.</summary>
    public static void ValidateParentId(string? parentId)
    {
        if (parentId is null || !ParentIdPattern().IsMatch(parentId))
        {
            throw Invalid(InvalidParentIdId, $"'{parentId}' is not a root ID (r- and 4 to 32 lowercase letters or digits) or an organizational unit ID (ou-xxxx-xxxxxxxx). Get-EksSsoOrganization and the Organizations console show the IDs.");
        }
    }

    /// <summary>CreateAccountRequestId: <c>car-</c> and 8–32 lowercase letters or digits.</summary>
    public static void ValidateRequestId(string? requestId)
    {
        if (requestId is null || !RequestIdPattern().IsMatch(requestId))
        {
            throw Invalid(InvalidRequestIdId, $"'{requestId}' is not a create account request ID (car- and 8 to 32 lowercase letters or digits), as New-EksSsoMemberAccount -NoWait returns it.");
        }
    }

    /// <summary>Every check of New-EksSsoMemberAccount, in the order the parameters are usually typed.</summary>
    public static void Validate(string? name, string? email, string? roleName, string? parentId)
    {
        ValidateAccountName(name);
        ValidateEmail(email);
        ValidateRoleName(roleName);
        if (parentId is not null)
        {
            ValidateParentId(parentId);
        }
    }

    private static EksSsoException Invalid(string errorId, string message) => new(errorId, AwsErrorKind.Validation, message);

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[\u0020-\u007E]+\z")]
    private static partial Regex AccountNamePattern();

    // IAM's \w is ASCII (Java); .NET's would also accept non-ASCII letters.
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{1,64}\z")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex(@"^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})\z")]
    private static partial Regex ParentIdPattern();

    [GeneratedRegex(@"^car-[a-z0-9]{8,32}\z")]
    private static partial Regex RequestIdPattern();
}
