using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Permission sets of the Identity Center instance with their managed and inline policies; -Name takes wildcards.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoPermissionSet")]
[OutputType(typeof(EksSsoPermissionSet))]
public sealed class GetEksSsoPermissionSetCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PermissionSetNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var instance = await GetInstanceAsync();
        var filter = new NameFilter(Name);
        await foreach (var set in PermissionSets.ListAsync(Transport, instance.InstanceArn, CancellationToken))
        {
            if (filter.IsMatch(set.Name))
            {
                var state = await PermissionSetConvergence.ReadPoliciesAsync(Transport, instance.InstanceArn, set, CancellationToken);
                WriteObject(ToOutput(state, instance.InstanceArn, []));
            }
        }

        filter.WriteUnmatched(this, "PermissionSetNotFound", "permission set");
    }

    internal static EksSsoPermissionSet ToOutput(PermissionSetState state, string instanceArn, IReadOnlyList<string> changes) => new(
        state.PermissionSet.Name ?? "",
        state.Arn,
        state.PermissionSet.Description,
        state.SessionDuration,
        state.PermissionSet.RelayState,
        [.. state.ManagedPolicyArns],
        state.InlinePolicy,
        state.PermissionSet.CreatedDate,
        instanceArn,
        [.. changes]);
}
