using System.Management.Automation;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Adds a user to a group (no change when the user is already a member).</summary>
[Cmdlet(VerbsCommon.Add, "EksSsoGroupMember", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoGroupMembership))]
public sealed class AddEksSsoGroupMemberCommand : GroupMemberCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var (directory, group, user, membershipId) = await ResolveAsync();
        if (membershipId is null)
        {
            if (!ShouldProcess($"group '{group.GroupName}' ({group.GroupId})", $"Add user '{user.UserName}' ({user.UserId})"))
            {
                return;
            }

            membershipId = await directory.CreateMembershipAsync(group.GroupId, user.UserId, CancellationToken);
        }

        WriteObject(new EksSsoGroupMembership(membershipId, group.GroupName, group.GroupId, user.UserName, user.UserId, directory.IdentityStoreId));
    }
}
