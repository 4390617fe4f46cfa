using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>Where a serving cluster's API is: what DescribeCluster reports as endpoint and certificateAuthority.data.</summary>
public sealed record KubeClusterEndpoint(string Endpoint, string CertificateAuthorityData);

/// <summary>
/// The Kubernetes API servers of one sandbox: an HTTPS listener on 127.0.0.1 per ACTIVE (or UPDATING) cluster, each
/// with its own CA. EKS asks <see cref="Serve"/> for a cluster's endpoint when it reports one, which starts the
/// listener the first time; a background pass starts listeners for clusters the clock made ACTIVE, stops those of
/// clusters that are deleting or gone, and applies what EKS does inside clusters (aws-auth for new nodegroups). The
/// CA, the port and the cluster's objects live in the sandbox state (account → <c>kubernetes</c> → region → cluster),
/// so a sandbox restarted from its state directory serves the same CA on the same port when it is free.
/// </summary>
public sealed class KubernetesApi : IAsyncDisposable
{
    private const string StateService = "kubernetes";

    private readonly SandboxHost _host;
    private readonly Dictionary<(string AccountId, string Region, string Name), ServedCluster> _served = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private bool _disposed;

    public KubernetesApi(SandboxHost host)
    {
        _host = host;
        Authenticator = KubeAuthDiscovery.FindAuthenticator();
        Authorizer = KubeAuthDiscovery.FindAuthorizer();
    }

    /// <summary>The authenticator every request goes through: the assembly's implementation, else one that refuses everyone.</summary>
    public IKubeAuthenticator Authenticator { get; set; }

    /// <summary>The authoriser every request goes through: the assembly's implementation, else one that denies everything.</summary>
    public IKubeAuthorizer Authorizer { get; set; }

    /// <summary>How often the background pass runs.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The endpoint and CA of a serving cluster, starting its listener if it has none (and creating its CA and objects
    /// the first time). <paramref name="clusterIdentity"/> tells a cluster from a later one of the same name (EKS uses
    /// the OIDC issuer, unique per cluster). Call under <see cref="SandboxHost.Gate"/>. Null once the API is stopped.
    /// </summary>
    public KubeClusterEndpoint? Serve(string accountId, string region, string clusterName, string clusterIdentity)
    {
        if (_disposed)
        {
            return null;
        }

        var key = (accountId, region, clusterName);
        if (_served.TryGetValue(key, out var served))
        {
            if (served.Identity == clusterIdentity)
            {
                return served.Endpoint;
            }

            // A cluster of the same name replaced the one this listener served.
            _served.Remove(key);
            _ = served.DisposeAsync().AsTask();
        }

        var account = _host.State.Account(accountId);
        var bag = Bag(account, region, clusterName, clusterIdentity);
        var changed = false;
        if (bag["certificateAuthority"] is not JsonObject pems)
        {
            using var created = KubeCertificateAuthority.Create(_host.Clock.Now);
            bag["certificateAuthority"] = pems = new JsonObject { ["certificate"] = created.CertificatePem, ["key"] = created.KeyPem };
            changed = true;
        }

        var authority = KubeCertificateAuthority.FromPem(pems["certificate"]!.GetValue<string>(), pems["key"]!.GetValue<string>());
        if (bag["objects"] is null)
        {
            new KubeObjectStore(bag, null, _host.Clock.Now).Bootstrap();
            changed = true;
        }

        var hub = new KubeWatchHub();
        var handler = new KubeApiHandler(_host, this, accountId, region, clusterName, clusterIdentity, hub);
        var preferredPort = bag["port"]?.GetValue<int>() ?? 0;
        KubeClusterListener listener;
        try
        {
            listener = KubeClusterListener.Start(preferredPort, authority.IssueServerCertificate(_host.Clock.Now), handler.HandleAsync);
        }
        catch
        {
            authority.Dispose();
            throw;
        }

        if (listener.Port != preferredPort)
        {
            bag["port"] = listener.Port;
            changed = true;
        }

        served = new ServedCluster(clusterIdentity, new KubeClusterEndpoint($"https://127.0.0.1:{listener.Port}", authority.CertificateAuthorityData), listener, hub, authority);
        _served[key] = served;
        if (changed)
        {
            _host.Save();
        }

        return served.Endpoint;
    }

    /// <summary>The clusters being served now (ACCOUNT/REGION/NAME → endpoint and CA), for tests and diagnostics.</summary>
    public IReadOnlyDictionary<string, KubeClusterEndpoint> Endpoints
    {
        get
        {
            lock (_host.Gate)
            {
                return _served.ToDictionary(p => $"{p.Key.AccountId}/{p.Key.Region}/{p.Key.Name}", p => p.Value.Endpoint, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Serves the clusters the state says are serving (after a restart) and starts the background pass.</summary>
    public async Task StartAsync()
    {
        await ReconcileAsync().ConfigureAwait(false);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// One background pass: serve every serving cluster, stop listeners of clusters that are not serving, forget the
    /// objects of clusters that are gone, and let EKS update aws-auth for nodegroups that became ACTIVE.
    /// </summary>
    public async Task ReconcileAsync()
    {
        var stopping = new List<ServedCluster>();
        lock (_host.Gate)
        {
            if (_disposed)
            {
                return;
            }

            // Reading every cluster serves the serving ones (EKS asks Serve for their endpoints).
            var clusters = EksService.AllClusters(_host);
            var serving = clusters.Where(c => c.IsServing).ToDictionary(c => (c.AccountId, c.Region, c.Name), c => c);
            foreach (var (key, served) in _served.ToList())
            {
                if (!serving.TryGetValue(key, out var cluster) || cluster.OidcIssuer != served.Identity)
                {
                    _served.Remove(key);
                    stopping.Add(served);
                }
            }

            var changed = ForgetDeletedClusters(clusters);
            foreach (var cluster in serving.Values)
            {
                if (StoreFor(cluster) is { } store)
                {
                    AwsAuthConfigMap.Reconcile(store, cluster);
                    changed |= store.Changed;
                    Publish(cluster, store);
                }
            }

            if (changed)
            {
                _host.Save();
            }
        }

        foreach (var served in stopping)
        {
            await served.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ServedCluster> served;
        lock (_host.Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            served = [.. _served.Values];
            _served.Clear();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        foreach (var cluster in served)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>The cluster's objects, for a request on it; null when it has none (not served yet). Call under the gate.</summary>
    internal KubeObjectStore? StoreFor(EksClusterView cluster)
    {
        if (!_host.State.Accounts.TryGetValue(cluster.AccountId, out var account)
            || !account.Regional.TryGetValue(StateService, out var regions)
            || !regions.TryGetValue(cluster.Region, out var clusters)
            || clusters[cluster.Name] is not JsonObject bag
            || bag["identity"]?.GetValue<string>() != cluster.OidcIssuer)
        {
            return null;
        }

        var capacityTypes = EksRegionState.TryRead(account, cluster.Region)?.Clusters.GetValueOrDefault(cluster.Name)?.Nodegroups.Values
            .ToDictionary(n => n.Name, n => n.CapacityType, StringComparer.Ordinal);
        return new KubeObjectStore(bag, cluster, _host.Clock.Now, capacityTypes);
    }

    /// <summary>Hands what a request wrote to the cluster's watchers.</summary>
    internal void Publish(EksClusterView cluster, KubeObjectStore store)
    {
        if (store.Events.Count > 0 && _served.TryGetValue((cluster.AccountId, cluster.Region, cluster.Name), out var served))
        {
            served.Hub.Publish(store.Events);
            store.Events.Clear();
        }
    }

    private static JsonObject Bag(AccountState account, string region, string clusterName, string clusterIdentity)
    {
        var clusters = account.RegionalState(StateService, region);
        if (clusters[clusterName] is not JsonObject bag || bag["identity"]?.GetValue<string>() != clusterIdentity)
        {
            clusters[clusterName] = bag = new JsonObject { ["identity"] = clusterIdentity };
        }

        return bag;
    }

    private bool ForgetDeletedClusters(IReadOnlyList<EksClusterView> clusters)
    {
        var existing = clusters.Select(c => (c.AccountId, c.Region, c.Name)).ToHashSet();
        var changed = false;
        foreach (var account in _host.State.Accounts.Values)
        {
            if (!account.Regional.TryGetValue(StateService, out var regions))
            {
                continue;
            }

            foreach (var (region, bags) in regions)
            {
                foreach (var name in bags.Select(p => p.Key).Where(n => !existing.Contains((account.Id, region, n))).ToList())
                {
                    bags.Remove(name);
                    changed = true;
                }
            }
        }

        return changed;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(ReconcileInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await ReconcileAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    // A pass that fails (a port that will not bind, state being reset) is retried on the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class ServedCluster(string identity, KubeClusterEndpoint endpoint, KubeClusterListener listener, KubeWatchHub hub, KubeCertificateAuthority authority) : IAsyncDisposable
    {
        public string Identity { get; } = identity;

        public KubeClusterEndpoint Endpoint { get; } = endpoint;

        public KubeWatchHub Hub { get; } = hub;

        public async ValueTask DisposeAsync()
        {
            Hub.Complete();
            await listener.DisposeAsync().ConfigureAwait(false);
            authority.Dispose();
        }
    }
}
