using System.Globalization;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// The three patch formats kube-apiserver takes for built-in types: JSON Patch (RFC 6902), JSON Merge Patch
/// (RFC 7386) and strategic merge patch, reduced to what ConfigMaps and RBAC objects need (maps merge, lists are
/// replaced, null deletes, <c>$patch: replace|delete</c> on maps, other directives ignored).
/// </summary>
public static class KubePatch
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static readonly IReadOnlyList<string> Supported = [JsonPatch, MergePatch, StrategicMergePatch];

    /// <summary>Applies a patch of <paramref name="contentType"/> to a copy of <paramref name="target"/>.</summary>
    public static JsonObject Apply(string? contentType, JsonObject target, JsonNode? patch)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        JsonNode? result = mediaType switch
        {
            JsonPatch => ApplyJsonPatch(target.DeepClone(), patch as JsonArray ?? throw KubeStatusException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
            MergePatch => ApplyMergePatch(target.DeepClone(), patch ?? throw KubeStatusException.BadRequest("the patch is empty")),
            StrategicMergePatch => ApplyStrategicMergePatch(target.DeepClone(), patch as JsonObject ?? throw KubeStatusException.BadRequest("the strategic merge patch must be a JSON object")),
            _ => throw KubeStatusException.UnsupportedMediaType(Supported),
        };
        return result as JsonObject ?? throw KubeStatusException.BadRequest("the patched document is not an object");
    }

    /// <summary>RFC 7386: objects merge recursively, null removes, anything else replaces.</summary>
    public static JsonNode? ApplyMergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = ApplyMergePatch(result[key]?.DeepClone(), value);
                result[key] = merged;
            }
        }

        return result;
    }

    /// <summary>Strategic merge for types without merge keys in the fields the sandbox serves.</summary>
    public static JsonNode? ApplyStrategicMergePatch(JsonNode? target, JsonObject patch)
    {
        switch (patch["$patch"]?.GetValue<string>())
        {
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                StripDirectives(replacement);
                return replacement;
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child)
            {
                var merged = ApplyStrategicMergePatch(result[key]?.DeepClone(), child);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = merged;
                }
            }
            else if (value is JsonArray list)
            {
                var replaced = new JsonArray();
                foreach (var item in list)
                {
                    if (item is JsonObject o && o["$patch"] is not null)
                    {
                        continue;
                    }

                    var copy = item?.DeepClone();
                    if (copy is JsonObject c)
                    {
                        StripDirectives(c);
                    }

                    replaced.Add(copy);
                }

                result[key] = replaced;
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>RFC 6902 with RFC 6901 pointers: add, remove, replace, move, copy, test.</summary>
    public static JsonNode? ApplyJsonPatch(JsonNode? document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document };
        foreach (var node in operations)
        {
            var operation = node as JsonObject ?? throw KubeStatusException.BadRequest("json: cannot unmarshal a patch operation that is not an object");
            var op = operation["op"]?.GetValue<string>() ?? throw KubeStatusException.BadRequest("Unexpected kind: missing op");
            var path = operation["path"]?.GetValue<string>() ?? throw KubeStatusException.BadRequest($"{op} operation: missing path");
            switch (op)
            {
                case "add":
                    Add(root, path, Value(operation, op));
                    break;
                case "remove":
                    Remove(root, path, op);
                    break;
                case "replace":
                    Replace(root, path, Value(operation, op));
                    break;
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? throw KubeStatusException.BadRequest("move operation: missing from");
                    Add(root, path, Remove(root, from, op));
                    break;
                case "copy":
                    var source = operation["from"]?.GetValue<string>() ?? throw KubeStatusException.BadRequest("copy operation: missing from");
                    Add(root, path, Resolve(root, source, op)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(root, path, op), Value(operation, op)))
                    {
                        throw Unprocessable($"testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw KubeStatusException.BadRequest($"Unexpected kind: {op}");
            }
        }

        return root["doc"];
    }

    private static JsonNode? Value(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw KubeStatusException.BadRequest($"{op} operation: missing value");

    private static (JsonNode Parent, string Token) Parent(JsonObject root, string path, string op)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            throw KubeStatusException.BadRequest($"{op} operation: invalid JSON pointer \"{path}\"");
        }

        var tokens = new List<string> { "doc" };
        tokens.AddRange(path.Length == 0 ? [] : path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));
        JsonNode current = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            current = Child(current, token) ?? throw Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Resolve(JsonObject root, string path, string op)
    {
        var (parent, token) = Parent(root, path, op);
        return parent switch
        {
            JsonObject o when o.ContainsKey(token) => o[token],
            JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
            _ => throw Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value"),
        };
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Parent(root, path, "add");
        switch (parent)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    /// <summary>Replaces in place: a replaced member keeps its position.</summary>
    private static void Replace(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Parent(root, path, "replace");
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token):
                o[token] = value;
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a[i] = value;
                break;
            default:
                throw Unprocessable($"replace operation does not apply: doc is missing key: {path}: missing value");
        }
    }

    private static JsonNode? Remove(JsonObject root, string path, string op)
    {
        var (parent, token) = Parent(root, path, op);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token):
                var value = o[token];
                o.Remove(token);
                return value;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static void StripDirectives(JsonObject obj)
    {
        foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
        {
            obj.Remove(key);
        }

        foreach (var (_, value) in obj)
        {
            if (value is JsonObject child)
            {
                StripDirectives(child);
            }
        }
    }

    private static KubeStatusException Unprocessable(string message) => new(422, "Invalid", message);
}
