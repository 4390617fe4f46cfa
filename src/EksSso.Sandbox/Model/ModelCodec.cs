using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Model;

/// <summary>
/// Reads requests into, validates, and writes replies from <see cref="JsonObject"/>s keyed by model member names,
/// for one service model. Every wire name (locationName, queryName, XML element) is translated here, so handlers
/// only ever see member names. Thread-safe: holds no per-request state.
/// </summary>
public sealed partial class ModelCodec
{
    private static readonly string[] s_timestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "r",
    ];

    private readonly ServiceModel _model;
    private readonly WireProtocol _protocol;

    public ModelCodec(ServiceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _protocol = model.Metadata.Protocol switch
        {
            "json" => WireProtocol.Json,
            "rest-json" => WireProtocol.RestJson,
            "query" => WireProtocol.Query,
            "ec2" => WireProtocol.Ec2,
            var other => throw new NotSupportedException($"The sandbox does not speak the '{other}' protocol."),
        };
    }

    private enum WireProtocol
    {
        Json,
        RestJson,
        Query,
        Ec2,
    }

    public ServiceModel Model => _model;

    /// <summary>
    /// Called with (shape name, member path) whenever a writer drops a member the output shape does not define or
    /// a value of the wrong type: those are handler bugs, so a debug log should show them.
    /// </summary>
    public Action<string, string>? DroppedMember { get; set; }

    /// <summary>Same list as <see cref="ModelPatterns.UncompilablePatterns"/>.</summary>
    public static IReadOnlyCollection<string> UncompilablePatterns => ModelPatterns.UncompilablePatterns;

    /// <summary>
    /// Splits a query string or an <c>application/x-www-form-urlencoded</c> body into decoded pairs, in order,
    /// repeated keys kept. A leading '?' is ignored; '+' decodes to a space.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQueryString(string query)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        var span = query.AsSpan();
        if (span[0] == '?')
        {
            span = span[1..];
        }

        foreach (var range in span.Split('&'))
        {
            var part = span[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? ReadOnlySpan<char>.Empty : part[(eq + 1)..];
            result.Add(new(Decode(key), Decode(value)));
        }

        return result;

        static string Decode(ReadOnlySpan<char> s) => Uri.UnescapeDataString(s.ToString().Replace('+', ' '));
    }

    /// <summary>
    /// Reads a timestamp as the codec accepts it: a <see cref="DateTimeOffset"/>/<see cref="DateTime"/> value, a
    /// number of epoch seconds, or an ISO 8601 / RFC 1123 string (or a string of epoch seconds).
    /// </summary>
    public static bool TryGetTimestamp(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (v.TryGetValue(out DateTimeOffset dto))
        {
            value = dto.ToUniversalTime();
            return true;
        }

        if (v.TryGetValue(out DateTime dt))
        {
            value = new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
            return true;
        }

        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                return TryFromEpoch(NumberText(v), out value);
            case JsonValueKind.String when TryGetString(v, out var s):
                return TryParseTimestamp(s, out value);
            default:
                return false;
        }
    }

    internal static bool TryParseTimestamp(string s, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParseExact(s, s_timestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        return TryFromEpoch(s, out value);
    }

    private static bool TryFromEpoch(string text, out DateTimeOffset value)
    {
        value = default;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
        {
            return false;
        }

        var ms = Math.Round(seconds * 1000d);
        if (ms < -62135596800000d || ms > 253402300799999d)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        return true;
    }

    // Strings may be backed by a JsonElement or a CLR string (or char/Guid, which report String too).
    internal static bool TryGetString(JsonValue v, out string value)
    {
        if (v.TryGetValue(out string? s))
        {
            value = s;
            return true;
        }

        if (v.GetValueKind() == JsonValueKind.String)
        {
            using var doc = JsonDocument.Parse(v.ToJsonString());
            value = doc.RootElement.GetString() ?? "";
            return true;
        }

        value = "";
        return false;
    }

    // The invariant JSON text of a number whatever CLR type backs it (int, long, double, decimal, JsonElement).
    internal static string NumberText(JsonValue v) => v.ToJsonString();

    internal static bool TryGetDecimal(JsonValue v, out decimal value)
    {
        value = 0;
        return v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(NumberText(v), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    internal static bool TryGetDouble(JsonValue v, out double value)
    {
        value = 0;
        if (v.GetValueKind() == JsonValueKind.Number)
        {
            return double.TryParse(NumberText(v), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        // AWS JSON protocols spell the non-finite doubles as strings.
        if (TryGetString(v, out var s))
        {
            switch (s)
            {
                case "NaN":
                    value = double.NaN;
                    return true;
                case "Infinity":
                    value = double.PositiveInfinity;
                    return true;
                case "-Infinity":
                    value = double.NegativeInfinity;
                    return true;
            }
        }

        return false;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Join(string path, string segment) => path.Length == 0 ? segment : path + "." + segment;

    /// <summary>Validation-message rendering of a value: strings raw, lists as <c>[a, b]</c>.</summary>
    private static string FormatValue(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && TryGetString(v, out var s):
                return s;
            case JsonValue v:
                return v.ToJsonString();
            case JsonArray a:
                var sb = new StringBuilder("[");
                for (var i = 0; i < a.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ").Append(FormatValue(a[i]));
                }

                return sb.Append(']').ToString();
            default:
                return node.ToJsonString();
        }
    }
}
