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
}
