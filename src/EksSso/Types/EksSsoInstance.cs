namespace EksSso;

/// <summary>An IAM Identity Center instance: what every permission set, assignment and identity store call needs.</summary>
public sealed class EksSsoInstance
{
    internal EksSsoInstance(string instanceArn, string identityStoreId, string homeRegion, string? ownerAccountId, string? status, string? name, DateTimeOffset? createdDate)
    {
        InstanceArn = instanceArn;
        IdentityStoreId = identityStoreId;
        HomeRegion = homeRegion;
        OwnerAccountId = ownerAccountId;
        Status = status;
        Name = name;
        CreatedDate = createdDate;
    }

    public string InstanceArn { get; }

    /// <summary>The ssoins-… part of the ARN.</summary>
    public string InstanceId => InstanceArn[(InstanceArn.LastIndexOf('/') + 1)..];

    public string IdentityStoreId { get; }

    /// <summary>The region where Identity Center is enabled; SSO profiles use it as sso_region.</summary>
    public string HomeRegion { get; }

    public string? OwnerAccountId { get; }

    public string? Status { get; }

    public string? Name { get; }

    public DateTimeOffset? CreatedDate { get; }

    /// <summary>The AWS access portal URL in its default form (an alias set in the console replaces the d-… part).</summary>
    public string StartUrl => $"https://{IdentityStoreId}.awsapps.com/start";

    public override string ToString() => InstanceArn;
}
