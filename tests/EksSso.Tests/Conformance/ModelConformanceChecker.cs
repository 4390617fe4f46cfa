using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Tests.Conformance;

/// <summary>The official botocore models copied to <c>Data/models</c>, loaded once each.</summary>
internal static class AwsModels
{
    private static readonly ConcurrentDictionary<string, JsonDocument> s_documents = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> s_modelFiles = new(StringComparer.Ordinal)
    {
        [AwsServiceInfo.Organizations.ServiceId] = "organizations.json",
        [AwsServiceInfo.SsoAdmin.ServiceId] = "sso-admin.json",
        [AwsServiceInfo.IdentityStore.ServiceId] = "identitystore.json",
        [AwsServiceInfo.Iam.ServiceId] = "iam.json",
        [AwsServiceInfo.Sts.ServiceId] = "sts.json",
        [AwsServiceInfo.Eks.ServiceId] = "eks.json",
    };

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "models");

    public static string? FileFor(AwsServiceInfo service) => s_modelFiles.GetValueOrDefault(service.ServiceId);

    public static JsonElement Load(string file) =>
        s_documents.GetOrAdd(file, f => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, f)))).RootElement;

    /// <summary>Every <c>public static readonly AwsOperation</c> field of every <c>*Operations</c> static class in the engine.</summary>
    public static IReadOnlyList<(FieldInfo Field, AwsOperation Operation)> DeclaredOperations() =>
        typeof(AwsOperation).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true, IsClass: true } && t.Name.EndsWith("Operations", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsInitOnly && typeof(AwsOperation).IsAssignableFrom(f.FieldType))
            .Select(f => (f, (AwsOperation)f.GetValue(null)!))
            .OrderBy(x => x.Item2.ToString(), StringComparer.Ordinal)
            .ToList();
}

/// <summary>
/// Compares one operation descriptor and its request/response types with the official service model: the operation,
/// protocol, HTTP binding and service metadata, then every property (by wire name) against the shape members, their
/// REST locations, the input's <c>required</c> lists and the enum values. Returns the problems found; empty is good.
/// </summary>
internal sealed class ModelConformanceChecker
{
    private readonly AwsOperation _operation;
    private readonly AwsServiceInfo _service;
    private readonly JsonSerializerOptions _json;
    private readonly List<string> _problems = [];
    private readonly HashSet<(Type, string, bool)> _visited = [];
    private JsonElement _shapes;

    private ModelConformanceChecker(AwsOperation operation)
    {
        _operation = operation;
        _service = operation.Service;
        _json = AwsJson.For(_service);
    }

    public static List<string> Check(AwsOperation operation)
    {
        var checker = new ModelConformanceChecker(operation);
        checker.Run();
        return checker._problems;
    }

    private void Run()
    {
        var file = AwsModels.FileFor(_service);
        if (file is null)
        {
            _problems.Add($"No model file is mapped for the service '{_service.ServiceId}'.");
            return;
        }

        var model = AwsModels.Load(file);
        _shapes = model.GetProperty("shapes");
        CheckMetadata(model.GetProperty("metadata"));

        if (!model.GetProperty("operations").TryGetProperty(_operation.Name, out var op))
        {
            _problems.Add($"The model {file} has no operation '{_operation.Name}'.");
            return;
        }

        var http = op.GetProperty("http");
        Expect("http.method", http.GetProperty("method").GetString(), _operation.HttpMethod);
        Expect("http.requestUri", http.GetProperty("requestUri").GetString(), _operation.RequestUri);

        CheckTop(op, "input", _operation.RequestType, isInput: true);
        CheckTop(op, "output", _operation.ResponseType, isInput: false);
    }

    private void CheckMetadata(JsonElement metadata)
    {
        var protocol = metadata.GetProperty("protocol").GetString();
        var endpointPrefix = metadata.GetProperty("endpointPrefix").GetString();
        var signingName = metadata.TryGetProperty("signingName", out var s) ? s.GetString() : endpointPrefix;
        Expect("metadata.serviceId", metadata.GetProperty("serviceId").GetString(), _service.ServiceId);
        Expect("metadata.endpointPrefix", endpointPrefix, _service.EndpointPrefix);
        Expect("metadata.signingName", signingName, _service.SigningName);
        switch (_service.Protocol)
        {
            case AwsProtocol.Json:
                Expect("metadata.protocol", protocol, "json");
                Expect("metadata.targetPrefix", metadata.TryGetProperty("targetPrefix", out var t) ? t.GetString() : null, _service.TargetPrefix);
                break;
            case AwsProtocol.RestJson:
                Expect("metadata.protocol", protocol, "rest-json");
                break;
            case AwsProtocol.Query:
                Expect("metadata.protocol", protocol, "query");
                Expect("metadata.apiVersion", metadata.GetProperty("apiVersion").GetString(), _service.ApiVersion);
                break;
            default:
                _problems.Add($"The checker does not handle the protocol {_service.Protocol}.");
                break;
        }
    }

    private void Expect(string what, string? model, string? declared)
    {
        if (!string.Equals(model, declared, StringComparison.Ordinal))
        {
            _problems.Add($"{what}: the model says '{model}', the descriptor says '{declared}'.");
        }
    }

    private void CheckTop(JsonElement op, string kind, Type type, bool isInput)
    {
        var label = $"{type.Name} ({kind})";
        if (op.TryGetProperty(kind, out var shapeRef))
        {
            CheckStructure(type, shapeRef.GetProperty("shape").GetString()!, label, isInput);
        }
        else if (type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length > 0)
        {
            _problems.Add($"{label}: the operation has no {kind} shape, so the type must declare no properties.");
        }
    }

    private void CheckStructure(Type type, string shapeName, string path, bool isInput)
    {
        if (!_visited.Add((type, shapeName, isInput)))
        {
            return;
        }

        var shape = _shapes.GetProperty(shapeName);
        if (shape.GetProperty("type").GetString() != "structure" || IsDocument(shape))
        {
            _problems.Add($"{path}: {type.Name} is a class but the model shape {shapeName} is not a structure.");
            return;
        }

        var members = shape.TryGetProperty("members", out var m) ? m : default;
        var requiredInModel = shape.TryGetProperty("required", out var r)
            ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var declaredRequired = new HashSet<string>(StringComparer.Ordinal);

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var wire = WireName(p);
            var memberPath = $"{path}.{wire}";
            if (!TryFindMember(members, wire, out var memberName, out var member))
            {
                _problems.Add($"{memberPath}: '{wire}' (property {type.Name}.{p.Name}) is not a member of the model shape {shapeName}.");
                continue;
            }

            if (p.IsDefined(typeof(AwsRequiredAttribute)))
            {
                declaredRequired.Add(memberName);
            }

            if (isInput)
            {
                CheckLocation(p, member, memberPath);
                var tokenInModel = member.TryGetProperty("idempotencyToken", out var t) && t.GetBoolean();
                if (tokenInModel != p.IsDefined(typeof(AwsIdempotencyTokenAttribute)))
                {
                    _problems.Add($"{memberPath}: the model {(tokenInModel ? "marks" : "does not mark")} it idempotencyToken, but [AwsIdempotencyToken] is {(tokenInModel ? "missing" : "present")}.");
                }
            }

            var memberShape = member.GetProperty("shape").GetString()!;
            if (p.IsDefined(typeof(AwsEnumAttribute)) && !IsEnumOrEnumList(memberShape))
            {
                _problems.Add($"{memberPath}: has [AwsEnum], but the model shape {memberShape} is neither an enum nor a list of one.");
            }

            CheckValue(p, p.PropertyType, memberShape, memberPath, isInput);
        }

        if (!isInput)
        {
            return;
        }

        foreach (var missing in requiredInModel.Except(declaredRequired).Order(StringComparer.Ordinal))
        {
            _problems.Add($"{path}.{missing}: the model shape {shapeName} requires '{missing}', but {type.Name} has no [AwsRequired] property for it.");
        }

        foreach (var extra in declaredRequired.Except(requiredInModel).Order(StringComparer.Ordinal))
        {
            _problems.Add($"{path}.{extra}: marked [AwsRequired], but the model shape {shapeName} does not require it.");
        }
    }

    private string WireName(PropertyInfo p) =>
        _service.Protocol == AwsProtocol.Query ? AwsQuerySerializer.WireName(p) : AwsJson.WireName(p, _json);

    /// <summary>A body member travels under its <c>locationName</c> when it has one; located members go by member name.</summary>
    private static bool TryFindMember(JsonElement members, string wire, out string name, out JsonElement member)
    {
        if (members.ValueKind == JsonValueKind.Object)
        {
            foreach (var candidate in members.EnumerateObject())
            {
                var v = candidate.Value;
                var renamed = !v.TryGetProperty("location", out _) && v.TryGetProperty("locationName", out var ln) ? ln.GetString() : null;
                if ((renamed ?? candidate.Name) == wire)
                {
                    name = candidate.Name;
                    member = v;
                    return true;
                }
            }
        }

        name = "";
        member = default;
        return false;
    }

    private void CheckLocation(PropertyInfo p, JsonElement member, string path)
    {
        var declared = p.GetCustomAttribute<AwsLocationAttribute>();
        var modelLocation = member.TryGetProperty("location", out var l) ? l.GetString() : null;
        if (modelLocation is null)
        {
            if (declared is not null)
            {
                _problems.Add($"{path}: has [AwsLocation({declared.Location}, \"{declared.Name}\")], but the model sends it in the body.");
            }

            return;
        }

        var modelName = member.TryGetProperty("locationName", out var n) ? n.GetString() : null;
        if (declared is null)
        {
            _problems.Add($"{path}: the model binds it to {modelLocation} '{modelName}', but the property has no [AwsLocation].");
            return;
        }

        var declaredLocation = declared.Location switch
        {
            AwsLocation.Uri => "uri",
            AwsLocation.QueryString => "querystring",
            AwsLocation.Header => "header",
            _ => declared.Location.ToString(),
        };
        if (declaredLocation != modelLocation || declared.Name != modelName)
        {
            _problems.Add($"{path}: the model binds it to {modelLocation} '{modelName}', the property to {declaredLocation} '{declared.Name}'.");
        }

        if (modelLocation == "uri" && !_operation.RequestUri.Contains("{" + declared.Name + "}", StringComparison.Ordinal))
        {
            _problems.Add($"{path}: the URI label '{{{declared.Name}}}' does not occur in the descriptor's URI '{_operation.RequestUri}'.");
        }
    }

    /// <summary>Checks a property's (or list element's, or map value's) C# type against a model shape and walks into it.</summary>
    private void CheckValue(PropertyInfo p, Type type, string shapeName, string path, bool isInput)
    {
        var shape = _shapes.GetProperty(shapeName);
        var kind = shape.GetProperty("type").GetString();
        var t = Nullable.GetUnderlyingType(type) ?? type;

        if (shape.TryGetProperty("enum", out var values))
        {
            CheckEnum(p, values, shapeName, path);
        }

        switch (kind)
        {
            case "structure" when IsDocument(shape):
                ExpectType(t == typeof(JsonElement), type, shapeName, "document", path);
                break;
            case "structure":
                if (ExpectType(t.IsClass && t != typeof(string) && !IsGeneric(t, typeof(List<>)) && !IsGeneric(t, typeof(Dictionary<,>)), type, shapeName, kind, path))
                {
                    CheckStructure(t, shapeName, path, isInput);
                }

                break;
            case "list":
                if (ExpectType(IsGeneric(t, typeof(List<>)), type, shapeName, kind, path))
                {
                    CheckValue(p, t.GetGenericArguments()[0], shape.GetProperty("member").GetProperty("shape").GetString()!, path + "[]", isInput);
                }

                break;
            case "map":
                if (ExpectType(IsGeneric(t, typeof(Dictionary<,>)) && t.GetGenericArguments()[0] == typeof(string), type, shapeName, kind, path))
                {
                    CheckValue(p, t.GetGenericArguments()[1], shape.GetProperty("value").GetProperty("shape").GetString()!, path + "{}", isInput);
                }

                break;
            case "string":
                ExpectType(t == typeof(string), type, shapeName, kind, path);
                break;
            case "integer":
                ExpectType(t == typeof(int), type, shapeName, kind, path);
                break;
            case "long":
                ExpectType(t == typeof(long), type, shapeName, kind, path);
                break;
            case "boolean":
                ExpectType(t == typeof(bool), type, shapeName, kind, path);
                break;
            case "timestamp":
                ExpectType(t == typeof(DateTimeOffset), type, shapeName, kind, path);
                break;
            case "double" or "float":
                ExpectType(t == typeof(double), type, shapeName, kind, path);
                break;
            default:
                ExpectType(t == typeof(string), type, shapeName, kind!, path);
                break;
        }
    }

    private bool ExpectType(bool ok, Type type, string shapeName, string kind, string path)
    {
        if (!ok)
        {
            _problems.Add($"{path}: the C# type {Describe(type)} does not fit the model shape {shapeName} ({kind}).");
        }

        return ok;
    }

    private void CheckEnum(PropertyInfo p, JsonElement modelValues, string shapeName, string path)
    {
        var attribute = p.GetCustomAttribute<AwsEnumAttribute>();
        if (attribute is null)
        {
            _problems.Add($"{path}: the model shape {shapeName} is an enum, but the property has no [AwsEnum].");
            return;
        }

        var model = modelValues.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
        var declared = EnumValues(attribute.ValuesType);
        foreach (var extra in declared.Except(model).Order(StringComparer.Ordinal))
        {
            _problems.Add($"{path}: {attribute.ValuesType.Name} has the value '{extra}', which the model enum {shapeName} does not have.");
        }

        foreach (var missing in model.Except(declared).Order(StringComparer.Ordinal))
        {
            _problems.Add($"{path}: {attribute.ValuesType.Name} lacks the value '{missing}' of the model enum {shapeName}.");
        }
    }

    internal static HashSet<string> EnumValues(Type valuesType) =>
        valuesType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    private bool IsEnumOrEnumList(string shapeName)
    {
        var shape = _shapes.GetProperty(shapeName);
        return shape.TryGetProperty("enum", out _)
            || (shape.GetProperty("type").GetString() == "list" && _shapes.GetProperty(shape.GetProperty("member").GetProperty("shape").GetString()!).TryGetProperty("enum", out _));
    }

    private static bool IsDocument(JsonElement shape) =>
        shape.TryGetProperty("document", out var d) && d.ValueKind == JsonValueKind.True;

    private static bool IsGeneric(Type t, Type definition) => t.IsGenericType && t.GetGenericTypeDefinition() == definition;

    private static string Describe(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Describe))}>" : t.Name;
}
