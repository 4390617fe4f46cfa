using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Creates an Identity Center group, or returns the existing one with that name (converging its description).</summary>
[Cmdlet(VerbsCommon.New, "EksSsoGroup", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoGroup))]
public sealed class NewEksSsoGroupCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateLength(0, 1024)]
    public string? Description { get; set; }

    protected override object? ErrorTarget => Name;

    protected override async Task ProcessRecordAsync()
    {
        IdentityCenterInput.GroupName(Name);
        var directory = await GetDirectoryAsync();
        var group = await directory.FindGroupAsync(Name, CancellationToken);
        if (group is null)
        {
            if (ShouldProcess($"identity store {directory.IdentityStoreId}", $"Create group '{Name}'{(Description is null ? "" : $" with description '{Description}'")}"))
            {
                WriteObject(ToOutput(await directory.CreateGroupAsync(Name, Description, CancellationToken)));
            }

            return;
        }

        if (Description is not null && Description != (group.Description ?? "")
            && ShouldProcess($"group '{Name}' ({group.GroupId})", $"Change the description from '{group.Description}' to '{Description}'"))
        {
            group = await directory.UpdateGroupDescriptionAsync(group, Description, CancellationToken);
        }

        WriteObject(ToOutput(group));
    }
}
