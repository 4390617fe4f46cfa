using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.SsoAdmin;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>What Grant-, Revoke- and Get-EksSsoAccountAssignment share: resolving names to IDs and IDs back to names.</summary>
public abstract class AccountAssignmentCmdlet : EksSsoIdentityCenterCmdlet
{
    private readonly Dictionary<string, string> _permissionSetNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _principalNames = new(StringComparer.Ordinal);

    // object, not IdentityStoreDirectory: see the load-context rules in docs/ARCHITECTURE.md.
    private object? _directory;

    private protected async Task<IdentityStoreDirectory> DirectoryAsync() =>
        (IdentityStoreDirectory)(_directory ??= await GetDirectoryAsync());

    /// <summary>The permission set by name or ARN; <c>PermissionSetNotFound</c> when there is none.</summary>
    private protected async Task<PermissionSet> RequirePermissionSetAsync(string nameOrArn)
    {
        var instance = await GetInstanceAsync();
        var set = await PermissionSets.FindAsync(Transport, instance.InstanceArn, nameOrArn, CancellationToken)
            ?? throw new EksSsoException("PermissionSetNotFound", AwsErrorKind.NotFound, $"No permission set '{nameOrArn}' in {instance.InstanceArn}. New-EksSsoPermissionSet creates one; Get-EksSsoPermissionSet lists them.");
        _permissionSetNames[set.PermissionSetArn!] = set.Name!;
        return set;
    }

    /// <summary>(USER|GROUP, id, name) of the -Group or -User given.</summary>
    private protected async Task<(string Type, string Id, string Name)> RequirePrincipalAsync(string? groupName, string? userName)
    {
        var directory = await DirectoryAsync();
        if (groupName is not null)
        {
            var group = await RequireGroupAsync(directory, groupName);
            _principalNames[group.GroupId] = group.GroupName;
            return (PrincipalType.Group, group.GroupId, group.GroupName);
        }

        var user = await RequireUserAsync(directory, userName!);
        _principalNames[user.UserId] = user.UserName;
        return (PrincipalType.User, user.UserId, user.UserName);
    }

    private protected async Task<EksSsoAccountAssignment> ToOutputAsync(AssignmentKey key)
    {
        var instance = await GetInstanceAsync();
        if (!_permissionSetNames.TryGetValue(key.PermissionSetArn, out var setName))
        {
            setName = (await PermissionSets.FindAsync(Transport, instance.InstanceArn, key.PermissionSetArn, CancellationToken))?.Name ?? key.PermissionSetArn;
            _permissionSetNames[key.PermissionSetArn] = setName;
        }

        if (!_principalNames.TryGetValue(key.PrincipalId, out var principalName))
        {
            var directory = await DirectoryAsync();
            principalName = key.PrincipalType == PrincipalType.Group
                ? (await directory.GetGroupAsync(key.PrincipalId, CancellationToken)).GroupName
                : (await directory.GetUserAsync(key.PrincipalId, CancellationToken)).UserName;
            _principalNames[key.PrincipalId] = principalName;
        }

        return new EksSsoAccountAssignment(key.AccountId, setName, key.PermissionSetArn, key.PrincipalType, principalName, key.PrincipalId, instance.InstanceArn);
    }

    private protected static string Describe(string type, string name) => $"{type.ToLowerInvariant()} '{name}'";
}

/// <summary>Grant- and Revoke-EksSsoAccountAssignment: one assignment named by account, permission set and principal.</summary>
public abstract class AccountAssignmentChangeCmdlet : AccountAssignmentCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^\d{12}$")]
    public string AccountId { get; set; } = "";

    /// <summary>Permission set name or ARN.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PermissionSetArn", "PermissionSetName")]
    [ArgumentCompleter(typeof(PermissionSetNameCompleter))]
    public string PermissionSet { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Group", ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string? Group { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "User", ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string? User { get; set; }

    protected override object? ErrorTarget => AccountId;
}
