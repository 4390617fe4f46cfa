using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;

namespace EksSso.Engine.Aws.Protocol;

/// <summary>
/// The Query protocol's shapes: requests flattened to form pairs (<c>Tags.member.1.Key</c>), replies read from
/// <c>&lt;OpResponse&gt;&lt;OpResult&gt;</c> XML by property name, errors from <c>&lt;ErrorResponse&gt;</c>.
/// </summary>
public static class AwsQuerySerializer
{
    public static string WireName(PropertyInfo p) => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name;

    public static List<KeyValuePair<string, string>> Serialize(object request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        Flatten(request, "", pairs);
        return pairs;
    }

    private static void Flatten(object value, string prefix, List<KeyValuePair<string, string>> pairs)
    {
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var v = p.GetValue(value);
            if (v is not null)
            {
                FlattenValue(v, prefix + WireName(p), pairs);
            }
        }
    }

    private static void FlattenValue(object v, string key, List<KeyValuePair<string, string>> pairs)
    {
        switch (v)
        {
            case string s:
                pairs.Add(new(key, s));
                break;
            case bool b:
                pairs.Add(new(key, b ? "true" : "false"));
                break;
            case DateTimeOffset d:
                pairs.Add(new(key, d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
                break;
            case IFormattable f:
                pairs.Add(new(key, f.ToString(null, CultureInfo.InvariantCulture)));
                break;
            case IDictionary map:
                var n = 0;
                foreach (DictionaryEntry e in map)
                {
                    n++;
                    FlattenValue(e.Key, $"{key}.entry.{n}.key", pairs);
                    if (e.Value is not null)
                    {
                        FlattenValue(e.Value, $"{key}.entry.{n}.value", pairs);
                    }
                }

                break;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    i++;
                    if (item is not null)
                    {
                        FlattenValue(item, $"{key}.member.{i}", pairs);
                    }
                }

                if (i == 0)
                {
                    // An empty list is sent as the bare key, as the SDKs do, so "clear the list" is expressible.
                    pairs.Add(new(key, ""));
                }

                break;
            default:
                Flatten(v, key + ".", pairs);
                break;
        }
    }

    public static T Deserialize<T>(byte[] body, string operation)
        where T : class, new()
    {
        if (body.Length == 0)
        {
            return new T();
        }

        var root = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
        var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result");
        return result is null ? new T() : (T)ReadObject(result, typeof(T));
    }

    private static object ReadObject(XElement element, Type type)
    {
        var obj = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!p.CanWrite)
            {
                continue;
            }

            var name = WireName(p);
            var child = element.Elements().FirstOrDefault(e => e.Name.LocalName == name);
            if (child is not null)
            {
                p.SetValue(obj, ReadValue(child, p.PropertyType));
            }
        }

        return obj;
    }

    private static object? ReadValue(XElement e, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return e.Value;
        }

        if (underlying == typeof(bool))
        {
            return string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }

        if (underlying == typeof(int))
        {
            return int.Parse(e.Value, CultureInfo.InvariantCulture);
        }

        if (underlying == typeof(long))
        {
            return long.Parse(e.Value, CultureInfo.InvariantCulture);
        }

        if (underlying == typeof(DateTimeOffset))
        {
            return DateTimeOffset.Parse(e.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var map = (IDictionary)Activator.CreateInstance(underlying)!;
            var valueType = underlying.GetGenericArguments()[1];
            foreach (var entry in e.Elements().Where(x => x.Name.LocalName == "entry"))
            {
                var k = entry.Elements().FirstOrDefault(x => x.Name.LocalName == "key")?.Value;
                var v = entry.Elements().FirstOrDefault(x => x.Name.LocalName == "value");
                if (k is not null && v is not null)
                {
                    map[k] = ReadValue(v, valueType);
                }
            }

            return map;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(underlying)!;
            var itemType = underlying.GetGenericArguments()[0];
            foreach (var member in e.Elements().Where(x => x.Name.LocalName == "member"))
            {
                list.Add(ReadValue(member, itemType));
            }

            return list;
        }

        return ReadObject(e, underlying);
    }

    public static AwsServiceException ParseError(AwsServiceInfo service, string operation, AwsWireResponse response)
    {
        string? code = null, message = null, requestId = response.RequestId;
        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(response.Body)).Root!;
            var error = root.Descendants().FirstOrDefault(x => x.Name.LocalName == "Error") ?? root;
            code = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Code")?.Value;
            message = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Message")?.Value;
            requestId ??= root.Descendants().FirstOrDefault(x => x.Name.LocalName == "RequestId")?.Value;
        }
        catch (XmlException)
        {
            message = response.Body.Length == 0 ? null : AwsJson.Truncate(Encoding.UTF8.GetString(response.Body));
        }

        return new AwsServiceException(service.ServiceId, operation, code ?? AwsJson.FallbackCode(response.StatusCode), message ?? $"HTTP {response.StatusCode}", response.StatusCode, requestId);
    }
}
