using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Eks;

public sealed class CreateClusterRequest
{
    [AwsRequired]
    public string? Name { get; set; }

    public string? Version { get; set; }

    [AwsRequired]
    public string? RoleArn { get; set; }

    [AwsRequired]
    public VpcConfigRequest? ResourcesVpcConfig { get; set; }

    public KubernetesNetworkConfigRequest? KubernetesNetworkConfig { get; set; }

    public Logging? Logging { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public List<EncryptionConfig>? EncryptionConfig { get; set; }

    public OutpostConfigRequest? OutpostConfig { get; set; }

    public CreateAccessConfigRequest? AccessConfig { get; set; }

    public bool? BootstrapSelfManagedAddons { get; set; }

    public UpgradePolicyRequest? UpgradePolicy { get; set; }

    public ZonalShiftConfigRequest? ZonalShiftConfig { get; set; }

    public RemoteNetworkConfigRequest? RemoteNetworkConfig { get; set; }

    public ComputeConfigRequest? ComputeConfig { get; set; }

    public StorageConfigRequest? StorageConfig { get; set; }

    public bool? DeletionProtection { get; set; }

    public ControlPlaneScalingConfig? ControlPlaneScalingConfig { get; set; }
}

public sealed class CreateClusterResponse
{
    public Cluster? Cluster { get; set; }
}

public sealed class DescribeClusterRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }
}

public sealed class DescribeClusterResponse
{
    public Cluster? Cluster { get; set; }
}

public sealed class ListClustersRequest
{
    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nextToken")]
    public string? NextToken { get; set; }

    [AwsLocation(AwsLocation.QueryString, "include")]
    public List<string>? Include { get; set; }
}

public sealed class ListClustersResponse
{
    public List<string>? Clusters { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DeleteClusterRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }
}

public sealed class DeleteClusterResponse
{
    public Cluster? Cluster { get; set; }
}

public sealed class UpdateClusterConfigRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }

    public VpcConfigRequest? ResourcesVpcConfig { get; set; }

    public Logging? Logging { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public UpdateAccessConfigRequest? AccessConfig { get; set; }

    public UpgradePolicyRequest? UpgradePolicy { get; set; }

    public ZonalShiftConfigRequest? ZonalShiftConfig { get; set; }

    public ComputeConfigRequest? ComputeConfig { get; set; }

    public KubernetesNetworkConfigRequest? KubernetesNetworkConfig { get; set; }

    public StorageConfigRequest? StorageConfig { get; set; }

    public RemoteNetworkConfigRequest? RemoteNetworkConfig { get; set; }

    public bool? DeletionProtection { get; set; }

    public ControlPlaneScalingConfig? ControlPlaneScalingConfig { get; set; }
}

public sealed class UpdateClusterConfigResponse
{
    public Update? Update { get; set; }
}

public sealed class DescribeUpdateRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? Name { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "updateId")]
    public string? UpdateId { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nodegroupName")]
    public string? NodegroupName { get; set; }

    [AwsLocation(AwsLocation.QueryString, "addonName")]
    public string? AddonName { get; set; }

    [AwsLocation(AwsLocation.QueryString, "capabilityName")]
    public string? CapabilityName { get; set; }
}

public sealed class DescribeUpdateResponse
{
    public Update? Update { get; set; }
}

public sealed class CreateNodegroupRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    public string? NodegroupName { get; set; }

    public NodegroupScalingConfig? ScalingConfig { get; set; }

    public int? DiskSize { get; set; }

    [AwsRequired]
    public List<string>? Subnets { get; set; }

    public List<string>? InstanceTypes { get; set; }

    [AwsEnum(typeof(AmiTypes))]
    public string? AmiType { get; set; }

    public RemoteAccessConfig? RemoteAccess { get; set; }

    [AwsRequired]
    public string? NodeRole { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public List<Taint>? Taints { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public LaunchTemplateSpecification? LaunchTemplate { get; set; }

    public NodegroupUpdateConfig? UpdateConfig { get; set; }

    public NodeRepairConfig? NodeRepairConfig { get; set; }

    [AwsEnum(typeof(CapacityTypes))]
    public string? CapacityType { get; set; }

    public string? Version { get; set; }

    public string? ReleaseVersion { get; set; }

    public WarmPoolConfig? WarmPoolConfig { get; set; }
}

public sealed class CreateNodegroupResponse
{
    public Nodegroup? Nodegroup { get; set; }
}

public sealed class DescribeNodegroupRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "nodegroupName")]
    public string? NodegroupName { get; set; }
}

public sealed class DescribeNodegroupResponse
{
    public Nodegroup? Nodegroup { get; set; }
}

public sealed class ListNodegroupsRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nextToken")]
    public string? NextToken { get; set; }
}

public sealed class ListNodegroupsResponse
{
    public List<string>? Nodegroups { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DeleteNodegroupRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "nodegroupName")]
    public string? NodegroupName { get; set; }
}

public sealed class DeleteNodegroupResponse
{
    public Nodegroup? Nodegroup { get; set; }
}

public sealed class CreateAccessEntryRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    public string? PrincipalArn { get; set; }

    public List<string>? KubernetesGroups { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public string? Username { get; set; }

    public string? Type { get; set; }
}

public sealed class CreateAccessEntryResponse
{
    public AccessEntry? AccessEntry { get; set; }
}

public sealed class DescribeAccessEntryRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }
}

public sealed class DescribeAccessEntryResponse
{
    public AccessEntry? AccessEntry { get; set; }
}

public sealed class ListAccessEntriesRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsLocation(AwsLocation.QueryString, "associatedPolicyArn")]
    public string? AssociatedPolicyArn { get; set; }

    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nextToken")]
    public string? NextToken { get; set; }
}

public sealed class ListAccessEntriesResponse
{
    public List<string>? AccessEntries { get; set; }

    public string? NextToken { get; set; }
}

public sealed class UpdateAccessEntryRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }

    public List<string>? KubernetesGroups { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public string? Username { get; set; }
}

public sealed class UpdateAccessEntryResponse
{
    public AccessEntry? AccessEntry { get; set; }
}

public sealed class DeleteAccessEntryRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }
}

public sealed class DeleteAccessEntryResponse;

public sealed class AssociateAccessPolicyRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }

    [AwsRequired]
    public string? PolicyArn { get; set; }

    [AwsRequired]
    public AccessScope? AccessScope { get; set; }
}

public sealed class AssociateAccessPolicyResponse
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public AssociatedAccessPolicy? AssociatedAccessPolicy { get; set; }
}

public sealed class DisassociateAccessPolicyRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "policyArn")]
    public string? PolicyArn { get; set; }
}

public sealed class DisassociateAccessPolicyResponse;

public sealed class ListAssociatedAccessPoliciesRequest
{
    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "name")]
    public string? ClusterName { get; set; }

    [AwsRequired]
    [AwsLocation(AwsLocation.Uri, "principalArn")]
    public string? PrincipalArn { get; set; }

    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nextToken")]
    public string? NextToken { get; set; }
}

public sealed class ListAssociatedAccessPoliciesResponse
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public string? NextToken { get; set; }

    public List<AssociatedAccessPolicy>? AssociatedAccessPolicies { get; set; }
}

public sealed class ListAccessPoliciesRequest
{
    [AwsLocation(AwsLocation.QueryString, "maxResults")]
    public int? MaxResults { get; set; }

    [AwsLocation(AwsLocation.QueryString, "nextToken")]
    public string? NextToken { get; set; }
}

public sealed class ListAccessPoliciesResponse
{
    public List<AccessPolicy>? AccessPolicies { get; set; }

    public string? NextToken { get; set; }
}

public sealed class VpcConfigRequest
{
    public List<string>? SubnetIds { get; set; }

    public List<string>? SecurityGroupIds { get; set; }

    public bool? EndpointPublicAccess { get; set; }

    public bool? EndpointPrivateAccess { get; set; }

    public List<string>? PublicAccessCidrs { get; set; }

    [AwsEnum(typeof(ControlPlaneEgressModeType))]
    public string? ControlPlaneEgressMode { get; set; }
}

public sealed class KubernetesNetworkConfigRequest
{
    public string? ServiceIpv4Cidr { get; set; }

    [AwsEnum(typeof(IpFamily))]
    public string? IpFamily { get; set; }

    public ElasticLoadBalancing? ElasticLoadBalancing { get; set; }
}

public sealed class ElasticLoadBalancing
{
    public bool? Enabled { get; set; }
}

public sealed class Logging
{
    public List<LogSetup>? ClusterLogging { get; set; }
}

public sealed class LogSetup
{
    [AwsEnum(typeof(LogType))]
    public List<string>? Types { get; set; }

    public bool? Enabled { get; set; }
}

public sealed class EncryptionConfig
{
    public List<string>? Resources { get; set; }

    public Provider? Provider { get; set; }
}

public sealed class Provider
{
    public string? KeyArn { get; set; }
}

public sealed class OutpostConfigRequest
{
    [AwsRequired]
    public List<string>? OutpostArns { get; set; }

    [AwsRequired]
    public string? ControlPlaneInstanceType { get; set; }

    public ControlPlanePlacementRequest? ControlPlanePlacement { get; set; }

    public string? EtcdInstanceType { get; set; }

    public EtcdPlacementRequest? EtcdPlacement { get; set; }
}

public sealed class ControlPlanePlacementRequest
{
    public string? GroupName { get; set; }

    [AwsEnum(typeof(SpreadLevel))]
    public string? SpreadLevel { get; set; }
}

public sealed class EtcdPlacementRequest
{
    [AwsEnum(typeof(SpreadLevel))]
    public string? SpreadLevel { get; set; }
}

public sealed class CreateAccessConfigRequest
{
    public bool? BootstrapClusterCreatorAdminPermissions { get; set; }

    [AwsEnum(typeof(AuthenticationMode))]
    public string? AuthenticationMode { get; set; }
}

public sealed class UpgradePolicyRequest
{
    [AwsEnum(typeof(SupportType))]
    public string? SupportType { get; set; }
}

public sealed class ZonalShiftConfigRequest
{
    public bool? Enabled { get; set; }
}

public sealed class RemoteNetworkConfigRequest
{
    public List<RemoteNodeNetwork>? RemoteNodeNetworks { get; set; }

    public List<RemotePodNetwork>? RemotePodNetworks { get; set; }
}

public sealed class RemoteNodeNetwork
{
    public List<string>? Cidrs { get; set; }
}

public sealed class RemotePodNetwork
{
    public List<string>? Cidrs { get; set; }
}

public sealed class ComputeConfigRequest
{
    public bool? Enabled { get; set; }

    public List<string>? NodePools { get; set; }

    public string? NodeRoleArn { get; set; }
}

public sealed class StorageConfigRequest
{
    public BlockStorage? BlockStorage { get; set; }
}

public sealed class BlockStorage
{
    public bool? Enabled { get; set; }
}

public sealed class ControlPlaneScalingConfig
{
    [AwsEnum(typeof(ProvisionedControlPlaneTier))]
    public string? Tier { get; set; }
}

public sealed class UpdateAccessConfigRequest
{
    [AwsEnum(typeof(AuthenticationMode))]
    public string? AuthenticationMode { get; set; }
}

public sealed class NodegroupScalingConfig
{
    public int? MinSize { get; set; }

    public int? MaxSize { get; set; }

    public int? DesiredSize { get; set; }
}

public sealed class RemoteAccessConfig
{
    public string? Ec2SshKey { get; set; }

    public List<string>? SourceSecurityGroups { get; set; }
}

public sealed class Taint
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    [AwsEnum(typeof(TaintEffect))]
    public string? Effect { get; set; }
}

public sealed class LaunchTemplateSpecification
{
    public string? Name { get; set; }

    public string? Version { get; set; }

    public string? Id { get; set; }
}

public sealed class NodegroupUpdateConfig
{
    public int? MaxUnavailable { get; set; }

    public int? MaxUnavailablePercentage { get; set; }

    [AwsEnum(typeof(NodegroupUpdateStrategies))]
    public string? UpdateStrategy { get; set; }
}

public sealed class NodeRepairConfig
{
    public bool? Enabled { get; set; }

    public int? MaxUnhealthyNodeThresholdCount { get; set; }

    public int? MaxUnhealthyNodeThresholdPercentage { get; set; }

    public int? MaxParallelNodesRepairedCount { get; set; }

    public int? MaxParallelNodesRepairedPercentage { get; set; }

    public List<NodeRepairConfigOverrides>? NodeRepairConfigOverrides { get; set; }
}

public sealed class NodeRepairConfigOverrides
{
    public string? NodeMonitoringCondition { get; set; }

    public string? NodeUnhealthyReason { get; set; }

    public int? MinRepairWaitTimeMins { get; set; }

    [AwsEnum(typeof(RepairAction))]
    public string? RepairAction { get; set; }
}

public sealed class WarmPoolConfig
{
    public bool? Enabled { get; set; }

    public int? MinSize { get; set; }

    public int? MaxGroupPreparedCapacity { get; set; }

    [AwsEnum(typeof(WarmPoolState))]
    public string? PoolState { get; set; }

    public bool? ReuseOnScaleIn { get; set; }
}

public sealed class AccessScope
{
    [AwsEnum(typeof(AccessScopeType))]
    public string? Type { get; set; }

    public List<string>? Namespaces { get; set; }
}

public sealed class Cluster
{
    public string? Name { get; set; }

    public string? Arn { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public string? Version { get; set; }

    public string? Endpoint { get; set; }

    public string? RoleArn { get; set; }

    public VpcConfigResponse? ResourcesVpcConfig { get; set; }

    public KubernetesNetworkConfigResponse? KubernetesNetworkConfig { get; set; }

    public Logging? Logging { get; set; }

    public Identity? Identity { get; set; }

    [AwsEnum(typeof(ClusterStatus))]
    public string? Status { get; set; }

    public Certificate? CertificateAuthority { get; set; }

    [AwsIdempotencyToken]
    public string? ClientRequestToken { get; set; }

    public string? PlatformVersion { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public List<EncryptionConfig>? EncryptionConfig { get; set; }

    public ConnectorConfigResponse? ConnectorConfig { get; set; }

    public string? Id { get; set; }

    public ClusterHealth? Health { get; set; }

    public OutpostConfigResponse? OutpostConfig { get; set; }

    public AccessConfigResponse? AccessConfig { get; set; }

    public UpgradePolicyResponse? UpgradePolicy { get; set; }

    public ZonalShiftConfigResponse? ZonalShiftConfig { get; set; }

    public RemoteNetworkConfigResponse? RemoteNetworkConfig { get; set; }

    public ComputeConfigResponse? ComputeConfig { get; set; }

    public StorageConfigResponse? StorageConfig { get; set; }

    public bool? DeletionProtection { get; set; }

    public ControlPlaneScalingConfig? ControlPlaneScalingConfig { get; set; }
}

public sealed class VpcConfigResponse
{
    public List<string>? SubnetIds { get; set; }

    public List<string>? SecurityGroupIds { get; set; }

    public string? ClusterSecurityGroupId { get; set; }

    public string? VpcId { get; set; }

    public bool? EndpointPublicAccess { get; set; }

    public bool? EndpointPrivateAccess { get; set; }

    public List<string>? PublicAccessCidrs { get; set; }

    [AwsEnum(typeof(ControlPlaneEgressModeType))]
    public string? ControlPlaneEgressMode { get; set; }
}

public sealed class KubernetesNetworkConfigResponse
{
    public string? ServiceIpv4Cidr { get; set; }

    public string? ServiceIpv6Cidr { get; set; }

    [AwsEnum(typeof(IpFamily))]
    public string? IpFamily { get; set; }

    public ElasticLoadBalancing? ElasticLoadBalancing { get; set; }
}

public sealed class Identity
{
    public Oidc? Oidc { get; set; }
}

public sealed class Oidc
{
    public string? Issuer { get; set; }
}

public sealed class Certificate
{
    public string? Data { get; set; }
}

public sealed class ConnectorConfigResponse
{
    public string? ActivationId { get; set; }

    public string? ActivationCode { get; set; }

    public DateTimeOffset? ActivationExpiry { get; set; }

    public string? Provider { get; set; }

    public string? RoleArn { get; set; }
}

public sealed class ClusterHealth
{
    public List<ClusterIssue>? Issues { get; set; }
}

public sealed class ClusterIssue
{
    [AwsEnum(typeof(ClusterIssueCode))]
    public string? Code { get; set; }

    public string? Message { get; set; }

    public List<string>? ResourceIds { get; set; }
}

public sealed class OutpostConfigResponse
{
    public List<string>? OutpostArns { get; set; }

    public string? ControlPlaneInstanceType { get; set; }

    public ControlPlanePlacementResponse? ControlPlanePlacement { get; set; }

    public string? EtcdInstanceType { get; set; }

    public EtcdPlacementResponse? EtcdPlacement { get; set; }
}

public sealed class ControlPlanePlacementResponse
{
    public string? GroupName { get; set; }

    [AwsEnum(typeof(SpreadLevel))]
    public string? SpreadLevel { get; set; }
}

public sealed class EtcdPlacementResponse
{
    [AwsEnum(typeof(SpreadLevel))]
    public string? SpreadLevel { get; set; }
}

public sealed class AccessConfigResponse
{
    public bool? BootstrapClusterCreatorAdminPermissions { get; set; }

    [AwsEnum(typeof(AuthenticationMode))]
    public string? AuthenticationMode { get; set; }
}

public sealed class UpgradePolicyResponse
{
    [AwsEnum(typeof(SupportType))]
    public string? SupportType { get; set; }
}

public sealed class ZonalShiftConfigResponse
{
    public bool? Enabled { get; set; }
}

public sealed class RemoteNetworkConfigResponse
{
    public List<RemoteNodeNetwork>? RemoteNodeNetworks { get; set; }

    public List<RemotePodNetwork>? RemotePodNetworks { get; set; }
}

public sealed class ComputeConfigResponse
{
    public bool? Enabled { get; set; }

    public List<string>? NodePools { get; set; }

    public string? NodeRoleArn { get; set; }
}

public sealed class StorageConfigResponse
{
    public BlockStorage? BlockStorage { get; set; }
}

public sealed class Update
{
    public string? Id { get; set; }

    [AwsEnum(typeof(UpdateStatus))]
    public string? Status { get; set; }

    [AwsEnum(typeof(UpdateType))]
    public string? Type { get; set; }

    public List<UpdateParam>? Params { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public List<ErrorDetail>? Errors { get; set; }

    public Cancellation? Cancellation { get; set; }
}

public sealed class UpdateParam
{
    [AwsEnum(typeof(UpdateParamType))]
    public string? Type { get; set; }

    public string? Value { get; set; }
}

public sealed class ErrorDetail
{
    [AwsEnum(typeof(ErrorCode))]
    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public List<string>? ResourceIds { get; set; }
}

public sealed class Cancellation
{
    [AwsEnum(typeof(CancellationStatus))]
    public string? Status { get; set; }

    public string? Reason { get; set; }
}

public sealed class Nodegroup
{
    public string? NodegroupName { get; set; }

    public string? NodegroupArn { get; set; }

    public string? ClusterName { get; set; }

    public string? Version { get; set; }

    public string? ReleaseVersion { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? ModifiedAt { get; set; }

    [AwsEnum(typeof(NodegroupStatus))]
    public string? Status { get; set; }

    [AwsEnum(typeof(CapacityTypes))]
    public string? CapacityType { get; set; }

    public NodegroupScalingConfig? ScalingConfig { get; set; }

    public List<string>? InstanceTypes { get; set; }

    public List<string>? Subnets { get; set; }

    public RemoteAccessConfig? RemoteAccess { get; set; }

    [AwsEnum(typeof(AmiTypes))]
    public string? AmiType { get; set; }

    public string? NodeRole { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public List<Taint>? Taints { get; set; }

    public NodegroupResources? Resources { get; set; }

    public int? DiskSize { get; set; }

    public NodegroupHealth? Health { get; set; }

    public NodegroupUpdateConfig? UpdateConfig { get; set; }

    public NodeRepairConfig? NodeRepairConfig { get; set; }

    public LaunchTemplateSpecification? LaunchTemplate { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public WarmPoolConfig? WarmPoolConfig { get; set; }
}

public sealed class NodegroupResources
{
    public List<AutoScalingGroup>? AutoScalingGroups { get; set; }

    public string? RemoteAccessSecurityGroup { get; set; }
}

public sealed class AutoScalingGroup
{
    public string? Name { get; set; }
}

public sealed class NodegroupHealth
{
    public List<Issue>? Issues { get; set; }
}

public sealed class Issue
{
    [AwsEnum(typeof(NodegroupIssueCode))]
    public string? Code { get; set; }

    public string? Message { get; set; }

    public List<string>? ResourceIds { get; set; }
}

public sealed class AccessEntry
{
    public string? ClusterName { get; set; }

    public string? PrincipalArn { get; set; }

    public List<string>? KubernetesGroups { get; set; }

    public string? AccessEntryArn { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? ModifiedAt { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? Username { get; set; }

    public string? Type { get; set; }
}

public sealed class AssociatedAccessPolicy
{
    public string? PolicyArn { get; set; }

    public AccessScope? AccessScope { get; set; }

    public DateTimeOffset? AssociatedAt { get; set; }

    public DateTimeOffset? ModifiedAt { get; set; }
}

public sealed class AccessPolicy
{
    public string? Name { get; set; }

    public string? Arn { get; set; }
}

/// <summary>Values of the model enum AccessScopeType.</summary>
public static class AccessScopeType
{
    public const string Cluster = "cluster";
    public const string Namespace = "namespace";
}

/// <summary>Values of the model enum AMITypes.</summary>
public static class AmiTypes
{
    public const string Al2X86_64 = "AL2_x86_64";
    public const string Al2X86_64Gpu = "AL2_x86_64_GPU";
    public const string Al2Arm64 = "AL2_ARM_64";
    public const string Custom = "CUSTOM";
    public const string BottlerocketArm64 = "BOTTLEROCKET_ARM_64";
    public const string BottlerocketX86_64 = "BOTTLEROCKET_x86_64";
    public const string BottlerocketArm64Fips = "BOTTLEROCKET_ARM_64_FIPS";
    public const string BottlerocketX86_64Fips = "BOTTLEROCKET_x86_64_FIPS";
    public const string BottlerocketArm64Nvidia = "BOTTLEROCKET_ARM_64_NVIDIA";
    public const string BottlerocketX86_64Nvidia = "BOTTLEROCKET_x86_64_NVIDIA";
    public const string BottlerocketArm64NvidiaFips = "BOTTLEROCKET_ARM_64_NVIDIA_FIPS";
    public const string BottlerocketX86_64NvidiaFips = "BOTTLEROCKET_x86_64_NVIDIA_FIPS";
    public const string WindowsCore2019X86_64 = "WINDOWS_CORE_2019_x86_64";
    public const string WindowsFull2019X86_64 = "WINDOWS_FULL_2019_x86_64";
    public const string WindowsCore2022X86_64 = "WINDOWS_CORE_2022_x86_64";
    public const string WindowsFull2022X86_64 = "WINDOWS_FULL_2022_x86_64";
    public const string WindowsCore2025X86_64 = "WINDOWS_CORE_2025_x86_64";
    public const string WindowsFull2025X86_64 = "WINDOWS_FULL_2025_x86_64";
    public const string Al2023X86_64Standard = "AL2023_x86_64_STANDARD";
    public const string Al2023Arm64Standard = "AL2023_ARM_64_STANDARD";
    public const string Al2023X86_64Neuron = "AL2023_x86_64_NEURON";
    public const string Al2023X86_64Nvidia = "AL2023_x86_64_NVIDIA";
    public const string Al2023Arm64Nvidia = "AL2023_ARM_64_NVIDIA";
}

/// <summary>Values of the model enum AuthenticationMode.</summary>
public static class AuthenticationMode
{
    public const string Api = "API";
    public const string ApiAndConfigMap = "API_AND_CONFIG_MAP";
    public const string ConfigMap = "CONFIG_MAP";
}

/// <summary>Values of the model enum CancellationStatus.</summary>
public static class CancellationStatus
{
    public const string InProgress = "InProgress";
    public const string Failed = "Failed";
    public const string Successful = "Successful";
}

/// <summary>Values of the model enum CapacityTypes.</summary>
public static class CapacityTypes
{
    public const string OnDemand = "ON_DEMAND";
    public const string Spot = "SPOT";
    public const string CapacityBlock = "CAPACITY_BLOCK";
}

/// <summary>Values of the model enum ClusterIssueCode.</summary>
public static class ClusterIssueCode
{
    public const string AccessDenied = "AccessDenied";
    public const string ClusterUnreachable = "ClusterUnreachable";
    public const string ConfigurationConflict = "ConfigurationConflict";
    public const string InternalFailure = "InternalFailure";
    public const string ResourceLimitExceeded = "ResourceLimitExceeded";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string IamRoleNotFound = "IamRoleNotFound";
    public const string VpcNotFound = "VpcNotFound";
    public const string InsufficientFreeAddresses = "InsufficientFreeAddresses";
    public const string Ec2ServiceNotSubscribed = "Ec2ServiceNotSubscribed";
    public const string Ec2SubnetNotFound = "Ec2SubnetNotFound";
    public const string Ec2SecurityGroupNotFound = "Ec2SecurityGroupNotFound";
    public const string KmsGrantRevoked = "KmsGrantRevoked";
    public const string KmsKeyNotFound = "KmsKeyNotFound";
    public const string KmsKeyMarkedForDeletion = "KmsKeyMarkedForDeletion";
    public const string KmsKeyDisabled = "KmsKeyDisabled";
    public const string StsRegionalEndpointDisabled = "StsRegionalEndpointDisabled";
    public const string UnsupportedVersion = "UnsupportedVersion";
    public const string Other = "Other";
}

/// <summary>Values of the model enum ClusterStatus.</summary>
public static class ClusterStatus
{
    public const string Creating = "CREATING";
    public const string Active = "ACTIVE";
    public const string Deleting = "DELETING";
    public const string Failed = "FAILED";
    public const string Updating = "UPDATING";
    public const string Pending = "PENDING";
}

/// <summary>Values of the model enum ControlPlaneEgressModeType.</summary>
public static class ControlPlaneEgressModeType
{
    public const string AwsManaged = "AWS_MANAGED";
    public const string CustomerRouted = "CUSTOMER_ROUTED";
    public const string CustomerIsolated = "CUSTOMER_ISOLATED";
}

/// <summary>Values of the model enum ErrorCode.</summary>
public static class ErrorCode
{
    public const string SubnetNotFound = "SubnetNotFound";
    public const string SecurityGroupNotFound = "SecurityGroupNotFound";
    public const string EniLimitReached = "EniLimitReached";
    public const string IpNotAvailable = "IpNotAvailable";
    public const string AccessDenied = "AccessDenied";
    public const string OperationNotPermitted = "OperationNotPermitted";
    public const string VpcIdNotFound = "VpcIdNotFound";
    public const string Unknown = "Unknown";
    public const string NodeCreationFailure = "NodeCreationFailure";
    public const string PodEvictionFailure = "PodEvictionFailure";
    public const string InsufficientFreeAddresses = "InsufficientFreeAddresses";
    public const string ClusterUnreachable = "ClusterUnreachable";
    public const string InsufficientNumberOfReplicas = "InsufficientNumberOfReplicas";
    public const string ConfigurationConflict = "ConfigurationConflict";
    public const string AdmissionRequestDenied = "AdmissionRequestDenied";
    public const string UnsupportedAddonModification = "UnsupportedAddonModification";
    public const string K8sResourceNotFound = "K8sResourceNotFound";
}

/// <summary>Values of the model enum IpFamily.</summary>
public static class IpFamily
{
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
}

/// <summary>Values of the model enum LogType.</summary>
public static class LogType
{
    public const string Api = "api";
    public const string Audit = "audit";
    public const string Authenticator = "authenticator";
    public const string ControllerManager = "controllerManager";
    public const string Scheduler = "scheduler";
}

/// <summary>Values of the model enum NodegroupIssueCode.</summary>
public static class NodegroupIssueCode
{
    public const string AutoScalingGroupNotFound = "AutoScalingGroupNotFound";
    public const string AutoScalingGroupInvalidConfiguration = "AutoScalingGroupInvalidConfiguration";
    public const string Ec2SecurityGroupNotFound = "Ec2SecurityGroupNotFound";
    public const string Ec2SecurityGroupDeletionFailure = "Ec2SecurityGroupDeletionFailure";
    public const string Ec2LaunchTemplateNotFound = "Ec2LaunchTemplateNotFound";
    public const string Ec2LaunchTemplateVersionMismatch = "Ec2LaunchTemplateVersionMismatch";
    public const string Ec2SubnetNotFound = "Ec2SubnetNotFound";
    public const string Ec2SubnetInvalidConfiguration = "Ec2SubnetInvalidConfiguration";
    public const string IamInstanceProfileNotFound = "IamInstanceProfileNotFound";
    public const string Ec2SubnetMissingIpv6Assignment = "Ec2SubnetMissingIpv6Assignment";
    public const string IamLimitExceeded = "IamLimitExceeded";
    public const string IamNodeRoleNotFound = "IamNodeRoleNotFound";
    public const string NodeCreationFailure = "NodeCreationFailure";
    public const string AsgInstanceLaunchFailures = "AsgInstanceLaunchFailures";
    public const string InstanceLimitExceeded = "InstanceLimitExceeded";
    public const string InsufficientFreeAddresses = "InsufficientFreeAddresses";
    public const string AccessDenied = "AccessDenied";
    public const string InternalFailure = "InternalFailure";
    public const string ClusterUnreachable = "ClusterUnreachable";
    public const string AmiIdNotFound = "AmiIdNotFound";
    public const string AutoScalingGroupOptInRequired = "AutoScalingGroupOptInRequired";
    public const string AutoScalingGroupRateLimitExceeded = "AutoScalingGroupRateLimitExceeded";
    public const string Ec2LaunchTemplateDeletionFailure = "Ec2LaunchTemplateDeletionFailure";
    public const string Ec2LaunchTemplateInvalidConfiguration = "Ec2LaunchTemplateInvalidConfiguration";
    public const string Ec2LaunchTemplateMaxLimitExceeded = "Ec2LaunchTemplateMaxLimitExceeded";
    public const string Ec2SubnetListTooLong = "Ec2SubnetListTooLong";
    public const string IamThrottling = "IamThrottling";
    public const string NodeTerminationFailure = "NodeTerminationFailure";
    public const string PodEvictionFailure = "PodEvictionFailure";
    public const string SourceEc2LaunchTemplateNotFound = "SourceEc2LaunchTemplateNotFound";
    public const string LimitExceeded = "LimitExceeded";
    public const string Unknown = "Unknown";
    public const string AutoScalingGroupInstanceRefreshActive = "AutoScalingGroupInstanceRefreshActive";
    public const string KubernetesLabelInvalid = "KubernetesLabelInvalid";
    public const string Ec2LaunchTemplateVersionMaxLimitExceeded = "Ec2LaunchTemplateVersionMaxLimitExceeded";
    public const string Ec2InstanceTypeDoesNotExist = "Ec2InstanceTypeDoesNotExist";
}

/// <summary>Values of the model enum NodegroupStatus.</summary>
public static class NodegroupStatus
{
    public const string Creating = "CREATING";
    public const string Active = "ACTIVE";
    public const string Updating = "UPDATING";
    public const string Deleting = "DELETING";
    public const string CreateFailed = "CREATE_FAILED";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string Degraded = "DEGRADED";
}

/// <summary>Values of the model enum NodegroupUpdateStrategies.</summary>
public static class NodegroupUpdateStrategies
{
    public const string Default = "DEFAULT";
    public const string Minimal = "MINIMAL";
}

/// <summary>Values of the model enum ProvisionedControlPlaneTier.</summary>
public static class ProvisionedControlPlaneTier
{
    public const string Standard = "standard";
    public const string TierXl = "tier-xl";
    public const string Tier2Xl = "tier-2xl";
    public const string Tier4Xl = "tier-4xl";
    public const string Tier8Xl = "tier-8xl";
}

/// <summary>Values of the model enum RepairAction.</summary>
public static class RepairAction
{
    public const string Replace = "Replace";
    public const string Reboot = "Reboot";
    public const string NoAction = "NoAction";
}

/// <summary>Values of the model enum SpreadLevel.</summary>
public static class SpreadLevel
{
    public const string Host = "host";
    public const string Rack = "rack";
}

/// <summary>Values of the model enum SupportType.</summary>
public static class SupportType
{
    public const string Standard = "STANDARD";
    public const string Extended = "EXTENDED";
}

/// <summary>Values of the model enum TaintEffect.</summary>
public static class TaintEffect
{
    public const string NoSchedule = "NO_SCHEDULE";
    public const string NoExecute = "NO_EXECUTE";
    public const string PreferNoSchedule = "PREFER_NO_SCHEDULE";
}

/// <summary>Values of the model enum UpdateParamType.</summary>
public static class UpdateParamType
{
    public const string Version = "Version";
    public const string PlatformVersion = "PlatformVersion";
    public const string EndpointPrivateAccess = "EndpointPrivateAccess";
    public const string EndpointPublicAccess = "EndpointPublicAccess";
    public const string ClusterLogging = "ClusterLogging";
    public const string DesiredSize = "DesiredSize";
    public const string LabelsToAdd = "LabelsToAdd";
    public const string LabelsToRemove = "LabelsToRemove";
    public const string TaintsToAdd = "TaintsToAdd";
    public const string TaintsToRemove = "TaintsToRemove";
    public const string MaxSize = "MaxSize";
    public const string MinSize = "MinSize";
    public const string ReleaseVersion = "ReleaseVersion";
    public const string PublicAccessCidrs = "PublicAccessCidrs";
    public const string LaunchTemplateName = "LaunchTemplateName";
    public const string LaunchTemplateVersion = "LaunchTemplateVersion";
    public const string IdentityProviderConfig = "IdentityProviderConfig";
    public const string EncryptionConfig = "EncryptionConfig";
    public const string AddonVersion = "AddonVersion";
    public const string ServiceAccountRoleArn = "ServiceAccountRoleArn";
    public const string ResolveConflicts = "ResolveConflicts";
    public const string MaxUnavailable = "MaxUnavailable";
    public const string MaxUnavailablePercentage = "MaxUnavailablePercentage";
    public const string NodeRepairEnabled = "NodeRepairEnabled";
    public const string UpdateStrategy = "UpdateStrategy";
    public const string ConfigurationValues = "ConfigurationValues";
    public const string SecurityGroups = "SecurityGroups";
    public const string Subnets = "Subnets";
    public const string AuthenticationMode = "AuthenticationMode";
    public const string PodIdentityAssociations = "PodIdentityAssociations";
    public const string UpgradePolicy = "UpgradePolicy";
    public const string ZonalShiftConfig = "ZonalShiftConfig";
    public const string ComputeConfig = "ComputeConfig";
    public const string StorageConfig = "StorageConfig";
    public const string KubernetesNetworkConfig = "KubernetesNetworkConfig";
    public const string RemoteNetworkConfig = "RemoteNetworkConfig";
    public const string DeletionProtection = "DeletionProtection";
    public const string NodeRepairConfig = "NodeRepairConfig";
    public const string RoleArn = "RoleArn";
    public const string RoleMappingsToAddOrUpdate = "RoleMappingsToAddOrUpdate";
    public const string RoleMappingsToRemove = "RoleMappingsToRemove";
    public const string NetworkAccess = "NetworkAccess";
    public const string VendedLogs = "VendedLogs";
    public const string UpdatedTier = "UpdatedTier";
    public const string PreviousTier = "PreviousTier";
    public const string WarmPoolEnabled = "WarmPoolEnabled";
    public const string WarmPoolMaxGroupPreparedCapacity = "WarmPoolMaxGroupPreparedCapacity";
    public const string WarmPoolMinSize = "WarmPoolMinSize";
    public const string WarmPoolState = "WarmPoolState";
    public const string WarmPoolReuseOnScaleIn = "WarmPoolReuseOnScaleIn";
    public const string ControlPlaneEgressMode = "ControlPlaneEgressMode";
}

/// <summary>Values of the model enum UpdateStatus.</summary>
public static class UpdateStatus
{
    public const string InProgress = "InProgress";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
    public const string Successful = "Successful";
}

/// <summary>Values of the model enum UpdateType.</summary>
public static class UpdateType
{
    public const string VersionUpdate = "VersionUpdate";
    public const string EndpointAccessUpdate = "EndpointAccessUpdate";
    public const string LoggingUpdate = "LoggingUpdate";
    public const string ConfigUpdate = "ConfigUpdate";
    public const string AssociateIdentityProviderConfig = "AssociateIdentityProviderConfig";
    public const string DisassociateIdentityProviderConfig = "DisassociateIdentityProviderConfig";
    public const string AssociateEncryptionConfig = "AssociateEncryptionConfig";
    public const string AddonUpdate = "AddonUpdate";
    public const string VpcConfigUpdate = "VpcConfigUpdate";
    public const string AccessConfigUpdate = "AccessConfigUpdate";
    public const string UpgradePolicyUpdate = "UpgradePolicyUpdate";
    public const string ZonalShiftConfigUpdate = "ZonalShiftConfigUpdate";
    public const string AutoModeUpdate = "AutoModeUpdate";
    public const string RemoteNetworkConfigUpdate = "RemoteNetworkConfigUpdate";
    public const string DeletionProtectionUpdate = "DeletionProtectionUpdate";
    public const string CapabilityUpdate = "CapabilityUpdate";
    public const string ControlPlaneScalingConfigUpdate = "ControlPlaneScalingConfigUpdate";
    public const string VendedLogsUpdate = "VendedLogsUpdate";
    public const string ControlPlaneEgressUpdate = "ControlPlaneEgressUpdate";
    public const string VersionRollback = "VersionRollback";
}

/// <summary>Values of the model enum WarmPoolState.</summary>
public static class WarmPoolState
{
    public const string Stopped = "STOPPED";
    public const string Running = "RUNNING";
    public const string Hibernated = "HIBERNATED";
}
