using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// IAM Identity Center: the organization instance, its permission sets, assignments and provisioning, and its
/// identity store. Kept in State.Global["identitycenter"]; shared by sso-admin, identitystore and the portal.
/// </summary>
public sealed class IdentityCenterState
{
    public const string Key = "identitycenter";

    public IdentityCenterInstance? Instance { get; set; }

    /// <summary>By permission set ARN.</summary>
    public Dictionary<string, PermissionSetRecord> PermissionSets { get; set; } = [];

    /// <summary>Where each permission set has been provisioned, and the role that stands for it there.</summary>
    public List<ProvisionedPermissionSet> Provisioned { get; set; } = [];

    /// <summary>The hex of the per-account SAML provider AWSSSO_&lt;hex&gt;_DO_NOT_DELETE, by account id.</summary>
    public Dictionary<string, string> SamlProviders { get; set; } = [];

    public Dictionary<string, ProvisioningRequest> ProvisioningRequests { get; set; } = [];

    public List<AccountAssignmentRecord> Assignments { get; set; } = [];

    public Dictionary<string, AssignmentRequest> AssignmentCreations { get; set; } = [];

    public Dictionary<string, AssignmentRequest> AssignmentDeletions { get; set; } = [];

    /// <summary>Identity store users by UserId.</summary>
    public Dictionary<string, IdentityStoreUser> Users { get; set; } = [];

    /// <summary>Identity store groups by GroupId.</summary>
    public Dictionary<string, IdentityStoreGroup> Groups { get; set; } = [];

    /// <summary>Group memberships by MembershipId.</summary>
    public Dictionary<string, GroupMembershipRecord> Memberships { get; set; } = [];

    /// <summary>The groups a user belongs to.</summary>
    public IEnumerable<string> GroupsOf(string userId) =>
        Memberships.Values.Where(m => m.UserId == userId).Select(m => m.GroupId);

    public IdentityStoreUser? UserByName(string userName) =>
        Users.Values.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
}

public sealed class IdentityCenterInstance
{
    public string Arn { get; set; } = "";

    public string IdentityStoreId { get; set; } = "";

    public string OwnerAccountId { get; set; } = "";

    /// <summary>The home region.</summary>
    public string Region { get; set; } = "us-east-1";

    public DateTimeOffset CreatedDate { get; set; }

    /// <summary>The AWS access portal URL (the default form, from the identity store id).</summary>
    [JsonIgnore]
    public string StartUrl => $"https://{IdentityStoreId}.awsapps.com/start";
}

public sealed class PermissionSetRecord
{
    public string Name { get; set; } = "";

    public string Arn { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreatedDate { get; set; }

    public string SessionDuration { get; set; } = "PT1H";

    public string? RelayState { get; set; }

    public List<string> ManagedPolicies { get; set; } = [];

    public string? InlinePolicy { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Bumped on every change, so provisioned copies can be told apart from the latest.</summary>
    public int Revision { get; set; } = 1;
}

public sealed class ProvisionedPermissionSet
{
    public string PermissionSetArn { get; set; } = "";

    public string AccountId { get; set; } = "";

    /// <summary>The 16 hex digits of AWSReservedSSO_&lt;name&gt;_&lt;hex&gt;, fixed per permission set and account.</summary>
    public string RoleSuffix { get; set; } = "";

    public string RoleName { get; set; } = "";

    /// <summary>The permission set revision the role reflects.</summary>
    public int Revision { get; set; }
}

public sealed class ProvisioningRequest
{
    public string RequestId { get; set; } = "";

    public string PermissionSetArn { get; set; } = "";

    public string? AccountId { get; set; }

    public DateTimeOffset CreatedDate { get; set; }

    public DateTimeOffset CompletesAt { get; set; }

    public string? FailureReason { get; set; }
}

public sealed class AccountAssignmentRecord
{
    public string AccountId { get; set; } = "";

    public string PermissionSetArn { get; set; } = "";

    /// <summary>USER or GROUP.</summary>
    public string PrincipalType { get; set; } = "";

    public string PrincipalId { get; set; } = "";

    /// <summary>When the assignment's creation request completes: the portal offers it from then on.</summary>
    public DateTimeOffset EffectiveAt { get; set; }
}

public sealed class AssignmentRequest
{
    public string RequestId { get; set; } = "";

    public string TargetId { get; set; } = "";

    public string PermissionSetArn { get; set; } = "";

    public string PrincipalType { get; set; } = "";

    public string PrincipalId { get; set; } = "";

    public DateTimeOffset CreatedDate { get; set; }

    public DateTimeOffset CompletesAt { get; set; }

    public string? FailureReason { get; set; }
}

public sealed class IdentityStoreUser
{
    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>Every attribute as the model names it (UserName, Name, DisplayName, Emails, ...).</summary>
    public JsonObject Attributes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

public sealed class IdentityStoreGroup
{
    public string GroupId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

public sealed class GroupMembershipRecord
{
    public string MembershipId { get; set; } = "";

    public string GroupId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}

/// <summary>SSO OIDC: registered clients, pending device authorizations and codes, issued tokens (secrets hashed).</summary>
public sealed class OidcState
{
    public const string Key = "sso-oidc";

    public Dictionary<string, OidcClient> Clients { get; set; } = [];

    /// <summary>By hash of the device code.</summary>
    public Dictionary<string, DeviceAuthorization> DeviceAuthorizations { get; set; } = [];

    /// <summary>By hash of the authorization code.</summary>
    public Dictionary<string, AuthorizationCode> Codes { get; set; } = [];

    /// <summary>By hash of the access token.</summary>
    public Dictionary<string, OidcToken> AccessTokens { get; set; } = [];

    /// <summary>By hash of the refresh token.</summary>
    public Dictionary<string, OidcRefreshToken> RefreshTokens { get; set; } = [];
}

public sealed class OidcClient
{
    public string ClientId { get; set; } = "";

    public string SecretHash { get; set; } = "";

    public string ClientName { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    /// <summary>Empty for a client registered without grantTypes (the legacy device-code-only registration).</summary>
    public List<string> GrantTypes { get; set; } = [];

    public List<string> RedirectUris { get; set; } = [];

    public string? IssuerUrl { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset SecretExpiresAt { get; set; }
}

public sealed class DeviceAuthorization
{
    public string ClientId { get; set; } = "";

    public string UserCode { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public int IntervalSeconds { get; set; } = 1;

    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>Set by the approve-authorization control action.</summary>
    public string? ApprovedUserId { get; set; }

    public bool Denied { get; set; }

    /// <summary>Tokens were issued for it: the device code cannot be used again.</summary>
    public bool Redeemed { get; set; }
}

public sealed class AuthorizationCode
{
    public string ClientId { get; set; } = "";

    public string RedirectUri { get; set; } = "";

    public string CodeChallenge { get; set; } = "";

    public string UserId { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Redeemed { get; set; }
}

public sealed class OidcToken
{
    public string ClientId { get; set; } = "";

    public string UserId { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class OidcRefreshToken
{
    public string ClientId { get; set; } = "";

    public string UserId { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }
}
