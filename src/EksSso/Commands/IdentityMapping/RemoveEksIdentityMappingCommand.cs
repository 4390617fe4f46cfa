using System.Management.Automation;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>Removes a role's or user's mappings from kube-system/aws-auth; every other entry stays byte for byte. Nothing to do when there is none.</summary>
[Cmdlet(VerbsCommon.Remove, "EksIdentityMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = RoleSet)]
[OutputType(typeof(void))]
public sealed class RemoveEksIdentityMappingCommand : IdentityMappingCmdlet
{
    private const string InputSet = "InputObject";

    /// <summary>An EksSsoRole, an object with an Arn property, or a role ARN (with or without path).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RoleSet)]
    [Alias("RoleArn")]
    [ValidateNotNull]
    public object Role { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = UserSet)]
    [ValidateNotNullOrEmpty]
    public string UserArn { get; set; } = "";

    /// <summary>A mapping from Get-EksIdentityMapping.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public EksIdentityMapping? InputObject { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidateCluster();
        var kind = ParameterSetName switch
        {
            UserSet => AwsAuthMappingKind.User,
            InputSet => InputObject!.Kind == "User" ? AwsAuthMappingKind.User : AwsAuthMappingKind.Role,
            _ => AwsAuthMappingKind.Role,
        };
        var arn = ValidateArn(kind, ParameterSetName switch
        {
            UserSet => UserArn,
            InputSet => InputObject!.Arn,
            _ => Role,
        });

        using var connection = await OpenAsync(cluster);
        var result = await AwsAuthEditor.RemoveAsync(connection, kind, arn, r => ConfirmEdit(r, $"Remove the mapping of {AwsAuthDocument.CanonicalArn(arn)}"), CancellationToken);
        if (!result.Changed)
        {
            WriteVerbose($"aws-auth of cluster {cluster} has no {kind.ToString().ToLowerInvariant()} mapping for {AwsAuthDocument.CanonicalArn(arn)}; nothing to remove.");
        }
    }
}
