using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;

namespace EksSso.Commands.Access;

/// <summary>
/// Creates or converges a principal's EKS access entry (Kubernetes groups, user name) and associates an access policy
/// with cluster scope, or namespace scope with -Namespace. A second identical run makes no change.
/// </summary>
[Cmdlet(VerbsCommon.Add, "EksAccessEntry", SupportsShouldProcess = true)]
[OutputType(typeof(EksAccessEntry))]
public sealed class AddEksAccessEntryCommand : AccessEntryCmdlet
{
    /// <summary>An EksSsoRole (Get-EksSsoRole), an object with an Arn property, or an IAM role/user ARN (an assumed-role ARN is resolved to its role).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PrincipalArn")]
    [ValidateNotNull]
    public object Principal { get; set; } = "";

    [Parameter]
    [ValidateNotNull]
    public string[]? KubernetesGroup { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    [Parameter]
    [ValidateSet("STANDARD", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "EC2", "HYBRID_LINUX")]
    public string Type { get; set; } = "STANDARD";

    /// <summary>AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy, or an access policy ARN.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(AccessPolicyCompleter))]
    [ValidateNotNullOrEmpty]
    public string? AccessPolicy { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Namespace { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var (cluster, principalArn) = ValidateInput(Principal);
        string? policyArn = null;
        try
        {
            if (AccessPolicy is not null)
            {
                policyArn = AccessEntryInput.ResolvePolicy(AccessPolicy, AccessEntries.PartitionOf(Session.Region));
            }
            else if (Namespace is not null)
            {
                throw new EksSsoException("NamespaceWithoutPolicy", AwsErrorKind.Validation, "-Namespace scopes -AccessPolicy: give -AccessPolicy too.");
            }

            AccessEntryInput.ValidateNamespaces(Namespace ?? []);
            AccessEntryInput.ValidateIdentity(UserName, KubernetesGroup);
            if (Type != "STANDARD" && (KubernetesGroup is not null || UserName is not null || AccessPolicy is not null))
            {
                throw new EksSsoException("InvalidAccessEntryType", AwsErrorKind.Validation, $"An access entry of type {Type} takes no -KubernetesGroup, -UserName or -AccessPolicy.");
            }
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, AccessPolicy ?? (object)Principal);
        }

        var principal = await ResolvePrincipalAsync(principalArn!);
        var spec = new AccessEntrySpec(cluster, principal, KubernetesGroup, UserName, Type, policyArn, Namespace);
        var current = await AccessEntries.ReadAsync(Transport, cluster, principal, CancellationToken);
        var changes = AccessEntries.Plan(spec, current);
        if (changes.Count == 0)
        {
            WriteVerbose($"The access entry of {principal} on {cluster} is as asked; nothing to change.");
            WriteObject(ToOutput(current!, []));
            return;
        }

        if (!ShouldProcess($"cluster {cluster}", string.Join("; ", changes)))
        {
            return;
        }

        var state = await AccessEntries.ApplyAsync(Transport, spec, current, CancellationToken);
        WriteObject(ToOutput(state, changes));
    }
}

/// <summary>Completes -AccessPolicy with the EKS access policy short names.</summary>
public sealed class AccessPolicyCompleter() : Completers.FixedNameCompleter(AccessEntryInput.ShortNames);
