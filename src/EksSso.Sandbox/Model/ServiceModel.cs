using System.Collections.Concurrent;
using System.Text.Json;

namespace EksSso.Sandbox.Model;

/// <summary>Service-wide settings from the model's <c>metadata</c> block.</summary>
public sealed class ServiceMetadata
{
    /// <summary>json, query, rest-json or ec2.</summary>
    public required string Protocol { get; init; }

    public string? TargetPrefix { get; init; }

    /// <summary><c>signingName</c>, defaulting to <see cref="EndpointPrefix"/> as botocore does.</summary>
    public required string SigningName { get; init; }

    public required string EndpointPrefix { get; init; }

    public required string ServiceId { get; init; }

    public required string ApiVersion { get; init; }

    public string? JsonVersion { get; init; }

    /// <summary>
    /// Response XML namespace. For EC2 it always ends with '/', as the real service writes it
    /// (<c>http://ec2.amazonaws.com/doc/2016-11-15/</c>) although the model spells it without the slash.
    /// </summary>
    public string? XmlNamespace { get; init; }
}

/// <summary>The operation a REST request addresses, with its URI labels (decoded, keyed by label name).</summary>
public sealed record RestMatch(OperationModel Operation, IReadOnlyDictionary<string, string> Labels);

/// <summary>One operation: its HTTP binding and input/output shapes.</summary>
public sealed class OperationModel
{
    private readonly string[] _segments;

    internal OperationModel(string name, JsonElement json)
    {
        Name = name;
        var http = json.TryGetProperty("http", out var h) ? h : default;
        HttpMethod = http.ValueKind == JsonValueKind.Object ? ShapeModel.ReadString(http, "method") ?? "POST" : "POST";
        RequestUri = http.ValueKind == JsonValueKind.Object ? ShapeModel.ReadString(http, "requestUri") ?? "/" : "/";
        ResponseCode = http.ValueKind == JsonValueKind.Object && http.TryGetProperty("responseCode", out var rc) && rc.ValueKind == JsonValueKind.Number
            ? rc.GetInt32()
            : null;
        InputShape = json.TryGetProperty("input", out var input) ? ShapeModel.ReadString(input, "shape") : null;
        if (json.TryGetProperty("output", out var output))
        {
            OutputShape = ShapeModel.ReadString(output, "shape");
            ResultWrapper = ShapeModel.ReadString(output, "resultWrapper");
        }

        Errors = json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => ShapeModel.ReadString(e, "shape") ?? "").ToArray()
            : [];
        Deprecated = ShapeModel.ReadBool(json, "deprecated");

        var q = RequestUri.IndexOf('?');
        RequestUriPath = q < 0 ? RequestUri : RequestUri[..q];
        var literals = new List<KeyValuePair<string, string?>>();
        if (q >= 0)
        {
            // A literal query in the URI (sso-oidc "/token?aws_iam=t") is what tells two operations apart.
            foreach (var part in RequestUri[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                literals.Add(eq < 0 ? new(part, null) : new(part[..eq], part[(eq + 1)..]));
            }
        }

        LiteralQuery = literals;
        _segments = RequestUriPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        LiteralSegmentCount = _segments.Count(s => !s.StartsWith('{'));
    }

    public string Name { get; }

    public string HttpMethod { get; }

    /// <summary>The URI template as in the model, possibly with a literal <c>?query</c> and <c>{label}</c>/<c>{label+}</c>.</summary>
    public string RequestUri { get; }

    /// <summary><see cref="RequestUri"/> before any '?'.</summary>
    public string RequestUriPath { get; }

    /// <summary>Literal query parameters of <see cref="RequestUri"/> (value null for a bare key).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> LiteralQuery { get; }

    /// <summary><c>http.responseCode</c>, when the model sets one.</summary>
    public int? ResponseCode { get; }

    public string? InputShape { get; }

    public string? OutputShape { get; }

    /// <summary>Query protocol: the element wrapping the output members (<c>output.resultWrapper</c>).</summary>
    public string? ResultWrapper { get; }

    /// <summary>Error shape names.</summary>
    public IReadOnlyList<string> Errors { get; }

    public bool Deprecated { get; }

    /// <summary>The resolved input shape, or null.</summary>
    public ShapeModel? Input { get; private set; }

    /// <summary>The resolved output shape, or null.</summary>
    public ShapeModel? Output { get; private set; }

    internal int LiteralSegmentCount { get; }

    internal void Link(ServiceModel model)
    {
        Input = InputShape is null ? null : model.Shape(InputShape);
        Output = OutputShape is null ? null : model.Shape(OutputShape);
    }

    // Matches the raw (still percent-encoded) path segments against the template; labels come back decoded.
    internal bool TryMatchPath(string[] rawSegments, Dictionary<string, string> labels)
    {
        var i = 0;
        for (var t = 0; t < _segments.Length; t++)
        {
            var seg = _segments[t];
            if (seg.StartsWith('{') && seg.EndsWith('}'))
            {
                var greedy = seg.EndsWith("+}", StringComparison.Ordinal);
                var name = greedy ? seg[1..^2] : seg[1..^1];
                if (greedy)
                {
                    // {label+} takes the rest of the path, slashes included (labels are never empty).
                    if (t != _segments.Length - 1 || i >= rawSegments.Length)
                    {
                        return false;
                    }

                    labels[name] = Uri.UnescapeDataString(string.Join('/', rawSegments[i..]));
                    return labels[name].Length > 0;
                }

                if (i >= rawSegments.Length || rawSegments[i].Length == 0)
                {
                    return false;
                }

                labels[name] = Uri.UnescapeDataString(rawSegments[i]);
                i++;
            }
            else
            {
                if (i >= rawSegments.Length || !string.Equals(Uri.UnescapeDataString(rawSegments[i]), seg, StringComparison.Ordinal))
                {
                    return false;
                }

                i++;
            }
        }

        return i == rawSegments.Length;
    }

    public override string ToString() => $"{Name} ({HttpMethod} {RequestUri})";
}

/// <summary>
/// A botocore <c>service-2.json</c> model, parsed once: metadata, operations and every shape. Immutable after
/// <see cref="Load"/>, so one instance can serve all requests concurrently.
/// </summary>
public sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> s_embedded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ShapeModel> _shapes;
    private readonly Dictionary<string, OperationModel> _operations;

    private ServiceModel(ServiceMetadata metadata, Dictionary<string, OperationModel> operations, Dictionary<string, ShapeModel> shapes)
    {
        Metadata = metadata;
        _operations = operations;
        _shapes = shapes;
    }

    public ServiceMetadata Metadata { get; }

    /// <summary>Operations by name (ordinal).</summary>
    public IReadOnlyDictionary<string, OperationModel> Operations => _operations;

    public IEnumerable<string> ShapeNames => _shapes.Keys;

    public static ServiceModel Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        var root = doc.RootElement;
        var meta = root.GetProperty("metadata");
        var protocol = ShapeModel.ReadString(meta, "protocol") ?? throw new InvalidDataException("The model metadata has no protocol.");
        var endpointPrefix = ShapeModel.ReadString(meta, "endpointPrefix") ?? "";
        var apiVersion = ShapeModel.ReadString(meta, "apiVersion") ?? "";
        var xmlNamespace = ShapeModel.ReadString(meta, "xmlNamespace");
        if (protocol == "ec2")
        {
            xmlNamespace ??= $"http://ec2.amazonaws.com/doc/{apiVersion}/";
            if (!xmlNamespace.EndsWith('/'))
            {
                xmlNamespace += "/";
            }
        }

        var metadata = new ServiceMetadata
        {
            Protocol = protocol,
            TargetPrefix = ShapeModel.ReadString(meta, "targetPrefix"),
            EndpointPrefix = endpointPrefix,
            SigningName = ShapeModel.ReadString(meta, "signingName") ?? endpointPrefix,
            ServiceId = ShapeModel.ReadString(meta, "serviceId") ?? "",
            ApiVersion = apiVersion,
            JsonVersion = ShapeModel.ReadString(meta, "jsonVersion"),
            XmlNamespace = xmlNamespace,
        };

        var shapes = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("shapes").EnumerateObject())
        {
            shapes[s.Name] = new ShapeModel(s.Name, s.Value);
        }

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var o in root.GetProperty("operations").EnumerateObject())
        {
            operations[o.Name] = new OperationModel(o.Name, o.Value);
        }

        var model = new ServiceModel(metadata, operations, shapes);
        foreach (var shape in shapes.Values)
        {
            shape.Link(model);
        }

        foreach (var op in operations.Values)
        {
            op.Link(model);
        }

        return model;
    }

    /// <summary>
    /// The model embedded in this assembly as <c>EksSso.Sandbox.Models.&lt;service&gt;.json</c>, loaded once per process.
    /// </summary>
    public static ServiceModel Embedded(string service) =>
        s_embedded.GetOrAdd(service, s => new Lazy<ServiceModel>(() =>
        {
            var name = $"EksSso.Sandbox.Models.{s}.json";
            using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(name)
                ?? throw new FileNotFoundException($"The embedded model resource '{name}' does not exist.");
            return Load(stream);
        })).Value;

    public ShapeModel Shape(string name) =>
        _shapes.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"The model has no shape '{name}'.");

    public bool TryGetShape(string name, out ShapeModel shape) => _shapes.TryGetValue(name, out shape!);

    public OperationModel Operation(string name) =>
        _operations.TryGetValue(name, out var op) ? op : throw new KeyNotFoundException($"The model has no operation '{name}'.");

    /// <summary>
    /// Finds the REST operation for <paramref name="method"/> and <paramref name="path"/> (raw, percent-encoded;
    /// a <c>?query</c> on it is read as well as <paramref name="query"/>). Segments match literally; <c>{label}</c>
    /// binds one non-empty segment, <c>{label+}</c> the rest of the path; labels come back decoded. An operation
    /// whose URI has a literal query (sso-oidc <c>POST /token?aws_iam=t</c> is CreateTokenWithIAM, plain
    /// <c>POST /token</c> CreateToken) matches only when the request carries it, so pass the query. Among several
    /// matches the one with more literal segments, then more literal query keys, wins. Null when none matches.
    /// </summary>
    public RestMatch? MatchRest(string method, string path, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var q = path.IndexOf('?');
        var rawPath = q < 0 ? path : path[..q];
        var pairs = new List<KeyValuePair<string, string>>();
        if (q >= 0)
        {
            pairs.AddRange(ModelCodec.ParseQueryString(path[(q + 1)..]));
        }

        if (query is not null)
        {
            pairs.AddRange(query);
        }

        var raw = rawPath.Split('/');
        // "/a/b" splits to ["", "a", "b"]; "/" to ["", ""]: drop the leading empty, and the root's empty tail.
        raw = raw.Length > 0 && raw[0].Length == 0 ? raw[1..] : raw;
        if (raw.Length == 1 && raw[0].Length == 0)
        {
            raw = [];
        }

        OperationModel? best = null;
        Dictionary<string, string>? bestLabels = null;
        var scratch = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var op in _operations.Values)
        {
            if (!string.Equals(op.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            scratch.Clear();
            if (!op.TryMatchPath(raw, scratch) || !HasLiteralQuery(op, pairs))
            {
                continue;
            }

            if (best is null || IsMoreSpecific(op, best))
            {
                best = op;
                bestLabels = new Dictionary<string, string>(scratch, StringComparer.Ordinal);
            }
        }

        return best is null ? null : new RestMatch(best, bestLabels!);
    }

    private static bool IsMoreSpecific(OperationModel candidate, OperationModel current) =>
        candidate.LiteralSegmentCount != current.LiteralSegmentCount
            ? candidate.LiteralSegmentCount > current.LiteralSegmentCount
            : candidate.LiteralQuery.Count > current.LiteralQuery.Count;

    private static bool HasLiteralQuery(OperationModel op, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        foreach (var literal in op.LiteralQuery)
        {
            var found = false;
            foreach (var kv in query)
            {
                if (kv.Key == literal.Key && (literal.Value is null || kv.Value == literal.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Metadata.ServiceId} {Metadata.ApiVersion} ({Metadata.Protocol}, {_operations.Count} operations)";
}
