using System.Management.Automation;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Removes a user from a group (nothing to do when the user is not a member).</summary>
[Cmdlet(VerbsCommon.Remove, "EksSsoGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveEksSsoGroupMemberCommand : GroupMemberCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var (directory, group, user, membershipId) = await ResolveAsync();
        if (membershipId is null)
        {
            WriteVerbose($"User '{user.UserName}' is not a member of group '{group.GroupName}': nothing to remove.");
            return;
        }

        if (ShouldProcess($"group '{group.GroupName}' ({group.GroupId})", $"Remove user '{user.UserName}' ({user.UserId})"))
        {
            await directory.DeleteMembershipAsync(membershipId, CancellationToken);
        }
    }
}
