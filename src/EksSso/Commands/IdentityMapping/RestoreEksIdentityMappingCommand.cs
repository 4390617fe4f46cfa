using System.Management.Automation;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>
/// Puts back the aws-auth data as it was before the last EksSso write (kept in the eksso.io/previous-data annotation),
/// and keeps the data it replaces there: a second restore undoes the first. Writes the mappings restored.
/// </summary>
[Cmdlet(VerbsData.Restore, "EksIdentityMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EksIdentityMapping))]
public sealed class RestoreEksIdentityMappingCommand : IdentityMappingCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        using var connection = await OpenAsync(cluster);
        var result = await AwsAuthEditor.RestoreAsync(connection, r => ConfirmEdit(r, "Restore the previous data"), CancellationToken);
        if (!result.Changed)
        {
            WriteVerbose($"aws-auth of cluster {cluster} already holds the data kept before the last write; nothing to restore.");
        }
        else if (!result.Written)
        {
            return;
        }

        AwsAuthDocument restored;
        try
        {
            restored = await AwsAuthEditor.ReadAsync(connection, CancellationToken);
        }
        catch (Engine.Aws.EksSsoException e) when (e.ErrorId == "AwsAuthMalformed")
        {
            // Restored as asked: the previous data itself does not parse (aws-iam-authenticator ignores all of it).
            WriteWarning(e.Message);
            return;
        }

        foreach (var entry in restored.Entries)
        {
            WriteObject(ToOutput(cluster, entry));
        }
    }
}
