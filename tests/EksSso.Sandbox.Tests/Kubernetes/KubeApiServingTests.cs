using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Sandbox.Kubernetes;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>Each ACTIVE cluster serves HTTPS on 127.0.0.1 with its own CA; discovery; lifecycle of the listeners.</summary>
public sealed class KubeApiServingTests
{
    [Fact]
    public async Task ActiveCluster_ServesHttps_WithItsOwnCa()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        Assert.Matches(@"^https://127\.0\.0\.1:\d+$", cluster.Endpoint);

        var ca = KubeSandbox.CertificateAuthority(cluster);
        Assert.Equal("CN=kubernetes", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3649, 3651);
        Assert.Equal("1.2.840.10045.2.1", ca.PublicKey.Oid.Value); // id-ecPublicKey

        using var client = KubeSandbox.TrustingOnly(ca, out var verdicts);
        using var response = await client.GetAsync(new Uri(new Uri(cluster.Endpoint!), "/version"));
        var version = await KubeSandbox.JsonAsync(response, 200);
        Assert.Matches(@"^v1\.33\.\d+-eks-[0-9a-f]{7}$", version["gitVersion"]!.GetValue<string>());
        Assert.Equal("1", version["major"]!.GetValue<string>());
        Assert.Equal("33+", version["minor"]!.GetValue<string>());
        Assert.Equal("linux/amd64", version["platform"]!.GetValue<string>());

        // The serving certificate chains to the CA alone and names the loopback address and localhost.
        var (valid, leaf) = Assert.Single(verdicts);
        Assert.True(valid);
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains("localhost", names.EnumerateDnsNames());

        // A client that trusts the machine's roots, not the cluster CA, refuses the server.
        using var untrusting = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(new Uri(cluster.Endpoint!), "/version")));

        // And another cluster's CA does not vouch for this one.
        var other = await sandbox.CreateClusterAsync("other");
        Assert.NotEqual(cluster.Endpoint, other.Endpoint);
        Assert.NotEqual(cluster.CertificateAuthority!.Data, other.CertificateAuthority!.Data);
        using var wrongCa = KubeSandbox.TrustingOnly(KubeSandbox.CertificateAuthority(other), out _);
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongCa.GetAsync(new Uri(new Uri(cluster.Endpoint!), "/version")));
    }

    [Fact]
    public async Task CreatingCluster_HasNoEndpoint_UntilActive()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var (subnets, role) = await sandbox.NetworkAsync();
        var created = (await sandbox.Eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = "slow",
            RoleArn = role,
            ResourcesVpcConfig = new VpcConfigRequest { SubnetIds = [.. subnets] },
        }, KubeSandbox.None)).Cluster!;
        Assert.Equal("CREATING", created.Status);
        Assert.Null(created.Endpoint);
        Assert.Null(created.CertificateAuthority?.Data);
        var active = await sandbox.WaitForClusterAsync("slow", "ACTIVE");
        Assert.NotNull(active.Endpoint);
        Assert.Single(sandbox.Server.Host.KubernetesApi!.Endpoints);
    }

    [Fact]
    public async Task Discovery_DescribesTheServedGroupsAndResources()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);

        var api = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/api", UriKind.Relative)), 200);
        Assert.Equal("APIVersions", api["kind"]!.GetValue<string>());
        Assert.Equal(["v1"], api["versions"]!.AsArray().Select(v => v!.GetValue<string>()));

        var core = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/api/v1", UriKind.Relative)), 200);
        Assert.Equal("APIResourceList", core["kind"]!.GetValue<string>());
        Assert.Equal("v1", core["groupVersion"]!.GetValue<string>());
        var resources = core["resources"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["name"]!.GetValue<string>());
        Assert.Equal(["configmaps", "namespaces", "nodes"], resources.Keys.Order(StringComparer.Ordinal));
        Assert.True(resources["configmaps"]["namespaced"]!.GetValue<bool>());
        Assert.False(resources["nodes"]["namespaced"]!.GetValue<bool>());
        Assert.False(resources["namespaces"]["namespaced"]!.GetValue<bool>());
        Assert.Equal("ConfigMap", resources["configmaps"]["kind"]!.GetValue<string>());
        Assert.Equal(["cm"], resources["configmaps"]["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["ns"], resources["namespaces"]["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["no"], resources["nodes"]["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("patch", resources["configmaps"]["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.DoesNotContain("create", resources["nodes"]["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));

        // kubectl ≥ 1.26 asks for aggregated discovery first; plain JSON tells it to fall back.
        using var aggregated = new HttpRequestMessage(HttpMethod.Get, "/apis");
        aggregated.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        aggregated.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        aggregated.Headers.Accept.ParseAdd("application/json");
        using var groupsResponse = await client.SendAsync(aggregated);
        Assert.Equal("application/json", groupsResponse.Content.Headers.ContentType!.MediaType);
        var groups = await KubeSandbox.JsonAsync(groupsResponse, 200);
        Assert.Equal("APIGroupList", groups["kind"]!.GetValue<string>());
        Assert.Equal(
            ["authentication.k8s.io/v1", "authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1"],
            groups["groups"]!.AsArray().Select(g => g!["preferredVersion"]!["groupVersion"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        var rbac = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/apis/rbac.authorization.k8s.io/v1", UriKind.Relative)), 200);
        Assert.Equal("rbac.authorization.k8s.io/v1", rbac["groupVersion"]!.GetValue<string>());
        Assert.Equal(
            ["clusterrolebindings", "clusterroles", "rolebindings", "roles"],
            rbac["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var authorization = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/apis/authorization.k8s.io/v1", UriKind.Relative)), 200);
        Assert.Equal(["selfsubjectaccessreviews", "selfsubjectrulesreviews"], authorization["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var authentication = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/apis/authentication.k8s.io/v1", UriKind.Relative)), 200);
        Assert.Equal(["create"], authentication["resources"]![0]!["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        var group = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/apis/rbac.authorization.k8s.io", UriKind.Relative)), 200);
        Assert.Equal("APIGroup", group["kind"]!.GetValue<string>());

        // A protobuf-first Accept still gets JSON.
        using var protobuf = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        protobuf.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf");
        protobuf.Headers.Accept.ParseAdd("application/json");
        var namespaces = await KubeSandbox.JsonAsync(await client.SendAsync(protobuf), 200);
        Assert.Equal("NamespaceList", namespaces["kind"]!.GetValue<string>());

        var openapi = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/openapi/v2", UriKind.Relative)), 404);
        Assert.Equal("Status", openapi["kind"]!.GetValue<string>());
        Assert.Equal("NotFound", openapi["reason"]!.GetValue<string>());
        var unknown = await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/api/v1/pods", UriKind.Relative)), 404);
        Assert.Equal("the server could not find the requested resource", unknown["message"]!.GetValue<string>());
        Assert.Equal("ok", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
    }

    [Fact]
    public async Task SandboxRestartedFromItsState_ServesTheSameCa_OnTheSamePortWhenFree()
    {
        var directory = Directory.CreateTempSubdirectory("eksso-kube-");
        try
        {
            EksSso.Engine.Aws.Services.Eks.Cluster before;
            string uid;
            await using (var first = await KubeSandbox.StartAsync(directory.FullName))
            {
                before = await first.CreateClusterAsync("kept");
                var created = await KubeSandbox.JsonAsync(await first.Client(before).PostAsync(
                    new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative),
                    KubeSandbox.Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "survives" }, ["data"] = new JsonObject { ["a"] = "1" } })), 201);
                uid = created["metadata"]!["uid"]!.GetValue<string>();
            }

            // Nothing answers while the sandbox is down.
            using (var probe = KubeSandbox.TrustingOnly(KubeSandbox.CertificateAuthority(before), out _))
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(new Uri(new Uri(before.Endpoint!), "/version")));
            }

            await using (var second = await KubeSandbox.StartAsync(directory.FullName))
            {
                // The listener is back before anyone asks EKS: kubeconfigs written earlier keep working.
                using var early = KubeSandbox.TrustingOnly(KubeSandbox.CertificateAuthority(before), out _);
                early.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaticTokenAuthenticator.AdminToken);
                var kept = await KubeSandbox.JsonAsync(await early.GetAsync(new Uri(new Uri(before.Endpoint!), "/api/v1/namespaces/default/configmaps/survives")), 200);
                Assert.Equal(uid, kept["metadata"]!["uid"]!.GetValue<string>());

                var after = await second.WaitForClusterAsync("kept", "ACTIVE");
                Assert.Equal(before.Endpoint, after.Endpoint);
                Assert.Equal(before.CertificateAuthority!.Data, after.CertificateAuthority!.Data);
            }

            // With its port taken, the cluster moves to another one and DescribeCluster says where; the CA stays.
            var port = new Uri(before.Endpoint!).Port;
            using var squatter = new TcpListener(IPAddress.Loopback, port);
            squatter.Start();
            await using (var third = await KubeSandbox.StartAsync(directory.FullName))
            {
                var moved = await third.WaitForClusterAsync("kept", "ACTIVE");
                Assert.NotEqual(before.Endpoint, moved.Endpoint);
                Assert.Equal(before.CertificateAuthority!.Data, moved.CertificateAuthority!.Data);
                var kept = await KubeSandbox.JsonAsync(await third.Client(moved).GetAsync(new Uri("/api/v1/namespaces/default/configmaps/survives", UriKind.Relative)), 200);
                Assert.Equal(uid, kept["metadata"]!["uid"]!.GetValue<string>());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DeletedCluster_StopsServing_AndForgetsItsObjects()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("short-lived");
        var client = sandbox.Client(cluster);
        await KubeSandbox.JsonAsync(await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative)), 200);

        await sandbox.Eks.DeleteClusterAsync(new DeleteClusterRequest { Name = "short-lived" }, KubeSandbox.None);
        await KubeSandbox.PollAsync(async () => (await sandbox.Eks.ListClustersAsync(new ListClustersRequest(), KubeSandbox.None)).Clusters ?? [], c => c.Count == 0);
        await KubeSandbox.PollAsync(
            async () =>
            {
                try
                {
                    using var fresh = KubeSandbox.TrustingOnly(KubeSandbox.CertificateAuthority(cluster), out _);
                    await fresh.GetAsync(new Uri(new Uri(cluster.Endpoint!), "/version"));
                    return false;
                }
                catch (HttpRequestException)
                {
                    return true;
                }
            },
            refused => refused);
        Assert.Empty(sandbox.Server.Host.KubernetesApi!.Endpoints);
        await KubeSandbox.PollAsync(
            () =>
            {
                lock (sandbox.Server.Host.Gate)
                {
                    var account = sandbox.Server.Host.State.Account(sandbox.Server.Host.State.ManagementAccountId);
                    return Task.FromResult(account.Regional.TryGetValue("kubernetes", out var regions) && regions.TryGetValue(KubeSandbox.Region, out var bags) ? bags.Count : 0);
                }
            },
            count => count == 0);

        // A new cluster of the same name is a new cluster: new CA, empty of the old one's objects.
        var again = await sandbox.CreateClusterAsync("short-lived");
        Assert.NotEqual(cluster.CertificateAuthority!.Data, again.CertificateAuthority!.Data);
    }

    [Fact]
    public async Task TwoSandboxesInOneProcess_EachServeTheirOwnClusters()
    {
        await using var one = await KubeSandbox.StartAsync();
        await using var two = await KubeSandbox.StartAsync();
        var a = await one.CreateClusterAsync("same-name");
        var b = await two.CreateClusterAsync("same-name");
        Assert.NotEqual(a.Endpoint, b.Endpoint);
        Assert.NotEqual(a.CertificateAuthority!.Data, b.CertificateAuthority!.Data);
        Assert.Single(one.Server.Host.KubernetesApi!.Endpoints);
        Assert.Single(two.Server.Host.KubernetesApi!.Endpoints);
        var versionA = await KubeSandbox.JsonAsync(await one.Client(a).GetAsync(new Uri("/version", UriKind.Relative)), 200);
        var versionB = await KubeSandbox.JsonAsync(await two.Client(b).GetAsync(new Uri("/version", UriKind.Relative)), 200);
        Assert.Equal(versionA["gitVersion"]!.GetValue<string>(), versionB["gitVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithoutAuthImplementations_TheApiFailsClosed()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("closed");
        var api = sandbox.Server.Host.KubernetesApi!;
        api.Authenticator = KubeAuthDiscovery.FindAuthenticator();
        api.Authorizer = KubeAuthDiscovery.FindAuthorizer();

        // Whatever authenticator the sandbox ships, a made-up token is not a user.
        var unauthorized = await KubeSandbox.JsonAsync(await sandbox.Client(cluster, "not-a-real-token").GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative)), 401);
        Assert.Equal("Unauthorized", unauthorized["reason"]!.GetValue<string>());
        Assert.Equal(401, unauthorized["code"]!.GetValue<int>());

        var shipped = typeof(KubernetesApi).Assembly.GetTypes().Any(t => t is { IsClass: true, IsAbstract: false } && typeof(IKubeAuthorizer).IsAssignableFrom(t) && !t.IsNested);
        if (!shipped)
        {
            // Authenticated by the test double, a user is still denied by the fail-closed authoriser.
            api.Authenticator = sandbox.Authenticator;
            var forbidden = await KubeSandbox.JsonAsync(await sandbox.Client(cluster).GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative)), 403);
            Assert.Equal("namespaces is forbidden: User \"test-admin\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope", forbidden["message"]!.GetValue<string>());
        }
    }
}
