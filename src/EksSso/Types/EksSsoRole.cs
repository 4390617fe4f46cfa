namespace EksSso;

/// <summary>The IAM role AWSReservedSSO_&lt;PermissionSet&gt;_&lt;hex&gt; that provisioning a permission set created in an account.</summary>
public sealed class EksSsoRole
{
    internal EksSsoRole(string roleName, string arn, string arnWithoutPath, string path, string permissionSetName, string accountId, string roleId, DateTimeOffset? createDate)
    {
        RoleName = roleName;
        Arn = arn;
        ArnWithoutPath = arnWithoutPath;
        Path = path;
        PermissionSetName = permissionSetName;
        AccountId = accountId;
        RoleId = roleId;
        CreateDate = createDate;
    }

    public string RoleName { get; }

    /// <summary>The role ARN as IAM has it, path included: what trust policies and EKS access entries need.</summary>
    public string Arn { get; }

    /// <summary>arn:…:iam::&lt;account&gt;:role/&lt;name&gt;: the form aws-iam-authenticator compares (aws-auth mapRoles).</summary>
    public string ArnWithoutPath { get; }

    /// <summary>/aws-reserved/sso.amazonaws.com/, plus the Identity Center home region unless it is us-east-1.</summary>
    public string Path { get; }

    public string PermissionSetName { get; }

    public string AccountId { get; }

    public string RoleId { get; }

    public DateTimeOffset? CreateDate { get; }

    public override string ToString() => Arn;
}
