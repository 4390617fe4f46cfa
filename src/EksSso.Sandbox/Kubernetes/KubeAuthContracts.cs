using System.Reflection;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>Who a request is, as the Kubernetes API server sees it after authentication.</summary>
public sealed record KubeUser(string Name, IReadOnlyList<string> Groups, string? Uid, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra);

/// <summary>
/// What a request asks for, as kube-apiserver's RequestInfo describes it. <see cref="Verb"/> is get, list, watch,
/// create, update, patch, delete or deletecollection for resource requests, the lower-case HTTP method otherwise;
/// <see cref="ApiGroup"/> is "" for the core group; <see cref="Resource"/> is the plural name.
/// </summary>
public sealed record KubeRequestAttributes(string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name, bool IsResourceRequest, string Path);

/// <summary>An authentication (401, Unauthorized) or authorisation (403, Forbidden) failure, answered as a Status.</summary>
public sealed class KubeAuthException(int statusCode, string reason, string message) : Exception(message)
{
    /// <summary>401 or 403.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Unauthorized or Forbidden.</summary>
    public string Reason { get; } = reason;

    public static KubeAuthException Unauthorized(string message = "Unauthorized") => new(401, "Unauthorized", message);

    public static KubeAuthException Forbidden(string message) => new(403, "Forbidden", message);
}

/// <summary>Turns the Authorization header of a request into a user, or throws a 401 <see cref="KubeAuthException"/>.</summary>
public interface IKubeAuthenticator
{
    KubeUser Authenticate(SandboxHost host, EksClusterView cluster, KubeObjectStore store, string? authorizationHeader);
}

public sealed record KubeDecision(bool Allowed, string Reason);

/// <summary>A policy rule as SelfSubjectRulesReview reports it: resource rules carry verbs, groups, resources and names; non-resource rules verbs and URLs.</summary>
public sealed record KubeRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames, IReadOnlyList<string> NonResourceUrls);

/// <summary>Decides whether a user may do what a request asks (RBAC over the cluster's objects, EKS access policies...).</summary>
public interface IKubeAuthorizer
{
    KubeDecision Authorize(EksClusterView cluster, KubeObjectStore store, KubeUser user, KubeRequestAttributes request);

    IReadOnlyList<KubeRule> RulesFor(EksClusterView cluster, KubeObjectStore store, KubeUser user, string? ns);
}

/// <summary>
/// Finds the authenticator and authoriser the sandbox ships: the first concrete implementation of each interface in
/// this assembly (by full type name), created with a public parameterless constructor. Without one, the API fails
/// closed: every request is unauthenticated (401) or forbidden (403), never allowed.
/// </summary>
internal static class KubeAuthDiscovery
{
    public static IKubeAuthenticator FindAuthenticator() => Find<IKubeAuthenticator>() ?? new FailClosedAuthenticator();

    public static IKubeAuthorizer FindAuthorizer() => Find<IKubeAuthorizer>() ?? new FailClosedAuthorizer();

    private static T? Find<T>()
        where T : class
    {
        var type = typeof(KubeAuthDiscovery).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(T).IsAssignableFrom(t))
            .Where(t => t != typeof(FailClosedAuthenticator) && t != typeof(FailClosedAuthorizer))
            .Where(t => t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .FirstOrDefault();
        return type is null ? null : (T)Activator.CreateInstance(type)!;
    }

    private sealed class FailClosedAuthenticator : IKubeAuthenticator
    {
        public KubeUser Authenticate(SandboxHost host, EksClusterView cluster, KubeObjectStore store, string? authorizationHeader) =>
            throw KubeAuthException.Unauthorized("Unauthorized: this sandbox build has no Kubernetes authenticator.");
    }

    private sealed class FailClosedAuthorizer : IKubeAuthorizer
    {
        public KubeDecision Authorize(EksClusterView cluster, KubeObjectStore store, KubeUser user, KubeRequestAttributes request) =>
            new(false, "this sandbox build has no Kubernetes authorizer");

        public IReadOnlyList<KubeRule> RulesFor(EksClusterView cluster, KubeObjectStore store, KubeUser user, string? ns) => [];
    }
}
