using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>
/// Gives a group or user a permission set in an account: creates the assignment when it is missing (which provisions
/// the permission set there), re-provisions a permission set that changed since, waits for both, returns the assignment.
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "EksSsoAccountAssignment", SupportsShouldProcess = true, DefaultParameterSetName = "Group")]
[OutputType(typeof(EksSsoAccountAssignment))]
public sealed class GrantEksSsoAccountAssignmentCommand : AccountAssignmentChangeCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var instance = await GetInstanceAsync();
        var set = await RequirePermissionSetAsync(PermissionSet);
        var (type, id, name) = await RequirePrincipalAsync(Group, User);
        var key = new AssignmentKey(AccountId, set.PermissionSetArn!, type, id);
        var assignments = new AccountAssignments(Transport, instance.InstanceArn);
        if (!await assignments.ExistsAsync(key, CancellationToken))
        {
            if (!ShouldProcess($"account {AccountId}", $"Assign permission set '{set.Name}' to {Describe(type, name)} (and provision it to the account)"))
            {
                return;
            }

            using var progress = StartProgress($"Assigning {set.Name} to {name} in {AccountId}");
            await assignments.CreateAsync(key, new Progress<AwsWaitProgress>(progress.Report), CancellationToken);
        }
        else if (await assignments.IsStaleAsync(AccountId, key.PermissionSetArn, CancellationToken))
        {
            if (ShouldProcess($"account {AccountId}", $"Provision the changed permission set '{set.Name}'"))
            {
                using var progress = StartProgress($"Provisioning {set.Name} to {AccountId}");
                await PermissionSets.ProvisionAsync(Transport, instance.InstanceArn, key.PermissionSetArn, AccountId, new Progress<AwsWaitProgress>(progress.Report), CancellationToken);
            }
        }

        WriteObject(await ToOutputAsync(key));
    }
}
