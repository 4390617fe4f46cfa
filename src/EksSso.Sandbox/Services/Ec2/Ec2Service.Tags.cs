using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.Ec2;

public sealed partial class Ec2Service
{
    private static JsonObject CreateTags(Ec2Call c)
    {
        var ids = c.Ctx.Strings("Resources").ToList();
        var tags = Ec2Tags.Read(c.Ctx.Array("Tags"), requireValue: true).ToDictionary(t => t.Key, t => t.Value ?? "", StringComparer.Ordinal);
        var targets = ids.Select(id => (Id: id, Tags: TagsOf(c, id))).ToList();
        foreach (var (id, target) in targets)
        {
            c.Authorize("ec2:CreateTags", c.Arn(target.Kind.ResourceType, id), Ec2Tags.RequestConditions(tags), last: false);
        }

        c.Authorize("ec2:CreateTags", targets.Count > 0 ? c.Arn(targets[0].Tags.Kind.ResourceType, targets[0].Id) : "*", Ec2Tags.RequestConditions(tags));
        foreach (var (_, target) in targets)
        {
            foreach (var (key, value) in tags)
            {
                target.Tags[key] = value;
            }

            if (target.Tags.Count > Ec2Tags.MaxTags)
            {
                throw Ec2Errors.Error("TagLimitExceeded", $"The maximum number of Tags for a resource has been reached. (Limit: {Ec2Tags.MaxTags})");
            }
        }

        return new JsonObject { ["Return"] = true };
    }

    private static JsonObject DeleteTags(Ec2Call c)
    {
        var ids = c.Ctx.Strings("Resources").ToList();
        var tags = Ec2Tags.Read(c.Ctx.Array("Tags"), requireValue: false);
        var targets = ids.Select(id => (Id: id, Tags: TagsOf(c, id))).ToList();
        foreach (var (id, target) in targets)
        {
            c.Authorize("ec2:DeleteTags", c.Arn(target.Kind.ResourceType, id), last: false);
        }

        c.Authorize("ec2:DeleteTags", targets.Count > 0 ? c.Arn(targets[0].Tags.Kind.ResourceType, targets[0].Id) : "*");
        foreach (var (_, target) in targets)
        {
            if (tags.Count == 0)
            {
                // No Tag parameter: EC2 deletes every tag except the aws: ones it owns.
                foreach (var key in target.Tags.Keys.Where(k => !k.StartsWith("aws:", StringComparison.Ordinal)).ToList())
                {
                    target.Tags.Remove(key);
                }

                continue;
            }

            foreach (var (key, value) in tags)
            {
                if (target.Tags.TryGetValue(key, out var current) && (value is null || value == current))
                {
                    target.Tags.Remove(key);
                }
            }
        }

        return new JsonObject { ["Return"] = true };
    }

    private static JsonObject DescribeTags(Ec2Call c)
    {
        c.Authorize("ec2:DescribeTags", "*");
        var filters = Ec2Filters.Read(c.Ctx, ["resource-id", "resource-type", "key", "value"]);
        var s = c.State;
        var all = new List<(string Id, string Type, string Key, string Value)>();
        void Add(string id, string type, Dictionary<string, string> tags) => all.AddRange(tags.Select(t => (id, type, t.Key, t.Value)));
        foreach (var v in s.Vpcs.Values)
        {
            Add(v.VpcId, "vpc", v.Tags);
        }

        foreach (var x in s.Subnets.Values)
        {
            Add(x.SubnetId, "subnet", x.Tags);
        }

        foreach (var x in s.InternetGateways.Values)
        {
            Add(x.InternetGatewayId, "internet-gateway", x.Tags);
        }

        foreach (var x in s.Addresses.Values)
        {
            Add(x.AllocationId, "elastic-ip", x.Tags);
        }

        foreach (var x in s.NatGateways.Values)
        {
            Add(x.NatGatewayId, "natgateway", x.Tags);
        }

        foreach (var x in s.RouteTables.Values)
        {
            Add(x.RouteTableId, "route-table", x.Tags);
        }

        foreach (var x in s.SecurityGroups.Values)
        {
            Add(x.GroupId, "security-group", x.Tags);
        }

        var selected = all.Where(t => Ec2Filters.Matches(filters, new Dictionary<string, string> { [t.Key] = t.Value }, name => name switch
        {
            "resource-id" => [t.Id],
            "resource-type" => [t.Type],
            "key" => [t.Key],
            "value" => [t.Value],
            _ => null,
        }));
        return c.Describe("Tags", selected, t => $"{t.Id}\u0000{t.Key}", t => new JsonObject
        {
            ["Key"] = t.Key,
            ["ResourceId"] = t.Id,
            ["ResourceType"] = t.Type,
            ["Value"] = t.Value,
        }, idsGiven: false);
    }

    /// <summary>The tag set of any taggable resource, found by its id's prefix.</summary>
    private static (Ec2IdKind Kind, Dictionary<string, string> Tags) TagsOf(Ec2Call c, string id)
    {
        var s = c.State;
        var prefix = id.Contains('-', StringComparison.Ordinal) ? id[..id.IndexOf('-', StringComparison.Ordinal)] : "";
        var kind = Ec2IdKind.Taggable.FirstOrDefault(k => k.Prefix == prefix)
            ?? throw Ec2Errors.Error("InvalidID", $"The ID '{id}' is not valid");
        Dictionary<string, string> tags = prefix switch
        {
            "vpc" => kind.Find(s.Vpcs, id).Tags,
            "subnet" => kind.Find(s.Subnets, id).Tags,
            "igw" => kind.Find(s.InternetGateways, id).Tags,
            "eipalloc" => kind.Find(s.Addresses, id).Tags,
            "nat" => kind.Find(s.NatGateways, id).Tags,
            "rtb" => kind.Find(s.RouteTables, id).Tags,
            _ => kind.Find(s.SecurityGroups, id).Tags,
        };
        return (kind, tags);
    }
}

/// <summary>EC2 tags: TagSpecifications on create, tag limits, the request-tag condition keys, the tagSet reply.</summary>
internal static class Ec2Tags
{
    public const int MaxTags = 50;

    /// <summary>Key → value (null when a DeleteTags entry names only the key).</summary>
    public static Dictionary<string, string?> Read(JsonArray? tags, bool requireValue)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            var key = tag!["Key"]?.GetValue<string>() ?? throw Ec2Errors.InvalidParameterValue("Tag key must not be null");
            var value = tag["Value"]?.GetValue<string>();
            if (key.Length is 0 or > 128)
            {
                throw Ec2Errors.InvalidParameterValue($"Tag key exceeds the maximum length of 128 characters");
            }

            if (value is { Length: > 256 })
            {
                throw Ec2Errors.InvalidParameterValue($"Tag value exceeds the maximum length of 256 characters");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw Ec2Errors.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
            }

            result[key] = requireValue ? value ?? "" : value;
        }

        if (result.Count > MaxTags)
        {
            throw Ec2Errors.Error("TagLimitExceeded", $"The maximum number of Tags for a resource has been reached. (Limit: {MaxTags})");
        }

        return result;
    }

    /// <summary>The tags of TagSpecifications for <paramref name="resourceType"/>; a specification for another type is refused.</summary>
    public static Dictionary<string, string> FromSpecifications(OperationContext ctx, string resourceType)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in ctx.Array("TagSpecifications") ?? [])
        {
            var type = spec!["ResourceType"]?.GetValue<string>()
                ?? throw Ec2Errors.InvalidParameterValue("Tag specification resource type must have a value");
            if (type != resourceType)
            {
                throw Ec2Errors.InvalidParameterValue($"'{type}' is not a valid taggable resource type for this operation.");
            }

            foreach (var (key, value) in Read(spec["Tags"] as JsonArray, requireValue: true))
            {
                result[key] = value!;
            }
        }

        return result;
    }

    public static Dictionary<string, IReadOnlyList<string>> RequestConditions(IReadOnlyDictionary<string, string> tags)
    {
        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (tags.Count == 0)
        {
            return conditions;
        }

        conditions["aws:TagKeys"] = [.. tags.Keys];
        foreach (var (key, value) in tags)
        {
            conditions[$"aws:RequestTag/{key}"] = [value];
        }

        return conditions;
    }

    public static void AddTo(JsonObject json, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > 0)
        {
            json["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        }
    }
}
