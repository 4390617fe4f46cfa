using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Ec2;

public sealed partial class Ec2Service
{
    private const int MaxAddressesPerRegion = 5;

    // Elastic IPs come from TEST-NET-2 (RFC 5737): documentation addresses that route nowhere.
    private const string PublicPool = "198.51.100.0/24";

    // ---- Internet gateways ----

    private static JsonObject CreateInternetGateway(Ec2Call c)
    {
        var tags = c.AuthorizeCreate("ec2:CreateInternetGateway", "internet-gateway", c.Arn("internet-gateway", "*"));
        var gateway = new Ec2InternetGateway { InternetGatewayId = Ec2IdKind.InternetGateway.NewId(), Tags = tags };
        c.State.InternetGateways[gateway.InternetGatewayId] = gateway;
        return new JsonObject { ["InternetGateway"] = GatewayJson(c, gateway) };
    }

    private static JsonObject? AttachInternetGateway(Ec2Call c)
    {
        var gatewayId = c.Ctx.RequiredString("InternetGatewayId");
        var vpcId = c.Ctx.RequiredString("VpcId");
        c.Authorize("ec2:AttachInternetGateway", c.Arn("internet-gateway", gatewayId), last: false);
        c.Authorize("ec2:AttachInternetGateway", c.Arn("vpc", vpcId));
        var gateway = Ec2IdKind.InternetGateway.Find(c.State.InternetGateways, gatewayId);
        Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        if (gateway.VpcId is not null)
        {
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"resource {gatewayId} is already attached to network {gateway.VpcId}");
        }

        if (c.State.InternetGateways.Values.FirstOrDefault(g => g.VpcId == vpcId) is { } other)
        {
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"Network {vpcId} already has an internet gateway attached ({other.InternetGatewayId})");
        }

        gateway.VpcId = vpcId;
        return null;
    }

    private static JsonObject? DetachInternetGateway(Ec2Call c)
    {
        var gatewayId = c.Ctx.RequiredString("InternetGatewayId");
        var vpcId = c.Ctx.RequiredString("VpcId");
        c.Authorize("ec2:DetachInternetGateway", c.Arn("internet-gateway", gatewayId), last: false);
        c.Authorize("ec2:DetachInternetGateway", c.Arn("vpc", vpcId));
        var gateway = Ec2IdKind.InternetGateway.Find(c.State.InternetGateways, gatewayId);
        Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        if (gateway.VpcId != vpcId)
        {
            throw Ec2Errors.Error("Gateway.NotAttached", $"resource {gatewayId} is not attached to network {vpcId}");
        }

        // A public NAT gateway maps an Elastic IP through the gateway: AWS refuses to pull the gateway from under it.
        if (c.State.NatGateways.Values.Any(n => n.VpcId == vpcId && n.ConnectivityType == "public" && NatState(c, n) is "pending" or "available" or "deleting"))
        {
            throw Ec2Errors.DependencyViolation($"Network {vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
        }

        gateway.VpcId = null;
        return null;
    }

    private static JsonObject? DeleteInternetGateway(Ec2Call c)
    {
        var gatewayId = c.Ctx.RequiredString("InternetGatewayId");
        c.Authorize("ec2:DeleteInternetGateway", c.Arn("internet-gateway", gatewayId));
        var gateway = Ec2IdKind.InternetGateway.Find(c.State.InternetGateways, gatewayId);
        if (gateway.VpcId is not null)
        {
            throw Ec2Errors.DependencyViolation($"The internetGateway '{gatewayId}' has dependencies and cannot be deleted.");
        }

        c.State.InternetGateways.Remove(gatewayId);
        return null;
    }

    private static JsonObject DescribeInternetGateways(Ec2Call c)
    {
        c.Authorize("ec2:DescribeInternetGateways", "*");
        var ids = c.Ctx.Strings("InternetGatewayIds").ToList();
        var filters = Ec2Filters.Read(c.Ctx, ["internet-gateway-id", "attachment.vpc-id", "attachment.state", "owner-id"]);
        var gateways = Ec2IdKind.InternetGateway.Select(c.State.InternetGateways, ids).Where(g => Ec2Filters.Matches(filters, g.Tags, name => name switch
        {
            "internet-gateway-id" => [g.InternetGatewayId],
            "attachment.vpc-id" => [g.VpcId],
            "attachment.state" => g.VpcId is null ? [] : ["available"],
            "owner-id" => [c.Owner],
            _ => null,
        }));
        return c.Describe("InternetGateways", gateways, g => g.InternetGatewayId, g => GatewayJson(c, g), ids.Count > 0);
    }

    private static JsonObject GatewayJson(Ec2Call c, Ec2InternetGateway gateway)
    {
        var json = new JsonObject
        {
            ["Attachments"] = gateway.VpcId is null
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["State"] = "available", ["VpcId"] = gateway.VpcId }),
            ["InternetGatewayId"] = gateway.InternetGatewayId,
            ["OwnerId"] = c.Owner,
        };
        Ec2Tags.AddTo(json, gateway.Tags);
        return json;
    }

    // ---- Elastic IP addresses ----

    private static JsonObject AllocateAddress(Ec2Call c)
    {
        var tags = c.AuthorizeCreate("ec2:AllocateAddress", "elastic-ip", c.Arn("elastic-ip", "*"));
        if ((c.Ctx.String("Domain") ?? "vpc") != "vpc")
        {
            throw Ec2Errors.InvalidParameterValue("Elastic IP addresses for EC2-Classic are no longer available; use Domain vpc.");
        }

        if (c.Ctx.Input["Address"] is not null || c.Ctx.Input["PublicIpv4Pool"] is not null || c.Ctx.Input["IpamPoolId"] is not null)
        {
            throw Ec2Errors.InvalidParameterValue("The sandbox allocates Elastic IPs from Amazon's pool only.");
        }

        if (c.State.Addresses.Count >= MaxAddressesPerRegion)
        {
            throw Ec2Errors.Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }

        Cidr.TryParse(PublicPool, out var pool);
        var taken = c.State.Addresses.Values.Select(a => a.PublicIp).ToHashSet(StringComparer.Ordinal);
        var ip = Enumerable.Range(1, 254).Select(i => pool.AddressAt(i)).First(a => !taken.Contains(a));
        var address = new Ec2Address
        {
            AllocationId = Ec2IdKind.Allocation.NewId(),
            PublicIp = ip,
            NetworkBorderGroup = c.Region,
            Tags = tags,
        };
        c.State.Addresses[address.AllocationId] = address;
        return new JsonObject
        {
            ["AllocationId"] = address.AllocationId,
            ["PublicIpv4Pool"] = "amazon",
            ["NetworkBorderGroup"] = address.NetworkBorderGroup,
            ["Domain"] = "vpc",
            ["PublicIp"] = address.PublicIp,
        };
    }

    private static JsonObject? ReleaseAddress(Ec2Call c)
    {
        var allocationId = c.Ctx.String("AllocationId");
        var publicIp = c.Ctx.String("PublicIp");
        Ec2Address address;
        if (allocationId is not null)
        {
            c.Authorize("ec2:ReleaseAddress", c.Arn("elastic-ip", allocationId));
            address = Ec2IdKind.Allocation.Find(c.State.Addresses, allocationId);
        }
        else if (publicIp is not null)
        {
            c.Authorize("ec2:ReleaseAddress", c.Arn("elastic-ip", "*"));
            address = c.State.Addresses.Values.FirstOrDefault(a => a.PublicIp == publicIp)
                ?? throw Ec2Errors.Error("InvalidAddress.NotFound", $"Address '{publicIp}' not found.");
        }
        else
        {
            c.Authorize("ec2:ReleaseAddress", "*");
            throw Ec2Errors.Missing("AllocationId");
        }

        if (AddressUser(c, address) is not null)
        {
            throw Ec2Errors.Error("InvalidIPAddress.InUse", $"Address {address.PublicIp} is in use.");
        }

        c.State.Addresses.Remove(address.AllocationId);
        return null;
    }

    private static JsonObject DescribeAddresses(Ec2Call c)
    {
        c.Authorize("ec2:DescribeAddresses", "*");
        var ids = c.Ctx.Strings("AllocationIds").ToList();
        var ips = c.Ctx.Strings("PublicIps").ToList();
        foreach (var ip in ips.Where(ip => c.State.Addresses.Values.All(a => a.PublicIp != ip)))
        {
            throw Ec2Errors.Error("InvalidAddress.NotFound", $"Address '{ip}' not found.");
        }

        var filters = Ec2Filters.Read(c.Ctx, ["allocation-id", "public-ip", "domain", "association-id", "network-interface-id", "private-ip-address", "network-border-group", "network-interface-owner-id"]);
        var addresses = Ec2IdKind.Allocation.Select(c.State.Addresses, ids)
            .Where(a => ips.Count == 0 || ips.Contains(a.PublicIp))
            .Where(a => Ec2Filters.Matches(filters, a.Tags, name =>
            {
                var user = AddressUser(c, a);
                return name switch
                {
                    "allocation-id" => [a.AllocationId],
                    "public-ip" => [a.PublicIp],
                    "domain" => ["vpc"],
                    "association-id" => [user?.AssociationId],
                    "network-interface-id" => [user?.NetworkInterfaceId],
                    "private-ip-address" => [user?.PrivateIp],
                    "network-border-group" => [a.NetworkBorderGroup],
                    "network-interface-owner-id" => [user is null ? null : c.Owner],
                    _ => null,
                };
            }))
            .OrderBy(a => a.AllocationId, StringComparer.Ordinal);
        return new JsonObject
        {
            ["Addresses"] = new JsonArray([.. addresses.Select(a =>
            {
                var user = AddressUser(c, a);
                var json = new JsonObject { ["AllocationId"] = a.AllocationId };
                if (user is not null)
                {
                    json["AssociationId"] = user.AssociationId;
                }

                json["Domain"] = "vpc";
                if (user is not null)
                {
                    json["NetworkInterfaceId"] = user.NetworkInterfaceId;
                    json["NetworkInterfaceOwnerId"] = c.Owner;
                    json["PrivateIpAddress"] = user.PrivateIp;
                }

                Ec2Tags.AddTo(json, a.Tags);
                json["PublicIpv4Pool"] = "amazon";
                json["NetworkBorderGroup"] = a.NetworkBorderGroup;
                json["PublicIp"] = a.PublicIp;
                return (JsonNode)json;
            })]),
        };
    }

    /// <summary>The NAT gateway holding an Elastic IP, until it is deleted or has failed.</summary>
    private static Ec2NatGateway? AddressUser(Ec2Call c, Ec2Address address) =>
        c.State.NatGateways.Values.FirstOrDefault(n => n.AllocationId == address.AllocationId && NatState(c, n) is not ("deleted" or "failed"));

    // ---- NAT gateways ----

    private static JsonObject CreateNatGateway(Ec2Call c)
    {
        var subnetId = c.Ctx.String("SubnetId");
        var tags = c.AuthorizeCreate("ec2:CreateNatGateway", "natgateway", c.Arn("natgateway", "*"),
            subnetId is null ? null : c.Arn("subnet", subnetId));
        var token = c.Ctx.String("ClientToken");
        if (token is not null && c.State.NatGateways.Values.FirstOrDefault(n => n.ClientToken == token) is { } earlier)
        {
            return new JsonObject { ["ClientToken"] = token, ["NatGateway"] = NatJson(c, earlier) };
        }

        if ((c.Ctx.String("AvailabilityMode") ?? "zonal") != "zonal")
        {
            throw Ec2Errors.InvalidParameterValue("The sandbox creates zonal NAT gateways only.");
        }

        if (subnetId is null)
        {
            throw Ec2Errors.Missing("SubnetId");
        }

        var subnet = Ec2IdKind.Subnet.Find(c.State.Subnets, subnetId);
        var connectivity = c.Ctx.String("ConnectivityType") ?? "public";
        var allocationId = c.Ctx.String("AllocationId");
        if (connectivity == "public")
        {
            if (allocationId is null)
            {
                throw Ec2Errors.Missing("AllocationId");
            }

            var address = Ec2IdKind.Allocation.Find(c.State.Addresses, allocationId);
            if (AddressUser(c, address) is not null)
            {
                throw Ec2Errors.Error("Resource.AlreadyAssociated", $"Elastic IP address [{allocationId}] is already associated");
            }
        }
        else if (allocationId is not null)
        {
            throw Ec2Errors.Error("InvalidParameterCombination", "A private NAT gateway cannot have an Elastic IP address.");
        }

        Cidr.TryParse(subnet.CidrBlock, out var cidr);
        var taken = c.State.NatGateways.Values.Where(n => n.SubnetId == subnetId).Select(n => n.PrivateIp).ToHashSet(StringComparer.Ordinal);
        string privateIp;
        do
        {
            privateIp = cidr.AddressAt(4 + RandomNumberGenerator.GetInt32((int)Math.Max(1, cidr.Size - 5)));
        }
        while (taken.Contains(privateIp));

        var nat = new Ec2NatGateway
        {
            NatGatewayId = Ec2IdKind.NatGateway.NewId(),
            VpcId = subnet.VpcId,
            SubnetId = subnetId,
            ConnectivityType = connectivity,
            AllocationId = allocationId,
            NetworkInterfaceId = $"eni-{SandboxHost.RandomHex(17)}",
            AssociationId = $"eipassoc-{SandboxHost.RandomHex(17)}",
            PrivateIp = privateIp,
            CreateTime = c.Now,
            ReadyAt = c.Ctx.Clock.CompletesAt(SandboxClock.Durations.NatGateway),
            ClientToken = token,
            Tags = tags,
        };

        // Without an internet gateway a public NAT gateway never comes up: AWS lets it fail after a while.
        if (connectivity == "public" && c.State.InternetGateways.Values.All(g => g.VpcId != subnet.VpcId))
        {
            nat.FailureCode = "Gateway.NotAttached";
            nat.FailureMessage = $"Network {subnet.VpcId} has no Internet gateway attached";
        }

        c.State.NatGateways[nat.NatGatewayId] = nat;

        // The reply describes the gateway as created, whatever the scaled clock says by the time it is written.
        var result = new JsonObject { ["NatGateway"] = NatJson(c, nat, "pending") };
        if (token is not null)
        {
            result["ClientToken"] = token;
        }

        return result;
    }

    private static JsonObject DescribeNatGateways(Ec2Call c)
    {
        c.Authorize("ec2:DescribeNatGateways", "*");
        ForgetOldNatGateways(c);
        var ids = c.Ctx.Strings("NatGatewayIds").ToList();
        var filters = Ec2Filters.Read(c.Ctx, ["nat-gateway-id", "state", "subnet-id", "vpc-id"], "Filter");
        var gateways = Ec2IdKind.NatGateway.Select(c.State.NatGateways, ids).Where(n => Ec2Filters.Matches(filters, n.Tags, name => name switch
        {
            "nat-gateway-id" => [n.NatGatewayId],
            "state" => [NatState(c, n)],
            "subnet-id" => [n.SubnetId],
            "vpc-id" => [n.VpcId],
            _ => null,
        }));
        return c.Describe("NatGateways", gateways, n => n.NatGatewayId, n => NatJson(c, n), ids.Count > 0);
    }

    private static JsonObject DeleteNatGateway(Ec2Call c)
    {
        var id = c.Ctx.RequiredString("NatGatewayId");
        c.Authorize("ec2:DeleteNatGateway", c.Arn("natgateway", id));
        var nat = Ec2IdKind.NatGateway.Find(c.State.NatGateways, id);
        if (nat.DeletedAt is null)
        {
            nat.DeleteTime = c.Now;
            nat.DeletedAt = c.Ctx.Clock.CompletesAt(SandboxClock.Durations.NatGateway);
        }

        return new JsonObject { ["NatGatewayId"] = id };
    }

    /// <summary>pending → available (or failed) at ReadyAt; deleting → deleted at DeletedAt.</summary>
    internal static string NatState(Ec2Call c, Ec2NatGateway nat) => NatState(c.Ctx.Clock, nat);

    internal static string NatState(SandboxClock clock, Ec2NatGateway nat)
    {
        if (nat.DeletedAt is { } deleted)
        {
            return clock.IsDone(deleted) ? "deleted" : "deleting";
        }

        if (!clock.IsDone(nat.ReadyAt))
        {
            return "pending";
        }

        return nat.FailureCode is null ? "available" : "failed";
    }

    /// <summary>Deleted and failed NAT gateways stay visible for about an hour (scaled), as on AWS, then vanish.</summary>
    private static void ForgetOldNatGateways(Ec2Call c)
    {
        var linger = TimeSpan.FromHours(1) * c.Ctx.Clock.TimeScale;
        foreach (var nat in c.State.NatGateways.Values.ToList())
        {
            var end = nat.DeletedAt ?? (nat.FailureCode is not null ? nat.ReadyAt : (DateTimeOffset?)null);
            if (end is { } e && c.Now >= e + linger && NatState(c, nat) is "deleted" or "failed")
            {
                c.State.NatGateways.Remove(nat.NatGatewayId);
            }
        }
    }

    private static JsonObject NatJson(Ec2Call c, Ec2NatGateway nat, string? state = null)
    {
        state ??= NatState(c, nat);
        var json = new JsonObject { ["CreateTime"] = JsonValue.Create(nat.CreateTime) };
        if (nat.DeleteTime is { } deleteTime)
        {
            json["DeleteTime"] = JsonValue.Create(deleteTime);
        }

        if (state == "failed")
        {
            json["FailureCode"] = nat.FailureCode;
            json["FailureMessage"] = nat.FailureMessage;
        }

        var address = new JsonObject();
        if (nat.AllocationId is not null)
        {
            address["AllocationId"] = nat.AllocationId;
        }

        address["NetworkInterfaceId"] = nat.NetworkInterfaceId;
        address["PrivateIp"] = nat.PrivateIp;
        if (nat.AllocationId is not null && c.State.Addresses.TryGetValue(nat.AllocationId, out var eip))
        {
            address["PublicIp"] = eip.PublicIp;
            address["AssociationId"] = nat.AssociationId;
        }

        address["IsPrimary"] = true;
        address["Status"] = state switch
        {
            "pending" => "associating",
            "deleting" => "disassociating",
            "failed" => "failed",
            _ => "succeeded",
        };
        json["NatGatewayAddresses"] = state == "failed" ? new JsonArray() : new JsonArray(address);
        json["NatGatewayId"] = nat.NatGatewayId;
        json["State"] = state;
        json["SubnetId"] = nat.SubnetId;
        json["VpcId"] = nat.VpcId;
        Ec2Tags.AddTo(json, nat.Tags);
        json["ConnectivityType"] = nat.ConnectivityType;
        json["AvailabilityMode"] = "zonal";
        return json;
    }
}
