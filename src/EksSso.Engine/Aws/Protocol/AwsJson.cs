using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EksSso.Engine.Aws.Protocol;

/// <summary>JSON settings and error parsing shared by the JSON 1.1 and REST-JSON protocols.</summary>
public static class AwsJson
{
    /// <summary>Member names as the property names (Organizations, SSO Admin, Identity Store use PascalCase).</summary>
    public static JsonSerializerOptions PascalCase { get; } = Create(null);

    /// <summary>camelCase member names (EKS, SSO portal, SSO OIDC).</summary>
    public static JsonSerializerOptions CamelCase { get; } = Create(JsonNamingPolicy.CamelCase);

    public static JsonSerializerOptions For(AwsServiceInfo service) =>
        service.Protocol == AwsProtocol.RestJson ? CamelCase : PascalCase;

    /// <summary>The wire name of a property under the given options, as the serializer writes it.</summary>
    public static string WireName(PropertyInfo property, JsonSerializerOptions options) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? options.PropertyNamingPolicy?.ConvertName(property.Name)
        ?? property.Name;

    public static AwsServiceException ParseError(AwsServiceInfo service, string operation, AwsWireResponse response)
    {
        string? code = response.Header("x-amzn-ErrorType");
        string? message = null;
        try
        {
            if (response.Body.Length > 0)
            {
                using var doc = JsonDocument.Parse(response.Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        if (code is null && (p.NameEquals("__type") || p.NameEquals("code") || p.NameEquals("Code")))
                        {
                            code = p.Value.GetString();
                        }
                        else if (message is null && (p.NameEquals("message") || p.NameEquals("Message") || p.NameEquals("errorMessage")))
                        {
                            message = p.Value.GetString();
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            message ??= Truncate(Encoding.UTF8.GetString(response.Body));
        }

        return new AwsServiceException(
            service.ServiceId,
            operation,
            SanitizeCode(code) ?? FallbackCode(response.StatusCode),
            message ?? $"HTTP {response.StatusCode}",
            response.StatusCode,
            response.RequestId);
    }

    /// <summary>"aws.protocoltests#FooError:http://..." → "FooError", as the SDKs normalise it.</summary>
    internal static string? SanitizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    internal static string FallbackCode(int status) => status switch
    {
        400 => "BadRequest",
        403 => "AccessDenied",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequestsException",
        >= 500 => "InternalFailure",
        _ => "UnknownError",
    };

    internal static string Truncate(string s) => s.Length <= 512 ? s : s[..512] + "…";

    private static JsonSerializerOptions Create(JsonNamingPolicy? naming)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = naming,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropLocatedMembers } },
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>REST members bound to the URI, query or headers never go in the body.</summary>
    private static void DropLocatedMembers(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].AttributeProvider?.IsDefined(typeof(AwsLocationAttribute), false) == true)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    /// <summary>JSON protocols carry timestamps as epoch seconds (with fraction).</summary>
    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                var seconds = reader.GetDouble();
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }

            return DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
    }
}

/// <summary>Checks a request's <see cref="AwsRequiredAttribute"/> members, nested ones included, before anything is sent.</summary>
public static class AwsRequestValidator
{
    public static void Validate(AwsOperation operation, object request) => Validate(operation, request, "");

    /// <summary>Fills empty <see cref="AwsIdempotencyTokenAttribute"/> members of the request with a new GUID.</summary>
    public static void FillIdempotencyTokens(object request)
    {
        foreach (var p in request.GetType().GetProperties())
        {
            if (p.PropertyType == typeof(string) && p.CanWrite && p.IsDefined(typeof(AwsIdempotencyTokenAttribute)) && p.GetValue(request) is null or "")
            {
                p.SetValue(request, Guid.NewGuid().ToString());
            }
        }
    }

    private static void Validate(AwsOperation operation, object value, string path)
    {
        foreach (var p in value.GetType().GetProperties())
        {
            var member = p.GetValue(value);
            var name = path + p.Name;
            if (member is null || member is string { Length: 0 })
            {
                if (p.IsDefined(typeof(AwsRequiredAttribute)))
                {
                    throw new AwsRequestValidationException($"{operation.Service.ServiceId} {operation.Name}: the required member '{name}' is missing.", name);
                }

                continue;
            }

            if (member is System.Collections.IDictionary or string || member.GetType().IsPrimitive || member is DateTimeOffset or System.Text.Json.JsonElement)
            {
                continue;
            }

            if (member is System.Collections.IEnumerable list)
            {
                var i = 0;
                foreach (var item in list)
                {
                    if (item is not null && item is not string && !item.GetType().IsPrimitive)
                    {
                        Validate(operation, item, $"{name}[{i}].");
                    }

                    i++;
                }

                continue;
            }

            if (member.GetType().IsClass)
            {
                Validate(operation, member, name + ".");
            }
        }
    }
}

public sealed class AwsRequestValidationException(string message, string member) : ArgumentException(message, member);
