using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.Eks;

public sealed partial class EksService
{
    private const int MaxTags = 50;
    private const int DefaultMaxResults = 100;

    private static JsonObject? TagResource(EksCall c)
    {
        var arn = c.Ctx.RequiredString("resourceArn");
        var tags = ReadTags(c.Ctx.Object("tags"), EksErrors.BadRequest);
        c.Ctx.Authorize("eks:TagResource", arn, TagConditions(tags));
        var target = TaggedResource(c, arn);
        foreach (var (key, value) in tags)
        {
            target[key] = value;
        }

        if (target.Count > MaxTags)
        {
            throw EksErrors.BadRequest($"A resource can have at most {MaxTags} tags.");
        }

        return null;
    }

    private static JsonObject? UntagResource(EksCall c)
    {
        var arn = c.Ctx.RequiredString("resourceArn");
        var keys = Strings(c.Ctx.Input["tagKeys"]);
        c.Ctx.Authorize("eks:UntagResource", arn, new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = keys });
        var target = TaggedResource(c, arn);
        foreach (var key in keys)
        {
            target.Remove(key);
        }

        return null;
    }

    private static JsonObject ListTagsForResource(EksCall c)
    {
        var arn = c.Ctx.RequiredString("resourceArn");
        c.Ctx.Authorize("eks:ListTagsForResource", arn);
        var result = new JsonObject();
        AddTags(result, TaggedResource(c, arn));
        return result;
    }

    /// <summary>The tags of a cluster, nodegroup or access entry of this account and region, by ARN.</summary>
    private static Dictionary<string, string> TaggedResource(EksCall c, string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "eks" || !parts[5].Contains('/', StringComparison.Ordinal))
        {
            throw EksErrors.BadRequest($"{arn} is not a valid EKS resource ARN.");
        }

        var notFound = new SandboxException("NotFoundException", $"Resource {arn} was not found.", 404);
        if (parts[3] != c.Region || parts[4] != c.Account.Id)
        {
            throw notFound;
        }

        var resource = parts[5];
        var segments = resource.Split('/');
        if (!c.State.Clusters.TryGetValue(segments.Length > 1 ? segments[1] : "", out var cluster))
        {
            throw notFound;
        }

        return segments[0] switch
        {
            "cluster" when segments.Length == 2 => cluster.Tags,
            "nodegroup" => cluster.Nodegroups.Values.FirstOrDefault(n => n.Arn == arn)?.Tags ?? throw notFound,
            "access-entry" => cluster.AccessEntries.Values.FirstOrDefault(e => e.Arn == arn)?.Tags ?? throw notFound,
            _ => throw notFound,
        };
    }

    private static Dictionary<string, string> ReadTags(JsonObject? map) => ReadTags(map, EksErrors.InvalidParameter);

    private static Dictionary<string, string> ReadTags(JsonObject? map, Func<string, SandboxException> error)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map ?? [])
        {
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw error("Tag keys starting with 'aws:' are reserved for internal use.");
            }

            tags[key] = value?.GetValue<string>() ?? "";
        }

        if (tags.Count > MaxTags)
        {
            throw error($"A resource can have at most {MaxTags} tags.");
        }

        return tags;
    }

    private static Dictionary<string, IReadOnlyList<string>>? TagConditions(Dictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = [.. tags.Keys] };
        foreach (var (key, value) in tags)
        {
            conditions[$"aws:RequestTag/{key}"] = [value];
        }

        return conditions;
    }

    /// <summary>The model's TagMap holds 1 to 50 entries: an untagged resource has no tags member at all.</summary>
    private static void AddTags(JsonObject json, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > 0)
        {
            json["tags"] = TagMap(tags);
        }
    }

    private static JsonObject TagMap(IReadOnlyDictionary<string, string> tags)
    {
        var json = new JsonObject();
        foreach (var (key, value) in tags)
        {
            json[key] = value;
        }

        return json;
    }

    private static (List<T> Items, string? Next) Page<T>(EksCall c, IEnumerable<T> items, Func<T, string> key) =>
        Paging.Page(items, key, c.Ctx.String("nextToken"), c.Ctx.Int("maxResults"), DefaultMaxResults,
            () => EksErrors.InvalidParameter("The nextToken provided is invalid."));
}
