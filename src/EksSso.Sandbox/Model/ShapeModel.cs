using System.Text.Json;
using System.Text.RegularExpressions;

namespace EksSso.Sandbox.Model;

/// <summary>
/// One shape of a botocore service model, materialised once at load time so the per-request paths never touch
/// the JSON model again. Constraint fields are null when the model does not set them.
/// </summary>
public sealed class ShapeModel
{
    private static readonly IReadOnlyList<MemberModel> s_noMembers = [];
    private static readonly IReadOnlyList<string> s_noNames = [];

    private readonly Dictionary<string, MemberModel> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemberModel> _byJsonName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemberModel> _byQueryName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemberModel> _byEc2Name = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _enumSet;

    internal ShapeModel(string name, JsonElement json)
    {
        Name = name;
        Type = json.GetProperty("type").GetString() ?? "";
        Min = ReadDecimal(json, "min");
        Max = ReadDecimal(json, "max");
        Pattern = ReadString(json, "pattern");
        // Compiled at load (ModelPatterns caches per distinct pattern; the nine models hold about 110), so the
        // per-request path only runs the match.
        PatternRegex = Pattern is null ? null : ModelPatterns.Get(Pattern);
        TimestampFormat = ReadString(json, "timestampFormat");
        LocationName = ReadString(json, "locationName");
        XmlNamespace = ReadXmlNamespace(json);
        Payload = ReadString(json, "payload");
        Sensitive = ReadBool(json, "sensitive");
        Flattened = ReadBool(json, "flattened");
        IsDocument = ReadBool(json, "document");
        IsUnion = ReadBool(json, "union");
        IsException = ReadBool(json, "exception");
        IsSparse = ReadBool(json, "sparse");

        if (json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            ErrorCode = ReadString(error, "code");
            ErrorHttpStatusCode = error.TryGetProperty("httpStatusCode", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null;
            ErrorSenderFault = ReadBool(error, "senderFault");
        }

        if (json.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var list = values.EnumerateArray().Select(v => v.GetString() ?? "").ToArray();
            Enum = list;
            _enumSet = new HashSet<string>(list, StringComparer.Ordinal);
            EnumConstraint = "Member must satisfy enum value set: [" + string.Join(", ", list) + "]";
        }

        Required = json.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? required.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
            : s_noNames;

        if (json.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Object)
        {
            var requiredSet = new HashSet<string>(Required, StringComparer.Ordinal);
            var list = new List<MemberModel>();
            foreach (var m in members.EnumerateObject())
            {
                var member = new MemberModel(m.Name, m.Value, requiredSet.Contains(m.Name));
                list.Add(member);
                _byName[member.Name] = member;
                // Body members only: a REST member bound to the URI, query or headers has no JSON spelling.
                if (member.Location is null)
                {
                    _byJsonName.TryAdd(member.LocationName ?? member.Name, member);
                }

                _byQueryName.TryAdd(member.QueryWireName, member);
                _byEc2Name.TryAdd(member.Ec2WireName, member);
            }

            Members = list;
        }
        else
        {
            Members = s_noMembers;
        }

        Member = json.TryGetProperty("member", out var element) ? new MemberModel("member", element, false) : null;
        Key = json.TryGetProperty("key", out var key) ? new MemberModel("key", key, false) : null;
        Value = json.TryGetProperty("value", out var value) ? new MemberModel("value", value, false) : null;
    }

    public string Name { get; }

    /// <summary>structure, list, map, string, integer, long, boolean, timestamp, blob, double, float, ...</summary>
    public string Type { get; }

    /// <summary>Structure members in model order (the order AWS lists violations and writes elements).</summary>
    public IReadOnlyList<MemberModel> Members { get; }

    /// <summary>Member names listed in the shape's <c>required</c> array.</summary>
    public IReadOnlyList<string> Required { get; }

    public IReadOnlyList<string>? Enum { get; }

    /// <summary>String and blob: length; list and map: entry count; numbers: value.</summary>
    public decimal? Min { get; }

    /// <inheritdoc cref="Min"/>
    public decimal? Max { get; }

    /// <summary>The pattern exactly as in the model (Java regex syntax). See <see cref="PatternRegex"/>.</summary>
    public string? Pattern { get; }

    /// <summary>List element reference (<c>member</c>).</summary>
    public MemberModel? Member { get; }

    /// <summary>Map key reference.</summary>
    public MemberModel? Key { get; }

    /// <summary>Map value reference.</summary>
    public MemberModel? Value { get; }

    public string? TimestampFormat { get; }

    public bool Sensitive { get; }

    /// <summary>Shape-level <c>flattened</c> (query XML / query input lists and maps).</summary>
    public bool Flattened { get; }

    /// <summary>A <c>document</c> structure: any JSON value is accepted and written as is.</summary>
    public bool IsDocument { get; }

    /// <summary>A tagged union: exactly one member must be set.</summary>
    public bool IsUnion { get; }

    public bool IsSparse { get; }

    public bool IsException { get; }

    /// <summary>Query-protocol error code (<c>error.code</c>); AWS JSON services use the shape name instead.</summary>
    public string? ErrorCode { get; }

    public int? ErrorHttpStatusCode { get; }

    public bool ErrorSenderFault { get; }

    /// <summary>Shape-level <c>locationName</c> (EC2 sets it on two list shapes).</summary>
    public string? LocationName { get; }

    public string? XmlNamespace { get; }

    /// <summary>REST structures only: the member sent as the whole body.</summary>
    public string? Payload { get; }

    public bool IsStructure => Type == "structure";

    public bool IsList => Type == "list";

    public bool IsMap => Type == "map";

    public bool IsEnum => Enum is not null;

    internal string? EnumConstraint { get; }

    /// <summary>
    /// The model pattern translated from Java to .NET, anchored to the whole value as AWS matches it; null when
    /// the shape has no pattern or the pattern cannot be used (see <see cref="ModelPatterns.UncompilablePatterns"/>).
    /// </summary>
    public Regex? PatternRegex { get; }

    public MemberModel? FindMember(string name) => _byName.GetValueOrDefault(name);

    public bool IsEnumValue(string value) => _enumSet is null || _enumSet.Contains(value);

    internal MemberModel? FindJsonMember(string wireName) => _byJsonName.GetValueOrDefault(wireName);

    internal MemberModel? FindQueryMember(string wireName) => _byQueryName.GetValueOrDefault(wireName);

    internal MemberModel? FindEc2Member(string wireName) => _byEc2Name.GetValueOrDefault(wireName);

    internal void Link(ServiceModel model)
    {
        foreach (var m in Members)
        {
            m.Link(model);
        }

        Member?.Link(model);
        Key?.Link(model);
        Value?.Link(model);
    }

    public override string ToString() => $"{Name} ({Type})";

    internal static string? ReadString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static bool ReadBool(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static decimal? ReadDecimal(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    // botocore writes xmlNamespace either as a string or as {"uri": ..., "prefix": ...}.
    internal static string? ReadXmlNamespace(JsonElement json)
    {
        if (!json.TryGetProperty("xmlNamespace", out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => ReadString(v, "uri"),
            _ => null,
        };
    }
}

/// <summary>A reference from a structure member, list element or map key/value to a shape, with its traits.</summary>
public sealed class MemberModel
{
    private ShapeModel? _shape;

    internal MemberModel(string name, JsonElement json, bool required)
    {
        Name = name;
        ShapeName = json.GetProperty("shape").GetString() ?? "";
        Location = ShapeModel.ReadString(json, "location");
        LocationName = ShapeModel.ReadString(json, "locationName");
        QueryName = ShapeModel.ReadString(json, "queryName");
        Flattened = ShapeModel.ReadBool(json, "flattened");
        IdempotencyToken = ShapeModel.ReadBool(json, "idempotencyToken");
        XmlNamespace = ShapeModel.ReadXmlNamespace(json);
        TimestampFormat = ShapeModel.ReadString(json, "timestampFormat");
        JsonValue = ShapeModel.ReadBool(json, "jsonvalue");
        XmlAttribute = ShapeModel.ReadBool(json, "xmlAttribute");
        Deprecated = ShapeModel.ReadBool(json, "deprecated");
        HostLabel = ShapeModel.ReadBool(json, "hostLabel");
        IsRequired = required;
        CamelName = LowerFirst(name);
        XmlName = LocationName ?? name;
        QueryWireName = LocationName ?? name;
        // botocore EC2Serializer: queryName, else locationName with the first letter upper-cased, else the name as is.
        Ec2WireName = QueryName ?? (LocationName is not null ? UpperFirst(LocationName) : name);
        // Not lower-cased when there is no locationName: botocore and the AWS SDKs read the member name verbatim
        // (29 EC2 output members, such as ConnectionLogResponseOptions.Enabled, rely on that).
        Ec2XmlName = LocationName ?? name;
    }

    /// <summary>The member name (or <c>member</c>, <c>key</c>, <c>value</c> for list and map references).</summary>
    public string Name { get; }

    public string ShapeName { get; }

    /// <summary>The target shape (resolved once when the model is loaded).</summary>
    public ShapeModel Shape => _shape ?? throw new InvalidOperationException($"Member {Name} is not linked to its shape {ShapeName}.");

    /// <summary>uri, querystring, header, headers, statusCode; null for body members.</summary>
    public string? Location { get; }

    public string? LocationName { get; }

    /// <summary>The raw EC2 <c>queryName</c> trait.</summary>
    public string? QueryName { get; }

    public bool Flattened { get; }

    public bool IdempotencyToken { get; }

    public string? XmlNamespace { get; }

    /// <summary>Member-level <c>timestampFormat</c>; wins over the target shape's.</summary>
    public string? TimestampFormat { get; }

    public bool JsonValue { get; }

    public bool XmlAttribute { get; }

    public bool Deprecated { get; }

    public bool HostLabel { get; }

    /// <summary>Listed in the parent structure's <c>required</c> array.</summary>
    public bool IsRequired { get; }

    /// <summary>The name AWS prints in validation messages (first letter lower-cased).</summary>
    public string CamelName { get; }

    /// <summary>Element name in query-protocol XML and key segment in query-protocol input.</summary>
    public string XmlName { get; }

    /// <summary>Query protocol (IAM, STS) input key segment: locationName, else the member name.</summary>
    public string QueryWireName { get; }

    /// <summary>EC2 input key segment: queryName, else capitalised locationName, else the member name.</summary>
    public string Ec2WireName { get; }

    /// <summary>EC2 output element name: locationName, else the member name as it is.</summary>
    public string Ec2XmlName { get; }

    /// <summary>The timestamp format in force for this member: its own trait, else its shape's, else null (protocol default).</summary>
    public string? EffectiveTimestampFormat => TimestampFormat ?? _shape?.TimestampFormat;

    internal void Link(ServiceModel model)
    {
        if (!model.TryGetShape(ShapeName, out var shape))
        {
            throw new InvalidDataException($"The model references an undefined shape '{ShapeName}' (member {Name}).");
        }

        _shape = shape;
    }

    public override string ToString() => $"{Name} -> {ShapeName}";

    internal static string LowerFirst(string s) =>
        s.Length == 0 || char.IsLower(s[0]) ? s : char.ToLowerInvariant(s[0]) + s[1..];

    internal static string UpperFirst(string s) =>
        s.Length == 0 || char.IsUpper(s[0]) ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
