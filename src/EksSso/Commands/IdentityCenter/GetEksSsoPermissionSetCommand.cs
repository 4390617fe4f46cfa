using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
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
        var patterns = (Name ?? ["*"]).Select(n => (Text: n, Pattern: WildcardPattern.Get(n, WildcardOptions.IgnoreCase))).ToList();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var set in PermissionSets.ListAsync(Transport, instance.InstanceArn, CancellationToken))
        {
            var hits = patterns.Where(p => set.Name is { } n && p.Pattern.IsMatch(n)).ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            matched.UnionWith(hits.Select(h => h.Text));
            var state = await PermissionSetConvergence.ReadPoliciesAsync(Transport, instance.InstanceArn, set, CancellationToken);
            WriteObject(ToOutput(state, instance.InstanceArn, []));
        }

        foreach (var missing in patterns.Where(p => !WildcardPattern.ContainsWildcardCharacters(p.Text) && !matched.Contains(p.Text)))
        {
            WriteError(new EksSsoException("PermissionSetNotFound", AwsErrorKind.NotFound,
                $"There is no permission set named '{missing.Text}' in {instance.InstanceArn}. Create it with New-EksSsoPermissionSet."), missing.Text);
        }
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
