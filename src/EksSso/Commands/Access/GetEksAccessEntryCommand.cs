using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;

namespace EksSso.Commands.Access;

/// <summary>The access entries of a cluster (or one principal's), with their access policies and scopes.</summary>
[Cmdlet(VerbsCommon.Get, "EksAccessEntry")]
[OutputType(typeof(EksAccessEntry))]
public sealed class GetEksAccessEntryCommand : AccessEntryCmdlet
{
    /// <summary>Only this principal's entry: an EksSsoRole, an object with an Arn property, or an ARN.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PrincipalArn")]
    public object? Principal { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var (cluster, principalArn) = ValidateInput(Principal);
        if (principalArn is null)
        {
            await foreach (var entry in AccessEntries.ReadAllAsync(Transport, cluster, CancellationToken))
            {
                WriteObject(ToOutput(entry, []));
            }

            return;
        }

        var principal = await ResolvePrincipalAsync(principalArn);
        if (await AccessEntries.ReadAsync(Transport, cluster, principal, CancellationToken) is { } state)
        {
            WriteObject(ToOutput(state, []));
        }
        else
        {
            WriteError(new EksSsoException("AccessEntryNotFound", AwsErrorKind.NotFound, $"Cluster {cluster} has no access entry for {principal}."), principal);
        }
    }
}
