using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Add- and Remove-EksSsoGroupMember: a group and a user by name (or from piped objects), and their membership.</summary>
public abstract class GroupMemberCmdlet : EksSsoIdentityCenterCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string UserName { get; set; } = "";

    protected override object? ErrorTarget => $"{UserName} in {GroupName}";

    /// <summary>The store, group and user (UserNotFound/GroupNotFound when missing) and the membership id (null: not a member).</summary>
    private protected async Task<(IdentityStoreDirectory Directory, IdentityStoreGroup Group, IdentityStoreUser User, string? MembershipId)> ResolveAsync()
    {
        var directory = await GetDirectoryAsync();
        var group = await RequireGroupAsync(directory, GroupName);
        var user = await RequireUserAsync(directory, UserName);
        return (directory, group, user, await directory.FindMembershipAsync(group.GroupId, user.UserId, CancellationToken));
    }
}
