using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EksSso.Sandbox.Hosting;

/// <summary>
/// One request end to end: route like AWS (X-Amz-Target, credential-scope service, Action, REST path), authenticate
/// (SigV4 against issued keys), parse and validate against the model, dispatch, and answer in the service's protocol.
/// </summary>
public sealed class SandboxPipeline(SandboxHost host)
{
    private static readonly Dictionary<string, string> s_servicesBySigningName = new(StringComparer.Ordinal)
    {
        ["iam"] = "iam",
        ["sts"] = "sts",
        ["ec2"] = "ec2",
        ["eks"] = "eks",
        ["awsssoportal"] = "sso",
        ["sso-oauth"] = "sso-oidc",
        ["sso"] = "sso-admin",
        ["organizations"] = "organizations",
        ["identitystore"] = "identitystore",
    };

    /// <summary>Operations AWS serves without SigV4: federation calls, the OIDC token service, the portal (bearer token).</summary>
    private static bool IsUnsigned(string service, string operation) =>
        service is "sso-oidc" or "sso" || (service == "sts" && operation is "AssumeRoleWithWebIdentity" or "AssumeRoleWithSAML");

    public async Task HandleAsync(HttpContext http)
    {
        var clock = Stopwatch.StartNew();
        var requestId = Guid.NewGuid().ToString();
        var request = http.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = SigV4Request.ParseQuery(queryStart < 0 ? null : rawTarget[(queryStart + 1)..]);
        string? Header(string name) => request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? string.Join(",", v.ToArray()) : null;

        if (rawPath.StartsWith("/_sandbox/", StringComparison.Ordinal))
        {
            await SandboxControls.HandleAsync(host, http, rawPath, query, body);
            return;
        }

        ServiceEndpoint? service = null;
        string operationName = "(unknown)";
        string? callerArn = null;
        try
        {
            var claim = SigV4Verifier.ReadClaim(Header, query);
            // A form body decodes '+' as a space (the AWS CLI sends spaces that way); the signature is over the raw bytes.
            var form = IsForm(request.ContentType) ? ModelCodec.ParseQueryString(Encoding.UTF8.GetString(body)) : request.Method == "GET" ? query : [];
            var (operation, labels) = Route(Header("X-Amz-Target"), claim, request.Method, rawPath, query, form, ref service);
            var endpoint = service ?? throw new UnreachableException("Route returned without a service.");
            operationName = operation.Name;

            if (host.Faults.For(endpoint.ModelName, operation.Name) is { } fault)
            {
                if (fault.LatencyMilliseconds > 0)
                {
                    await Task.Delay(fault.LatencyMilliseconds, http.RequestAborted);
                }

                if (fault.ThrottleRate > 0 && Random.Shared.NextDouble() < fault.ThrottleRate)
                {
                    var (code, status) = endpoint.Throttling;
                    throw new SandboxException(code, "Rate exceeded", status);
                }

                if (fault.ErrorRate > 0 && Random.Shared.NextDouble() < fault.ErrorRate)
                {
                    throw new SandboxException(endpoint.Protocol == "query" ? "ServiceUnavailable" : "InternalFailure", "The sandbox injected a server error.", 503, senderFault: false);
                }
            }

            JsonObject? output;
            lock (host.Gate)
            {
                host.Settle();
                SandboxCaller? caller = null;
                if (!IsUnsigned(endpoint.ModelName, operation.Name) || claim is not null)
                {
                    if (claim is null)
                    {
                        throw new SandboxException(AuthErrors.Missing, "Request is missing Authentication Token", 403);
                    }

                    var key = SigV4Verifier.Verify(claim, host.State, host.Clock.Now, request.Method, rawPath, query, Header, body);
                    caller = SandboxCaller.From(key, host.State);
                    callerArn = caller.Arn;
                }

                var codec = endpoint.Codec;
                var input = endpoint.Protocol switch
                {
                    "json" => codec.ReadJson(operation, body),
                    "rest-json" => codec.ReadRest(operation, labels, query, Header, body),
                    _ => codec.ReadQuery(operation, form),
                };
                codec.Validate(operation, input);

                if (!endpoint.Handlers.TryGetValue(operation.Name, out var handler))
                {
                    var (code, status) = endpoint.UnknownOperation;
                    throw new SandboxException(code, $"The sandbox does not implement {endpoint.Model.Metadata.ServiceId} {operation.Name}.", status);
                }

                var context = new OperationContext(host, service, operation, input, caller, claim?.Region ?? host.State.HomeRegion, requestId);
                output = handler(context);
                if (!context.WasAuthorized)
                {
                    throw new InvalidOperationException($"The handler of {operation.Name} returned without an authorisation decision.");
                }

                if (IsMutating(operation.Name))
                {
                    host.Save();
                }
            }

            await WriteOutputAsync(http, endpoint, operation, output ?? [], requestId);
            host.Log.Add(new RequestLogEntry(host.Clock.Now, endpoint.ModelName, operation.Name, callerArn, http.Response.StatusCode, null, ChangesResources(operation.Name), clock.ElapsedMilliseconds));
        }
        catch (Exception e) when (e is SandboxException or ModelValidationException)
        {
            var (code, message, status, sender) = e switch
            {
                SandboxException s when s.Code.StartsWith('#') && service is not null => Translate(service, s),
                SandboxException s => (s.Code, s.Message, s.StatusCode, s.SenderFault),
                ModelValidationException v => (v.Code, v.Message, 400, true),
                _ => throw new UnreachableException(),
            };
            await WriteErrorAsync(http, service, code, message, status, sender, requestId);
            host.Log.Add(new RequestLogEntry(host.Clock.Now, service?.ModelName ?? "unknown", operationName, callerArn, status, code, ChangesResources(operationName), clock.ElapsedMilliseconds));
        }
    }

    private static (string, string, int, bool) Translate(ServiceEndpoint service, SandboxException e)
    {
        var (code, status) = service.AuthenticationError(e.Code);
        return (code, e.Message, status, true);
    }

    /// <summary>Finds the operation; sets <paramref name="routed"/> as soon as the service is known, so errors use its protocol.</summary>
    private (OperationModel Operation, IReadOnlyDictionary<string, string> Labels) Route(
        string? target, SigV4Claim? claim, string method, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> form, ref ServiceEndpoint? routed)
    {
        var empty = new Dictionary<string, string>();
        if (target is not null)
        {
            var dot = target.LastIndexOf('.');
            var prefix = dot < 0 ? target : target[..dot];
            routed = host.Services.Values.FirstOrDefault(s => s.Protocol == "json" && s.Model.Metadata.TargetPrefix == prefix)
                ?? throw new SandboxException("UnknownOperationException", $"Unknown target prefix {prefix}.", 400);
            return routed.Model.Operations.TryGetValue(target[(dot + 1)..], out var op)
                ? (op, empty)
                : throw new SandboxException("UnknownOperationException", $"Unknown operation {target}.", 400);
        }

        ServiceEndpoint? byScope = claim is not null && s_servicesBySigningName.TryGetValue(claim.Service, out var name) ? host.Services[name] : null;
        var action = form.FirstOrDefault(p => p.Key == "Action").Value;
        if (action is not null)
        {
            var service = byScope ?? host.Services["sts"];
            if (service.Protocol is not ("query" or "ec2"))
            {
                throw new SandboxException("InvalidAction", $"{service.ModelName} does not take Query requests.", 400);
            }

            routed = service;
            return service.Model.Operations.TryGetValue(action, out var op)
                ? (op, empty)
                : throw new SandboxException("InvalidAction", $"Could not find operation {action} for version {service.Model.Metadata.ApiVersion}", 400);
        }

        var decodedPath = Uri.UnescapeDataString(rawPath);
        foreach (var service in byScope is not null ? [byScope] : host.Services.Values.Where(s => s.Protocol == "rest-json"))
        {
            if (service.Protocol == "rest-json" && service.Model.MatchRest(method, rawPath, query) is { } match)
            {
                routed = service;
                return (match.Operation, match.Labels);
            }
        }

        routed = byScope;
        throw new SandboxException("UnknownOperationException", $"No AWS operation answers {method} {decodedPath}.", 404);
    }

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public static bool IsMutating(string operation) =>
        !(operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal)
          || operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Is", StringComparison.Ordinal)
          || operation.StartsWith("Search", StringComparison.Ordinal) || operation.StartsWith("Simulate", StringComparison.Ordinal)
          || operation == "(unknown)");

    /// <summary>
    /// What the request log calls mutating: a change to an AWS resource. Issuing temporary credentials (STS
    /// AssumeRole*, GetSessionToken, GetFederationToken) changes sandbox state, which is saved, but no resource: a
    /// re-run that assumes the same roles again has still changed nothing.
    /// </summary>
    public static bool ChangesResources(string operation) =>
        IsMutating(operation) && !operation.StartsWith("Assume", StringComparison.Ordinal)
        && operation is not ("GetSessionToken" or "GetFederationToken" or "DecodeAuthorizationMessage");

    private static async Task WriteOutputAsync(HttpContext http, ServiceEndpoint service, OperationModel operation, JsonObject output, string requestId)
    {
        var response = http.Response;
        response.Headers["x-amzn-RequestId"] = requestId;
        byte[] bytes;
        switch (service.Protocol)
        {
            case "json":
                response.ContentType = "application/x-amz-json-1.1";
                bytes = service.Codec.WriteJson(operation.OutputShape, output);
                break;
            case "rest-json":
                var parts = service.Codec.WriteRest(operation, output);
                response.StatusCode = parts.StatusCode ?? 200;
                foreach (var (k, v) in parts.Headers)
                {
                    response.Headers[k] = v;
                }

                response.ContentType = "application/json";
                bytes = parts.Body;
                break;
            case "ec2":
                response.ContentType = "text/xml;charset=UTF-8";
                bytes = Encoding.UTF8.GetBytes(service.Codec.WriteEc2Xml(operation, output, requestId));
                break;
            default:
                response.ContentType = "text/xml";
                bytes = Encoding.UTF8.GetBytes(service.Codec.WriteQueryXml(operation, output, requestId));
                break;
        }

        await response.Body.WriteAsync(bytes);
    }

    private static async Task WriteErrorAsync(HttpContext http, ServiceEndpoint? service, string code, string message, int status, bool sender, string requestId)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers["x-amzn-RequestId"] = requestId;
        byte[] bytes;
        switch (service?.Protocol ?? "json")
        {
            case "query":
                response.ContentType = "text/xml";
                bytes = Encoding.UTF8.GetBytes(ModelCodec.QueryError(code, message, requestId, sender, service?.Model.Metadata.XmlNamespace));
                break;
            case "ec2":
                response.ContentType = "text/xml;charset=UTF-8";
                bytes = Encoding.UTF8.GetBytes(ModelCodec.Ec2Error(code, message, requestId));
                break;
            default:
                response.Headers["x-amzn-ErrorType"] = code;
                response.ContentType = service?.Protocol == "rest-json" ? "application/json" : "application/x-amz-json-1.1";
                bytes = ModelCodec.JsonError(code, message);
                break;
        }

        await response.Body.WriteAsync(bytes);
    }
}
