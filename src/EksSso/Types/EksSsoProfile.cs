namespace EksSso;

/// <summary>How a profile gets its credentials (the order the AWS CLI tries them: Role, WebIdentity, Sso, Static, Process).</summary>
public enum EksSsoProfileKind
{
    /// <summary>IAM Identity Center: <c>sso_session</c>, or the legacy <c>sso_start_url</c>.</summary>
    Sso,

    /// <summary><c>role_arn</c> with <c>source_profile</c> or <c>credential_source</c>.</summary>
    Role,

    /// <summary><c>role_arn</c> with <c>web_identity_token_file</c>.</summary>
    WebIdentity,

    /// <summary><c>credential_process</c>.</summary>
    Process,

    /// <summary>Access keys in the credentials (or config) file.</summary>
    Static,

    /// <summary>Settings only (region, output, endpoints), no credentials of its own.</summary>
    Other,
}

/// <summary>
/// An AWS CLI profile from the shared config and credentials files. It never carries a secret: no secret access key,
/// no session token, and the access key id only masked (AKIA…WXYZ).
/// </summary>
public sealed class EksSsoProfile
{
    internal EksSsoProfile(
        string name,
        EksSsoProfileKind kind,
        string? region,
        string? output,
        string? ssoSession,
        string? ssoStartUrl,
        string? ssoRegion,
        string? accountId,
        string? roleName,
        string? roleArn,
        string? sourceProfile,
        string? credentialSource,
        string? accessKeyId,
        string[] source)
    {
        Name = name;
        Kind = kind;
        Region = region;
        Output = output;
        SsoSession = ssoSession;
        SsoStartUrl = ssoStartUrl;
        SsoRegion = ssoRegion;
        AccountId = accountId;
        RoleName = roleName;
        RoleArn = roleArn;
        SourceProfile = sourceProfile;
        CredentialSource = credentialSource;
        AccessKeyId = accessKeyId;
        Source = source;
    }

    public string Name { get; }

    /// <summary>The same as <see cref="Name"/>: binds to -ProfileName of the next cmdlet in a pipeline.</summary>
    public string ProfileName => Name;

    public EksSsoProfileKind Kind { get; }

    public string? Region { get; }

    public string? Output { get; }

    /// <summary>The <c>[sso-session]</c> the profile uses (Connect-EksSso -SessionName).</summary>
    public string? SsoSession { get; }

    public string? SsoStartUrl { get; }

    public string? SsoRegion { get; }

    /// <summary><c>sso_account_id</c>, or the account of <c>role_arn</c>.</summary>
    public string? AccountId { get; }

    /// <summary><c>sso_role_name</c> (the permission set), or the name part of <c>role_arn</c>.</summary>
    public string? RoleName { get; }

    public string? RoleArn { get; }

    public string? SourceProfile { get; }

    public string? CredentialSource { get; }

    /// <summary>Masked: the first four and last four characters only.</summary>
    public string? AccessKeyId { get; }

    /// <summary>The files that define the profile (config and/or credentials file).</summary>
    public string[] Source { get; }

    public override string ToString() => Name;
}
