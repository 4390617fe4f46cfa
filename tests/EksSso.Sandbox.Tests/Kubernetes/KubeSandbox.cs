using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Ec2;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Sandbox.Hosting;
using Xunit;
using EksCluster = EksSso.Engine.Aws.Services.Eks.Cluster;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>
/// An in-process sandbox server driven through the module's typed AWS clients: network, roles, clusters and
/// nodegroups as a runbook makes them, then HTTPS clients that trust only the cluster CA DescribeCluster returned.
/// Authentication and authorisation are the test doubles (static tokens, plain RBAC).
/// </summary>
internal sealed class KubeSandbox : IAsyncDisposable
{
    public const string Region = "us-west-2";

    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly List<HttpClient> _clients = [];
    private string[]? _subnets;
    private string? _clusterRoleArn;

    private KubeSandbox(SandboxServer server)
    {
        Server = server;
        var key = server.Host.AdminKey;
        Admin = new AwsTransport(AwsSession.ForStaticKeys(key.AccessKeyId, key.SecretAccessKey, Region, server.Endpoint, "test admin"));
        Eks = new EksClient(Admin);
        Iam = new IamClient(Admin);
        Ec2 = new Ec2Client(Admin);
        Authenticator = new StaticTokenAuthenticator();
        server.Host.KubernetesApi!.Authenticator = Authenticator;
        server.Host.KubernetesApi.Authorizer = new TestRbacAuthorizer();
    }

    public SandboxServer Server { get; }

    public AwsTransport Admin { get; }

    public EksClient Eks { get; }

    public IamClient Iam { get; }

    public Ec2Client Ec2 { get; }

    public StaticTokenAuthenticator Authenticator { get; }

    public static CancellationToken None => CancellationToken.None;

    public static async Task<KubeSandbox> StartAsync(string? stateDirectory = null, int port = 0)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { Port = port, TimeScale = 0.0001, NoIdentityCenter = true, StateDirectory = stateDirectory });
        return new KubeSandbox(server);
    }

    /// <summary>A VPC with two subnets in two zones and the cluster role, made once per sandbox.</summary>
    public async Task<(string[] Subnets, string ClusterRoleArn)> NetworkAsync()
    {
        if (_subnets is null || _clusterRoleArn is null)
        {
            var vpc = await Ec2.InvokeAsync("CreateVpc", (c, ct) => c.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "192.168.0.0/16" }, ct), None);
            var a = await Ec2.InvokeAsync("CreateSubnet", (c, ct) => c.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.Vpc.VpcId, CidrBlock = "192.168.64.0/19", AvailabilityZone = $"{Region}a" }, ct), None);
            var b = await Ec2.InvokeAsync("CreateSubnet", (c, ct) => c.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.Vpc.VpcId, CidrBlock = "192.168.96.0/19", AvailabilityZone = $"{Region}b" }, ct), None);
            _subnets = [a.Subnet.SubnetId, b.Subnet.SubnetId];
            _clusterRoleArn = (await Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "eks-cluster-role", AssumeRolePolicyDocument = EksTrust }, None)).Role!.Arn!;
        }

        return (_subnets, _clusterRoleArn);
    }

    public async Task<string> CreateNodeRoleAsync(string name, string path = "/") =>
        (await Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, Path = path, AssumeRolePolicyDocument = Ec2Trust }, None)).Role!.Arn!;

    /// <summary>Creates a cluster and waits until DescribeCluster reports it ACTIVE (with endpoint and CA).</summary>
    public async Task<EksCluster> CreateClusterAsync(string name, string authenticationMode = "CONFIG_MAP")
    {
        var (subnets, role) = await NetworkAsync();
        await Eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = name,
            RoleArn = role,
            ResourcesVpcConfig = new VpcConfigRequest { SubnetIds = [.. subnets] },
            AccessConfig = new CreateAccessConfigRequest { AuthenticationMode = authenticationMode },
        }, None);
        return await WaitForClusterAsync(name, "ACTIVE");
    }

    public async Task<EksCluster> WaitForClusterAsync(string name, string status) =>
        await PollAsync(async () => (await Eks.DescribeClusterAsync(new DescribeClusterRequest { Name = name }, None)).Cluster!, c => c.Status == status);

    public async Task CreateNodegroupAsync(string cluster, string name, string nodeRoleArn, int nodes, Dictionary<string, string>? labels = null, string? capacityType = null)
    {
        var (subnets, _) = await NetworkAsync();
        await Eks.CreateNodegroupAsync(new CreateNodegroupRequest
        {
            ClusterName = cluster,
            NodegroupName = name,
            NodeRole = nodeRoleArn,
            Subnets = [.. subnets],
            InstanceTypes = ["t3.large"],
            ScalingConfig = new NodegroupScalingConfig { MinSize = 1, MaxSize = 5, DesiredSize = nodes },
            Labels = labels,
            CapacityType = capacityType,
        }, None);
        await PollAsync(
            async () => (await Eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = cluster, NodegroupName = name }, None)).Nodegroup!,
            n => n.Status == "ACTIVE");
    }

    public static X509Certificate2 CertificateAuthority(EksCluster cluster) =>
        X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthority!.Data!)));

    /// <summary>An HTTPS client that trusts the cluster's CA and nothing else, sending <paramref name="token"/> as bearer token.</summary>
    public HttpClient Client(EksCluster cluster, string? token = StaticTokenAuthenticator.AdminToken)
    {
        var client = TrustingOnly(CertificateAuthority(cluster), out _);
        client.BaseAddress = new Uri(cluster.Endpoint!);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Validates the server certificate by building a chain whose only trust anchor is <paramref name="ca"/>; records each verdict.</summary>
    public static HttpClient TrustingOnly(X509Certificate2 ca, out List<(bool Valid, X509Certificate2 Leaf)> verdicts)
    {
        var seen = new List<(bool, X509Certificate2)>();
        verdicts = seen;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var valid = (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && chain.Build(leaf)
                && chain.ChainElements[^1].Certificate.Thumbprint == ca.Thumbprint;
            lock (seen)
            {
                seen.Add((valid, leaf));
            }

            return valid;
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static StringContent Json(JsonNode body, string contentType = "application/json") =>
        new(body.ToJsonString(), new MediaTypeHeaderValue(contentType));

    public static async Task<T> PollAsync<T>(Func<Task<T>> poll, Func<T, bool> done, int timeoutMilliseconds = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        while (true)
        {
            var value = await poll();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The sandbox did not reach the expected state.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
    }
}
