using System.Text.Json.Nodes;
using Xunit;

namespace EksSso.Sandbox.Tests.Services;

public sealed class Ec2ServiceTests
{
    private const string Region = AwsHarness.Region;

    private static JsonObject Filter(string name, params string[] values) =>
        new() { ["Name"] = name, ["Values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]) };

    private static JsonArray NameTag(string resourceType, string name) =>
        new(new JsonObject
        {
            ["ResourceType"] = resourceType,
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = name }),
        });

    [Fact]
    public void AvailabilityZones_AreTheRegionsThree()
    {
        var ec2 = new AwsHarness();
        var zones = ec2.Call("ec2", "DescribeAvailabilityZones")["AvailabilityZones"]!.AsArray();
        Assert.Equal([$"{Region}a", $"{Region}b", $"{Region}c"], zones.Select(z => z!["ZoneName"]!.GetValue<string>()));
        Assert.Equal(["usw2-az1", "usw2-az2", "usw2-az3"], zones.Select(z => z!["ZoneId"]!.GetValue<string>()));
        Assert.All(zones, z =>
        {
            Assert.Equal("available", z!["State"]!.GetValue<string>());
            Assert.Equal("opt-in-not-required", z["OptInStatus"]!.GetValue<string>());
            Assert.Equal("availability-zone", z["ZoneType"]!.GetValue<string>());
        });
        Assert.Equal("use1-az1", ec2.Call("ec2", "DescribeAvailabilityZones", region: "us-east-1")["AvailabilityZones"]![0]!["ZoneId"]!.GetValue<string>());
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeAvailabilityZones", new JsonObject { ["ZoneNames"] = new JsonArray("us-west-2z") }), "InvalidParameterValue", 400);
    }

    [Fact]
    public void Vpc_ComesWithMainRouteTableAndDefaultGroup_AndIsFilterable()
    {
        var ec2 = new AwsHarness();
        var created = ec2.Call("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "192.168.0.0/16", ["TagSpecifications"] = NameTag("vpc", "eks-vpc") })["Vpc"]!;
        var vpcId = created["VpcId"]!.GetValue<string>();
        Assert.Matches("^vpc-[0-9a-f]{17}$", vpcId);
        Assert.Equal("pending", created["State"]!.GetValue<string>());
        Assert.Equal("eks-vpc", created["Tags"]![0]!["Value"]!.GetValue<string>());
        ec2.CreateVpc("10.0.0.0/16");

        var found = ec2.Call("ec2", "DescribeVpcs", new JsonObject { ["Filters"] = new JsonArray(Filter("tag:Name", "eks-*")) })["Vpcs"]!.AsArray();
        var vpc = Assert.Single(found)!;
        Assert.Equal(vpcId, vpc["VpcId"]!.GetValue<string>());
        Assert.Equal("available", vpc["State"]!.GetValue<string>());
        Assert.Equal(ec2.AccountId, vpc["OwnerId"]!.GetValue<string>());
        Assert.Single(ec2.Call("ec2", "DescribeVpcs", new JsonObject { ["Filters"] = new JsonArray(Filter("cidr", "10.0.0.0/16")) })["Vpcs"]!.AsArray());

        var tables = ec2.Call("ec2", "DescribeRouteTables", new JsonObject { ["Filters"] = new JsonArray(Filter("vpc-id", vpcId)) })["RouteTables"]!.AsArray();
        var main = Assert.Single(tables)!;
        Assert.True(main["Associations"]![0]!["Main"]!.GetValue<bool>());
        var local = Assert.Single(main["Routes"]!.AsArray())!;
        Assert.Equal("192.168.0.0/16", local["DestinationCidrBlock"]!.GetValue<string>());
        Assert.Equal("local", local["GatewayId"]!.GetValue<string>());

        var groups = ec2.Call("ec2", "DescribeSecurityGroups", new JsonObject { ["Filters"] = new JsonArray(Filter("vpc-id", vpcId)) })["SecurityGroups"]!.AsArray();
        Assert.Equal("default", Assert.Single(groups)!["GroupName"]!.GetValue<string>());

        ec2.Call("ec2", "ModifyVpcAttribute", new JsonObject { ["VpcId"] = vpcId, ["EnableDnsHostnames"] = new JsonObject { ["Value"] = true } });
        var attribute = ec2.Call("ec2", "DescribeVpcAttribute", new JsonObject { ["VpcId"] = vpcId, ["Attribute"] = "enableDnsHostnames" });
        Assert.True(attribute["EnableDnsHostnames"]!["Value"]!.GetValue<bool>());
    }

    [Fact]
    public void CreateVpc_And_UnknownIds_FailAsEc2Does()
    {
        var ec2 = new AwsHarness();
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "192.168.0.0/33" }), "InvalidParameterValue", 400, "is not a valid CIDR block");
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "192.168.0.1/16" }), "InvalidParameterValue", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "10.0.0.0/8" }), "InvalidVpc.Range", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateVpc"), "MissingParameter", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeVpcs", new JsonObject { ["VpcIds"] = new JsonArray("vpc-0123456789abcdef0") }),
            "InvalidVpcID.NotFound", 400, "The vpc ID 'vpc-0123456789abcdef0' does not exist");
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeVpcs", new JsonObject { ["VpcIds"] = new JsonArray("vpc-xyz") }), "InvalidVpcID.Malformed", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeSubnets", new JsonObject { ["SubnetIds"] = new JsonArray("subnet-0123456789abcdef0") }), "InvalidSubnetID.NotFound", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeVpcs", new JsonObject { ["Filters"] = new JsonArray(Filter("colour", "blue")) }), "InvalidParameterValue", 400, "The filter 'colour' is invalid");
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "10.1.0.0/16", ["DryRun"] = true }), "DryRunOperation", 412);
        Assert.Empty(ec2.Call("ec2", "DescribeVpcs")["Vpcs"]!.AsArray());
    }

    [Fact]
    public void Subnets_MustFitTheVpc_AndAnAvailabilityZone()
    {
        var ec2 = new AwsHarness();
        var vpc = ec2.CreateVpc();
        var subnet = ec2.Call("ec2", "CreateSubnet", new JsonObject
        {
            ["VpcId"] = vpc,
            ["CidrBlock"] = "192.168.0.0/19",
            ["AvailabilityZone"] = $"{Region}a",
            ["TagSpecifications"] = NameTag("subnet", "public-a"),
        })["Subnet"]!;
        Assert.Matches("^subnet-[0-9a-f]{17}$", subnet["SubnetId"]!.GetValue<string>());
        Assert.Equal(8187, subnet["AvailableIpAddressCount"]!.GetValue<int>());
        Assert.Equal("usw2-az1", subnet["AvailabilityZoneId"]!.GetValue<string>());

        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSubnet", new JsonObject { ["VpcId"] = vpc, ["CidrBlock"] = "192.168.16.0/20", ["AvailabilityZone"] = $"{Region}b" }),
            "InvalidSubnet.Conflict", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSubnet", new JsonObject { ["VpcId"] = vpc, ["CidrBlock"] = "10.0.0.0/24" }), "InvalidSubnet.Range", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSubnet", new JsonObject { ["VpcId"] = vpc, ["CidrBlock"] = "192.168.32.0/19", ["AvailabilityZone"] = "us-east-1a" }),
            "InvalidParameterValue", 400, "us-west-2a, us-west-2b, us-west-2c");
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSubnet", new JsonObject { ["VpcId"] = vpc, ["CidrBlock"] = "192.168.32.0/19", ["TagSpecifications"] = NameTag("vpc", "x") }),
            "InvalidParameterValue", 400);

        ec2.CreateSubnet(vpc, "192.168.32.0/19", $"{Region}b");
        ec2.CreateSubnet(vpc, "192.168.64.0/19", $"{Region}a");
        var inA = ec2.Call("ec2", "DescribeSubnets", new JsonObject
        {
            ["Filters"] = new JsonArray(Filter("vpc-id", vpc), Filter("availability-zone", $"{Region}a")),
        })["Subnets"]!.AsArray();
        Assert.Equal(2, inA.Count);

        ec2.Call("ec2", "ModifySubnetAttribute", new JsonObject { ["SubnetId"] = subnet["SubnetId"]!.GetValue<string>(), ["MapPublicIpOnLaunch"] = new JsonObject { ["Value"] = true } });
        var publicOnes = ec2.Call("ec2", "DescribeSubnets", new JsonObject { ["Filters"] = new JsonArray(Filter("map-public-ip-on-launch", "true")) })["Subnets"]!.AsArray();
        Assert.Equal("public-a", Assert.Single(publicOnes)!["Tags"]![0]!["Value"]!.GetValue<string>());
    }

    [Fact]
    public void DescribeSubnets_Pages()
    {
        var ec2 = new AwsHarness();
        var vpc = ec2.CreateVpc();
        for (var i = 0; i < 7; i++)
        {
            ec2.CreateSubnet(vpc, $"192.168.{i}.0/24", $"{Region}{(char)('a' + (i % 3))}");
        }

        var first = ec2.Call("ec2", "DescribeSubnets", new JsonObject { ["MaxResults"] = 5 });
        Assert.Equal(5, first["Subnets"]!.AsArray().Count);
        var second = ec2.Call("ec2", "DescribeSubnets", new JsonObject { ["MaxResults"] = 5, ["NextToken"] = first["NextToken"]!.GetValue<string>() });
        Assert.Equal(2, second["Subnets"]!.AsArray().Count);
        Assert.Null(second["NextToken"]);
        Assert.Empty(first["Subnets"]!.AsArray().Select(s => s!["SubnetId"]!.GetValue<string>())
            .Intersect(second["Subnets"]!.AsArray().Select(s => s!["SubnetId"]!.GetValue<string>())));
    }

    [Fact]
    public void PublicAndPrivateNetwork_WithNatGateway_TearsDownInOrder()
    {
        var ec2 = new AwsHarness();
        var vpc = ec2.CreateVpc();
        var publicA = ec2.CreateSubnet(vpc, "192.168.0.0/19", $"{Region}a");
        var publicB = ec2.CreateSubnet(vpc, "192.168.32.0/19", $"{Region}b");
        var privateA = ec2.CreateSubnet(vpc, "192.168.64.0/19", $"{Region}a");
        var privateB = ec2.CreateSubnet(vpc, "192.168.96.0/19", $"{Region}b");

        var igw = ec2.Call("ec2", "CreateInternetGateway")["InternetGateway"]!["InternetGatewayId"]!.GetValue<string>();
        ec2.Call("ec2", "AttachInternetGateway", new JsonObject { ["InternetGatewayId"] = igw, ["VpcId"] = vpc });
        AwsHarness.AssertError(ec2.Fails("ec2", "AttachInternetGateway", new JsonObject { ["InternetGatewayId"] = igw, ["VpcId"] = vpc }), "Resource.AlreadyAssociated", 400);
        var attachment = Assert.Single(ec2.Call("ec2", "DescribeInternetGateways", new JsonObject { ["InternetGatewayIds"] = new JsonArray(igw) })["InternetGateways"]![0]!["Attachments"]!.AsArray())!;
        Assert.Equal(vpc, attachment["VpcId"]!.GetValue<string>());

        var eip = ec2.Call("ec2", "AllocateAddress", new JsonObject { ["Domain"] = "vpc" });
        var allocation = eip["AllocationId"]!.GetValue<string>();
        Assert.StartsWith("eipalloc-", allocation, StringComparison.Ordinal);
        Assert.StartsWith("198.51.100.", eip["PublicIp"]!.GetValue<string>(), StringComparison.Ordinal);

        var nat = ec2.Call("ec2", "CreateNatGateway", new JsonObject { ["SubnetId"] = publicA, ["AllocationId"] = allocation })["NatGateway"]!;
        var natId = nat["NatGatewayId"]!.GetValue<string>();
        Assert.Equal("pending", nat["State"]!.GetValue<string>());
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateNatGateway", new JsonObject { ["SubnetId"] = publicB, ["AllocationId"] = allocation }), "Resource.AlreadyAssociated", 400);
        var available = AwsHarness.WaitFor(
            () => ec2.Call("ec2", "DescribeNatGateways", new JsonObject { ["NatGatewayIds"] = new JsonArray(natId) })["NatGateways"]![0]!,
            n => n["State"]!.GetValue<string>() != "pending");
        Assert.Equal("available", available["State"]!.GetValue<string>());
        var address = Assert.Single(available["NatGatewayAddresses"]!.AsArray())!;
        Assert.Equal(eip["PublicIp"]!.GetValue<string>(), address["PublicIp"]!.GetValue<string>());
        Assert.Equal("succeeded", address["Status"]!.GetValue<string>());
        Assert.NotNull(ec2.Call("ec2", "DescribeAddresses", new JsonObject { ["AllocationIds"] = new JsonArray(allocation) })["Addresses"]![0]!["AssociationId"]);
        AwsHarness.AssertError(ec2.Fails("ec2", "ReleaseAddress", new JsonObject { ["AllocationId"] = allocation }), "InvalidIPAddress.InUse", 400);

        var publicTable = ec2.Call("ec2", "CreateRouteTable", new JsonObject { ["VpcId"] = vpc })["RouteTable"]!["RouteTableId"]!.GetValue<string>();
        var privateTable = ec2.Call("ec2", "CreateRouteTable", new JsonObject { ["VpcId"] = vpc })["RouteTable"]!["RouteTableId"]!.GetValue<string>();
        Assert.True(ec2.Call("ec2", "CreateRoute", new JsonObject { ["RouteTableId"] = publicTable, ["DestinationCidrBlock"] = "0.0.0.0/0", ["GatewayId"] = igw })["Return"]!.GetValue<bool>());
        ec2.Call("ec2", "CreateRoute", new JsonObject { ["RouteTableId"] = privateTable, ["DestinationCidrBlock"] = "0.0.0.0/0", ["NatGatewayId"] = natId });
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateRoute", new JsonObject { ["RouteTableId"] = publicTable, ["DestinationCidrBlock"] = "0.0.0.0/0", ["GatewayId"] = igw }),
            "RouteAlreadyExists", 400);
        var associations = new List<string>();
        foreach (var (table, subnet) in new[] { (publicTable, publicA), (publicTable, publicB), (privateTable, privateA), (privateTable, privateB) })
        {
            var association = ec2.Call("ec2", "AssociateRouteTable", new JsonObject { ["RouteTableId"] = table, ["SubnetId"] = subnet });
            Assert.StartsWith("rtbassoc-", association["AssociationId"]!.GetValue<string>(), StringComparison.Ordinal);
            associations.Add(association["AssociationId"]!.GetValue<string>());
        }

        AwsHarness.AssertError(ec2.Fails("ec2", "AssociateRouteTable", new JsonObject { ["RouteTableId"] = privateTable, ["SubnetId"] = publicA }), "Resource.AlreadyAssociated", 400);
        var described = ec2.Call("ec2", "DescribeRouteTables", new JsonObject { ["Filters"] = new JsonArray(Filter("association.subnet-id", privateB)) })["RouteTables"]!.AsArray();
        var natRoute = Assert.Single(described)!["Routes"]!.AsArray().Single(r => r!["NatGatewayId"] is not null)!;
        Assert.Equal("active", natRoute["State"]!.GetValue<string>());

        // Everything that still lives in the VPC blocks its deletion, and AWS's teardown order releases it.
        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteVpc", new JsonObject { ["VpcId"] = vpc }), "DependencyViolation", 400, $"The vpc '{vpc}' has dependencies and cannot be deleted.");
        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteInternetGateway", new JsonObject { ["InternetGatewayId"] = igw }), "DependencyViolation", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "DetachInternetGateway", new JsonObject { ["InternetGatewayId"] = igw, ["VpcId"] = vpc }), "DependencyViolation", 400, "mapped public address");
        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteSubnet", new JsonObject { ["SubnetId"] = publicA }), "DependencyViolation", 400);

        Assert.Equal(natId, ec2.Call("ec2", "DeleteNatGateway", new JsonObject { ["NatGatewayId"] = natId })["NatGatewayId"]!.GetValue<string>());
        AwsHarness.WaitFor(
            () => ec2.Call("ec2", "DescribeNatGateways", new JsonObject { ["Filter"] = new JsonArray(Filter("nat-gateway-id", natId)) })["NatGateways"]!.AsArray(),
            list => list.Count == 0 || list[0]!["State"]!.GetValue<string>() == "deleted");
        Assert.Equal("blackhole", ec2.Call("ec2", "DescribeRouteTables", new JsonObject { ["RouteTableIds"] = new JsonArray(privateTable) })["RouteTables"]![0]!["Routes"]!
            .AsArray().Single(r => r!["NatGatewayId"] is not null)!["State"]!.GetValue<string>());

        ec2.Call("ec2", "ReleaseAddress", new JsonObject { ["AllocationId"] = allocation });
        ec2.Call("ec2", "DetachInternetGateway", new JsonObject { ["InternetGatewayId"] = igw, ["VpcId"] = vpc });
        AwsHarness.AssertError(ec2.Fails("ec2", "DetachInternetGateway", new JsonObject { ["InternetGatewayId"] = igw, ["VpcId"] = vpc }), "Gateway.NotAttached", 400);
        ec2.Call("ec2", "DeleteInternetGateway", new JsonObject { ["InternetGatewayId"] = igw });
        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteRouteTable", new JsonObject { ["RouteTableId"] = publicTable }), "DependencyViolation", 400);
        foreach (var association in associations)
        {
            ec2.Call("ec2", "DisassociateRouteTable", new JsonObject { ["AssociationId"] = association });
        }

        foreach (var subnet in new[] { publicA, publicB, privateA, privateB })
        {
            ec2.Call("ec2", "DeleteSubnet", new JsonObject { ["SubnetId"] = subnet });
        }

        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteVpc", new JsonObject { ["VpcId"] = vpc }), "DependencyViolation", 400);
        ec2.Call("ec2", "DeleteRouteTable", new JsonObject { ["RouteTableId"] = publicTable });
        ec2.Call("ec2", "DeleteRouteTable", new JsonObject { ["RouteTableId"] = privateTable });
        ec2.Call("ec2", "DeleteVpc", new JsonObject { ["VpcId"] = vpc });

        Assert.Empty(ec2.Call("ec2", "DescribeVpcs")["Vpcs"]!.AsArray());
        Assert.Empty(ec2.Call("ec2", "DescribeRouteTables")["RouteTables"]!.AsArray());
        Assert.Empty(ec2.Call("ec2", "DescribeSecurityGroups")["SecurityGroups"]!.AsArray());
    }

    [Fact]
    public void PublicNatGateway_WithoutInternetGateway_Fails()
    {
        var ec2 = new AwsHarness();
        var vpc = ec2.CreateVpc();
        var subnet = ec2.CreateSubnet(vpc, "192.168.0.0/24", $"{Region}a");
        var allocation = ec2.Call("ec2", "AllocateAddress")["AllocationId"]!.GetValue<string>();
        var natId = ec2.Call("ec2", "CreateNatGateway", new JsonObject { ["SubnetId"] = subnet, ["AllocationId"] = allocation })["NatGateway"]!["NatGatewayId"]!.GetValue<string>();
        var failed = AwsHarness.WaitFor(
            () => ec2.Call("ec2", "DescribeNatGateways", new JsonObject { ["NatGatewayIds"] = new JsonArray(natId) })["NatGateways"]![0]!,
            n => n["State"]!.GetValue<string>() != "pending");
        Assert.Equal("failed", failed["State"]!.GetValue<string>());
        Assert.Equal("Gateway.NotAttached", failed["FailureCode"]!.GetValue<string>());

        // A failed gateway holds nothing.
        ec2.Call("ec2", "ReleaseAddress", new JsonObject { ["AllocationId"] = allocation });
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateNatGateway", new JsonObject { ["SubnetId"] = subnet }), "MissingParameter", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "DescribeNatGateways", new JsonObject { ["NatGatewayIds"] = new JsonArray("nat-0123456789abcdef0") }), "NatGatewayNotFound", 400);
    }

    [Fact]
    public void SecurityGroups_Rules_AndTags()
    {
        var ec2 = new AwsHarness();
        var vpc = ec2.CreateVpc();
        var created = ec2.Call("ec2", "CreateSecurityGroup", new JsonObject { ["GroupName"] = "nodes", ["Description"] = "worker nodes", ["VpcId"] = vpc });
        var groupId = created["GroupId"]!.GetValue<string>();
        Assert.Matches("^sg-[0-9a-f]{17}$", groupId);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSecurityGroup", new JsonObject { ["GroupName"] = "nodes", ["Description"] = "again", ["VpcId"] = vpc }),
            "InvalidGroup.Duplicate", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateSecurityGroup", new JsonObject { ["GroupName"] = "nodes", ["Description"] = "no vpc" }), "VPCIdNotSpecified", 400);

        var ingress = new JsonObject
        {
            ["GroupId"] = groupId,
            ["IpPermissions"] = new JsonArray(new JsonObject
            {
                ["IpProtocol"] = "tcp",
                ["FromPort"] = 443,
                ["ToPort"] = 443,
                ["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = "10.0.0.0/8" }),
            }),
        };
        var rules = ec2.Call("ec2", "AuthorizeSecurityGroupIngress", ingress);
        Assert.True(rules["Return"]!.GetValue<bool>());
        Assert.StartsWith("sgr-", rules["SecurityGroupRules"]![0]!["SecurityGroupRuleId"]!.GetValue<string>(), StringComparison.Ordinal);
        AwsHarness.AssertError(ec2.Fails("ec2", "AuthorizeSecurityGroupIngress", ingress), "InvalidPermission.Duplicate", 400);

        var group = ec2.Call("ec2", "DescribeSecurityGroups", new JsonObject { ["GroupIds"] = new JsonArray(groupId) })["SecurityGroups"]![0]!;
        var permission = Assert.Single(group["IpPermissions"]!.AsArray())!;
        Assert.Equal(443, permission["FromPort"]!.GetValue<int>());
        Assert.Equal("10.0.0.0/8", permission["IpRanges"]![0]!["CidrIp"]!.GetValue<string>());
        Assert.Equal("-1", group["IpPermissionsEgress"]![0]!["IpProtocol"]!.GetValue<string>());

        ec2.Call("ec2", "CreateTags", new JsonObject
        {
            ["Resources"] = new JsonArray(groupId, vpc),
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "kubernetes.io/cluster/demo", ["Value"] = "owned" }),
        });
        var tags = ec2.Call("ec2", "DescribeTags", new JsonObject { ["Filters"] = new JsonArray(Filter("key", "kubernetes.io/cluster/demo")) })["Tags"]!.AsArray();
        Assert.Equal(2, tags.Count);
        Assert.Contains(tags, t => t!["ResourceType"]!.GetValue<string>() == "security-group");
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateTags", new JsonObject
        {
            ["Resources"] = new JsonArray("subnet-0123456789abcdef0"),
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "b" }),
        }), "InvalidSubnetID.NotFound", 400);
        AwsHarness.AssertError(ec2.Fails("ec2", "CreateTags", new JsonObject
        {
            ["Resources"] = new JsonArray(vpc),
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "aws:owner", ["Value"] = "me" }),
        }), "InvalidParameterValue", 400);
        ec2.Call("ec2", "DeleteTags", new JsonObject { ["Resources"] = new JsonArray(vpc), ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "kubernetes.io/cluster/demo" }) });
        Assert.Single(ec2.Call("ec2", "DescribeTags")["Tags"]!.AsArray());

        var defaultGroup = ec2.Call("ec2", "DescribeSecurityGroups", new JsonObject { ["Filters"] = new JsonArray(Filter("group-name", "default")) })["SecurityGroups"]![0]!["GroupId"]!.GetValue<string>();
        AwsHarness.AssertError(ec2.Fails("ec2", "DeleteSecurityGroup", new JsonObject { ["GroupId"] = defaultGroup }), "CannotDelete", 400);
        Assert.True(ec2.Call("ec2", "DeleteSecurityGroup", new JsonObject { ["GroupId"] = groupId })["Return"]!.GetValue<bool>());
    }
}
