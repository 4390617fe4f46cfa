namespace EksSso;

/// <summary>The identity behind the current credentials (STS GetCallerIdentity).</summary>
public sealed class EksSsoCallerIdentity
{
    internal EksSsoCallerIdentity(string account, string arn, string userId, string? permissionSetName, string? ssoUserName, string? roleArn)
    {
        Account = account;
        Arn = arn;
        UserId = userId;
        PermissionSetName = permissionSetName;
        SsoUserName = ssoUserName;
        RoleArn = roleArn;
    }

    public string Account { get; }

    public string Arn { get; }

    public string UserId { get; }

    /// <summary>For an IAM Identity Center role session: the permission set behind the AWSReservedSSO_ role.</summary>
    public string? PermissionSetName { get; }

    /// <summary>For an IAM Identity Center role session: the signed-in user (the session name).</summary>
    public string? SsoUserName { get; }

    /// <summary>For an IAM Identity Center role session: the IAM role ARN with its path, as trust policies need it.</summary>
    public string? RoleArn { get; }

    /// <summary>Account id under the name the next cmdlets bind by pipeline.</summary>
    public string AccountId => Account;

    public bool IsSsoSession => PermissionSetName is not null;

    public override string ToString() => Arn;
}
