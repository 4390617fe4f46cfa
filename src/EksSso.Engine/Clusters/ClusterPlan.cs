using EksSso.Engine.Aws.Services.Eks;

namespace EksSso.Engine.Clusters;

public sealed record FoundSubnet(string SubnetId, string VpcId, string CidrBlock, string AvailabilityZone, bool MapPublicIpOnLaunch);

public sealed record FoundRouteTable(string RouteTableId, IReadOnlyList<string> AssociatedSubnetIds, IReadOnlyDictionary<string, string> DefaultRouteTargets)
{
    /// <summary>The target of the 0.0.0.0/0 route, or null.</summary>
    public string? DefaultRouteTarget => DefaultRouteTargets.TryGetValue("0.0.0.0/0", out var target) ? target : null;
}

public sealed record FoundRole(string RoleName, string Arn, bool Owned, IReadOnlyList<string> AttachedPolicyArns);

/// <summary>
/// What exists of a cluster's resources, found by their ownership tags (network), names (roles, cluster, nodegroup)
/// and CIDRs (subnets within the VPC). The apply step fills it in as it creates things.
/// </summary>
public sealed class ClusterResources
{
    public NetworkLayout? Layout { get; set; }

    public string? VpcId { get; set; }

    public bool VpcDnsSupport { get; set; }

    public bool VpcDnsHostnames { get; set; }

    /// <summary>Subnets of the VPC by CIDR (own network) or the subnets given with -SubnetId.</summary>
    public Dictionary<string, FoundSubnet> Subnets { get; } = new(StringComparer.Ordinal);

    public string? InternetGatewayId { get; set; }

    public string? InternetGatewayVpcId { get; set; }

    public string? AllocationId { get; set; }

    public string? NatGatewayId { get; set; }

    public string? NatGatewayState { get; set; }

    public FoundRouteTable? PublicRouteTable { get; set; }

    public FoundRouteTable? PrivateRouteTable { get; set; }

    public FoundRole? ClusterRole { get; set; }

    public FoundRole? NodeRole { get; set; }

    public Cluster? Cluster { get; set; }

    public Nodegroup? Nodegroup { get; set; }
}

public enum ClusterStepAction
{
    Exists,
    Create,
    Update,
    Wait,

    /// <summary>Remove-EksCluster deletes it.</summary>
    Delete,

    /// <summary>Remove-EksCluster leaves it alone: it does not carry the ownership tag.</summary>
    Keep,
}

/// <summary>One resource of the plan and what happens to it.</summary>
public sealed record ClusterPlanStep(string Resource, string Name, ClusterStepAction Action, string? Detail = null)
{
    public override string ToString()
    {
        var verb = Action switch
        {
            ClusterStepAction.Create => "create",
            ClusterStepAction.Update => "update",
            ClusterStepAction.Wait => "wait  ",
            ClusterStepAction.Delete => "delete",
            ClusterStepAction.Keep => "keep  ",
            _ => "exists",
        };
        return $"{verb}  {Resource} {Name}" + (Detail is null ? "" : $" ({Detail})");
    }
}

public sealed record ClusterPlan(IReadOnlyList<ClusterPlanStep> Steps)
{
    /// <summary>True when everything exists: a run makes no change.</summary>
    public bool IsEmpty => Steps.All(s => s.Action == ClusterStepAction.Exists);

    public int ChangeCount => Steps.Count(s => s.Action is ClusterStepAction.Create or ClusterStepAction.Update);
}

/// <summary>The pure part of New-EksCluster: which resources exist and which are still to create, in creation order.</summary>
public static class ClusterPlanner
{
    public static readonly IReadOnlyList<string> ClusterRolePolicies = ["AmazonEKSClusterPolicy"];
    public static readonly IReadOnlyList<string> NodeRolePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

    public static string PolicyArn(string partition, string name) => $"arn:{partition}:iam::aws:policy/{name}";

    public static ClusterPlan Plan(ClusterSpec spec, ClusterResources found)
    {
        var steps = new List<ClusterPlanStep>();
        if (spec.UsesExistingSubnets)
        {
            steps.Add(new("Subnets", string.Join(", ", spec.SubnetIds), ClusterStepAction.Exists, found.VpcId is null ? null : $"in {found.VpcId}; no network is created"));
        }
        else
        {
            PlanNetwork(spec, found, steps);
        }

        steps.Add(PlanRole(spec, "Cluster IAM role", spec.ClusterRoleName, ClusterRolePolicies, found.ClusterRole));
        steps.Add(PlanRole(spec, "Node IAM role", spec.NodeRoleName, NodeRolePolicies, found.NodeRole));

        var version = spec.KubernetesVersion ?? "service default";
        steps.Add(found.Cluster?.Status switch
        {
            null => new("EKS cluster", spec.Name, ClusterStepAction.Create, $"Kubernetes {version}, {spec.AuthenticationMode}"),
            ClusterStatus.Active => new("EKS cluster", spec.Name, ClusterStepAction.Exists, $"{found.Cluster.Version}, ACTIVE"),
            var status => new("EKS cluster", spec.Name, ClusterStepAction.Wait, status),
        });
        steps.Add(found.Nodegroup?.Status switch
        {
            null => new("Managed nodegroup", spec.NodegroupName, ClusterStepAction.Create, $"{spec.NodeCount} x {spec.NodeType}, {ClusterSpec.AmiType}"),
            NodegroupStatus.Active => new("Managed nodegroup", spec.NodegroupName, ClusterStepAction.Exists, "ACTIVE"),
            var status => new("Managed nodegroup", spec.NodegroupName, ClusterStepAction.Wait, status),
        });
        return new ClusterPlan(steps);
    }

    private static void PlanNetwork(ClusterSpec spec, ClusterResources found, List<ClusterPlanStep> steps)
    {
        var layout = found.Layout ?? throw new InvalidOperationException("The network layout is not known yet.");
        if (found.VpcId is null)
        {
            steps.Add(new("VPC", layout.VpcCidr, ClusterStepAction.Create, "DNS support and hostnames"));
        }
        else if (!found.VpcDnsSupport || !found.VpcDnsHostnames)
        {
            steps.Add(new("VPC", found.VpcId, ClusterStepAction.Update, "enable DNS support and hostnames"));
        }
        else
        {
            steps.Add(new("VPC", found.VpcId, ClusterStepAction.Exists, layout.VpcCidr));
        }

        foreach (var subnet in layout.Subnets)
        {
            var kind = subnet.Public ? "Public subnet" : "Private subnet";
            var detail = $"{subnet.CidrBlock} in {subnet.AvailabilityZone}";
            if (!found.Subnets.TryGetValue(subnet.CidrBlock, out var existing))
            {
                steps.Add(new(kind, subnet.Name, ClusterStepAction.Create, detail + (subnet.Public ? ", public IPs on launch" : "")));
            }
            else if (subnet.Public && !existing.MapPublicIpOnLaunch)
            {
                steps.Add(new(kind, existing.SubnetId, ClusterStepAction.Update, "public IPs on launch"));
            }
            else
            {
                steps.Add(new(kind, existing.SubnetId, ClusterStepAction.Exists, detail));
            }
        }

        steps.Add(found.InternetGatewayId is null
            ? new("Internet gateway", $"{spec.Name}/igw", ClusterStepAction.Create, "attached to the VPC")
            : found.InternetGatewayVpcId is null || found.InternetGatewayVpcId != found.VpcId
                ? new("Internet gateway", found.InternetGatewayId, ClusterStepAction.Update, "attach to the VPC")
                : new("Internet gateway", found.InternetGatewayId, ClusterStepAction.Exists));
        steps.Add(found.AllocationId is null
            ? new("Elastic IP", $"{spec.Name}/nat-eip", ClusterStepAction.Create)
            : new("Elastic IP", found.AllocationId, ClusterStepAction.Exists));
        var natSubnet = layout.PublicSubnets.First();
        steps.Add(found.NatGatewayId is null
            ? new("NAT gateway", $"{spec.Name}/nat", ClusterStepAction.Create, $"in {natSubnet.Name}")
            : found.NatGatewayState == "available"
                ? new("NAT gateway", found.NatGatewayId, ClusterStepAction.Exists)
                : new("NAT gateway", found.NatGatewayId, ClusterStepAction.Wait, found.NatGatewayState));
        steps.Add(PlanRouteTable("Public route table", $"{spec.Name}/public", found.PublicRouteTable, found.InternetGatewayId, layout.PublicSubnets, found, "internet gateway"));
        steps.Add(PlanRouteTable("Private route table", $"{spec.Name}/private", found.PrivateRouteTable, found.NatGatewayId, layout.PrivateSubnets, found, "NAT gateway"));
    }

    private static ClusterPlanStep PlanRouteTable(string kind, string name, FoundRouteTable? table, string? target, IEnumerable<SubnetLayout> subnets, ClusterResources found, string targetKind)
    {
        if (table is null)
        {
            return new(kind, name, ClusterStepAction.Create, $"0.0.0.0/0 to the {targetKind}, {subnets.Count()} subnets");
        }

        var missing = new List<string>();
        if (table.DefaultRouteTarget is null || (target is not null && table.DefaultRouteTarget != target))
        {
            missing.Add($"0.0.0.0/0 to the {targetKind}");
        }

        var unassociated = subnets.Count(s => !found.Subnets.TryGetValue(s.CidrBlock, out var f) || !table.AssociatedSubnetIds.Contains(f.SubnetId));
        if (unassociated > 0)
        {
            missing.Add($"associate {unassociated} subnets");
        }

        return missing.Count == 0
            ? new(kind, table.RouteTableId, ClusterStepAction.Exists)
            : new(kind, table.RouteTableId, ClusterStepAction.Update, string.Join(", ", missing));
    }

    private static ClusterPlanStep PlanRole(ClusterSpec spec, string kind, string roleName, IReadOnlyList<string> policies, FoundRole? role)
    {
        var wanted = policies.Select(p => PolicyArn(spec.Partition, p)).ToList();
        if (role is null)
        {
            return new(kind, roleName, ClusterStepAction.Create, string.Join(", ", policies));
        }

        var missing = wanted.Where(w => !role.AttachedPolicyArns.Contains(w, StringComparer.Ordinal)).ToList();
        var note = role.Owned ? null : "not tagged by EksSso; used as it is";
        return missing.Count == 0
            ? new(kind, roleName, ClusterStepAction.Exists, note)
            : new(kind, roleName, ClusterStepAction.Update, "attach " + string.Join(", ", missing.Select(m => m[(m.LastIndexOf('/') + 1)..])));
    }
}
