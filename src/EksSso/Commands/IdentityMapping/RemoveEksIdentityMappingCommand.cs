using System.Management.Automation;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>Removes a role's or user's mappings from kube-system/aws-auth; every other entry stays byte for byte. Nothing to do when there is none.</summary>
[Cmdlet(VerbsCommon.Remove, "EksIdentityMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = RoleSet)]
[OutputType(typeof(void))]
public sealed class RemoveEksIdentityMappingCommand : IdentityMappingPrincipalCmdlet
{
    private const string InputSet = "InputObject";

    /// <summary>A mapping from Get-EksIdentityMapping.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public EksIdentityMapping? InputObject { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        var (kind, arn) = ParameterSetName == InputSet
            ? (InputObject!.Kind == "User" ? AwsAuthMappingKind.User : AwsAuthMappingKind.Role, InputObject.Arn)
            : ValidatePrincipal();
        if (ParameterSetName == InputSet)
        {
            arn = ValidateArn(kind, arn);
        }

        using var connection = await OpenAsync(cluster);
        var result = await AwsAuthEditor.RemoveAsync(connection, kind, arn, r => ConfirmEdit(r, $"Remove the mapping of {AwsAuthDocument.CanonicalArn(arn)}"), CancellationToken);
        if (!result.Changed)
        {
            WriteVerbose($"aws-auth of cluster {cluster} has no {kind.ToString().ToLowerInvariant()} mapping for {AwsAuthDocument.CanonicalArn(arn)}; nothing to remove.");
        }
    }
}
