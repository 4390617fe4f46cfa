namespace EksSso;

/// <summary>One aws-auth mapping (kube-system/aws-auth mapRoles or mapUsers): an IAM role or user and its Kubernetes user name and groups.</summary>
public sealed class EksIdentityMapping
{
    internal EksIdentityMapping(string clusterName, string kind, string arn, string originalArn, string? userName, string[] groups, bool changed, string[] changes)
    {
        ClusterName = clusterName;
        Kind = kind;
        Arn = arn;
        OriginalArn = originalArn;
        UserName = userName;
        Groups = groups;
        Changed = changed;
        Changes = changes;
    }

    /// <summary>The cluster; binds by property name to -Cluster of the next cmdlets.</summary>
    public string ClusterName { get; }

    /// <summary>Role (mapRoles) or User (mapUsers).</summary>
    public string Kind { get; }

    /// <summary>The ARN as aws-auth holds it: a role without its path (what aws-iam-authenticator compares).</summary>
    public string Arn { get; }

    /// <summary>The ARN as it was given (a role with its path); for Get-EksIdentityMapping, as aws-auth holds it.</summary>
    public string OriginalArn { get; }

    /// <summary>The Kubernetes user name, possibly a template ({{SessionName}}, {{EC2PrivateDNSName}}, …).</summary>
    public string? UserName { get; }

    public string[] Groups { get; }

    /// <summary>Whether this call wrote aws-auth (false when it already said this).</summary>
    public bool Changed { get; }

    /// <summary>The lines this call removed ("- ") and added ("+ ") per data key; empty when nothing changed.</summary>
    public string[] Changes { get; }

    public override string ToString() => Arn;
}
