namespace EksSso;

/// <summary>A user of the IAM Identity Center identity store.</summary>
public sealed class EksSsoUser
{
    internal EksSsoUser(string userName, string userId, string? displayName, string? givenName, string? familyName, string? email, string? status, string identityStoreId)
    {
        UserName = userName;
        UserId = userId;
        DisplayName = displayName;
        GivenName = givenName;
        FamilyName = familyName;
        Email = email;
        Status = status;
        IdentityStoreId = identityStoreId;
    }

    /// <summary>The sign-in name, unique in the identity store; pipes into Add-EksSsoGroupMember -UserName.</summary>
    public string UserName { get; }

    public string UserId { get; }

    public string? DisplayName { get; }

    public string? GivenName { get; }

    public string? FamilyName { get; }

    /// <summary>The primary email address (Identity Center sends sign-in invitations there).</summary>
    public string? Email { get; }

    /// <summary>ENABLED or DISABLED, when the identity store reports it.</summary>
    public string? Status { get; }

    public string IdentityStoreId { get; }

    public override string ToString() => UserName;
}

/// <summary>A group of the IAM Identity Center identity store.</summary>
public sealed class EksSsoGroup
{
    internal EksSsoGroup(string groupName, string groupId, string? description, string identityStoreId)
    {
        GroupName = groupName;
        GroupId = groupId;
        Description = description;
        IdentityStoreId = identityStoreId;
    }

    /// <summary>The group's display name, unique in the identity store; pipes into -GroupName / -Group.</summary>
    public string GroupName { get; }

    public string GroupId { get; }

    public string? Description { get; }

    public string IdentityStoreId { get; }

    public override string ToString() => GroupName;
}

/// <summary>A user's membership of a group.</summary>
public sealed class EksSsoGroupMembership
{
    internal EksSsoGroupMembership(string membershipId, string groupName, string groupId, string userName, string userId, string identityStoreId)
    {
        MembershipId = membershipId;
        GroupName = groupName;
        GroupId = groupId;
        UserName = userName;
        UserId = userId;
        IdentityStoreId = identityStoreId;
    }

    public string MembershipId { get; }

    public string GroupName { get; }

    public string GroupId { get; }

    public string UserName { get; }

    public string UserId { get; }

    public string IdentityStoreId { get; }

    public override string ToString() => $"{UserName} in {GroupName}";
}

/// <summary>An account assignment: a user or group gets a permission set in an AWS account.</summary>
public sealed class EksSsoAccountAssignment
{
    internal EksSsoAccountAssignment(string accountId, string permissionSetName, string permissionSetArn, string principalType, string principalName, string principalId, string instanceArn)
    {
        AccountId = accountId;
        PermissionSetName = permissionSetName;
        PermissionSetArn = permissionSetArn;
        PrincipalType = principalType;
        PrincipalName = principalName;
        PrincipalId = principalId;
        InstanceArn = instanceArn;
    }

    public string AccountId { get; }

    /// <summary>Pipes into Get-EksSsoRole -PermissionSetName (with AccountId).</summary>
    public string PermissionSetName { get; }

    public string PermissionSetArn { get; }

    /// <summary>USER or GROUP.</summary>
    public string PrincipalType { get; }

    /// <summary>The user name or group name.</summary>
    public string PrincipalName { get; }

    public string PrincipalId { get; }

    public string InstanceArn { get; }

    public override string ToString() => $"{PrincipalType.ToLowerInvariant()} {PrincipalName} → {PermissionSetName} in {AccountId}";
}
