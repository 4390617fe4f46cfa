using System.Management.Automation;
using EksSso.Completers;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Gets Identity Center groups by name (wildcards) or ID.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoGroup", DefaultParameterSetName = "Name")]
[OutputType(typeof(EksSsoGroup))]
public sealed class GetEksSsoGroupCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Id", ValueFromPipelineByPropertyName = true)]
    public string[] GroupId { get; set; } = [];

    protected override async Task ProcessRecordAsync()
    {
        var directory = await GetDirectoryAsync();
        if (ParameterSetName == "Id")
        {
            foreach (var id in GroupId)
            {
                WriteObject(ToOutput(await directory.GetGroupAsync(id, CancellationToken)));
            }

            return;
        }

        var filter = new NameFilter(Name);
        await foreach (var group in directory.ListGroupsAsync(CancellationToken))
        {
            if (filter.IsMatch(group.GroupName))
            {
                WriteObject(ToOutput(group));
            }
        }

        filter.WriteUnmatched(this, "GroupNotFound", "group");
    }
}
