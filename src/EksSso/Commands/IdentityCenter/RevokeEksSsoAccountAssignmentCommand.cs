using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Removes an account assignment and waits until it is gone (nothing to do when it does not exist).</summary>
[Cmdlet(VerbsSecurity.Revoke, "EksSsoAccountAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Group")]
[OutputType(typeof(void))]
public sealed class RevokeEksSsoAccountAssignmentCommand : AccountAssignmentChangeCmdlet
{
    /// <summary>USER or GROUP, with -PrincipalId: what an EksSsoAccountAssignment object carries.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Principal", ValueFromPipelineByPropertyName = true)]
    [ValidateSet("USER", "GROUP")]
    public string? PrincipalType { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Principal", ValueFromPipelineByPropertyName = true)]
    public string? PrincipalId { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var instance = await GetInstanceAsync();
        var set = await RequirePermissionSetAsync(PermissionSet);
        var (type, id) = ParameterSetName == "Principal"
            ? (PrincipalType!, PrincipalId!)
            : await RequirePrincipalIdAsync();
        var key = new AssignmentKey(AccountId, set.PermissionSetArn!, type, id);
        var assignments = new AccountAssignments(Transport, instance.InstanceArn);
        if (!await assignments.ExistsAsync(key, CancellationToken))
        {
            WriteVerbose($"No assignment of '{set.Name}' to {type.ToLowerInvariant()} {id} in account {AccountId}: nothing to revoke.");
            return;
        }

        var described = await ToOutputAsync(key);
        if (ShouldProcess($"account {AccountId}", $"Remove the assignment of permission set '{set.Name}' to {Describe(type, described.PrincipalName)}"))
        {
            using var progress = StartProgress($"Removing {set.Name} from {described.PrincipalName} in {AccountId}");
            await assignments.DeleteAsync(key, new Progress<AwsWaitProgress>(progress.Report), CancellationToken);
        }
    }

    private async Task<(string, string)> RequirePrincipalIdAsync()
    {
        var (type, id, _) = await RequirePrincipalAsync(Group, User);
        return (type, id);
    }
}
