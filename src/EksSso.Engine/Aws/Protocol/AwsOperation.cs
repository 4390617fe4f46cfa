namespace EksSso.Engine.Aws.Protocol;

/// <summary>
/// One API operation: its service, name, and for REST protocols the HTTP method and URI template. Typed clients
/// declare these as static fields so the conformance test can check every one against the official model.
/// </summary>
public abstract class AwsOperation(AwsServiceInfo service, string name, string httpMethod, string requestUri)
{
    public AwsServiceInfo Service { get; } = service;

    public string Name { get; } = name;

    public string HttpMethod { get; } = httpMethod;

    /// <summary>URI template with <c>{label}</c> placeholders, as in the model's <c>http.requestUri</c>.</summary>
    public string RequestUri { get; } = requestUri;

    public abstract Type RequestType { get; }

    public abstract Type ResponseType { get; }

    public string Target => Service.TargetPrefix + "." + Name;

    public override string ToString() => $"{Service.ServiceId} {Name}";
}

public sealed class AwsOperation<TRequest, TResponse>(AwsServiceInfo service, string name, string httpMethod = "POST", string requestUri = "/")
    : AwsOperation(service, name, httpMethod, requestUri)
    where TRequest : class
    where TResponse : class, new()
{
    public override Type RequestType => typeof(TRequest);

    public override Type ResponseType => typeof(TResponse);
}

/// <summary>Where a REST member travels; members without it go in the JSON body.</summary>
public enum AwsLocation
{
    Uri,
    QueryString,
    Header,
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class AwsLocationAttribute(AwsLocation location, string name) : Attribute
{
    public AwsLocation Location { get; } = location;

    /// <summary>The model's <c>locationName</c>: URI label, query key or header name.</summary>
    public string Name { get; } = name;
}

/// <summary>Marks a request member the model lists as required; checked locally before a call and by the conformance test.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AwsRequiredAttribute : Attribute;

/// <summary>Names the model enum a string member takes its values from; the values are the class's const strings.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AwsEnumAttribute(Type valuesType) : Attribute
{
    public Type ValuesType { get; } = valuesType;
}

/// <summary>
/// Marks a member the model flags <c>idempotencyToken</c>: when the caller leaves it empty, the protocol client fills
/// it with a new GUID before the first attempt, so retries of that call carry the same token.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AwsIdempotencyTokenAttribute : Attribute;
