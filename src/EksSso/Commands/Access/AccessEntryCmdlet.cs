using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;

namespace EksSso.Commands.Access;

/// <summary>-Cluster and -Principal of the access entry cmdlets, and what they resolve to.</summary>
public abstract class AccessEntryCmdlet : EksSsoAwsCmdlet
{
    /// <summary>An EksCluster (New/Get-EksCluster) or a cluster name; an EksCluster or EksAccessEntry in the pipeline binds by its ClusterName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ClusterName")]
    [ValidateNotNull]
    public object Cluster { get; set; } = "";

    protected override object? ErrorTarget => ClusterNameText;

    /// <summary>The name in -Cluster.</summary>
    protected string ClusterNameText => (Cluster is PSObject ps ? ps.BaseObject : Cluster) switch
    {
        string s => s.Trim(),
        EksCluster c => c.Name,
        EksAccessEntry e => e.ClusterName,
        var other => PSObject.AsPSObject(other).Properties["ClusterName"]?.Value as string
            ?? PSObject.AsPSObject(other).Properties["Name"]?.Value as string
            ?? other.ToString() ?? "",
    };

    /// <summary>The ARN in a -Principal value: an EksSsoRole (its IAM ARN with path), an EksAccessEntry, an object with Arn/RoleArn/PrincipalArn, or text.</summary>
    protected static string PrincipalText(object value)
    {
        var o = value is PSObject ps ? ps.BaseObject : value;
        var wrapped = PSObject.AsPSObject(value);
        var text = o switch
        {
            string s => s,
            EksSsoRole role => role.Arn,
            EksAccessEntry entry => entry.PrincipalArn,
            EksSsoCallerIdentity { RoleArn: { } roleArn } => roleArn,
            _ => wrapped.Properties["PrincipalArn"]?.Value as string ?? wrapped.Properties["Arn"]?.Value as string ?? wrapped.Properties["RoleArn"]?.Value as string,
        };
        return string.IsNullOrWhiteSpace(text)
            ? throw new EksSsoException(AccessEntryInput.InvalidPrincipalErrorId, AwsErrorKind.Validation, "-Principal takes an EksSsoRole (Get-EksSsoRole), an object with an Arn property, or an IAM role or user ARN.")
            : text.Trim();
    }

    /// <summary>Checks the cluster name and principal shape (no call); throws terminating errors for bad input.</summary>
    private protected (string Cluster, AwsArn? Principal) ValidateInput(object? principal)
    {
        var cluster = ClusterNameText;
        try
        {
            AccessEntries.ValidateClusterName(cluster);
            return (cluster, principal is null ? null : AccessEntryInput.ValidatePrincipal(PrincipalText(principal)));
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, principal ?? cluster);
            throw;
        }
    }

    /// <summary>The entry's principal ARN: as given, or (assumed-role ARN) its role's IAM ARN.</summary>
    private protected Task<string> ResolvePrincipalAsync(AwsArn arn) =>
        AccessEntries.ResolvePrincipalAsync(Transport, arn, async ct => (await Engine.Identity.CallerIdentityService.GetAsync(Transport, ct)).Account, CancellationToken);

    private protected static EksAccessEntry ToOutput(AccessEntryState state, IEnumerable<string> changes) => new(
        state.ClusterName,
        state.PrincipalArn,
        [.. state.KubernetesGroups],
        state.UserName,
        state.Type,
        [.. state.AccessPolicies.Select(p => new EksAccessPolicyAssociation(p.PolicyArn, p.ScopeType, [.. p.Namespaces]))],
        state.AccessEntryArn,
        state.CreatedAt,
        [.. changes]);
}
