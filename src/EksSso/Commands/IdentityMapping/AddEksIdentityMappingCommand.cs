using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>
/// Maps an IAM role or user to a Kubernetes user name and groups in kube-system/aws-auth (clusters in CONFIG_MAP or
/// API_AND_CONFIG_MAP mode). A role's path is stripped, as aws-iam-authenticator compares without it. Entries it was
/// not asked to touch are kept byte for byte; a second identical run writes nothing.
/// </summary>
[Cmdlet(VerbsCommon.Add, "EksIdentityMapping", SupportsShouldProcess = true, DefaultParameterSetName = RoleSet)]
[OutputType(typeof(EksIdentityMapping))]
public sealed class AddEksIdentityMappingCommand : IdentityMappingPrincipalCmdlet
{
    private const string MastersGroup = "system:masters";

    /// <summary>The Kubernetes user name (templates such as {{SessionName}} allowed); default as EKS access entries name the principal.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? UserName { get; set; }

    [Parameter]
    [Alias("KubernetesGroup")]
    [ValidateNotNull]
    public string[] Group { get; set; } = [];

    /// <summary>Replace the mapping the ARN already has when it differs.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        var (kind, given) = ValidatePrincipal();
        var asked = new AwsAuthMapping(kind, given, UserName, Group);
        var mapping = asked;
        try
        {
            // Checked here so that bad input fails before DescribeCluster; the editor strips the path itself.
            mapping = AwsAuthInput.Canonical(asked);
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, (object?)UserName ?? Group);
        }

        using var connection = await OpenAsync(cluster);
        var result = await AwsAuthEditor.AddAsync(connection, asked, Force, r =>
        {
            if (mapping.Groups.Contains(MastersGroup, StringComparer.Ordinal))
            {
                WriteWarning($"{mapping.Arn} gets {MastersGroup} (full control of cluster {cluster}) through aws-auth. On a cluster with access entries (API_AND_CONFIG_MAP), the managed equivalent is: " +
                    $"Add-EksAccessEntry -Cluster {cluster} -Principal {given} -AccessPolicy AmazonEKSClusterAdminPolicy");
            }

            return ConfirmEdit(r, $"Map {kind.ToString().ToLowerInvariant()} {mapping.Arn}");
        }, CancellationToken);

        if (!result.Changed)
        {
            WriteVerbose($"aws-auth of cluster {cluster} already maps {mapping.Arn} as asked; nothing to change.");
        }
        else if (!result.Written)
        {
            return;
        }

        WriteObject(ToOutput(cluster, result.Mapping ?? mapping, result.OriginalArn ?? given, result.Written, result.Changes));
    }
}
