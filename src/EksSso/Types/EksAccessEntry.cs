namespace EksSso;

/// <summary>An EKS access entry: a principal's identity in the cluster (Kubernetes groups, user name) and its access policies.</summary>
public sealed class EksAccessEntry
{
    internal EksAccessEntry(
        string clusterName,
        string principalArn,
        string[] kubernetesGroups,
        string? userName,
        string type,
        EksAccessPolicyAssociation[] accessPolicies,
        string? accessEntryArn,
        DateTimeOffset? createdAt,
        string[] changes)
    {
        ClusterName = clusterName;
        PrincipalArn = principalArn;
        KubernetesGroups = kubernetesGroups;
        UserName = userName;
        Type = type;
        AccessPolicies = accessPolicies;
        AccessEntryArn = accessEntryArn;
        CreatedAt = createdAt;
        Changes = changes;
    }

    /// <summary>The cluster; binds by property name to -Cluster and -ClusterName of the next cmdlets.</summary>
    public string ClusterName { get; }

    /// <summary>The IAM principal, as the entry names it (a role ARN with or without path, or a user ARN).</summary>
    public string PrincipalArn { get; }

    public string[] KubernetesGroups { get; }

    /// <summary>The Kubernetes user name (EKS picks one from the ARN when none was given).</summary>
    public string? UserName { get; }

    /// <summary>STANDARD, or a node type (EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, …).</summary>
    public string Type { get; }

    public EksAccessPolicyAssociation[] AccessPolicies { get; }

    public string? AccessEntryArn { get; }

    public DateTimeOffset? CreatedAt { get; }

    /// <summary>What this call changed (empty when nothing was to do, or for Get-EksAccessEntry).</summary>
    public string[] Changes { get; }

    public override string ToString() => PrincipalArn;
}

/// <summary>An EKS access policy associated with an access entry, with its scope.</summary>
public sealed class EksAccessPolicyAssociation
{
    internal EksAccessPolicyAssociation(string policyArn, string scopeType, string[] namespaces)
    {
        PolicyArn = policyArn;
        PolicyName = policyArn[(policyArn.LastIndexOf('/') + 1)..];
        ScopeType = scopeType;
        Namespaces = namespaces;
    }

    /// <summary>The short name (AmazonEKSClusterAdminPolicy, …).</summary>
    public string PolicyName { get; }

    public string PolicyArn { get; }

    /// <summary>cluster or namespace.</summary>
    public string ScopeType { get; }

    public string[] Namespaces { get; }

    public override string ToString() => ScopeType == "namespace" ? $"{PolicyName} ({string.Join(",", Namespaces)})" : PolicyName;
}
