namespace EksSso.Sandbox.Services.Eks;

/// <summary>
/// A cluster as the Kubernetes side of the sandbox needs it: who may authenticate (authentication mode, access
/// entries and their policies, the creator), which nodes exist, and where the API is served. A snapshot: status is
/// computed from the clock when the view is taken.
/// </summary>
public sealed record EksClusterView
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    public required string Arn { get; init; }

    /// <summary>CREATING, ACTIVE, UPDATING or DELETING.</summary>
    public required string Status { get; init; }

    public required string Version { get; init; }

    /// <summary>CONFIG_MAP, API_AND_CONFIG_MAP or API: which of aws-auth and access entries authenticate.</summary>
    public required string AuthenticationMode { get; init; }

    public required bool BootstrapClusterCreatorAdminPermissions { get; init; }

    /// <summary>The IAM user, or the IAM role with its path, that created the cluster.</summary>
    public required string CreatorPrincipalArn { get; init; }

    /// <summary>The creator's unique id at creation time (AIDA.../AROA...).</summary>
    public required string CreatorPrincipalId { get; init; }

    /// <summary>Null while CREATING.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Base64 PEM; null while CREATING.</summary>
    public string? CertificateAuthorityData { get; init; }

    public required string OidcIssuer { get; init; }

    public required string ServiceIpv4Cidr { get; init; }

    public required string VpcId { get; init; }

    public required string RoleArn { get; init; }

    public required IReadOnlyList<EksAccessEntryView> AccessEntries { get; init; }

    public required IReadOnlyList<EksNodegroupView> Nodegroups { get; init; }

    /// <summary>The API server answers (ACTIVE, or UPDATING with an update in progress).</summary>
    public bool IsServing => Status is "ACTIVE" or "UPDATING";

    /// <summary>True when access entries take part in authentication (API or API_AND_CONFIG_MAP).</summary>
    public bool UsesAccessEntries => AuthenticationMode is "API" or "API_AND_CONFIG_MAP";

    /// <summary>True when the aws-auth ConfigMap takes part in authentication (CONFIG_MAP or API_AND_CONFIG_MAP).</summary>
    public bool UsesAwsAuth => AuthenticationMode is "CONFIG_MAP" or "API_AND_CONFIG_MAP";

    /// <summary>The nodes of ACTIVE nodegroups: what <c>kubectl get nodes</c> lists.</summary>
    public IEnumerable<EksNodeView> Nodes => Nodegroups.Where(n => n.Status is "ACTIVE" or "UPDATING").SelectMany(n => n.Instances);
}

/// <summary>One access entry. <see cref="PrincipalArn"/> is as it was created (with or without the role's path).</summary>
public sealed record EksAccessEntryView(
    string PrincipalArn,
    string PrincipalId,
    string Type,
    string Username,
    IReadOnlyList<string> KubernetesGroups,
    IReadOnlyList<EksAccessPolicyAssociationView> Policies);

/// <summary>An associated access policy: <see cref="ScopeType"/> <c>cluster</c>, or <c>namespace</c> with its namespaces.</summary>
public sealed record EksAccessPolicyAssociationView(string PolicyArn, string PolicyName, string ScopeType, IReadOnlyList<string> Namespaces);

public sealed record EksNodegroupView(
    string Name,
    string Status,
    string NodeRole,
    string AmiType,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<EksTaint> Taints,
    IReadOnlyList<EksNodeView> Instances);

/// <summary>An EC2 instance of a managed nodegroup; the node name is <see cref="PrivateDnsName"/>.</summary>
public sealed record EksNodeView(
    string InstanceId,
    string PrivateDnsName,
    string PrivateIp,
    string SubnetId,
    string AvailabilityZone,
    string InstanceType,
    string NodegroupName,
    string NodeRole);

/// <summary>What EKS networking still holds in a region: EC2 refuses to delete these (DependencyViolation).</summary>
public sealed record EksNetworkUse(
    IReadOnlySet<string> VpcIds,
    IReadOnlySet<string> SubnetIds,
    IReadOnlySet<string> SecurityGroupIds,
    IReadOnlyDictionary<string, int> InstancesPerSubnet);

/// <summary>
/// An EKS access policy (<c>arn:aws:eks::aws:cluster-access-policy/NAME</c>) and the Kubernetes user-facing
/// ClusterRole it corresponds to, for the authorizer on the Kubernetes side; null where no built-in role matches.
/// </summary>
public sealed record EksAccessPolicyDefinition(string Name, string Arn, string? KubernetesClusterRole);
