using System.Management.Automation;
using EksSso.Commands.Access;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.Kubernetes;

/// <summary>
/// Gives a principal Edit or View rights in one namespace: a namespace-scoped access policy on clusters with access
/// entries, a RoleBinding plus an aws-auth group on CONFIG_MAP clusters. A second identical run makes no change.
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "EksNamespaceAccess", SupportsShouldProcess = true)]
[OutputType(typeof(EksNamespaceAccess))]
public sealed class GrantEksNamespaceAccessCommand : AccessEntryCmdlet
{
    /// <summary>An EksSsoRole (Get-EksSsoRole), an object with an Arn property, or an IAM role/user ARN (an assumed-role ARN is resolved to its role).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PrincipalArn")]
    [ValidateNotNull]
    public object Principal { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string Namespace { get; set; } = "";

    /// <summary>Edit or View.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(NamespaceAccessPolicyCompleter))]
    [ValidateNotNullOrEmpty]
    public string AccessPolicy { get; set; } = "";

    /// <summary>Create the namespace when it does not exist (otherwise NamespaceNotFound on CONFIG_MAP clusters).</summary>
    [Parameter]
    public SwitchParameter CreateNamespace { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var (cluster, principalArn) = ValidateInput(Principal);
        string policy = "";
        try
        {
            NamespaceAccessInput.ValidateNamespace(Namespace);
            policy = NamespaceAccessInput.ValidatePolicy(AccessPolicy);
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, e.ErrorId == "InvalidNamespace" ? Namespace : AccessPolicy);
        }

        var principal = await ResolvePrincipalAsync(principalArn!);
        var spec = new NamespaceAccessSpec(cluster, principal, Namespace, policy, CreateNamespace.IsPresent);
        var result = await NamespaceAccess.GrantAsync(Transport, spec, change => ShouldProcess($"cluster {cluster}", change), MapToGroupAsync, CancellationToken);
        if (result is null)
        {
            return;
        }

        if (result.Changes.Count == 0)
        {
            WriteVerbose($"{result.PrincipalArn} already has {policy} access to namespace {Namespace} of {cluster}; nothing to change.");
        }

        WriteObject(new EksNamespaceAccess(
            result.ClusterName,
            result.PrincipalArn,
            result.Namespace,
            result.AccessPolicy,
            result.Mechanism,
            result.KubernetesGroup,
            result.RoleBinding,
            result.AccessPolicyArn,
            [.. result.Changes]));
    }

    // The principal's aws-auth entry gets the group (GrantAsync calls this on the pipeline thread, so ShouldProcess works).
    private async Task<bool> MapToGroupAsync(KubeClusterConnection connection, string principalArn, string group, CancellationToken cancellationToken)
    {
        var kind = Engine.Aws.AwsArn.TryParse(principalArn, out var arn) && arn.ResourceType == "user" ? AwsAuthMappingKind.User : AwsAuthMappingKind.Role;
        var edit = await AwsAuthEditor.AddGroupAsync(connection, kind, principalArn, group,
            e => ShouldProcess($"aws-auth of cluster {connection.ClusterName}", $"Map {principalArn} to group {group}:{Environment.NewLine}{string.Join(Environment.NewLine, e.Changes)}"),
            cancellationToken);
        return edit.Written;
    }
}

/// <summary>Completes -AccessPolicy of Grant-EksNamespaceAccess with Edit and View.</summary>
public sealed class NamespaceAccessPolicyCompleter() : Completers.FixedNameCompleter(NamespaceAccessInput.Policies);
