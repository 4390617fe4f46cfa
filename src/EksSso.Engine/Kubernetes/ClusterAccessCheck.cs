using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using k8s;
using k8s.Models;

namespace EksSso.Engine.Kubernetes;

/// <summary>Who a cluster thinks the current identity is, and a few things it may do there.</summary>
public sealed record ClusterAccessReport(
    string ClusterName,
    string? Endpoint,
    string AuthenticationMode,
    bool Authenticated,
    string? UserName,
    IReadOnlyList<string> Groups,
    string? Uid,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Extra,
    bool CanListNodes,
    bool CanReadAwsAuth,
    bool CanListNamespaces,
    IReadOnlyList<string> Namespaces,
    string? Reason);

/// <summary>
/// Test-EksClusterAccess: a SelfSubjectReview (authentication.k8s.io/v1) for the identity, then SelfSubjectAccessReviews
/// for list nodes, get configmap kube-system/aws-auth, list namespaces, and per namespace list pods or list configmaps.
/// The namespaces checked are those given, else every namespace when the identity may list them, else none. An identity
/// the cluster does not know (401) is an answer, not a failure.
/// </summary>
public static class ClusterAccessCheck
{
    /// <summary>Extra keys aws-iam-authenticator sets whose values are kept as they are (accessKeyId is masked).</summary>
    public const string AccessKeyIdExtra = "accessKeyId";

    public static async Task<ClusterAccessReport> RunAsync(AwsTransport transport, string clusterName, IReadOnlyList<string>? namespaces, CancellationToken cancellationToken)
    {
        using var connection = await KubeClusterConnection.OpenAsync(transport, clusterName, cancellationToken).ConfigureAwait(false);
        var name = connection.ClusterName;
        V1UserInfo user;
        try
        {
            var review = await connection.CallAsync(
                c => c.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview { ApiVersion = "authentication.k8s.io/v1", Kind = "SelfSubjectReview" }, cancellationToken: cancellationToken),
                "review its own identity (SelfSubjectReview)").ConfigureAwait(false);
            user = review.Status?.UserInfo ?? new V1UserInfo();
        }
        catch (EksSsoException e) when (e.ErrorId == "KubernetesUnauthorized")
        {
            return new ClusterAccessReport(name, connection.Cluster.Endpoint, connection.AuthenticationMode, false, null, [], null,
                new Dictionary<string, IReadOnlyList<string>>(), false, false, false, [],
                $"The cluster does not know the current identity (401 Unauthorized): {UnknownBecause(connection)}.");
        }

        static string UnknownBecause(KubeClusterConnection c) => (c.AcceptsAccessEntries, c.ReadsAwsAuth) switch
        {
            (true, true) => "it has no access entry for it and aws-auth maps it to no user",
            (true, false) => "it has no access entry for it (authentication mode API: aws-auth is not read)",
            _ => "aws-auth maps it to no user (authentication mode CONFIG_MAP: access entries are not read)",
        };

        Task<bool> Can(string verb, string resource, string? ns = null, string? objectName = null) =>
            CanAsync(connection, new V1ResourceAttributes { Verb = verb, Resource = resource, Group = "", NamespaceProperty = ns, Name = objectName }, cancellationToken);

        var canListNodes = await Can("list", "nodes").ConfigureAwait(false);
        var canReadAwsAuth = await Can("get", "configmaps", "kube-system", "aws-auth").ConfigureAwait(false);
        var canListNamespaces = await Can("list", "namespaces").ConfigureAwait(false);

        IReadOnlyList<string> candidates = namespaces is { Count: > 0 } given
            ? [.. given.Distinct(StringComparer.Ordinal)]
            : canListNamespaces
                ? [.. ((await connection.CallAsync(c => c.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken), "list namespaces").ConfigureAwait(false)).Items ?? [])
                    .Select(n => n.Metadata?.Name ?? "").Where(n => n.Length > 0)]
                : [];
        var usable = new List<string>();
        foreach (var ns in candidates)
        {
            if (await Can("list", "pods", ns).ConfigureAwait(false) || await Can("list", "configmaps", ns).ConfigureAwait(false))
            {
                usable.Add(ns);
            }
        }

        return new ClusterAccessReport(
            name,
            connection.Cluster.Endpoint,
            connection.AuthenticationMode,
            true,
            user.Username,
            [.. user.Groups ?? []],
            user.Uid,
            ExtraOf(user.Extra),
            canListNodes,
            canReadAwsAuth,
            canListNamespaces,
            [.. usable.Order(StringComparer.Ordinal)],
            null);
    }

    /// <summary>The review's extra, keys sorted, with the access key id masked (ASIA…WXYZ) as Get-EksSsoProfile masks it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ExtraOf(IDictionary<string, IList<string>>? extra)
    {
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in extra ?? new Dictionary<string, IList<string>>())
        {
            result[key] = key == AccessKeyIdExtra ? [.. (values ?? []).Select(Profiles.AwsProfileCatalog.MaskAccessKeyId)] : [.. values ?? []];
        }

        return result;
    }

    private static async Task<bool> CanAsync(KubeClusterConnection connection, V1ResourceAttributes attributes, CancellationToken cancellationToken)
    {
        var review = await connection.CallAsync(
            c => c.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(
                new V1SelfSubjectAccessReview
                {
                    ApiVersion = "authorization.k8s.io/v1",
                    Kind = "SelfSubjectAccessReview",
                    Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = attributes },
                },
                cancellationToken: cancellationToken),
            $"ask whether it may {attributes.Verb} {attributes.Resource}").ConfigureAwait(false);
        return review.Status?.Allowed == true;
    }
}
