using System.Management.Automation;
using EksSso.Engine.Access;

namespace EksSso.Commands.Access;

/// <summary>Deletes a principal's access entry (and with it its access policy associations); nothing to do when there is none.</summary>
[Cmdlet(VerbsCommon.Remove, "EksAccessEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveEksAccessEntryCommand : AccessEntryCmdlet
{
    /// <summary>An EksSsoRole, an EksAccessEntry, an object with an Arn property, or an ARN.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PrincipalArn")]
    [ValidateNotNull]
    public object Principal { get; set; } = "";

    protected override async Task ProcessRecordAsync()
    {
        var (cluster, principalArn) = ValidateInput(Principal);
        var principal = await ResolvePrincipalAsync(principalArn!);
        var current = await AccessEntries.ReadAsync(Transport, cluster, principal, CancellationToken);
        if (current is null)
        {
            WriteVerbose($"Cluster {cluster} has no access entry for {principal}; nothing to remove.");
            return;
        }

        var policies = current.AccessPolicies.Count == 0 ? "" : $" and its {current.AccessPolicies.Count} access policy association(s)";
        if (!ShouldProcess($"cluster {cluster}", $"Delete the access entry of {current.PrincipalArn}{policies}"))
        {
            return;
        }

        await AccessEntries.DeleteAsync(Transport, cluster, current.PrincipalArn, CancellationToken);
    }
}
