using System.Text.Json;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Eks;

/// <summary>
/// The EKS control planes of one account in one region, saved as JSON in the account's <c>eks</c>/<c>REGION</c> bag.
/// Clusters, nodegroups and updates store when their work completes, never a status: status is derived from the
/// clock on every read (see <see cref="EksService.Settle"/>).
/// </summary>
public sealed class EksRegionState
{
    private const string Service = "eks";
    private const string Key = "state";

    public Dictionary<string, EksClusterRecord> Clusters { get; set; } = [];

    public static EksRegionState Read(AccountState account, string region) =>
        account.RegionalState(Service, region)[Key]?.Deserialize<EksRegionState>() ?? new EksRegionState();

    /// <summary>Like <see cref="Read"/> but never creates the region's bag: for readers outside a request.</summary>
    public static EksRegionState? TryRead(AccountState account, string region) =>
        account.Regional.TryGetValue(Service, out var regions) && regions.TryGetValue(region, out var bag)
            ? bag[Key]?.Deserialize<EksRegionState>()
            : null;

    /// <summary>The regions where the account has EKS state.</summary>
    public static IReadOnlyList<string> Regions(AccountState account) =>
        account.Regional.TryGetValue(Service, out var regions) ? [.. regions.Keys] : [];

    public void Write(AccountState account, string region) =>
        account.RegionalState(Service, region)[Key] = JsonSerializer.SerializeToNode(this);
}

public sealed class EksClusterRecord
{
    public string Name { get; set; } = "";

    public string Arn { get; set; } = "";

    public string Version { get; set; } = "";

    public string RoleArn { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>CREATING until then.</summary>
    public DateTimeOffset ActiveAt { get; set; }

    /// <summary>Set by DeleteCluster: DELETING until <see cref="DeletedAt"/>, then gone.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string VpcId { get; set; } = "";

    public List<string> SubnetIds { get; set; } = [];

    public List<string> SecurityGroupIds { get; set; } = [];

    /// <summary>The security group EKS creates in the VPC for the control plane ENIs (deleted with the cluster).</summary>
    public string ClusterSecurityGroupId { get; set; } = "";

    public bool EndpointPublicAccess { get; set; } = true;

    public bool EndpointPrivateAccess { get; set; }

    public List<string> PublicAccessCidrs { get; set; } = ["0.0.0.0/0"];

    public string ServiceIpv4Cidr { get; set; } = "";

    /// <summary>The 32 upper-case hex digits of the OIDC issuer URL.</summary>
    public string OidcId { get; set; } = "";

    /// <summary>The committed mode; an AccessConfigUpdate in progress applies its new mode when it completes.</summary>
    public string AuthenticationMode { get; set; } = "CONFIG_MAP";

    public bool BootstrapClusterCreatorAdminPermissions { get; set; } = true;

    /// <summary>The IAM principal that created the cluster: the user, or the role (with its path) of a role session.</summary>
    public string CreatorPrincipalArn { get; set; } = "";

    /// <summary>The creator's unique id (AIDA.../AROA...): a principal deleted and recreated under the same ARN is not the creator.</summary>
    public string CreatorPrincipalId { get; set; } = "";

    public List<string> EnabledLogTypes { get; set; } = [];

    public string PlatformVersion { get; set; } = "eks.1";

    public string? ClientRequestToken { get; set; }

    public bool DeletionProtection { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public Dictionary<string, EksNodegroupRecord> Nodegroups { get; set; } = [];

    /// <summary>By principal ARN as it was given at creation.</summary>
    public Dictionary<string, EksAccessEntryRecord> AccessEntries { get; set; } = [];

    public List<EksUpdateRecord> Updates { get; set; } = [];
}

public sealed class EksNodegroupRecord
{
    public string Name { get; set; } = "";

    public string Arn { get; set; } = "";

    public string Version { get; set; } = "";

    public string ReleaseVersion { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    public DateTimeOffset ActiveAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string CapacityType { get; set; } = "ON_DEMAND";

    public int MinSize { get; set; }

    public int MaxSize { get; set; }

    public int DesiredSize { get; set; }

    public List<string> InstanceTypes { get; set; } = [];

    public List<string> Subnets { get; set; } = [];

    public string AmiType { get; set; } = "";

    public string NodeRole { get; set; } = "";

    /// <summary>The node role's unique id (AROA...) when the group was created.</summary>
    public string NodeRoleId { get; set; } = "";

    public int DiskSize { get; set; } = 20;

    public Dictionary<string, string> Labels { get; set; } = [];

    public List<EksTaint> Taints { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];

    public string AutoScalingGroupName { get; set; } = "";

    public string? ClientRequestToken { get; set; }

    /// <summary>The EC2 instances of the group (desired size of them); the Kubernetes side shows them as nodes.</summary>
    public List<EksInstanceRecord> Instances { get; set; } = [];
}

public sealed class EksTaint
{
    public string Key { get; set; } = "";

    public string? Value { get; set; }

    public string Effect { get; set; } = "";
}

public sealed class EksInstanceRecord
{
    public string InstanceId { get; set; } = "";

    public string PrivateDnsName { get; set; } = "";

    public string PrivateIp { get; set; } = "";

    public string SubnetId { get; set; } = "";

    public string AvailabilityZone { get; set; } = "";

    public string InstanceType { get; set; } = "";
}

public sealed class EksAccessEntryRecord
{
    public string PrincipalArn { get; set; } = "";

    /// <summary>The principal's unique id at creation (AROA.../AIDA...), as EKS binds entries to it.</summary>
    public string PrincipalId { get; set; } = "";

    public string Arn { get; set; } = "";

    public string Type { get; set; } = "STANDARD";

    public string Username { get; set; } = "";

    public List<string> KubernetesGroups { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public List<EksPolicyAssociationRecord> Policies { get; set; } = [];
}

public sealed class EksPolicyAssociationRecord
{
    public string PolicyArn { get; set; } = "";

    /// <summary><c>cluster</c> or <c>namespace</c>.</summary>
    public string ScopeType { get; set; } = "cluster";

    public List<string> Namespaces { get; set; } = [];

    public DateTimeOffset AssociatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }
}

public sealed class EksUpdateRecord
{
    public string Id { get; set; } = "";

    public string Type { get; set; } = "";

    public string? NodegroupName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset CompletesAt { get; set; }

    /// <summary>InProgress until <see cref="CompletesAt"/>, then Successful (set when settled).</summary>
    public string Status { get; set; } = "InProgress";

    public List<EksUpdateParam> Params { get; set; } = [];
}

public sealed class EksUpdateParam
{
    public string Type { get; set; } = "";

    public string Value { get; set; } = "";
}
