namespace EksSso;

/// <summary>
/// What Convert-EksIdentityMapping did for one aws-auth entry: the access entry created for it (Created), the entry its
/// principal already had (Exists), or why there is none (Skipped).
/// </summary>
public sealed class EksIdentityMappingMigration
{
    internal EksIdentityMappingMigration(
        string clusterName,
        string kind,
        string arn,
        string? principalArn,
        string? entryType,
        string[] kubernetesGroups,
        string? userName,
        string? accessPolicy,
        string action,
        string? reason)
    {
        ClusterName = clusterName;
        Kind = kind;
        Arn = arn;
        PrincipalArn = principalArn;
        EntryType = entryType;
        KubernetesGroups = kubernetesGroups;
        UserName = userName;
        AccessPolicy = accessPolicy;
        Action = action;
        Reason = reason;
    }

    /// <summary>The cluster; binds by property name to -Cluster of the next cmdlets.</summary>
    public string ClusterName { get; }

    /// <summary>Role (mapRoles), User (mapUsers) or Account (mapAccounts).</summary>
    public string Kind { get; }

    /// <summary>The ARN as aws-auth holds it (a role without its path); an account ID for mapAccounts.</summary>
    public string Arn { get; }

    /// <summary>The access entry's principal: the role's IAM ARN with its path, or the user's ARN; binds to -Principal.</summary>
    public string? PrincipalArn { get; }

    /// <summary>STANDARD, EC2_LINUX, EC2_WINDOWS or FARGATE_LINUX; null when skipped.</summary>
    public string? EntryType { get; }

    public string[] KubernetesGroups { get; }

    /// <summary>The access entry's Kubernetes user name (null in a -WhatIf plan: EKS's default).</summary>
    public string? UserName { get; }

    /// <summary>The access policies of the entry by short name (AmazonEKSClusterAdminPolicy for system:masters), comma-separated.</summary>
    public string? AccessPolicy { get; }

    /// <summary>Created, Exists or Skipped.</summary>
    public string Action { get; }

    /// <summary>Why it was skipped, or what differs from aws-auth (a user name not carried over, a dropped system: group).</summary>
    public string? Reason { get; }

    public override string ToString() => $"{Action} {Arn}";
}
