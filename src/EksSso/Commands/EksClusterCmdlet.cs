using System.Management.Automation;

namespace EksSso.Commands;

/// <summary>-Cluster of the cmdlets that work on one EKS cluster (access entries, aws-auth), and the name it stands for.</summary>
public abstract class EksClusterCmdlet : EksSsoAwsCmdlet
{
    /// <summary>An EksCluster (New/Get-EksCluster) or a cluster name; an object in the pipeline binds by its ClusterName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ClusterName")]
    [ValidateNotNull]
    public object Cluster { get; set; } = "";

    protected override object? ErrorTarget => ClusterNameText;

    /// <summary>The name in -Cluster: a string, an EksCluster's Name, or an object's ClusterName (else Name) property.</summary>
    protected string ClusterNameText => (Cluster is PSObject ps ? ps.BaseObject : Cluster) switch
    {
        string s => s.Trim(),
        EksCluster c => c.Name,
        var other => PSObject.AsPSObject(other).Properties["ClusterName"]?.Value as string
            ?? PSObject.AsPSObject(other).Properties["Name"]?.Value as string
            ?? other.ToString() ?? "",
    };

    /// <summary>
    /// The ARN an IAM principal argument stands for: text, an EksSsoRole (its IAM ARN with path), an EksAccessEntry, an
    /// EksIdentityMapping (the ARN it was given as), a caller identity's role, or an object with PrincipalArn/Arn/RoleArn.
    /// </summary>
    protected static string? ArnText(object value)
    {
        var o = value is PSObject ps ? ps.BaseObject : value;
        var wrapped = PSObject.AsPSObject(value);
        return o switch
        {
            string s => s,
            EksSsoRole role => role.Arn,
            EksAccessEntry entry => entry.PrincipalArn,
            EksIdentityMapping mapping => mapping.OriginalArn,
            EksSsoCallerIdentity { RoleArn: { } roleArn } => roleArn,
            _ => wrapped.Properties["PrincipalArn"]?.Value as string ?? wrapped.Properties["Arn"]?.Value as string ?? wrapped.Properties["RoleArn"]?.Value as string,
        };
    }

    /// <summary>The cluster name after the name rules (a terminating InvalidClusterName error otherwise, before any call).</summary>
    protected string ValidClusterName()
    {
        var cluster = ClusterNameText;
        try
        {
            Engine.Clusters.ClusterInput.ValidateName(cluster);
        }
        catch (Engine.Aws.EksSsoException e)
        {
            ThrowTerminating(e, cluster);
        }

        return cluster;
    }
}
