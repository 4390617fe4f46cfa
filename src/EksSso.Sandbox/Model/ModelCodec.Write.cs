using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace EksSso.Sandbox.Model;

/// <summary>A REST reply split by location: the JSON body, the header members, and the status code if set.</summary>
public sealed record RestOutputParts(byte[] Body, IReadOnlyDictionary<string, string> Headers, int? StatusCode);

public sealed partial class ModelCodec
{
    // Not embedded in HTML, so only what JSON requires is escaped (AWS does the same; policies stay readable).
    private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly XmlWriterSettings s_xmlSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        // Values are cleaned by XmlText; the writer need not re-check every character.
        CheckCharacters = false,
    };

    /// <summary>
    /// Writes <paramref name="output"/> as the JSON body of <paramref name="shapeName"/> (json and rest-json
    /// replies). Only members the shape defines are written, recursively; anything else (or a value of the wrong
    /// type) is left out and reported through <paramref name="dropped"/> and <see cref="DroppedMember"/> as a path
    /// such as <c>Organization.Secret</c> or <c>Accounts[0].Foo</c>. Timestamps are epoch seconds unless the
    /// member's timestampFormat says otherwise. A null shape writes <c>{}</c>.
    /// </summary>
    public byte[] WriteJson(string? shapeName, JsonObject output, ICollection<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var shape = shapeName is null ? null : _model.Shape(shapeName);
        return WriteJsonBody(shape, output, restTopLevel: false, new DropLog(this, shapeName ?? "(no shape)", dropped));
    }

    /// <summary>
    /// Splits a REST reply: <c>header</c> (and <c>headers</c> prefix-map) members become headers, a
    /// <c>statusCode</c> member the status (else the operation's responseCode, else null), and the rest the JSON
    /// body (or the payload member's bytes). An operation without output writes an empty body.
    /// </summary>
    public RestOutputParts WriteRest(OperationModel op, JsonObject output, ICollection<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(output);
        var log = new DropLog(this, op.OutputShape ?? op.Name, dropped);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int? status = op.ResponseCode;
        var shape = op.Output;
        if (shape is null)
        {
            foreach (var (key, _) in output)
            {
                log.Drop(key, null);
            }

            return new RestOutputParts([], headers, status);
        }

        foreach (var m in shape.Members)
        {
            if (m.Location is null || !output.TryGetPropertyValue(m.Name, out var node) || node is null)
            {
                continue;
            }

            switch (m.Location)
            {
                case "header":
                    if (HeaderText(m, node) is { } text)
                    {
                        headers[m.LocationName ?? m.Name] = text;
                    }
                    else
                    {
                        log.Drop(m.Name, "expected " + m.Shape.Type);
                    }

                    break;
                case "headers":
                    if (node is JsonObject prefixed)
                    {
                        foreach (var (key, value) in prefixed)
                        {
                            if (value is JsonValue v && TryGetString(v, out var s))
                            {
                                headers[(m.LocationName ?? "") + key] = s;
                            }
                            else
                            {
                                log.Drop($"{m.Name}[{key}]", "expected string");
                            }
                        }
                    }
                    else
                    {
                        log.Drop(m.Name, "expected map");
                    }

                    break;
                case "statusCode":
                    if (node is JsonValue sv && TryGetDecimal(sv, out var code) && code is >= 100 and <= 599 && decimal.Truncate(code) == code)
                    {
                        status = (int)code;
                    }
                    else
                    {
                        log.Drop(m.Name, "expected an HTTP status");
                    }

                    break;
                default:
                    log.Drop(m.Name, $"location {m.Location} is not part of a reply");
                    break;
            }
        }

        byte[] body;
        var payload = shape.Payload is { } payloadName ? shape.FindMember(payloadName) : null;
        if (payload is not null)
        {
            foreach (var (key, _) in output)
            {
                if (shape.FindMember(key) is null)
                {
                    log.Drop(key, null);
                }
            }

            output.TryGetPropertyValue(payload.Name, out var value);
            body = value switch
            {
                null => [],
                JsonValue v when payload.Shape.Type == "blob" && TryGetString(v, out var b64) => DecodeBase64OrDrop(b64, payload.Name, log),
                JsonValue v when payload.Shape.Type == "string" && TryGetString(v, out var s) => Encoding.UTF8.GetBytes(s),
                JsonObject o when payload.Shape.IsStructure => WriteJsonBody(payload.Shape, o, restTopLevel: false, log.Under(payload.Name)),
                _ => DropPayload(payload.Name, log),
            };
        }
        else
        {
            body = WriteJsonBody(shape, output, restTopLevel: true, log);
        }

        return new RestOutputParts(body, headers, status);

        static byte[] DropPayload(string name, DropLog log)
        {
            log.Drop(name, "payload of the wrong type");
            return [];
        }
    }

    /// <summary>
    /// A query-protocol (IAM, STS) reply: <c>&lt;OpResponse xmlns&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata&gt;
    /// &lt;RequestId&gt;</c>, the result element named by the operation's resultWrapper (no result element when the
    /// operation has no output). Elements use locationName when set; lists are <c>&lt;member&gt;</c> children (or
    /// repeated when flattened), maps <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>; timestamps ISO 8601 to the second.
    /// </summary>
    public string WriteQueryXml(OperationModel op, JsonObject output, string requestId, ICollection<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(output);
        var log = new DropLog(this, op.OutputShape ?? op.Name, dropped);
        var sb = new StringBuilder(256);
        using (var xw = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), s_xmlSettings))
        {
            xw.WriteStartElement(op.Name + "Response", _model.Metadata.XmlNamespace ?? "");
            if (op.Output is { } shape)
            {
                xw.WriteStartElement(op.ResultWrapper ?? op.Name + "Result");
                WriteXmlMembers(xw, shape, output, log, ec2: false);
                xw.WriteEndElement();
            }
            else
            {
                foreach (var (key, _) in output)
                {
                    log.Drop(key, null);
                }
            }

            xw.WriteStartElement("ResponseMetadata");
            xw.WriteElementString("RequestId", XmlText(requestId));
            xw.WriteEndElement();
            xw.WriteEndElement();
        }

        return sb.ToString();
    }

    /// <summary>
    /// An EC2 reply: <c>&lt;OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;&lt;requestId&gt;…&lt;/requestId&gt;…</c>
    /// with elements named by locationName (else the member name, which is what the SDKs look for) and list entries
    /// as <c>&lt;item&gt;</c>; timestamps ISO 8601 with milliseconds, as EC2 writes them.
    /// </summary>
    public string WriteEc2Xml(OperationModel op, JsonObject output, string requestId, ICollection<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(output);
        var log = new DropLog(this, op.OutputShape ?? op.Name, dropped);
        var sb = new StringBuilder(256);
        using (var xw = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), s_xmlSettings))
        {
            xw.WriteStartElement(op.Name + "Response", _model.Metadata.XmlNamespace ?? "");
            xw.WriteElementString("requestId", XmlText(requestId));
            if (op.Output is { } shape)
            {
                WriteXmlMembers(xw, shape, output, log, ec2: true);
            }
            else
            {
                foreach (var (key, _) in output)
                {
                    log.Drop(key, null);
                }
            }

            xw.WriteEndElement();
        }

        return sb.ToString();
    }

    /// <summary>A JSON-protocol error body: <c>{"__type":"code","message":"…"}</c>.</summary>
    public static byte[] JsonError(string code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("__type", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A query-protocol error body: <c>&lt;ErrorResponse xmlns&gt;&lt;Error&gt;&lt;Type&gt;Sender|Receiver&lt;/Type&gt;&lt;Code/&gt;&lt;Message/&gt;
    /// &lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>. Pass the service's namespace (IAM and STS set one).
    /// </summary>
    public static string QueryError(string code, string message, string requestId, bool sender = true, string? xmlNamespace = null)
    {
        var sb = new StringBuilder(256);
        using (var xw = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), s_xmlSettings))
        {
            xw.WriteStartElement("ErrorResponse", xmlNamespace ?? "");
            xw.WriteStartElement("Error");
            xw.WriteElementString("Type", sender ? "Sender" : "Receiver");
            xw.WriteElementString("Code", XmlText(code));
            xw.WriteElementString("Message", XmlText(message));
            xw.WriteEndElement();
            xw.WriteElementString("RequestId", XmlText(requestId));
            xw.WriteEndElement();
        }

        return sb.ToString();
    }

    /// <summary>An EC2 error body: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;</c>.</summary>
    public static string Ec2Error(string code, string message, string requestId)
    {
        var sb = new StringBuilder(256);
        using (var xw = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), s_xmlSettings))
        {
            xw.WriteStartElement("Response");
            xw.WriteStartElement("Errors");
            xw.WriteStartElement("Error");
            xw.WriteElementString("Code", XmlText(code));
            xw.WriteElementString("Message", XmlText(message));
            xw.WriteEndElement();
            xw.WriteEndElement();
            xw.WriteElementString("RequestID", XmlText(requestId));
            xw.WriteEndElement();
        }

        return sb.ToString();
    }

    private byte[] WriteJsonBody(ShapeModel? shape, JsonObject output, bool restTopLevel, DropLog log)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            WriteJsonStructure(w, shape, output, log, restTopLevel);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteJsonStructure(Utf8JsonWriter w, ShapeModel? shape, JsonObject obj, DropLog log, bool restTopLevel = false)
    {
        w.WriteStartObject();
        if (shape is not null)
        {
            foreach (var m in shape.Members)
            {
                // Header and status members of a REST reply are written by WriteRest, not into the body.
                if (restTopLevel && m.Location is not null)
                {
                    continue;
                }

                if (!obj.TryGetPropertyValue(m.Name, out var node) || node is null)
                {
                    continue;
                }

                if (!Accepts(m.Shape, node))
                {
                    log.Drop(m.Name, "expected " + m.Shape.Type);
                    continue;
                }

                w.WritePropertyName(m.LocationName is not null && m.Location is null ? m.LocationName : m.Name);
                WriteJsonValue(w, m, m.Shape, node, log.Under(m.Name));
            }
        }

        foreach (var (key, _) in obj)
        {
            if (shape?.FindMember(key) is null)
            {
                log.Drop(key, null);
            }
        }

        w.WriteEndObject();
    }

    private void WriteJsonValue(Utf8JsonWriter w, MemberModel? reference, ShapeModel shape, JsonNode node, DropLog log)
    {
        switch (shape.Type)
        {
            case "structure":
                if (shape.IsDocument)
                {
                    node.WriteTo(w);
                }
                else
                {
                    WriteJsonStructure(w, shape, (JsonObject)node, log);
                }

                return;
            case "list":
                w.WriteStartArray();
                var array = (JsonArray)node;
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    var itemName = "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    if (item is null)
                    {
                        if (shape.IsSparse)
                        {
                            w.WriteNullValue();
                        }
                        else
                        {
                            log.Drop(itemName, "null in a list");
                        }
                    }
                    else if (Accepts(shape.Member!.Shape, item))
                    {
                        WriteJsonValue(w, shape.Member, shape.Member.Shape, item, log.UnderIndex(itemName));
                    }
                    else
                    {
                        log.Drop(itemName, "expected " + shape.Member.Shape.Type);
                    }
                }

                w.WriteEndArray();
                return;
            case "map":
                w.WriteStartObject();
                foreach (var (key, value) in (JsonObject)node)
                {
                    var entryName = "[" + key + "]";
                    if (value is null)
                    {
                        if (shape.IsSparse)
                        {
                            w.WriteNull(key);
                        }
                        else
                        {
                            log.Drop(entryName, "null in a map");
                        }
                    }
                    else if (Accepts(shape.Value!.Shape, value))
                    {
                        w.WritePropertyName(key);
                        WriteJsonValue(w, shape.Value, shape.Value.Shape, value, log.UnderIndex(entryName));
                    }
                    else
                    {
                        log.Drop(entryName, "expected " + shape.Value.Shape.Type);
                    }
                }

                w.WriteEndObject();
                return;
            case "timestamp":
                TryGetTimestamp(node, out var ts);
                switch (reference?.EffectiveTimestampFormat ?? shape.TimestampFormat)
                {
                    case "iso8601":
                        w.WriteStringValue(Iso8601(ts, milliseconds: true));
                        break;
                    case "rfc822":
                        w.WriteStringValue(ts.ToString("r", CultureInfo.InvariantCulture));
                        break;
                    default:
                        var ms = ts.ToUnixTimeMilliseconds();
                        if (ms % 1000 == 0)
                        {
                            w.WriteNumberValue(ms / 1000);
                        }
                        else
                        {
                            w.WriteNumberValue(ms / 1000d);
                        }

                        break;
                }

                return;
            case "float":
            case "double":
                TryGetDouble((JsonValue)node, out var d);
                if (double.IsFinite(d))
                {
                    node.WriteTo(w);
                }
                else
                {
                    w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                return;
            case "string":
            case "blob":
                TryGetString((JsonValue)node, out var s);
                w.WriteStringValue(s);
                return;
            default:
                // integer, long, boolean: Accepts has checked the JSON kind.
                node.WriteTo(w);
                return;
        }
    }

    /// <summary>Whether a value has the JSON type the shape needs; nested contents are checked while writing.</summary>
    private static bool Accepts(ShapeModel shape, JsonNode node)
    {
        switch (shape.Type)
        {
            case "structure":
                return shape.IsDocument || node is JsonObject;
            case "map":
                return node is JsonObject;
            case "list":
                return node is JsonArray;
        }

        if (node is not JsonValue v)
        {
            return false;
        }

        switch (shape.Type)
        {
            case "string":
            case "blob":
                return v.GetValueKind() == JsonValueKind.String;
            case "boolean":
                return v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
            case "integer":
            case "long":
                return TryGetDecimal(v, out var d) && decimal.Truncate(d) == d;
            case "float":
            case "double":
                return TryGetDouble(v, out _);
            case "timestamp":
                return TryGetTimestamp(v, out _);
            default:
                return true;
        }
    }

    private void WriteXmlMembers(XmlWriter xw, ShapeModel shape, JsonObject obj, DropLog log, bool ec2)
    {
        foreach (var m in shape.Members)
        {
            if (!obj.TryGetPropertyValue(m.Name, out var node) || node is null)
            {
                continue;
            }

            if (!Accepts(m.Shape, node))
            {
                log.Drop(m.Name, "expected " + m.Shape.Type);
                continue;
            }

            WriteXmlMember(xw, ec2 ? m.Ec2XmlName : m.XmlName, m, m.Shape, node, log.Under(m.Name), ec2);
        }

        foreach (var (key, _) in obj)
        {
            if (shape.FindMember(key) is null)
            {
                log.Drop(key, null);
            }
        }
    }

    private void WriteXmlMember(XmlWriter xw, string element, MemberModel reference, ShapeModel shape, JsonNode node, DropLog log, bool ec2)
    {
        switch (shape.Type)
        {
            case "list":
            {
                var array = (JsonArray)node;
                var flattened = !ec2 && (shape.Flattened || reference.Flattened);
                // EC2 always wraps entries in <item>, whatever the list member's locationName says (that name is
                // only used by the query serializer's flattened input).
                var itemElement = ec2 ? "item" : flattened ? shape.Member!.LocationName ?? element : shape.Member!.LocationName ?? "member";
                if (!flattened)
                {
                    xw.WriteStartElement(element);
                }

                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    var itemName = "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    if (item is null || !Accepts(shape.Member!.Shape, item))
                    {
                        log.Drop(itemName, item is null ? "null in a list" : "expected " + shape.Member!.Shape.Type);
                        continue;
                    }

                    WriteXmlMember(xw, itemElement, shape.Member, shape.Member.Shape, item, log.UnderIndex(itemName), ec2);
                }

                if (!flattened)
                {
                    xw.WriteEndElement();
                }

                return;
            }

            case "map":
            {
                var flattened = !ec2 && (shape.Flattened || reference.Flattened);
                var keyElement = shape.Key!.LocationName ?? "key";
                var valueElement = shape.Value!.LocationName ?? "value";
                if (!flattened)
                {
                    xw.WriteStartElement(element);
                }

                foreach (var (key, value) in (JsonObject)node)
                {
                    var entryName = "[" + key + "]";
                    if (value is null || !Accepts(shape.Value.Shape, value))
                    {
                        log.Drop(entryName, value is null ? "null in a map" : "expected " + shape.Value.Shape.Type);
                        continue;
                    }

                    xw.WriteStartElement(flattened ? element : "entry");
                    xw.WriteElementString(keyElement, XmlText(key));
                    WriteXmlMember(xw, valueElement, shape.Value, shape.Value.Shape, value, log.UnderIndex(entryName), ec2);
                    xw.WriteEndElement();
                }

                if (!flattened)
                {
                    xw.WriteEndElement();
                }

                return;
            }

            case "structure":
                xw.WriteStartElement(element);
                if (shape.IsDocument)
                {
                    // No XML service in the sandbox has documents; keep the JSON text rather than lose the value.
                    xw.WriteString(XmlText(node.ToJsonString()));
                }
                else
                {
                    WriteXmlMembers(xw, shape, (JsonObject)node, log, ec2);
                }

                xw.WriteEndElement();
                return;
            default:
                xw.WriteElementString(element, XmlScalar(reference, shape, (JsonValue)node, ec2));
                return;
        }
    }

    private static string XmlScalar(MemberModel reference, ShapeModel shape, JsonValue v, bool ec2)
    {
        switch (shape.Type)
        {
            case "boolean":
                return v.GetValueKind() == JsonValueKind.True ? "true" : "false";
            case "timestamp":
                TryGetTimestamp(v, out var ts);
                return (reference.EffectiveTimestampFormat) switch
                {
                    "unixTimestamp" => (ts.ToUnixTimeMilliseconds() / 1000d).ToString("R", CultureInfo.InvariantCulture),
                    "rfc822" => ts.ToString("r", CultureInfo.InvariantCulture),
                    _ => Iso8601(ts, milliseconds: ec2),
                };
            case "float":
            case "double":
                TryGetDouble(v, out var d);
                return double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : NumberText(v);
            case "integer":
            case "long":
                return NumberText(v);
            default:
                TryGetString(v, out var s);
                return XmlText(s);
        }
    }

    private static string? HeaderText(MemberModel m, JsonNode node)
    {
        if (!Accepts(m.Shape, node))
        {
            return null;
        }

        if (node is JsonArray array)
        {
            // A list header is one comma-separated value.
            return string.Join(",", array.OfType<JsonValue>().Select(v => HeaderText(m.Shape.Member!, v) ?? ""));
        }

        var value = (JsonValue)node;
        switch (m.Shape.Type)
        {
            case "timestamp":
                TryGetTimestamp(value, out var ts);
                return m.EffectiveTimestampFormat switch
                {
                    "iso8601" => Iso8601(ts, milliseconds: true),
                    "unixTimestamp" => (ts.ToUnixTimeMilliseconds() / 1000d).ToString("R", CultureInfo.InvariantCulture),
                    _ => ts.ToString("r", CultureInfo.InvariantCulture),
                };
            case "boolean":
                return value.GetValueKind() == JsonValueKind.True ? "true" : "false";
            case "string" when m.JsonValue:
                TryGetString(value, out var json);
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
            case "string":
            case "blob":
                TryGetString(value, out var s);
                return s;
            default:
                return NumberText(value);
        }
    }

    private static byte[] DecodeBase64OrDrop(string b64, string name, DropLog log)
    {
        try
        {
            return Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            log.Drop(name, "not base64");
            return [];
        }
    }

    private static string Iso8601(DateTimeOffset ts, bool milliseconds) =>
        ts.UtcDateTime.ToString(milliseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters even escaped; replace them rather than emit an unparsable reply.
    private static string XmlText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            return Clean(s);
        }

        return s;

        static string Clean(string s)
        {
            var sb = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (XmlConvert.IsXmlChar(c))
                {
                    sb.Append(c);
                }
                else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    sb.Append(c).Append(s[++i]);
                }
                else
                {
                    sb.Append('\uFFFD');
                }
            }

            return sb.ToString();
        }
    }

    /// <summary>Records dropped members with their path from the reply's root.</summary>
    private readonly struct DropLog(ModelCodec codec, string shapeName, ICollection<string>? sink, string prefix = "")
    {
        public DropLog Under(string member) => new(codec, shapeName, sink, prefix.Length == 0 ? member : prefix + "." + member);

        public DropLog UnderIndex(string index) => new(codec, shapeName, sink, prefix + index);

        public void Drop(string member, string? reason)
        {
            var path = member.StartsWith('[') ? prefix + member : prefix.Length == 0 ? member : prefix + "." + member;
            sink?.Add(reason is null ? path : $"{path} ({reason})");
            codec.DroppedMember?.Invoke(shapeName, reason is null ? path : $"{path} ({reason})");
        }
    }
}
