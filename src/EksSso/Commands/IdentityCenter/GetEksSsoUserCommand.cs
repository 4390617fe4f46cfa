using System.Management.Automation;
using EksSso.Completers;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Gets Identity Center users by user name (wildcards) or ID.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoUser", DefaultParameterSetName = "Name")]
[OutputType(typeof(EksSsoUser))]
public sealed class GetEksSsoUserCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string[]? UserName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Id", ValueFromPipelineByPropertyName = true)]
    public string[] UserId { get; set; } = [];

    protected override async Task ProcessRecordAsync()
    {
        var directory = await GetDirectoryAsync();
        if (ParameterSetName == "Id")
        {
            foreach (var id in UserId)
            {
                WriteObject(ToOutput(await directory.GetUserAsync(id, CancellationToken)));
            }

            return;
        }

        // Exact names are looked up directly; patterns list the store.
        if (UserName is { Length: > 0 } && !UserName.Any(WildcardPattern.ContainsWildcardCharacters))
        {
            foreach (var name in UserName)
            {
                if (await directory.FindUserAsync(name, CancellationToken) is { } found)
                {
                    WriteObject(ToOutput(found));
                }
                else
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No user named '{name}'."), "UserNotFound", ErrorCategory.ObjectNotFound, name));
                }
            }

            return;
        }

        var filter = new NameFilter(UserName);
        await foreach (var user in directory.ListUsersAsync(CancellationToken))
        {
            if (filter.IsMatch(user.UserName))
            {
                WriteObject(ToOutput(user));
            }
        }

        filter.WriteUnmatched(this, "UserNotFound", "user");
    }
}
