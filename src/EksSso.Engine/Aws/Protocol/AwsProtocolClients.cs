using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace EksSso.Engine.Aws.Protocol;

/// <summary>JSON 1.1: POST / with <c>X-Amz-Target</c>; Organizations, SSO Admin, Identity Store.</summary>
public sealed class JsonRpcClient(AwsTransport transport, AwsServiceInfo service)
{
    public AwsServiceInfo Service { get; } = service;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class, new()
    {
        AwsRequestValidator.FillIdempotencyTokens(request);
        AwsRequestValidator.Validate(operation, request);
        var wire = new AwsWireRequest(HttpMethod.Post, "/", JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.For(Service)), "application/x-amz-json-1.1");
        wire.Headers.Add(new("X-Amz-Target", operation.Target));
        var response = await transport.SendAsync(Service, operation.Name, wire, r => AwsJson.ParseError(Service, operation.Name, r), cancellationToken).ConfigureAwait(false);
        return response.Body.Length == 0 ? new TResponse() : JsonSerializer.Deserialize<TResponse>(response.Body, AwsJson.For(Service)) ?? new TResponse();
    }
}

/// <summary>REST-JSON: method and URI template from the model, labels and query members from attributes; EKS.</summary>
public sealed class RestJsonClient(AwsTransport transport, AwsServiceInfo service)
{
    public AwsServiceInfo Service { get; } = service;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class, new()
    {
        AwsRequestValidator.FillIdempotencyTokens(request);
        AwsRequestValidator.Validate(operation, request);
        var options = AwsJson.For(Service);
        var path = operation.RequestUri;
        var query = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        var hasBody = false;
        foreach (var p in typeof(TRequest).GetProperties())
        {
            var location = p.GetCustomAttribute<AwsLocationAttribute>();
            var value = p.GetValue(request);
            if (location is null)
            {
                hasBody |= value is not null;
                continue;
            }

            if (value is null)
            {
                if (location.Location == AwsLocation.Uri)
                {
                    throw new AwsRequestValidationException($"{Service.ServiceId} {operation.Name}: the URI member '{p.Name}' is missing.", p.Name);
                }

                continue;
            }

            switch (location.Location)
            {
                case AwsLocation.Uri:
                    // A greedy label ({key+}) keeps its slashes; a plain one escapes them.
                    path = path
                        .Replace("{" + location.Name + "+}", string.Join('/', Format(value).Split('/').Select(Uri.EscapeDataString)), StringComparison.Ordinal)
                        .Replace("{" + location.Name + "}", Uri.EscapeDataString(Format(value)), StringComparison.Ordinal);
                    break;
                case AwsLocation.QueryString when value is not string && value is System.Collections.IEnumerable:
                    foreach (var item in (System.Collections.IEnumerable)value)
                    {
                        query.Add(Uri.EscapeDataString(location.Name) + "=" + Uri.EscapeDataString(Format(item!)));
                    }

                    break;
                case AwsLocation.QueryString:
                    query.Add(Uri.EscapeDataString(location.Name) + "=" + Uri.EscapeDataString(Format(value)));
                    break;
                case AwsLocation.Header:
                    headers.Add(new(location.Name, value is DateTimeOffset d ? d.ToString("R", CultureInfo.InvariantCulture) : Format(value)));
                    break;
            }
        }

        var body = operation.HttpMethod is "GET" or "DELETE" && !hasBody ? [] : JsonSerializer.SerializeToUtf8Bytes(request, options);
        var separator = path.Contains('?') ? "&" : "?";
        var wire = new AwsWireRequest(new HttpMethod(operation.HttpMethod), path + (query.Count > 0 ? separator + string.Join('&', query) : ""), body, body.Length > 0 ? "application/json" : null);
        wire.Headers.AddRange(headers);
        var response = await transport.SendAsync(Service, operation.Name, wire, r => AwsJson.ParseError(Service, operation.Name, r), cancellationToken).ConfigureAwait(false);
        return response.Body.Length == 0 ? new TResponse() : JsonSerializer.Deserialize<TResponse>(response.Body, options) ?? new TResponse();
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Query: form-encoded POST with Action and Version, XML reply; IAM (and STS where the SDK is not used).</summary>
public sealed class QueryClient(AwsTransport transport, AwsServiceInfo service)
{
    public AwsServiceInfo Service { get; } = service;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class, new()
    {
        AwsRequestValidator.FillIdempotencyTokens(request);
        AwsRequestValidator.Validate(operation, request);
        var form = new StringBuilder();
        form.Append("Action=").Append(Uri.EscapeDataString(operation.Name));
        form.Append("&Version=").Append(Uri.EscapeDataString(Service.ApiVersion!));
        foreach (var (key, value) in AwsQuerySerializer.Serialize(request))
        {
            form.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var wire = new AwsWireRequest(HttpMethod.Post, "/", Encoding.UTF8.GetBytes(form.ToString()), "application/x-www-form-urlencoded; charset=utf-8");
        var response = await transport.SendAsync(Service, operation.Name, wire, r => AwsQuerySerializer.ParseError(Service, operation.Name, r), cancellationToken).ConfigureAwait(false);
        return AwsQuerySerializer.Deserialize<TResponse>(response.Body, operation.Name);
    }
}
