using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Services.Ec2;

public sealed partial class Ec2Service
{
    private static JsonObject CreateRouteTable(Ec2Call c)
    {
        var vpcId = c.Ctx.RequiredString("VpcId");
        var tags = c.AuthorizeCreate("ec2:CreateRouteTable", "route-table", c.Arn("route-table", "*"), c.Arn("vpc", vpcId));
        var vpc = Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        var table = new Ec2RouteTable
        {
            RouteTableId = Ec2IdKind.RouteTable.NewId(),
            VpcId = vpcId,
            Routes = [new Ec2Route { DestinationCidrBlock = vpc.CidrBlock, GatewayId = "local", Origin = "CreateRouteTable" }],
            Tags = tags,
        };
        c.State.RouteTables[table.RouteTableId] = table;
        var result = new JsonObject { ["RouteTable"] = RouteTableJson(c, table) };
        if (c.Ctx.String("ClientToken") is { } token)
        {
            result["ClientToken"] = token;
        }

        return result;
    }

    private static JsonObject CreateRoute(Ec2Call c)
    {
        var tableId = c.Ctx.RequiredString("RouteTableId");
        c.Authorize("ec2:CreateRoute", c.Arn("route-table", tableId));
        var table = Ec2IdKind.RouteTable.Find(c.State.RouteTables, tableId);
        var destination = c.Ctx.String("DestinationCidrBlock");
        if (destination is null)
        {
            throw c.Ctx.Input["DestinationIpv6CidrBlock"] is not null || c.Ctx.Input["DestinationPrefixListId"] is not null
                ? Ec2Errors.InvalidParameterValue("The sandbox supports IPv4 destination CIDR blocks only.")
                : Ec2Errors.Missing("destinationCidrBlock");
        }

        if (!Cidr.TryParse(destination, out var cidr))
        {
            throw Ec2Errors.InvalidParameterValue($"Value ({destination}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
        }

        var targets = new[] { "GatewayId", "NatGatewayId", "InstanceId", "NetworkInterfaceId", "VpcPeeringConnectionId", "TransitGatewayId", "EgressOnlyInternetGatewayId", "LocalGatewayId", "CarrierGatewayId", "VpcEndpointId", "CoreNetworkArn", "OdbNetworkArn" }
            .Where(t => c.Ctx.Input[t] is not null).ToList();
        if (targets.Count == 0)
        {
            throw Ec2Errors.Missing("target (GatewayId or NatGatewayId)");
        }

        if (targets.Count > 1)
        {
            throw Ec2Errors.Error("InvalidParameterCombination", $"The parameter {targets[0]} cannot be used with the parameter {targets[1]}");
        }

        var route = new Ec2Route { DestinationCidrBlock = cidr.ToString() };
        switch (targets[0])
        {
            case "GatewayId":
                var gatewayId = c.Ctx.RequiredString("GatewayId");
                var gateway = Ec2IdKind.InternetGateway.Find(c.State.InternetGateways, gatewayId);
                if (gateway.VpcId != table.VpcId)
                {
                    throw Ec2Errors.InvalidParameterValue($"route table {tableId} and network gateway {gatewayId} belong to different networks");
                }

                route.GatewayId = gatewayId;
                break;
            case "NatGatewayId":
                var natId = c.Ctx.RequiredString("NatGatewayId");
                var nat = Ec2IdKind.NatGateway.Find(c.State.NatGateways, natId);
                if (NatState(c, nat) is "deleted" or "deleting")
                {
                    throw Ec2IdKind.NatGateway.NotFound(natId);
                }

                if (nat.VpcId != table.VpcId)
                {
                    throw Ec2Errors.InvalidParameterValue($"route table {tableId} and NAT gateway {natId} belong to different networks");
                }

                route.NatGatewayId = natId;
                break;
            default:
                throw Ec2Errors.InvalidParameterValue($"The sandbox routes to internet and NAT gateways only, not {targets[0]}.");
        }

        if (table.Routes.Any(r => r.DestinationCidrBlock == route.DestinationCidrBlock))
        {
            throw Ec2Errors.Error("RouteAlreadyExists", $"The route identified by {route.DestinationCidrBlock} already exists.");
        }

        table.Routes.Add(route);
        return new JsonObject { ["Return"] = true };
    }

    private static JsonObject? DeleteRoute(Ec2Call c)
    {
        var tableId = c.Ctx.RequiredString("RouteTableId");
        c.Authorize("ec2:DeleteRoute", c.Arn("route-table", tableId));
        var table = Ec2IdKind.RouteTable.Find(c.State.RouteTables, tableId);
        var destination = c.Ctx.String("DestinationCidrBlock") ?? throw Ec2Errors.Missing("destinationCidrBlock");
        var route = table.Routes.FirstOrDefault(r => r.DestinationCidrBlock == destination)
            ?? throw Ec2Errors.Error("InvalidRoute.NotFound", $"no route with destination-cidr-block {destination} in route table {tableId}");
        if (route.GatewayId == "local")
        {
            throw Ec2Errors.InvalidParameterValue($"cannot remove local route {destination} in route table {tableId}");
        }

        table.Routes.Remove(route);
        return null;
    }

    private static JsonObject AssociateRouteTable(Ec2Call c)
    {
        var tableId = c.Ctx.RequiredString("RouteTableId");
        var subnetId = c.Ctx.String("SubnetId");
        c.Authorize("ec2:AssociateRouteTable", c.Arn("route-table", tableId), last: subnetId is null);
        if (subnetId is not null)
        {
            c.Authorize("ec2:AssociateRouteTable", c.Arn("subnet", subnetId));
        }

        var table = Ec2IdKind.RouteTable.Find(c.State.RouteTables, tableId);
        if (subnetId is null)
        {
            throw c.Ctx.Input["GatewayId"] is not null
                ? Ec2Errors.InvalidParameterValue("The sandbox associates route tables with subnets only.")
                : Ec2Errors.Missing("SubnetId");
        }

        var subnet = Ec2IdKind.Subnet.Find(c.State.Subnets, subnetId);
        if (subnet.VpcId != table.VpcId)
        {
            throw Ec2Errors.InvalidParameterValue($"Route table {tableId} and subnet {subnetId} belong to different networks");
        }

        if (c.State.RouteTables.Values.Any(t => t.Associations.Any(a => a.SubnetId == subnetId)))
        {
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"the specified association for route table {tableId} conflicts with an existing association");
        }

        var association = new Ec2RouteAssociation { AssociationId = Ec2IdKind.RouteTableAssociation.NewId(), SubnetId = subnetId };
        table.Associations.Add(association);
        return new JsonObject
        {
            ["AssociationId"] = association.AssociationId,
            ["AssociationState"] = new JsonObject { ["State"] = "associated" },
        };
    }

    private static JsonObject? DisassociateRouteTable(Ec2Call c)
    {
        var associationId = c.Ctx.RequiredString("AssociationId");
        var table = c.State.RouteTables.Values.FirstOrDefault(t => t.MainAssociationId == associationId || t.Associations.Any(a => a.AssociationId == associationId));
        c.Authorize("ec2:DisassociateRouteTable", c.Arn("route-table", table?.RouteTableId ?? "*"));
        if (!Ec2IdKind.RouteTableAssociation.IsWellFormed(associationId))
        {
            throw Ec2IdKind.RouteTableAssociation.Malformed(associationId);
        }

        if (table is null)
        {
            throw Ec2IdKind.RouteTableAssociation.NotFound(associationId);
        }

        if (table.MainAssociationId == associationId)
        {
            throw Ec2Errors.InvalidParameterValue($"cannot disassociate the main route table association {associationId}");
        }

        table.Associations.RemoveAll(a => a.AssociationId == associationId);
        return null;
    }

    private static JsonObject? DeleteRouteTable(Ec2Call c)
    {
        var tableId = c.Ctx.RequiredString("RouteTableId");
        c.Authorize("ec2:DeleteRouteTable", c.Arn("route-table", tableId));
        var table = Ec2IdKind.RouteTable.Find(c.State.RouteTables, tableId);
        if (table.MainAssociationId is not null || table.Associations.Count > 0)
        {
            throw Ec2Errors.DependencyViolation($"The routeTable '{tableId}' has dependencies and cannot be deleted.");
        }

        c.State.RouteTables.Remove(tableId);
        return null;
    }

    private static JsonObject DescribeRouteTables(Ec2Call c)
    {
        c.Authorize("ec2:DescribeRouteTables", "*");
        var ids = c.Ctx.Strings("RouteTableIds").ToList();
        var filters = Ec2Filters.Read(c.Ctx, ["route-table-id", "vpc-id", "association.subnet-id", "association.route-table-association-id", "association.route-table-id", "association.main", "route.destination-cidr-block", "route.gateway-id", "route.nat-gateway-id", "route.state", "route.origin", "owner-id"]);
        var tables = Ec2IdKind.RouteTable.Select(c.State.RouteTables, ids).Where(t => Ec2Filters.Matches(filters, t.Tags, name => name switch
        {
            "route-table-id" => [t.RouteTableId],
            "vpc-id" => [t.VpcId],
            "association.subnet-id" => t.Associations.Select(a => a.SubnetId),
            "association.route-table-association-id" => t.Associations.Select(a => a.AssociationId).Append(t.MainAssociationId),
            "association.route-table-id" => t.Associations.Count > 0 || t.MainAssociationId is not null ? [t.RouteTableId] : [],
            "association.main" => [t.MainAssociationId is not null ? "true" : "false"],
            "route.destination-cidr-block" => t.Routes.Select(r => r.DestinationCidrBlock),
            "route.gateway-id" => t.Routes.Select(r => r.GatewayId),
            "route.nat-gateway-id" => t.Routes.Select(r => r.NatGatewayId),
            "route.state" => t.Routes.Select(r => RouteState(c, t, r)),
            "route.origin" => t.Routes.Select(r => r.Origin),
            "owner-id" => [c.Owner],
            _ => null,
        }));
        return c.Describe("RouteTables", tables, t => t.RouteTableId, t => RouteTableJson(c, t), ids.Count > 0);
    }

    /// <summary>A route through a detached gateway or a gone NAT gateway is a blackhole, as EC2 shows it.</summary>
    private static string RouteState(Ec2Call c, Ec2RouteTable table, Ec2Route route)
    {
        if (route.GatewayId is { } gatewayId && gatewayId != "local")
        {
            return c.State.InternetGateways.TryGetValue(gatewayId, out var gateway) && gateway.VpcId == table.VpcId ? "active" : "blackhole";
        }

        if (route.NatGatewayId is { } natId)
        {
            return c.State.NatGateways.TryGetValue(natId, out var nat) && NatState(c, nat) is "pending" or "available" ? "active" : "blackhole";
        }

        return "active";
    }

    private static JsonObject RouteTableJson(Ec2Call c, Ec2RouteTable table)
    {
        var associations = new JsonArray();
        if (table.MainAssociationId is not null)
        {
            associations.Add(new JsonObject
            {
                ["Main"] = true,
                ["RouteTableAssociationId"] = table.MainAssociationId,
                ["RouteTableId"] = table.RouteTableId,
                ["AssociationState"] = new JsonObject { ["State"] = "associated" },
            });
        }

        foreach (var association in table.Associations)
        {
            associations.Add(new JsonObject
            {
                ["Main"] = false,
                ["RouteTableAssociationId"] = association.AssociationId,
                ["RouteTableId"] = table.RouteTableId,
                ["SubnetId"] = association.SubnetId,
                ["AssociationState"] = new JsonObject { ["State"] = "associated" },
            });
        }

        var routes = new JsonArray();
        foreach (var route in table.Routes)
        {
            var json = new JsonObject { ["DestinationCidrBlock"] = route.DestinationCidrBlock };
            if (route.GatewayId is not null)
            {
                json["GatewayId"] = route.GatewayId;
            }

            if (route.NatGatewayId is not null)
            {
                json["NatGatewayId"] = route.NatGatewayId;
            }

            json["Origin"] = route.Origin;
            json["State"] = RouteState(c, table, route);
            routes.Add(json);
        }

        var result = new JsonObject
        {
            ["Associations"] = associations,
            ["PropagatingVgws"] = new JsonArray(),
            ["RouteTableId"] = table.RouteTableId,
            ["Routes"] = routes,
        };
        Ec2Tags.AddTo(result, table.Tags);
        result["VpcId"] = table.VpcId;
        result["OwnerId"] = c.Owner;
        return result;
    }
}
