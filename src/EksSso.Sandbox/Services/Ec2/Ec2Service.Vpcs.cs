using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.Ec2;

public sealed partial class Ec2Service
{
    private const int MaxVpcsPerRegion = 5;

    private static JsonObject DescribeAvailabilityZones(Ec2Call c)
    {
        c.Authorize("ec2:DescribeAvailabilityZones", "*");
        var zones = AvailabilityZones(c.Region);
        var names = c.Ctx.Strings("ZoneNames").ToList();
        var ids = c.Ctx.Strings("ZoneIds").ToList();
        foreach (var unknown in names.Where(n => zones.All(z => z.Name != n)).Concat(ids.Where(i => zones.All(z => z.Id != i))))
        {
            throw Ec2Errors.InvalidParameterValue($"Invalid availability zone: [{unknown}]");
        }

        var filters = Ec2Filters.Read(c.Ctx, ["zone-name", "zone-id", "state", "region-name", "group-name", "network-border-group", "zone-type", "opt-in-status"]);
        var selected = zones
            .Where(z => (names.Count == 0 || names.Contains(z.Name)) && (ids.Count == 0 || ids.Contains(z.Id)))
            .Where(z => Ec2Filters.Matches(filters, new Dictionary<string, string>(), name => name switch
            {
                "zone-name" => [z.Name],
                "zone-id" => [z.Id],
                "state" => ["available"],
                "region-name" => [c.Region],
                "group-name" or "network-border-group" => [c.Region],
                "zone-type" => ["availability-zone"],
                "opt-in-status" => ["opt-in-not-required"],
                _ => null,
            }));
        return new JsonObject
        {
            ["AvailabilityZones"] = new JsonArray([.. selected.Select(z => (JsonNode)new JsonObject
            {
                ["OptInStatus"] = "opt-in-not-required",
                ["Messages"] = new JsonArray(),
                ["RegionName"] = c.Region,
                ["ZoneName"] = z.Name,
                ["ZoneId"] = z.Id,
                ["GroupName"] = c.Region,
                ["NetworkBorderGroup"] = c.Region,
                ["ZoneType"] = "availability-zone",
                ["State"] = "available",
            })]),
        };
    }

    private static JsonObject CreateVpc(Ec2Call c)
    {
        var text = c.Ctx.String("CidrBlock");
        var tags = c.AuthorizeCreate("ec2:CreateVpc", "vpc", c.Arn("vpc", "*"));
        if (text is null)
        {
            throw c.Ctx.Input["Ipv4IpamPoolId"] is not null
                ? Ec2Errors.InvalidParameterValue("The sandbox does not allocate VPC CIDRs from IPAM pools; specify CidrBlock.")
                : Ec2Errors.Error("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
        }

        if (!Cidr.TryParse(text, out var cidr))
        {
            throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        }

        if (cidr.Prefix is < 16 or > 28)
        {
            throw Ec2Errors.Error("InvalidVpc.Range", $"The CIDR '{text}' is invalid.");
        }

        if (c.State.Vpcs.Count >= MaxVpcsPerRegion)
        {
            throw Ec2Errors.Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
        }

        var vpc = new Ec2Vpc
        {
            VpcId = Ec2IdKind.Vpc.NewId(),
            CidrBlock = cidr.ToString(),
            CidrAssociationId = $"vpc-cidr-assoc-{SandboxHost.RandomHex(17)}",
            DhcpOptionsId = $"dopt-{SandboxHost.RandomHex(17)}",
            InstanceTenancy = c.Ctx.String("InstanceTenancy") ?? "default",
            CreatedAt = c.Now,
            Tags = tags,
        };

        // Every VPC comes with a main route table holding the local route and a "default" security group.
        var main = new Ec2RouteTable
        {
            RouteTableId = Ec2IdKind.RouteTable.NewId(),
            VpcId = vpc.VpcId,
            MainAssociationId = Ec2IdKind.RouteTableAssociation.NewId(),
            Routes = [new Ec2Route { DestinationCidrBlock = vpc.CidrBlock, GatewayId = "local", Origin = "CreateRouteTable" }],
        };
        var defaultGroup = new Ec2SecurityGroup
        {
            GroupId = Ec2IdKind.SecurityGroup.NewId(),
            GroupName = "default",
            Description = "default VPC security group",
            VpcId = vpc.VpcId,
        };
        defaultGroup.Rules.Add(new Ec2SecurityGroupRule { RuleId = NewRuleId(), IpProtocol = "-1", ReferencedGroupId = defaultGroup.GroupId });
        defaultGroup.Rules.Add(new Ec2SecurityGroupRule { RuleId = NewRuleId(), IsEgress = true, IpProtocol = "-1", CidrIpv4 = "0.0.0.0/0" });
        vpc.MainRouteTableId = main.RouteTableId;
        vpc.DefaultSecurityGroupId = defaultGroup.GroupId;
        c.State.Vpcs[vpc.VpcId] = vpc;
        c.State.RouteTables[main.RouteTableId] = main;
        c.State.SecurityGroups[defaultGroup.GroupId] = defaultGroup;

        // CreateVpc answers "pending"; every later read sees "available".
        var json = VpcJson(c, vpc);
        json["State"] = "pending";
        return new JsonObject { ["Vpc"] = json };
    }

    private static JsonObject DescribeVpcs(Ec2Call c)
    {
        c.Authorize("ec2:DescribeVpcs", "*");
        var ids = c.Ctx.Strings("VpcIds").ToList();
        var filters = Ec2Filters.Read(c.Ctx, ["vpc-id", "state", "cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id", "cidr-block-association.state", "dhcp-options-id", "is-default", "owner-id"]);
        var vpcs = Ec2IdKind.Vpc.Select(c.State.Vpcs, ids).Where(v => Ec2Filters.Matches(filters, v.Tags, name => name switch
        {
            "vpc-id" => [v.VpcId],
            "state" => ["available"],
            "cidr" or "cidr-block-association.cidr-block" => [v.CidrBlock],
            "cidr-block-association.association-id" => [v.CidrAssociationId],
            "cidr-block-association.state" => ["associated"],
            "dhcp-options-id" => [v.DhcpOptionsId],
            "is-default" => ["false"],
            "owner-id" => [c.Owner],
            _ => null,
        }));
        return c.Describe("Vpcs", vpcs, v => v.VpcId, v => VpcJson(c, v), ids.Count > 0);
    }

    private static JsonObject DescribeVpcAttribute(Ec2Call c)
    {
        var vpcId = c.Ctx.RequiredString("VpcId");
        c.Authorize("ec2:DescribeVpcAttribute", "*");
        var vpc = Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        var result = new JsonObject { ["VpcId"] = vpc.VpcId };
        switch (c.Ctx.RequiredString("Attribute"))
        {
            case "enableDnsSupport":
                result["EnableDnsSupport"] = new JsonObject { ["Value"] = vpc.EnableDnsSupport };
                break;
            case "enableDnsHostnames":
                result["EnableDnsHostnames"] = new JsonObject { ["Value"] = vpc.EnableDnsHostnames };
                break;
            default:
                result["EnableNetworkAddressUsageMetrics"] = new JsonObject { ["Value"] = false };
                break;
        }

        return result;
    }

    private static JsonObject? ModifyVpcAttribute(Ec2Call c)
    {
        var vpcId = c.Ctx.RequiredString("VpcId");
        c.Authorize("ec2:ModifyVpcAttribute", c.Arn("vpc", vpcId));
        var vpc = Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        var given = new[] { "EnableDnsHostnames", "EnableDnsSupport", "EnableNetworkAddressUsageMetrics" }.Where(a => c.Ctx.Input[a] is not null).ToList();
        if (given.Count != 1)
        {
            throw given.Count == 0
                ? Ec2Errors.Missing("EnableDnsHostnames, EnableDnsSupport or EnableNetworkAddressUsageMetrics")
                : Ec2Errors.Error("InvalidParameterCombination", $"Fields for multiple attribute types specified: {string.Join(", ", given.Select(g => char.ToLowerInvariant(g[0]) + g[1..]))}");
        }

        var value = c.Ctx.Object(given[0])?["Value"]?.GetValue<bool>() ?? throw Ec2Errors.Missing($"{given[0]}.Value");
        switch (given[0])
        {
            case "EnableDnsHostnames":
                vpc.EnableDnsHostnames = value;
                break;
            case "EnableDnsSupport":
                vpc.EnableDnsSupport = value;
                break;
            default:
                if (value)
                {
                    throw Ec2Errors.InvalidParameterValue("The sandbox does not support network address usage metrics.");
                }

                break;
        }

        return null;
    }

    private static JsonObject? DeleteVpc(Ec2Call c)
    {
        var vpcId = c.Ctx.RequiredString("VpcId");
        c.Authorize("ec2:DeleteVpc", c.Arn("vpc", vpcId));
        var vpc = Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        var s = c.State;
        var dependent = s.Subnets.Values.Any(x => x.VpcId == vpcId)
            || s.InternetGateways.Values.Any(x => x.VpcId == vpcId)
            || s.NatGateways.Values.Any(x => x.VpcId == vpcId && NatState(c, x) != "deleted")
            || s.RouteTables.Values.Any(x => x.VpcId == vpcId && x.RouteTableId != vpc.MainRouteTableId)
            || s.SecurityGroups.Values.Any(x => x.VpcId == vpcId && x.GroupId != vpc.DefaultSecurityGroupId)
            || c.Eks.VpcIds.Contains(vpcId);
        if (dependent)
        {
            throw Ec2Errors.DependencyViolation($"The vpc '{vpcId}' has dependencies and cannot be deleted.");
        }

        s.RouteTables.Remove(vpc.MainRouteTableId);
        s.SecurityGroups.Remove(vpc.DefaultSecurityGroupId);
        foreach (var nat in s.NatGateways.Values.Where(x => x.VpcId == vpcId).ToList())
        {
            s.NatGateways.Remove(nat.NatGatewayId);
        }

        s.Vpcs.Remove(vpcId);
        return null;
    }

    private static JsonObject CreateSubnet(Ec2Call c)
    {
        var vpcId = c.Ctx.RequiredString("VpcId");
        var tags = c.AuthorizeCreate("ec2:CreateSubnet", "subnet", c.Arn("subnet", "*"), c.Arn("vpc", vpcId));
        var vpc = Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        var text = c.Ctx.String("CidrBlock");
        if (text is null)
        {
            throw c.Ctx.Input["Ipv4IpamPoolId"] is not null || c.Ctx.Bool("Ipv6Native") == true
                ? Ec2Errors.InvalidParameterValue("The sandbox creates IPv4 subnets from a CidrBlock only.")
                : Ec2Errors.Error("MissingParameter", "Either 'cidrBlock' or 'ipv6CidrBlock' should be provided.");
        }

        if (!Cidr.TryParse(text, out var cidr))
        {
            throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        }

        Cidr.TryParse(vpc.CidrBlock, out var vpcCidr);
        if (cidr.Prefix is < 16 or > 28 || !vpcCidr.Contains(cidr))
        {
            throw Ec2Errors.Error("InvalidSubnet.Range", $"The CIDR '{text}' is invalid.");
        }

        if (c.State.Subnets.Values.Any(x => x.VpcId == vpcId && Cidr.TryParse(x.CidrBlock, out var other) && other.Overlaps(cidr)))
        {
            throw Ec2Errors.Error("InvalidSubnet.Conflict", $"The CIDR '{text}' conflicts with another subnet");
        }

        var zones = AvailabilityZones(c.Region);
        var zoneName = c.Ctx.String("AvailabilityZone");
        var zoneId = c.Ctx.String("AvailabilityZoneId");
        if (zoneName is not null && zoneId is not null)
        {
            throw Ec2Errors.Error("InvalidParameterCombination", "The parameters AvailabilityZone and AvailabilityZoneId cannot be used together.");
        }

        (string Name, string Id) zone;
        if (zoneName is not null || zoneId is not null)
        {
            var matches = zones.Where(z => z.Name == zoneName || z.Id == zoneId).ToList();
            if (matches.Count == 0)
            {
                var parameter = zoneName is not null ? "availabilityZone" : "availabilityZoneId";
                throw Ec2Errors.InvalidParameterValue($"Value ({zoneName ?? zoneId}) for parameter {parameter} is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", zones.Select(z => zoneName is not null ? z.Name : z.Id))}.");
            }

            zone = matches[0];
        }
        else
        {
            // AWS picks a zone for you; spread them so a cluster's two subnets land apart.
            zone = zones.OrderBy(z => c.State.Subnets.Values.Count(x => x.VpcId == vpcId && x.AvailabilityZone == z.Name)).First();
        }

        var subnet = new Ec2Subnet
        {
            SubnetId = Ec2IdKind.Subnet.NewId(),
            VpcId = vpcId,
            CidrBlock = cidr.ToString(),
            AvailabilityZone = zone.Name,
            AvailabilityZoneId = zone.Id,
            CreatedAt = c.Now,
            Tags = tags,
        };
        c.State.Subnets[subnet.SubnetId] = subnet;
        return new JsonObject { ["Subnet"] = SubnetJson(c, subnet) };
    }

    private static JsonObject DescribeSubnets(Ec2Call c)
    {
        c.Authorize("ec2:DescribeSubnets", "*");
        var ids = c.Ctx.Strings("SubnetIds").ToList();
        var filters = Ec2Filters.Read(c.Ctx, ["subnet-id", "vpc-id", "availability-zone", "availabilityZone", "availability-zone-id", "availabilityZoneId", "cidr-block", "cidr", "cidrBlock", "state", "map-public-ip-on-launch", "default-for-az", "defaultForAz", "subnet-arn", "owner-id"]);
        var subnets = Ec2IdKind.Subnet.Select(c.State.Subnets, ids).Where(x => Ec2Filters.Matches(filters, x.Tags, name => name switch
        {
            "subnet-id" => [x.SubnetId],
            "vpc-id" => [x.VpcId],
            "availability-zone" or "availabilityZone" => [x.AvailabilityZone],
            "availability-zone-id" or "availabilityZoneId" => [x.AvailabilityZoneId],
            "cidr-block" or "cidr" or "cidrBlock" => [x.CidrBlock],
            "state" => ["available"],
            "map-public-ip-on-launch" => [x.MapPublicIpOnLaunch ? "true" : "false"],
            "default-for-az" or "defaultForAz" => ["false"],
            "subnet-arn" => [c.Arn("subnet", x.SubnetId)],
            "owner-id" => [c.Owner],
            _ => null,
        }));
        return c.Describe("Subnets", subnets, x => x.SubnetId, x => SubnetJson(c, x), ids.Count > 0);
    }

    private static JsonObject? ModifySubnetAttribute(Ec2Call c)
    {
        var subnetId = c.Ctx.RequiredString("SubnetId");
        c.Authorize("ec2:ModifySubnetAttribute", c.Arn("subnet", subnetId));
        var subnet = Ec2IdKind.Subnet.Find(c.State.Subnets, subnetId);
        var given = c.Ctx.Input.Select(p => p.Key).Where(k => k is not "SubnetId" and not "DryRun").ToList();
        if (given.Count != 1)
        {
            throw given.Count == 0
                ? Ec2Errors.Missing("MapPublicIpOnLaunch")
                : Ec2Errors.Error("InvalidParameterCombination", "Specify only one attribute to modify.");
        }

        if (given[0] != "MapPublicIpOnLaunch")
        {
            throw Ec2Errors.InvalidParameterValue($"The sandbox supports only MapPublicIpOnLaunch, not {given[0]}.");
        }

        subnet.MapPublicIpOnLaunch = c.Ctx.Object("MapPublicIpOnLaunch")?["Value"]?.GetValue<bool>() ?? throw Ec2Errors.Missing("MapPublicIpOnLaunch.Value");
        return null;
    }

    private static JsonObject? DeleteSubnet(Ec2Call c)
    {
        var subnetId = c.Ctx.RequiredString("SubnetId");
        c.Authorize("ec2:DeleteSubnet", c.Arn("subnet", subnetId));
        Ec2IdKind.Subnet.Find(c.State.Subnets, subnetId);
        if (c.State.NatGateways.Values.Any(n => n.SubnetId == subnetId && NatState(c, n) is not ("deleted" or "failed")) || c.Eks.SubnetIds.Contains(subnetId))
        {
            throw Ec2Errors.DependencyViolation($"The subnet '{subnetId}' has dependencies and cannot be deleted.");
        }

        // Deleting a subnet drops its route table association with it.
        foreach (var table in c.State.RouteTables.Values)
        {
            table.Associations.RemoveAll(a => a.SubnetId == subnetId);
        }

        c.State.Subnets.Remove(subnetId);
        return null;
    }

    private static JsonObject VpcJson(Ec2Call c, Ec2Vpc vpc)
    {
        var json = new JsonObject
        {
            ["OwnerId"] = c.Owner,
            ["InstanceTenancy"] = vpc.InstanceTenancy,
            ["CidrBlockAssociationSet"] = new JsonArray(new JsonObject
            {
                ["AssociationId"] = vpc.CidrAssociationId,
                ["CidrBlock"] = vpc.CidrBlock,
                ["CidrBlockState"] = new JsonObject { ["State"] = "associated" },
            }),
            ["IsDefault"] = false,
            ["BlockPublicAccessStates"] = new JsonObject { ["InternetGatewayBlockMode"] = "off" },
            ["VpcId"] = vpc.VpcId,
            ["State"] = "available",
            ["CidrBlock"] = vpc.CidrBlock,
            ["DhcpOptionsId"] = vpc.DhcpOptionsId,
        };
        Ec2Tags.AddTo(json, vpc.Tags);
        return json;
    }

    private static JsonObject SubnetJson(Ec2Call c, Ec2Subnet subnet)
    {
        Cidr.TryParse(subnet.CidrBlock, out var cidr);

        // AWS reserves five addresses per subnet; NAT gateways and nodes take one each.
        var used = c.State.NatGateways.Values.Count(n => n.SubnetId == subnet.SubnetId && NatState(c, n) is not ("deleted" or "failed"))
            + c.Eks.InstancesPerSubnet.GetValueOrDefault(subnet.SubnetId);
        var json = new JsonObject
        {
            ["AvailabilityZoneId"] = subnet.AvailabilityZoneId,
            ["MapCustomerOwnedIpOnLaunch"] = false,
            ["OwnerId"] = c.Owner,
            ["AssignIpv6AddressOnCreation"] = false,
            ["Ipv6CidrBlockAssociationSet"] = new JsonArray(),
            ["SubnetArn"] = c.Arn("subnet", subnet.SubnetId),
            ["EnableDns64"] = false,
            ["Ipv6Native"] = false,
            ["PrivateDnsNameOptionsOnLaunch"] = new JsonObject
            {
                ["HostnameType"] = "ip-name",
                ["EnableResourceNameDnsARecord"] = false,
                ["EnableResourceNameDnsAAAARecord"] = false,
            },
            ["BlockPublicAccessStates"] = new JsonObject { ["InternetGatewayBlockMode"] = "off" },
            ["SubnetId"] = subnet.SubnetId,
            ["State"] = "available",
            ["VpcId"] = subnet.VpcId,
            ["CidrBlock"] = subnet.CidrBlock,
            ["AvailableIpAddressCount"] = (int)Math.Max(0, cidr.Size - 5 - used),
            ["AvailabilityZone"] = subnet.AvailabilityZone,
            ["DefaultForAz"] = false,
            ["MapPublicIpOnLaunch"] = subnet.MapPublicIpOnLaunch,
        };
        Ec2Tags.AddTo(json, subnet.Tags);
        return json;
    }
}
