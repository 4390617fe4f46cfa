namespace EksSso;

/// <summary>What Grant-EksNamespaceAccess gave a principal in a namespace, by which mechanism, and what it changed.</summary>
public sealed class EksNamespaceAccess
{
    internal EksNamespaceAccess(
        string clusterName,
        string principalArn,
        string ns,
        string accessPolicy,
        string mechanism,
        string? kubernetesGroup,
        string? roleBinding,
        string? accessPolicyArn,
        string[] changes)
    {
        ClusterName = clusterName;
        PrincipalArn = principalArn;
        Namespace = ns;
        AccessPolicy = accessPolicy;
        Mechanism = mechanism;
        KubernetesGroup = kubernetesGroup;
        RoleBinding = roleBinding;
        AccessPolicyArn = accessPolicyArn;
        Changes = changes;
    }

    public string ClusterName { get; }

    /// <summary>The IAM principal (for AccessEntry: as the access entry names it).</summary>
    public string PrincipalArn { get; }

    public string Namespace { get; }

    /// <summary>Edit or View.</summary>
    public string AccessPolicy { get; }

    /// <summary>AccessEntry (API, API_AND_CONFIG_MAP clusters) or AwsAuth (CONFIG_MAP clusters).</summary>
    public string Mechanism { get; }

    /// <summary>AwsAuth: the group eksso:&lt;namespace&gt;:&lt;edit|view&gt; the principal is mapped to; null for AccessEntry.</summary>
    public string? KubernetesGroup { get; }

    /// <summary>AwsAuth: the RoleBinding (namespace/name) of that group to ClusterRole edit or view.</summary>
    public string? RoleBinding { get; }

    /// <summary>AccessEntry: AmazonEKSEditPolicy or AmazonEKSViewPolicy's ARN, scoped to the namespace.</summary>
    public string? AccessPolicyArn { get; }

    /// <summary>What this call changed (empty when everything was already as asked).</summary>
    public string[] Changes { get; }

    public override string ToString() => $"{PrincipalArn} {AccessPolicy} in {ClusterName}/{Namespace}";
}
