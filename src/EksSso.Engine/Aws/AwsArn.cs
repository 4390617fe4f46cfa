using System.Diagnostics.CodeAnalysis;

namespace EksSso.Engine.Aws;

/// <summary>
/// The one ARN parser: <c>arn:partition:service:region:account:resource</c>, plus the IAM/STS role forms
/// the module reasons about (role with path, assumed-role session, the AWSReservedSSO_ naming).
/// </summary>
public sealed record AwsArn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    public const string SsoRolePrefix = "AWSReservedSSO_";

    public static AwsArn Parse(string arn) =>
        TryParse(arn, out var parsed) ? parsed : throw new FormatException($"'{arn}' is not an ARN (arn:partition:service:region:account-id:resource).");

    public static bool TryParse(string? text, [NotNullWhen(true)] out AwsArn? arn)
    {
        arn = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>For <c>role/path/Name</c> and <c>assumed-role/Name/session</c>: the resource type.</summary>
    public string ResourceType => Resource.Split('/', 2)[0];

    /// <summary>IAM path of a role or user ARN (<c>/aws-reserved/sso.amazonaws.com/</c>), "/" when none.</summary>
    public string Path
    {
        get
        {
            if (Service != "iam" || !Resource.Contains('/'))
            {
                return "/";
            }

            var afterType = Resource[(Resource.IndexOf('/') + 1)..];
            var lastSlash = afterType.LastIndexOf('/');
            return lastSlash < 0 ? "/" : "/" + afterType[..(lastSlash + 1)];
        }
    }

    /// <summary>Role or user name: last segment of an IAM ARN, the middle one of an assumed-role ARN.</summary>
    public string Name => IsAssumedRole ? Resource.Split('/')[1] : Resource[(Resource.LastIndexOf('/') + 1)..];

    public bool IsAssumedRole => Service == "sts" && ResourceType == "assumed-role";

    public string? SessionName => IsAssumedRole ? Resource.Split('/', 3) is { Length: 3 } p ? p[2] : null : null;

    /// <summary>The permission set name inside <c>AWSReservedSSO_&lt;PermissionSet&gt;_&lt;16 hex&gt;</c>, else null.</summary>
    public string? SsoPermissionSetName => SsoPermissionSetNameOf(Name);

    public static string? SsoPermissionSetNameOf(string roleName)
    {
        if (!roleName.StartsWith(SsoRolePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = roleName[SsoRolePrefix.Length..];
        var underscore = rest.LastIndexOf('_');
        if (underscore <= 0 || rest.Length - underscore - 1 != 16 || !rest[(underscore + 1)..].All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return rest[..underscore];
    }

    /// <summary>
    /// The ARN aws-iam-authenticator matches against: <c>assumed-role/NAME/session</c> becomes
    /// <c>arn:…:iam::acct:role/NAME</c> and any role path is dropped.
    /// </summary>
    public AwsArn Canonical => IsAssumedRole || (Service == "iam" && ResourceType == "role")
        ? new AwsArn(Partition, "iam", "", AccountId, "role/" + Name)
        : this;

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";
}
