using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Model;

public sealed partial class ModelCodec
{
    /// <summary>
    /// Reads a JSON 1.1 (or REST body) request. Body keys are mapped from their wire name (locationName, rarely set)
    /// to member names; keys the shape does not define are kept as sent so <see cref="Validate"/> reports them.
    /// An empty body reads as <c>{}</c>.
    /// </summary>
    /// <exception cref="ModelValidationException">The body is not a JSON object (code SerializationException).</exception>
    public JsonObject ReadJson(OperationModel op, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(op);
        var problems = new List<ModelViolation>();
        var result = ParseJsonBody(body, op.Input, problems);
        ThrowIfAny(problems);
        return result;
    }

    /// <summary>
    /// Reads a REST request: <c>uri</c> members from <paramref name="labels"/>, <c>querystring</c> members from
    /// <paramref name="query"/> (repeated keys for lists), <c>header</c> members through <paramref name="header"/>,
    /// each converted to the member's type; the other members from the JSON body. Auth parameters
    /// (<c>X-Amz-*</c>) and the operation's literal query keys are ignored; any other unknown query parameter, or a
    /// body key that names a non-body member, is rejected.
    /// </summary>
    public JsonObject ReadRest(
        OperationModel op,
        IReadOnlyDictionary<string, string> labels,
        IEnumerable<KeyValuePair<string, string>> query,
        Func<string, string?> header,
        ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(header);
        var problems = new List<ModelViolation>();
        var shape = op.Input;
        JsonObject result;
        var payload = shape?.Payload is { } payloadName ? shape.FindMember(payloadName) : null;
        if (payload is not null)
        {
            result = [];
            if (!IsBlank(body))
            {
                result[payload.Name] = payload.Shape.Type switch
                {
                    "blob" => JsonValue.Create(Convert.ToBase64String(body)),
                    "string" => JsonValue.Create(Encoding.UTF8.GetString(body)),
                    _ => ParseJsonBody(body, payload.Shape, problems),
                };
            }
        }
        else
        {
            result = ParseJsonBody(body, shape, problems);
        }

        var queryGroups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) || op.LiteralQuery.Any(l => l.Key == key))
            {
                continue;
            }

            if (!queryGroups.TryGetValue(key, out var values))
            {
                queryGroups[key] = values = [];
            }

            values.Add(value);
        }

        MemberModel? queryMap = null;
        foreach (var m in shape?.Members ?? [])
        {
            if (m.Location is null)
            {
                continue;
            }

            if (payload is null && result.ContainsKey(m.Name))
            {
                // The body spelled a URI/query/header member: it has no body representation.
                problems.Add(new(ViolationKind.Unknown, m.CamelName, $"The request body must not contain '{m.Name}': the member is sent in the {m.Location}."));
                result.Remove(m.Name);
            }

            var wire = m.LocationName ?? m.Name;
            switch (m.Location)
            {
                case "uri":
                    if (labels.TryGetValue(wire, out var label))
                    {
                        result[m.Name] = ConvertScalar(label, m.Shape);
                    }

                    break;
                case "querystring":
                    if (m.Shape.IsMap)
                    {
                        queryMap = m;
                    }
                    else if (queryGroups.Remove(wire, out var values))
                    {
                        if (m.Shape.IsList)
                        {
                            var array = new JsonArray();
                            foreach (var v in values)
                            {
                                array.Add(ConvertScalar(v, m.Shape.Member!.Shape));
                            }

                            result[m.Name] = array;
                        }
                        else if (values.Count > 1)
                        {
                            problems.Add(new(ViolationKind.Malformed, m.CamelName, $"The query parameter '{wire}' must not be repeated."));
                        }
                        else
                        {
                            result[m.Name] = ConvertScalar(values[0], m.Shape);
                        }
                    }

                    break;
                case "header":
                    if (header(wire) is { } raw)
                    {
                        if (m.Shape.IsList)
                        {
                            var array = new JsonArray();
                            foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                            {
                                array.Add(ConvertScalar(part, m.Shape.Member!.Shape));
                            }

                            result[m.Name] = array;
                        }
                        else
                        {
                            result[m.Name] = ConvertScalar(raw, m.Shape);
                        }
                    }

                    break;

                // "headers" (a prefix map) would need every header name, which the callback cannot list; none of
                // the sandbox's models has one.
            }
        }

        if (queryMap is not null)
        {
            // A querystring map takes every parameter no other member claimed.
            var map = new JsonObject();
            foreach (var (key, values) in queryGroups)
            {
                if (queryMap.Shape.Value!.Shape.IsList)
                {
                    map[key] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                }
                else
                {
                    map[key] = values[^1];
                }
            }

            result[queryMap.Name] = map;
        }
        else
        {
            foreach (var key in queryGroups.Keys)
            {
                problems.Add(new(ViolationKind.Unknown, key, $"The query parameter '{key}' is not defined for {op.Name}."));
            }
        }

        ThrowIfAny(problems);
        return result;
    }

    /// <summary>
    /// Reads a query-protocol (IAM, STS) or EC2 request from its decoded form/query pairs. Query: <c>Name</c>,
    /// <c>Parent.Child</c>, lists <c>Name.member.N</c> (flattened <c>Name.N</c>), maps <c>Name.entry.N.key</c>/<c>.value</c>.
    /// EC2: lists are always <c>Name.N</c> and segments use the EC2 wire name (queryName, else capitalised
    /// locationName, else the member name). <c>Action</c>, <c>Version</c> and <c>X-Amz-*</c> are ignored.
    /// Values are converted to the member's type when they parse; otherwise they stay strings for
    /// <see cref="Validate"/> to report. Unknown keys are kept (as sent) for <see cref="Validate"/>.
    /// </summary>
    public JsonObject ReadQuery(OperationModel op, IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<ModelViolation>();
        var root = new QueryNode();
        foreach (var (key, value) in form)
        {
            if (key is "Action" or "Version" || key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) || key.Length == 0)
            {
                continue;
            }

            var node = root;
            foreach (var segment in key.Split('.'))
            {
                node.Children ??= new Dictionary<string, QueryNode>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(segment, out var child))
                {
                    node.Children[segment] = child = new QueryNode();
                }

                node = child;
            }

            if (node.Value is not null)
            {
                problems.Add(new(ViolationKind.Malformed, key, $"The parameter '{key}' must not be repeated."));
            }

            node.Value = value;
        }

        var result = new JsonObject();
        if (op.Input is { } shape)
        {
            ReadQueryStructure(root, shape, "", result, problems);
        }
        else if (root.Children is not null)
        {
            foreach (var (segment, child) in root.Children)
            {
                result[segment] = Generic(child);
            }
        }

        ThrowIfAny(problems);
        return result;
    }

    private static JsonObject ParseJsonBody(ReadOnlySpan<byte> body, ShapeModel? shape, List<ModelViolation> problems)
    {
        if (IsBlank(body))
        {
            return [];
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            problems.Add(new(ViolationKind.Serialization, "", "The request body is not valid JSON: " + ex.Message));
            return [];
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(ViolationKind.Serialization, "", $"The request body must be a JSON object, not {doc.RootElement.ValueKind}."));
                return [];
            }

            return (JsonObject)FromElement(doc.RootElement, shape, "", problems)!;
        }
    }

    // Copies a parsed element into a node tree, renaming body members from their JSON name to the member name.
    private static JsonNode? FromElement(JsonElement e, ShapeModel? shape, string path, List<ModelViolation> problems)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var obj = new JsonObject();
                var structure = shape is { IsStructure: true, IsDocument: false } ? shape : null;
                var mapValue = shape is { IsMap: true } ? shape.Value!.Shape : null;
                var document = shape is { IsDocument: true };
                foreach (var p in e.EnumerateObject())
                {
                    var member = structure?.FindJsonMember(p.Name);
                    var key = member?.Name ?? p.Name;
                    if (member is null && structure?.FindMember(p.Name) is { Location: null })
                    {
                        // A body member sent under its member name instead of its locationName.
                        problems.Add(new(ViolationKind.Unknown, Join(path, p.Name), $"The member '{p.Name}' must be sent as '{structure.FindMember(p.Name)!.LocationName}'."));
                        continue;
                    }

                    if (obj.ContainsKey(key))
                    {
                        problems.Add(new(ViolationKind.Serialization, Join(path, p.Name), $"The JSON object repeats the key '{p.Name}'."));
                        continue;
                    }

                    var child = document ? shape : member?.Shape ?? mapValue;
                    obj[key] = FromElement(p.Value, child, Join(path, p.Name), problems);
                }

                return obj;
            }

            case JsonValueKind.Array:
            {
                var array = new JsonArray();
                var item = shape is { IsList: true } ? shape.Member!.Shape : shape is { IsDocument: true } ? shape : null;
                var i = 0;
                foreach (var element in e.EnumerateArray())
                {
                    array.Add(FromElement(element, item, Join(path, (++i).ToString(CultureInfo.InvariantCulture)), problems));
                }

                return array;
            }

            case JsonValueKind.String:
                return JsonValue.Create(e.GetString());
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var l))
                {
                    return JsonValue.Create(l);
                }

                if (e.TryGetDouble(out var d) && double.IsFinite(d))
                {
                    return JsonValue.Create(d);
                }

                problems.Add(new(ViolationKind.Serialization, path, $"The number {e.GetRawText()} is out of range."));
                return null;
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>A URI label, query or header string as the member's type, or the raw string when it does not parse.</summary>
    private static JsonValue ConvertScalar(string raw, ShapeModel shape)
    {
        switch (shape.Type)
        {
            case "integer":
            case "long":
                return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? JsonValue.Create(l)
                    : JsonValue.Create(raw);
            case "float":
            case "double":
                return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? JsonValue.Create(d)
                    : JsonValue.Create(raw);
            case "boolean":
                return raw switch
                {
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    _ => JsonValue.Create(raw),
                };
            default:
                // Strings, enums, timestamps (validated as ISO 8601 / RFC 1123 / epoch text) and base64 blobs.
                return JsonValue.Create(raw);
        }
    }

    private void ReadQueryStructure(QueryNode node, ShapeModel shape, string wirePath, JsonObject target, List<ModelViolation> problems)
    {
        if (node.Children is null)
        {
            return;
        }

        foreach (var (segment, child) in node.Children)
        {
            var member = _protocol == WireProtocol.Ec2 ? shape.FindEc2Member(segment) : shape.FindQueryMember(segment);
            if (member is null)
            {
                if (shape.FindMember(segment) is not null)
                {
                    // A member name that is not its wire name (EC2 "Filters" is sent as "Filter"): storing it under
                    // the member name would pass it off as the real member.
                    problems.Add(UnknownViolation(Join(wirePath, segment), $"{shape.Name} spells it differently on the wire"));
                    continue;
                }

                // Kept under the wire segment so Validate names it as sent.
                target[segment] = Generic(child);
                continue;
            }

            target[member.Name] = ReadQueryValue(child, member, member.Shape, Join(wirePath, segment), problems);
        }
    }

    private JsonNode? ReadQueryValue(QueryNode node, MemberModel? reference, ShapeModel shape, string wirePath, List<ModelViolation> problems)
    {
        if (node.Children is null)
        {
            var raw = node.Value ?? "";
            // The query protocol sends an empty list as "Name=" (botocore does).
            return shape.IsList && raw.Length == 0 ? new JsonArray()
                : shape.IsMap && raw.Length == 0 ? new JsonObject()
                : (shape.IsStructure && !shape.IsDocument) || shape.IsList || shape.IsMap ? JsonValue.Create(raw)
                : ConvertScalar(raw, shape);
        }

        if (node.Value is not null)
        {
            problems.Add(new(ViolationKind.Malformed, wirePath, $"The parameter '{wirePath}' has both a value and nested parameters."));
        }

        if (shape.IsStructure && !shape.IsDocument)
        {
            var obj = new JsonObject();
            ReadQueryStructure(node, shape, wirePath, obj, problems);
            return obj;
        }

        var flattened = _protocol == WireProtocol.Ec2 || shape.Flattened || reference?.Flattened == true;
        if (shape.IsList)
        {
            var items = Indexed(node, flattened ? null : shape.Member!.LocationName ?? "member", wirePath, problems);
            var array = new JsonArray();
            foreach (var (index, item) in items)
            {
                array.Add(ReadQueryValue(item, shape.Member, shape.Member!.Shape, wirePath + "." + index, problems));
            }

            return array;
        }

        if (shape.IsMap)
        {
            var keyName = shape.Key!.LocationName ?? "key";
            var valueName = shape.Value!.LocationName ?? "value";
            var map = new JsonObject();
            foreach (var (index, entry) in Indexed(node, flattened ? null : "entry", wirePath, problems))
            {
                var entryPath = wirePath + "." + index;
                if (entry.Children?.GetValueOrDefault(keyName)?.Value is not { } key)
                {
                    problems.Add(new(ViolationKind.Malformed, entryPath, $"The map entry '{entryPath}' has no '{keyName}'."));
                    continue;
                }

                var value = entry.Children.GetValueOrDefault(valueName);
                if (map.ContainsKey(key))
                {
                    problems.Add(new(ViolationKind.Malformed, entryPath, $"The map key '{key}' is repeated."));
                    continue;
                }

                map[key] = value is null ? null : ReadQueryValue(value, shape.Value, shape.Value.Shape, entryPath + "." + valueName, problems);
            }

            return map;
        }

        // A scalar with nested parameters: keep the nesting so Validate reports the type.
        return Generic(node);
    }

    // The numbered children of a list/map node, in index order. 'wrapper' is "member"/"entry" for non-flattened.
    private static List<(int Index, QueryNode Node)> Indexed(QueryNode node, string? wrapper, string wirePath, List<ModelViolation> problems)
    {
        var result = new List<(int, QueryNode)>();
        var container = node;
        if (wrapper is not null)
        {
            foreach (var key in node.Children!.Keys)
            {
                if (key != wrapper)
                {
                    problems.Add(new(ViolationKind.Malformed, wirePath + "." + key, $"The parameter '{wirePath}.{key}' is not valid: expected '{wirePath}.{wrapper}.N'."));
                }
            }

            container = node.Children.GetValueOrDefault(wrapper);
            if (container?.Children is null)
            {
                return result;
            }
        }

        foreach (var (key, child) in container.Children!)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1)
            {
                result.Add((index, child));
            }
            else
            {
                var prefix = wrapper is null ? wirePath : wirePath + "." + wrapper;
                problems.Add(new(ViolationKind.Malformed, prefix + "." + key, $"The parameter '{prefix}.{key}' is not valid: list and map indexes are numbers from 1."));
            }
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    private static JsonNode? Generic(QueryNode node)
    {
        if (node.Children is null)
        {
            return JsonValue.Create(node.Value ?? "");
        }

        var obj = new JsonObject();
        foreach (var (segment, child) in node.Children)
        {
            obj[segment] = Generic(child);
        }

        return obj;
    }

    private void ThrowIfAny(List<ModelViolation> problems)
    {
        if (problems.Count > 0)
        {
            throw CreateException(problems);
        }
    }

    private sealed class QueryNode
    {
        public string? Value { get; set; }

        public Dictionary<string, QueryNode>? Children { get; set; }
    }
}
