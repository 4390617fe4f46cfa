using System.Text.Json;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Ec2;

/// <summary>
/// The EC2 networking of one account in one region, saved as JSON in the account's <c>ec2</c>/<c>REGION</c> bag.
/// Asynchronous resources (NAT gateways) store when they finish, never a status, so every reader derives the same
/// state from the clock.
/// </summary>
public sealed class Ec2RegionState
{
    private const string Service = "ec2";
    private const string Key = "state";

    public Dictionary<string, Ec2Vpc> Vpcs { get; set; } = [];

    public Dictionary<string, Ec2Subnet> Subnets { get; set; } = [];

    public Dictionary<string, Ec2InternetGateway> InternetGateways { get; set; } = [];

    public Dictionary<string, Ec2Address> Addresses { get; set; } = [];

    public Dictionary<string, Ec2NatGateway> NatGateways { get; set; } = [];

    public Dictionary<string, Ec2RouteTable> RouteTables { get; set; } = [];

    public Dictionary<string, Ec2SecurityGroup> SecurityGroups { get; set; } = [];

    public static Ec2RegionState Read(AccountState account, string region) =>
        account.RegionalState(Service, region)[Key]?.Deserialize<Ec2RegionState>() ?? new Ec2RegionState();

    public void Write(AccountState account, string region) =>
        account.RegionalState(Service, region)[Key] = JsonSerializer.SerializeToNode(this);

    /// <summary>Reads, changes and writes back in one step (for other services that touch EC2, like EKS).</summary>
    public static T Update<T>(AccountState account, string region, Func<Ec2RegionState, T> change)
    {
        var state = Read(account, region);
        var result = change(state);
        state.Write(account, region);
        return result;
    }
}

public sealed class Ec2Vpc
{
    public string VpcId { get; set; } = "";

    public string CidrBlock { get; set; } = "";

    public string CidrAssociationId { get; set; } = "";

    public string DhcpOptionsId { get; set; } = "";

    public string InstanceTenancy { get; set; } = "default";

    public bool EnableDnsSupport { get; set; } = true;

    public bool EnableDnsHostnames { get; set; }

    public string MainRouteTableId { get; set; } = "";

    public string DefaultSecurityGroupId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2Subnet
{
    public string SubnetId { get; set; } = "";

    public string VpcId { get; set; } = "";

    public string CidrBlock { get; set; } = "";

    public string AvailabilityZone { get; set; } = "";

    public string AvailabilityZoneId { get; set; } = "";

    public bool MapPublicIpOnLaunch { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2InternetGateway
{
    public string InternetGatewayId { get; set; } = "";

    /// <summary>The VPC it is attached to; null when detached.</summary>
    public string? VpcId { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2Address
{
    public string AllocationId { get; set; } = "";

    public string PublicIp { get; set; } = "";

    public string NetworkBorderGroup { get; set; } = "";

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2NatGateway
{
    public string NatGatewayId { get; set; } = "";

    public string VpcId { get; set; } = "";

    public string SubnetId { get; set; } = "";

    public string ConnectivityType { get; set; } = "public";

    public string? AllocationId { get; set; }

    public string NetworkInterfaceId { get; set; } = "";

    public string PrivateIp { get; set; } = "";

    public string AssociationId { get; set; } = "";

    public DateTimeOffset CreateTime { get; set; }

    /// <summary>When it becomes available (or failed, when <see cref="FailureCode"/> is set).</summary>
    public DateTimeOffset ReadyAt { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public DateTimeOffset? DeleteTime { get; set; }

    /// <summary>When deletion completes (deleting → deleted).</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string? ClientToken { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2RouteTable
{
    public string RouteTableId { get; set; } = "";

    public string VpcId { get; set; } = "";

    /// <summary>The VPC's main route table: holds the main association, deleted with the VPC.</summary>
    public string? MainAssociationId { get; set; }

    public List<Ec2Route> Routes { get; set; } = [];

    public List<Ec2RouteAssociation> Associations { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class Ec2Route
{
    public string DestinationCidrBlock { get; set; } = "";

    /// <summary><c>local</c> or an internet gateway id.</summary>
    public string? GatewayId { get; set; }

    public string? NatGatewayId { get; set; }

    public string Origin { get; set; } = "CreateRoute";
}

public sealed class Ec2RouteAssociation
{
    public string AssociationId { get; set; } = "";

    public string SubnetId { get; set; } = "";
}

public sealed class Ec2SecurityGroup
{
    public string GroupId { get; set; } = "";

    public string GroupName { get; set; } = "";

    public string Description { get; set; } = "";

    public string VpcId { get; set; } = "";

    /// <summary>Set for groups a service created and owns (the EKS cluster security group): that service deletes them.</summary>
    public string? ManagedBy { get; set; }

    public List<Ec2SecurityGroupRule> Rules { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}

/// <summary>One rule of a security group: one protocol/port range and one peer (CIDR or group).</summary>
public sealed class Ec2SecurityGroupRule
{
    public string RuleId { get; set; } = "";

    public bool IsEgress { get; set; }

    public string IpProtocol { get; set; } = "-1";

    public int? FromPort { get; set; }

    public int? ToPort { get; set; }

    public string? CidrIpv4 { get; set; }

    public string? ReferencedGroupId { get; set; }

    public string? Description { get; set; }
}
