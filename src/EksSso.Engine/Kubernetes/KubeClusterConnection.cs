using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Clusters;
using EksSso.Engine.Tokens;
using k8s;
using k8s.Authentication;
using k8s.Autorest;

namespace EksSso.Engine.Kubernetes;

/// <summary>
/// The one way the engine talks to a cluster's Kubernetes API: DescribeCluster for the endpoint and CA, a bearer
/// token minted from the transport's credentials (re-minted before it expires), KubernetesClient over it, and every
/// request reported to the transport's observer (one verbose line each; never the token).
/// </summary>
public sealed class KubeClusterConnection : IDisposable
{
    private KubeClusterConnection(k8s.Kubernetes client, Cluster cluster)
    {
        Client = client;
        Cluster = cluster;
    }

    public k8s.Kubernetes Client { get; }

    /// <summary>The cluster as DescribeCluster answered.</summary>
    public Cluster Cluster { get; }

    public string ClusterName => Cluster.Name ?? "";

    /// <summary>CONFIG_MAP, API_AND_CONFIG_MAP or API (EKS's default CONFIG_MAP when absent).</summary>
    public string AuthenticationMode => Cluster.AccessConfig?.AuthenticationMode ?? Aws.Services.Eks.AuthenticationMode.ConfigMap;

    /// <summary>Whether the cluster reads aws-auth.</summary>
    public bool ReadsAwsAuth => AuthenticationMode != Aws.Services.Eks.AuthenticationMode.Api;

    /// <summary>Whether the cluster accepts access entries.</summary>
    public bool AcceptsAccessEntries => AuthenticationMode != Aws.Services.Eks.AuthenticationMode.ConfigMap;

    /// <summary>Describes the cluster (must be ACTIVE with an endpoint) and opens a client on it.</summary>
    public static async Task<KubeClusterConnection> OpenAsync(AwsTransport transport, string clusterName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var cluster = await ClusterReader.FindClusterAsync(new EksClient(transport), clusterName, cancellationToken).ConfigureAwait(false)
            ?? throw new EksSsoException("ClusterNotFound", AwsErrorKind.NotFound, $"There is no EKS cluster named '{clusterName}' in {transport.Session.Region}.");
        return Open(transport, cluster);
    }

    /// <summary>A client on a described cluster.</summary>
    public static KubeClusterConnection Open(AwsTransport transport, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(cluster);
        var name = cluster.Name ?? "";
        if (string.IsNullOrEmpty(cluster.Endpoint) || string.IsNullOrEmpty(cluster.CertificateAuthority?.Data))
        {
            throw new EksSsoException("ClusterNotActive", AwsErrorKind.Conflict,
                $"The EKS cluster '{name}' is {cluster.Status ?? "not ready"} and has no Kubernetes endpoint yet; wait until it is ACTIVE (Get-EksCluster).");
        }

        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthority.Data)));
        var config = new KubernetesClientConfiguration
        {
            Host = cluster.Endpoint,
            SslCaCerts = ca,
            TokenProvider = new EksTokenProvider(transport.Session, name),
        };
        return new KubeClusterConnection(new k8s.Kubernetes(config, new ObservingHandler(transport.Observer, name)), cluster);
    }

    /// <summary>
    /// Runs one Kubernetes call and turns its failure into an EksSsoException with the API's reason: 401
    /// KubernetesUnauthorized (the cluster does not map this identity), 403 KubernetesForbidden, 404 KubernetesNotFound,
    /// 409 KubernetesConflict; anything else KubernetesError.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<k8s.Kubernetes, Task<T>> call, string what)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Client).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw Translate(e, what);
        }
    }

    /// <summary>The status code of a Kubernetes failure, or null when it is not one.</summary>
    public static int? StatusOf(Exception e) => e switch
    {
        HttpOperationException h => (int)h.Response.StatusCode,
        EksSsoException { KubernetesStatus: { } status } => status,
        _ => null,
    };

    public EksSsoException Translate(HttpOperationException e, string what) => Translate(e, ClusterName, what);

    /// <summary>
    /// The failure as an EksSsoException carrying the status and the API's message, and NOT the KubernetesClient
    /// exception: that one holds a copy of the request, whose Authorization header is the bearer token, and an inner
    /// exception reaches $Error, Get-Error and Export-Clixml.
    /// </summary>
    public static EksSsoException Translate(HttpOperationException e, string clusterName, string what)
    {
        ArgumentNullException.ThrowIfNull(e);
        var status = (int)e.Response.StatusCode;
        var message = StatusMessage(e.Response.Content) ?? e.Response.ReasonPhrase ?? $"HTTP {status}";
        var (id, kind, text) = status switch
        {
            401 => ("KubernetesUnauthorized", AwsErrorKind.Authentication,
                $"The Kubernetes API of cluster '{clusterName}' does not know the current identity (401 Unauthorized) while trying to {what}. Map it with Add-EksAccessEntry or Add-EksIdentityMapping, as an identity the cluster already admits."),
            403 => ("KubernetesForbidden", AwsErrorKind.AccessDenied, $"The Kubernetes API of cluster '{clusterName}' forbids the current identity to {what}: {message}"),
            404 => ("KubernetesNotFound", AwsErrorKind.NotFound, $"Cluster '{clusterName}': cannot {what}: {message}"),
            409 => ("KubernetesConflict", AwsErrorKind.Conflict, $"Cluster '{clusterName}': cannot {what}: {message}"),
            _ => ("KubernetesError", AwsErrorKind.Other, $"Cluster '{clusterName}': cannot {what}: {status} {message}"),
        };
        return new EksSsoException(id, kind, text) { KubernetesStatus = status };
    }

    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => Client.Dispose();

    /// <summary>Mints the EKS bearer token; mints again a minute before it would expire.</summary>
    private sealed class EksTokenProvider(AwsSession session, string clusterName) : ITokenProvider
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private EksBearerToken? _token;

        public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var now = DateTimeOffset.UtcNow;
                if (_token is null || _token.ExpiresAt - now < TimeSpan.FromMinutes(1))
                {
                    _token = await EksTokenMinter.MintAsync(session, clusterName, now, cancellationToken).ConfigureAwait(false);
                }

                return new AuthenticationHeaderValue("Bearer", _token.Token);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Reports each request as an AwsCallRecord with service "Kubernetes" and operation "VERB /path".</summary>
    private sealed class ObservingHandler(IAwsCallObserver? observer, string clusterName) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                status = response.StatusCode;
                return response;
            }
            finally
            {
                observer?.OnCall(new AwsCallRecord(
                    "Kubernetes",
                    $"{request.Method} {request.RequestUri?.AbsolutePath}",
                    status is { } s ? (int)s : null,
                    1,
                    clock.ElapsedMilliseconds,
                    null,
                    status is { } code && (int)code >= 400 ? code.ToString() : null,
                    $"{clusterName} {request.RequestUri?.GetLeftPart(UriPartial.Authority)}"));
            }
        }
    }
}
