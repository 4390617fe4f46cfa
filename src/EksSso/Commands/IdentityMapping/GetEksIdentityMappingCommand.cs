using System.Management.Automation;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>The mappings of kube-system/aws-auth (mapRoles, then mapUsers), or those of one ARN or kind.</summary>
[Cmdlet(VerbsCommon.Get, "EksIdentityMapping", DefaultParameterSetName = MappingsSet)]
[OutputType(typeof(EksIdentityMapping), ParameterSetName = [MappingsSet])]
[OutputType(typeof(string), ParameterSetName = [YamlSet])]
public sealed class GetEksIdentityMappingCommand : IdentityMappingCmdlet
{
    private const string MappingsSet = "Mappings";
    private const string YamlSet = "Yaml";

    /// <summary>Only this role or user: an EksSsoRole, an object with an Arn property, or an ARN (a role's path is ignored); wildcards allowed.</summary>
    [Parameter(Position = 1, ParameterSetName = MappingsSet)]
    [Alias("Role", "UserArn")]
    [ValidateNotNull]
    public object? Arn { get; set; }

    [Parameter(ParameterSetName = MappingsSet)]
    [ValidateSet("Role", "User")]
    public string? Kind { get; set; }

    /// <summary>The whole ConfigMap as text, as <c>kubectl get configmap -n kube-system aws-auth -o yaml</c> shows it in the reference procedure.</summary>
    [Parameter(Mandatory = true, ParameterSetName = YamlSet)]
    public SwitchParameter AsYaml { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        if (AsYaml)
        {
            using var yamlConnection = await OpenAsync(cluster);
            WriteObject((await AwsAuthEditor.ReadAsync(yamlConnection, CancellationToken)).ToConfigMapYaml());
            return;
        }

        var filter = Arn is null ? null : ArnText(Arn)?.Trim() ?? "";
        var pattern = filter is not null && WildcardPattern.ContainsWildcardCharacters(filter) ? new WildcardPattern(filter, WildcardOptions.IgnoreCase) : null;
        var canonical = filter is null || pattern is not null ? null : AwsAuthDocument.CanonicalArn(filter);

        using var connection = await OpenAsync(cluster);
        var document = await AwsAuthEditor.ReadAsync(connection, CancellationToken);
        var found = false;
        foreach (var entry in document.Entries)
        {
            if ((Kind is null || entry.Kind.ToString() == Kind)
                && (filter is null || (pattern?.IsMatch(entry.Arn) ?? string.Equals(entry.CanonicalArn, canonical, StringComparison.OrdinalIgnoreCase))))
            {
                found = true;
                WriteObject(ToOutput(cluster, entry));
            }
        }

        if (!found && filter is not null && pattern is null)
        {
            WriteError(new Engine.Aws.EksSsoException("IdentityMappingNotFound", Engine.Aws.AwsErrorKind.NotFound, $"kube-system/aws-auth of cluster {cluster} has no mapping for {filter}."), filter);
        }
    }
}
