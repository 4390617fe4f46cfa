using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>
/// Base of every IAM Identity Center cmdlet: finds the instance (ARN, identity store, home region) once per
/// invocation, so a missing instance fails every such cmdlet with the same console guidance
/// (<see cref="IdentityCenterInstances.NotEnabledErrorId"/>). Validate input before the first call to it.
/// </summary>
public abstract class EksSsoIdentityCenterCmdlet : EksSsoAwsCmdlet
{
    // object, not IdentityCenterInstance: see the load-context rules in docs/ARCHITECTURE.md.
    private object? _instance;

    /// <summary>The instance; an unhandled <c>EksSsoException</c> (IdentityCenterNotEnabled) when there is none.</summary>
    private protected async Task<IdentityCenterInstance> GetInstanceAsync()
    {
        if (_instance is IdentityCenterInstance cached)
        {
            return cached;
        }

        var instance = await IdentityCenterInstances.GetAsync(Transport, CancellationToken);
        WriteDebug($"IAM Identity Center instance {instance.InstanceArn}, identity store {instance.IdentityStoreId}, home region {instance.HomeRegion}");
        _instance = instance;
        return instance;
    }

    /// <summary>The identity store of the instance, for user, group and membership calls.</summary>
    private protected async Task<IdentityStoreDirectory> GetDirectoryAsync() =>
        new(Transport, (await GetInstanceAsync()).IdentityStoreId);

    /// <summary>The user with this user name; <c>UserNotFound</c> when there is none.</summary>
    private protected async Task<IdentityStoreUser> RequireUserAsync(IdentityStoreDirectory directory, string userName) =>
        await directory.FindUserAsync(userName, CancellationToken)
        ?? throw new EksSsoException("UserNotFound", AwsErrorKind.NotFound, $"No user named '{userName}' in identity store {directory.IdentityStoreId}. New-EksSsoUser creates one; Get-EksSsoUser lists them.");

    /// <summary>The group with this display name; <c>GroupNotFound</c> when there is none.</summary>
    private protected async Task<IdentityStoreGroup> RequireGroupAsync(IdentityStoreDirectory directory, string groupName) =>
        await directory.FindGroupAsync(groupName, CancellationToken)
        ?? throw new EksSsoException("GroupNotFound", AwsErrorKind.NotFound, $"No group named '{groupName}' in identity store {directory.IdentityStoreId}. New-EksSsoGroup creates one; Get-EksSsoGroup lists them.");

    private protected static EksSsoUser ToOutput(IdentityStoreUser u) =>
        new(u.UserName, u.UserId, u.DisplayName, u.GivenName, u.FamilyName, u.Email, u.Status, u.IdentityStoreId);

    private protected static EksSsoGroup ToOutput(IdentityStoreGroup g) => new(g.GroupName, g.GroupId, g.Description, g.IdentityStoreId);
}
