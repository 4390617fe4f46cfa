using System.Globalization;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.Ec2;

public sealed partial class Ec2Service
{
    private static JsonObject CreateSecurityGroup(Ec2Call c)
    {
        var name = c.Ctx.RequiredString("GroupName");
        var description = c.Ctx.RequiredString("Description");
        var vpcId = c.Ctx.String("VpcId");
        var tags = c.AuthorizeCreate("ec2:CreateSecurityGroup", "security-group", c.Arn("security-group", "*"), vpcId is null ? null : c.Arn("vpc", vpcId));
        if (vpcId is null)
        {
            throw Ec2Errors.Error("VPCIdNotSpecified", "No default VPC for this user");
        }

        Ec2IdKind.Vpc.Find(c.State.Vpcs, vpcId);
        if (name.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
        {
            throw Ec2Errors.InvalidParameterValue("Group names may not be in the format sg-*.");
        }

        if (name == "default")
        {
            throw Ec2Errors.Error("InvalidGroup.Reserved", "The security group 'default' is reserved");
        }

        if (c.State.SecurityGroups.Values.Any(g => g.VpcId == vpcId && g.GroupName == name))
        {
            throw Ec2Errors.Error("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpcId}'");
        }

        var group = new Ec2SecurityGroup
        {
            GroupId = Ec2IdKind.SecurityGroup.NewId(),
            GroupName = name,
            Description = description,
            VpcId = vpcId,
            Tags = tags,
        };
        group.Rules.Add(new Ec2SecurityGroupRule { RuleId = NewRuleId(), IsEgress = true, IpProtocol = "-1", CidrIpv4 = "0.0.0.0/0" });
        c.State.SecurityGroups[group.GroupId] = group;
        var result = new JsonObject { ["GroupId"] = group.GroupId };
        Ec2Tags.AddTo(result, group.Tags);
        result["SecurityGroupArn"] = c.Arn("security-group", group.GroupId);
        return result;
    }

    private static JsonObject DescribeSecurityGroups(Ec2Call c)
    {
        c.Authorize("ec2:DescribeSecurityGroups", "*");
        var ids = c.Ctx.Strings("GroupIds").ToList();
        var names = c.Ctx.Strings("GroupNames").ToList();
        foreach (var name in names.Where(n => c.State.SecurityGroups.Values.All(g => g.GroupName != n)))
        {
            throw Ec2Errors.Error("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC 'none'");
        }

        var filters = Ec2Filters.Read(c.Ctx, ["group-id", "group-name", "vpc-id", "description", "owner-id", "ip-permission.cidr", "ip-permission.group-id", "ip-permission.protocol", "egress.ip-permission.cidr"]);
        var groups = Ec2IdKind.SecurityGroup.Select(c.State.SecurityGroups, ids)
            .Where(g => names.Count == 0 || names.Contains(g.GroupName))
            .Where(g => Ec2Filters.Matches(filters, g.Tags, name => name switch
            {
                "group-id" => [g.GroupId],
                "group-name" => [g.GroupName],
                "vpc-id" => [g.VpcId],
                "description" => [g.Description],
                "owner-id" => [c.Owner],
                "ip-permission.cidr" => g.Rules.Where(r => !r.IsEgress).Select(r => r.CidrIpv4),
                "ip-permission.group-id" => g.Rules.Where(r => !r.IsEgress).Select(r => r.ReferencedGroupId),
                "ip-permission.protocol" => g.Rules.Where(r => !r.IsEgress).Select(r => r.IpProtocol),
                "egress.ip-permission.cidr" => g.Rules.Where(r => r.IsEgress).Select(r => r.CidrIpv4),
                _ => null,
            }));
        return c.Describe("SecurityGroups", groups, g => g.GroupId, g => SecurityGroupJson(c, g), ids.Count > 0 || names.Count > 0);
    }

    private static JsonObject AuthorizeSecurityGroupIngress(Ec2Call c)
    {
        var groupId = c.Ctx.String("GroupId");
        c.Authorize("ec2:AuthorizeSecurityGroupIngress", c.Arn("security-group", groupId ?? "*"));
        if (groupId is null)
        {
            throw Ec2Errors.Missing("GroupId");
        }

        var group = Ec2IdKind.SecurityGroup.Find(c.State.SecurityGroups, groupId);
        var rules = RequestedRules(c);
        if (rules.Count == 0)
        {
            throw Ec2Errors.Missing("IpPermissions");
        }

        foreach (var rule in rules)
        {
            if (group.Rules.Any(r => !r.IsEgress && r.IpProtocol == rule.IpProtocol && r.FromPort == rule.FromPort && r.ToPort == rule.ToPort
                && r.CidrIpv4 == rule.CidrIpv4 && r.ReferencedGroupId == rule.ReferencedGroupId))
            {
                var peer = rule.CidrIpv4 ?? rule.ReferencedGroupId;
                var protocol = rule.IpProtocol == "-1" ? "ALL" : rule.IpProtocol.ToUpperInvariant();
                throw Ec2Errors.Error("InvalidPermission.Duplicate",
                    $"the specified rule \"peer: {peer}, {protocol}, from port: {rule.FromPort}, to port: {rule.ToPort}, ALLOW\" already exists");
            }
        }

        group.Rules.AddRange(rules);
        return new JsonObject
        {
            ["Return"] = true,
            ["SecurityGroupRules"] = new JsonArray([.. rules.Select(r =>
            {
                var json = new JsonObject
                {
                    ["SecurityGroupRuleId"] = r.RuleId,
                    ["GroupId"] = group.GroupId,
                    ["GroupOwnerId"] = c.Owner,
                    ["IsEgress"] = false,
                    ["IpProtocol"] = r.IpProtocol,
                    ["FromPort"] = r.FromPort ?? -1,
                    ["ToPort"] = r.ToPort ?? -1,
                };
                if (r.CidrIpv4 is not null)
                {
                    json["CidrIpv4"] = r.CidrIpv4;
                }

                if (r.ReferencedGroupId is not null)
                {
                    json["ReferencedGroupInfo"] = new JsonObject { ["GroupId"] = r.ReferencedGroupId, ["UserId"] = c.Owner };
                }

                if (r.Description is not null)
                {
                    json["Description"] = r.Description;
                }

                json["SecurityGroupRuleArn"] = c.Arn("security-group-rule", r.RuleId);
                return (JsonNode)json;
            })]),
        };
    }

    private static JsonObject DeleteSecurityGroup(Ec2Call c)
    {
        var groupId = c.Ctx.String("GroupId");
        var groupName = c.Ctx.String("GroupName");
        c.Authorize("ec2:DeleteSecurityGroup", c.Arn("security-group", groupId ?? "*"));
        Ec2SecurityGroup group;
        if (groupId is not null)
        {
            group = Ec2IdKind.SecurityGroup.Find(c.State.SecurityGroups, groupId);
        }
        else if (groupName is not null)
        {
            group = c.State.SecurityGroups.Values.FirstOrDefault(g => g.GroupName == groupName)
                ?? throw Ec2Errors.Error("InvalidGroup.NotFound", $"The security group '{groupName}' does not exist in default VPC 'none'");
        }
        else
        {
            throw Ec2Errors.Missing("GroupId");
        }

        if (group.GroupName == "default")
        {
            throw Ec2Errors.Error("CannotDelete", $"the specified group: \"{group.GroupId}\" name: \"default\" cannot be deleted by a user");
        }

        var referenced = c.State.SecurityGroups.Values.Any(g => g.GroupId != group.GroupId && g.Rules.Any(r => r.ReferencedGroupId == group.GroupId));
        if (group.ManagedBy is not null || referenced || c.Eks.SecurityGroupIds.Contains(group.GroupId))
        {
            throw Ec2Errors.DependencyViolation($"resource {group.GroupId} has a dependent object");
        }

        c.State.SecurityGroups.Remove(group.GroupId);
        return new JsonObject { ["Return"] = true, ["GroupId"] = group.GroupId };
    }

    internal static string NewRuleId() => $"sgr-{SandboxHost.RandomHex(17)}";

    /// <summary>The rules of an authorize request: IpPermissions, or the flat CidrIp/IpProtocol/FromPort/ToPort form.</summary>
    private static List<Ec2SecurityGroupRule> RequestedRules(Ec2Call c)
    {
        var rules = new List<Ec2SecurityGroupRule>();
        foreach (var permission in c.Ctx.Array("IpPermissions") ?? [])
        {
            var (protocol, from, to) = Ports(
                permission!["IpProtocol"]?.GetValue<string>() ?? throw Ec2Errors.Missing("IpPermissions.IpProtocol"),
                InputValues.Int(permission["FromPort"]),
                InputValues.Int(permission["ToPort"]));
            foreach (var range in permission["IpRanges"] as JsonArray ?? [])
            {
                var cidr = range!["CidrIp"]?.GetValue<string>() ?? throw Ec2Errors.Missing("IpRanges.CidrIp");
                rules.Add(Rule(protocol, from, to, ValidCidr(cidr), null, range["Description"]?.GetValue<string>()));
            }

            foreach (var pair in permission["UserIdGroupPairs"] as JsonArray ?? [])
            {
                var peer = pair!["GroupId"]?.GetValue<string>() ?? throw Ec2Errors.Missing("UserIdGroupPairs.GroupId");
                Ec2IdKind.SecurityGroup.Find(c.State.SecurityGroups, peer);
                rules.Add(Rule(protocol, from, to, null, peer, pair["Description"]?.GetValue<string>()));
            }

            if (permission["Ipv6Ranges"] is JsonArray { Count: > 0 } || permission["PrefixListIds"] is JsonArray { Count: > 0 })
            {
                throw Ec2Errors.InvalidParameterValue("The sandbox supports IPv4 CIDR and security group peers only.");
            }
        }

        if (c.Ctx.String("IpProtocol") is { } flatProtocol)
        {
            var (protocol, from, to) = Ports(flatProtocol, c.Ctx.Int("FromPort"), c.Ctx.Int("ToPort"));
            var cidr = c.Ctx.String("CidrIp") ?? throw Ec2Errors.Missing("CidrIp");
            rules.Add(Rule(protocol, from, to, ValidCidr(cidr), null, null));
        }

        return rules;

        static Ec2SecurityGroupRule Rule(string protocol, int? from, int? to, string? cidr, string? group, string? description) => new()
        {
            RuleId = NewRuleId(),
            IpProtocol = protocol,
            FromPort = from,
            ToPort = to,
            CidrIpv4 = cidr,
            ReferencedGroupId = group,
            Description = description,
        };

        static string ValidCidr(string cidr) =>
            Cidr.TryParse(cidr, out var parsed) ? parsed.ToString() : throw Ec2Errors.InvalidParameterValue($"CIDR block {cidr} is malformed");
    }

    private static (string Protocol, int? From, int? To) Ports(string protocol, int? from, int? to)
    {
        var normalized = protocol.ToLowerInvariant() switch
        {
            "6" => "tcp",
            "17" => "udp",
            "1" => "icmp",
            "all" => "-1",
            var p => p,
        };
        switch (normalized)
        {
            case "-1":
                return ("-1", null, null);
            case "tcp" or "udp":
                if (from is not { } f || to is not { } t || f is < 0 or > 65535 || t is < 0 or > 65535 || f > t)
                {
                    throw Ec2Errors.InvalidParameterValue($"Invalid value for portRange. Must specify both from and to ports with TCP/UDP.");
                }

                return (normalized, f, t);
            case "icmp":
                return (normalized, from ?? -1, to ?? -1);
            default:
                if (int.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 255)
                {
                    return (normalized, from, to);
                }

                throw Ec2Errors.InvalidParameterValue($"Invalid value '{protocol}' for IP protocol. Unknown protocol.");
        }
    }

    private static JsonObject SecurityGroupJson(Ec2Call c, Ec2SecurityGroup group)
    {
        var json = new JsonObject
        {
            ["GroupId"] = group.GroupId,
            ["IpPermissionsEgress"] = Permissions(c, group.Rules.Where(r => r.IsEgress)),
        };
        Ec2Tags.AddTo(json, group.Tags);
        json["VpcId"] = group.VpcId;
        json["SecurityGroupArn"] = c.Arn("security-group", group.GroupId);
        json["OwnerId"] = c.Owner;
        json["GroupName"] = group.GroupName;
        json["Description"] = group.Description;
        json["IpPermissions"] = Permissions(c, group.Rules.Where(r => !r.IsEgress));
        return json;
    }

    /// <summary>Rules grouped into EC2's IpPermission shape: one entry per protocol and port range.</summary>
    private static JsonArray Permissions(Ec2Call c, IEnumerable<Ec2SecurityGroupRule> rules) =>
        [.. rules.GroupBy(r => (r.IpProtocol, r.FromPort, r.ToPort)).Select(g =>
        {
            var json = new JsonObject { ["IpProtocol"] = g.Key.IpProtocol };
            if (g.Key.FromPort is { } from)
            {
                json["FromPort"] = from;
            }

            if (g.Key.ToPort is { } to)
            {
                json["ToPort"] = to;
            }

            json["UserIdGroupPairs"] = new JsonArray([.. g.Where(r => r.ReferencedGroupId is not null).Select(r =>
            {
                var pair = new JsonObject { ["UserId"] = c.Owner, ["GroupId"] = r.ReferencedGroupId };
                if (r.Description is not null)
                {
                    pair["Description"] = r.Description;
                }

                return (JsonNode)pair;
            })]);
            json["IpRanges"] = new JsonArray([.. g.Where(r => r.CidrIpv4 is not null).Select(r =>
            {
                var range = new JsonObject { ["CidrIp"] = r.CidrIpv4 };
                if (r.Description is not null)
                {
                    range["Description"] = r.Description;
                }

                return (JsonNode)range;
            })]);
            json["Ipv6Ranges"] = new JsonArray();
            json["PrefixListIds"] = new JsonArray();
            return (JsonNode)json;
        })];
}
