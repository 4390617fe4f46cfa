using System.Text.Json.Nodes;
using EksSso.Sandbox.Model;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Hosting;

/// <summary>What a service handler sees: the validated input (member names as in the model), the caller, the state.</summary>
public sealed class OperationContext
{
    private bool _authorized;

    internal OperationContext(SandboxHost host, ServiceEndpoint service, OperationModel operation, JsonObject input, SandboxCaller? caller, string region, string requestId)
    {
        Host = host;
        Service = service;
        Operation = operation;
        Input = input;
        Caller = caller;
        Region = region;
        RequestId = requestId;
    }

    public SandboxHost Host { get; }

    public ServiceEndpoint Service { get; }

    public OperationModel Operation { get; }

    public JsonObject Input { get; }

    /// <summary>Null only for operations AWS serves without SigV4 (OIDC, web identity, SAML, the SSO portal).</summary>
    public SandboxCaller? Caller { get; }

    /// <summary>The caller, for operations that require one.</summary>
    public SandboxCaller RequiredCaller => Caller ?? throw new InvalidOperationException($"{Operation.Name} was dispatched without a caller.");

    public string Region { get; }

    public string RequestId { get; }

    public SandboxState State => Host.State;

    public SandboxClock Clock => Host.Clock;

    public string Partition => Host.State.Partition;

    /// <summary>The caller's own account state.</summary>
    public AccountState CallerAccount => State.Account(RequiredCaller.AccountId);

    internal bool WasAuthorized => _authorized;

    /// <summary>
    /// Evaluates the caller's identity policies for <paramref name="action"/> on <paramref name="resource"/> and throws
    /// the service's access-denied error when they do not allow it. Every handler calls this (or
    /// <see cref="SkipAuthorization"/> for operations AWS does not authorise by IAM).
    /// </summary>
    public void Authorize(string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null)
    {
        _authorized = true;
        Host.Authorizer.Demand(this, action, resource, conditions);
    }

    /// <summary>For operations AWS authenticates without IAM policies (GetCallerIdentity, OIDC, portal).</summary>
    public void SkipAuthorization() => _authorized = true;

    public string? String(string member) => Input[member]?.GetValue<string>();

    public string RequiredString(string member) =>
        String(member) ?? throw new SandboxException(Service.ValidationCode, $"Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null");

    /// <summary>An integer member; the codec reads numbers as long, so both are accepted.</summary>
    public int? Int(string member) => Input[member] is JsonValue v
        ? v.TryGetValue<int>(out var i) ? i : v.TryGetValue<long>(out var l) ? checked((int)l) : null
        : null;

    public bool? Bool(string member) => Input[member] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public JsonObject? Object(string member) => Input[member] as JsonObject;

    public JsonArray? Array(string member) => Input[member] as JsonArray;

    public IEnumerable<string> Strings(string member) => Array(member)?.Select(n => n!.GetValue<string>()) ?? [];

    public SandboxException Error(string code, string message, int statusCode = 400) => new(code, message, statusCode);

    public SandboxException NotFound(string code, string message) => new(code, message, 404);
}

/// <summary>A service handler: returns the output members (model member names) or null for an empty reply.</summary>
public delegate JsonObject? OperationHandler(OperationContext context);

/// <summary>A sandbox service: registers its handlers by operation name. Found by reflection at start.</summary>
public interface ISandboxService
{
    /// <summary>The model file name without extension: organizations, sso-admin, identitystore, iam, sts, eks, sso, sso-oidc, ec2.</summary>
    string ModelName { get; }

    void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers);
}
