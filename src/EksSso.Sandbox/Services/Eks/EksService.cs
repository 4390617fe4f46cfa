using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Ec2;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Eks;

/// <summary>
/// EKS control plane (REST-JSON, per region): clusters that take time to become ACTIVE, managed nodegroups with
/// their instances, cluster config updates, access entries and access policies, tags. The Kubernetes API itself is
/// served elsewhere; it reads clusters through <see cref="FindCluster(SandboxHost, string, string, string)"/>.
/// </summary>
public sealed partial class EksService : ISandboxService
{
    public const string AccessPolicyArnPrefix = "arn:aws:eks::aws:cluster-access-policy/";

    public static readonly IReadOnlyList<string> SupportedVersions = ["1.30", "1.31", "1.32", "1.33", "1.34"];

    public const string DefaultVersion = "1.33";

    /// <summary>The access policies EKS offers (ListAccessPolicies), with the ClusterRole each matches.</summary>
    public static readonly IReadOnlyList<EksAccessPolicyDefinition> AccessPolicies =
    [
        Policy("AmazonEKSAdminPolicy", "admin"),
        Policy("AmazonEKSAdminViewPolicy", null),
        Policy("AmazonEKSAutoNodePolicy", null),
        Policy("AmazonEKSBlockStorageClusterPolicy", null),
        Policy("AmazonEKSClusterAdminPolicy", "cluster-admin"),
        Policy("AmazonEKSComputeClusterPolicy", null),
        Policy("AmazonEKSEditPolicy", "edit"),
        Policy("AmazonEKSLoadBalancingClusterPolicy", null),
        Policy("AmazonEKSNetworkingClusterPolicy", null),
        Policy("AmazonEKSViewPolicy", "view"),
    ];

    public string ModelName => "eks";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        void Add(string name, Func<EksCall, JsonObject?> handler) => handlers[name] = ctx => Run(ctx, handler);

        Add("CreateCluster", CreateCluster);
        Add("DescribeCluster", DescribeCluster);
        Add("ListClusters", ListClusters);
        Add("DeleteCluster", DeleteCluster);
        Add("UpdateClusterConfig", UpdateClusterConfig);
        Add("DescribeUpdate", DescribeUpdate);
        Add("ListUpdates", ListUpdates);
        Add("CreateNodegroup", CreateNodegroup);
        Add("DescribeNodegroup", DescribeNodegroup);
        Add("ListNodegroups", ListNodegroups);
        Add("DeleteNodegroup", DeleteNodegroup);
        Add("CreateAccessEntry", CreateAccessEntry);
        Add("DescribeAccessEntry", DescribeAccessEntry);
        Add("ListAccessEntries", ListAccessEntries);
        Add("UpdateAccessEntry", UpdateAccessEntry);
        Add("DeleteAccessEntry", DeleteAccessEntry);
        Add("ListAccessPolicies", ListAccessPolicies);
        Add("AssociateAccessPolicy", AssociateAccessPolicy);
        Add("DisassociateAccessPolicy", DisassociateAccessPolicy);
        Add("ListAssociatedAccessPolicies", ListAssociatedAccessPolicies);
        Add("TagResource", TagResource);
        Add("UntagResource", UntagResource);
        Add("ListTagsForResource", ListTagsForResource);
    }

    // ---- Read API for the Kubernetes side ----

    /// <summary>
    /// The cluster now, or null. Reads without changing anything; like every state access, call it under
    /// <see cref="SandboxHost.Gate"/> (state is plain data, not safe to read while a request writes it).
    /// </summary>
    public static EksClusterView? FindCluster(SandboxHost host, string accountId, string region, string name) =>
        FindCluster(host.State, accountId, region, name, host.Clock.Now, host);

    /// <summary>
    /// The cluster as of <paramref name="now"/>, or null when there is none (or its deletion has finished). Without a
    /// host nothing serves the cluster's API: the endpoint and CA are AWS-shaped placeholders.
    /// </summary>
    public static EksClusterView? FindCluster(SandboxState state, string accountId, string region, string name, DateTimeOffset now) =>
        FindCluster(state, accountId, region, name, now, null);

    private static EksClusterView? FindCluster(SandboxState state, string accountId, string region, string name, DateTimeOffset now, SandboxHost? host)
    {
        if (!state.Accounts.TryGetValue(accountId, out var account) || EksRegionState.TryRead(account, region) is not { } clusters)
        {
            return null;
        }

        Settle(clusters, now);
        return clusters.Clusters.TryGetValue(name, out var cluster) ? View(cluster, accountId, region, now, host) : null;
    }

    /// <summary>Every cluster of every account and region, as of now (a snapshot list).</summary>
    public static IReadOnlyList<EksClusterView> AllClusters(SandboxHost host)
    {
        var now = host.Clock.Now;
        var views = new List<EksClusterView>();
        foreach (var account in host.State.Accounts.Values.ToList())
        {
            foreach (var region in EksRegionState.Regions(account))
            {
                if (EksRegionState.TryRead(account, region) is not { } clusters)
                {
                    continue;
                }

                Settle(clusters, now);
                views.AddRange(clusters.Clusters.Values.Select(cluster => View(cluster, account.Id, region, now, host)));
            }
        }

        return views;
    }

    /// <summary>
    /// Applies finished work (updates, deletions) to the stored state and removes what deleting clusters leave
    /// behind in EC2 (their cluster security group). EC2 calls this before each request so a finished cluster
    /// deletion frees its subnets exactly when DescribeCluster stops finding the cluster.
    /// </summary>
    public static void Reconcile(SandboxHost host, AccountState account, string region)
    {
        if (EksRegionState.TryRead(account, region) is not { } state)
        {
            return;
        }

        var released = Settle(state, host.Clock.Now);
        if (released.Changed)
        {
            state.Write(account, region);
            ReleaseSecurityGroups(account, region, released.SecurityGroupIds);
        }
    }

    /// <summary>The VPCs, subnets and security groups clusters and nodegroups still hold, and nodes per subnet.</summary>
    public static EksNetworkUse NetworkUse(SandboxHost host, AccountState account, string region)
    {
        var vpcs = new HashSet<string>(StringComparer.Ordinal);
        var subnets = new HashSet<string>(StringComparer.Ordinal);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var instances = new Dictionary<string, int>(StringComparer.Ordinal);
        if (EksRegionState.TryRead(account, region) is { } state)
        {
            Settle(state, host.Clock.Now);
            foreach (var cluster in state.Clusters.Values)
            {
                vpcs.Add(cluster.VpcId);
                subnets.UnionWith(cluster.SubnetIds);
                groups.UnionWith(cluster.SecurityGroupIds);
                groups.Add(cluster.ClusterSecurityGroupId);
                foreach (var nodegroup in cluster.Nodegroups.Values)
                {
                    subnets.UnionWith(nodegroup.Subnets);
                    foreach (var instance in nodegroup.Instances)
                    {
                        instances[instance.SubnetId] = instances.GetValueOrDefault(instance.SubnetId) + 1;
                    }
                }
            }
        }

        return new EksNetworkUse(vpcs, subnets, groups, instances);
    }

    // ---- Time ----

    /// <summary>What settling removed: finished deletions free their security groups.</summary>
    internal readonly record struct Settled(bool Changed, List<string> SecurityGroupIds);

    /// <summary>Completes due updates and drops clusters and nodegroups whose deletion has finished.</summary>
    internal static Settled Settle(EksRegionState state, DateTimeOffset now)
    {
        var changed = false;
        var released = new List<string>();
        foreach (var cluster in state.Clusters.Values.ToList())
        {
            if (cluster.DeletedAt is { } deleted && now >= deleted)
            {
                state.Clusters.Remove(cluster.Name);
                released.Add(cluster.ClusterSecurityGroupId);
                changed = true;
                continue;
            }

            foreach (var nodegroup in cluster.Nodegroups.Values.ToList())
            {
                if (nodegroup.DeletedAt is { } gone && now >= gone)
                {
                    cluster.Nodegroups.Remove(nodegroup.Name);
                    changed = true;
                }
            }

            foreach (var update in cluster.Updates.Where(u => u.Status == "InProgress" && now >= u.CompletesAt).OrderBy(u => u.CompletesAt))
            {
                ApplyUpdate(cluster, update);
                update.Status = "Successful";
                changed = true;
            }
        }

        return new Settled(changed, released);
    }

    internal static string ClusterStatus(EksClusterRecord cluster, DateTimeOffset now) =>
        cluster.DeletedAt is not null ? "DELETING"
        : now < cluster.ActiveAt ? "CREATING"
        : cluster.Updates.Any(u => u.Status == "InProgress" && u.NodegroupName is null) ? "UPDATING"
        : "ACTIVE";

    internal static string NodegroupStatus(EksNodegroupRecord nodegroup, DateTimeOffset now) =>
        nodegroup.DeletedAt is not null ? "DELETING" : now < nodegroup.ActiveAt ? "CREATING" : "ACTIVE";

    // ---- Plumbing ----

    private static JsonObject? Run(OperationContext ctx, Func<EksCall, JsonObject?> handler)
    {
        var account = ctx.CallerAccount;
        var state = EksRegionState.Read(account, ctx.Region);
        var settled = Settle(state, ctx.Clock.Now);
        if (settled.Changed)
        {
            state.Write(account, ctx.Region);
            ReleaseSecurityGroups(account, ctx.Region, settled.SecurityGroupIds);
        }

        var result = handler(new EksCall(ctx, state, account));
        state.Write(account, ctx.Region);
        return result;
    }

    private static void ReleaseSecurityGroups(AccountState account, string region, List<string> groupIds)
    {
        if (groupIds.Count == 0)
        {
            return;
        }

        Ec2RegionState.Update(account, region, ec2 =>
        {
            foreach (var id in groupIds)
            {
                ec2.SecurityGroups.Remove(id);
            }

            return true;
        });
    }

    private static EksClusterView View(EksClusterRecord cluster, string accountId, string region, DateTimeOffset now, SandboxHost? host)
    {
        var status = ClusterStatus(cluster, now);
        var serving = status is "ACTIVE" or "UPDATING";
        var (endpoint, certificateAuthority) = serving ? KubernetesEndpoint(host, cluster, region, accountId) : (null, null);
        return new EksClusterView
        {
            AccountId = accountId,
            Region = region,
            Name = cluster.Name,
            Arn = cluster.Arn,
            Status = status,
            Version = cluster.Version,
            AuthenticationMode = cluster.AuthenticationMode,
            BootstrapClusterCreatorAdminPermissions = cluster.BootstrapClusterCreatorAdminPermissions,
            CreatorPrincipalArn = cluster.CreatorPrincipalArn,
            CreatorPrincipalId = cluster.CreatorPrincipalId,
            Endpoint = endpoint,
            CertificateAuthorityData = certificateAuthority,
            OidcIssuer = OidcIssuer(region, cluster),
            ServiceIpv4Cidr = cluster.ServiceIpv4Cidr,
            VpcId = cluster.VpcId,
            RoleArn = cluster.RoleArn,
            AccessEntries = [.. cluster.AccessEntries.Values.Select(e => new EksAccessEntryView(
                e.PrincipalArn,
                e.PrincipalId,
                e.Type,
                e.Username,
                [.. e.KubernetesGroups],
                [.. e.Policies.Select(p => new EksAccessPolicyAssociationView(p.PolicyArn, p.PolicyArn[(p.PolicyArn.LastIndexOf('/') + 1)..], p.ScopeType, [.. p.Namespaces]))]))],
            Nodegroups = [.. cluster.Nodegroups.Values.Select(n => new EksNodegroupView(
                n.Name,
                NodegroupStatus(n, now),
                n.NodeRole,
                n.AmiType,
                new Dictionary<string, string>(n.Labels),
                [.. n.Taints],
                [.. n.Instances.Select(i => new EksNodeView(i.InstanceId, i.PrivateDnsName, i.PrivateIp, i.SubnetId, i.AvailabilityZone, i.InstanceType, n.Name, n.NodeRole))]))],
        };
    }

    internal static string OidcIssuer(string region, EksClusterRecord cluster) => $"https://oidc.eks.{region}.amazonaws.com/id/{cluster.OidcId}";

    /// <summary>
    /// The endpoint and certificateAuthority.data of a serving cluster. With a sandbox server running, the host's
    /// <see cref="SandboxHost.KubernetesApi"/> serves the cluster's API (starting it when first asked) and says where;
    /// without one (handlers called in process) they are AWS-shaped placeholders that nothing answers.
    /// </summary>
    internal static (string? Endpoint, string? CertificateAuthority) KubernetesEndpoint(SandboxHost? host, EksClusterRecord cluster, string region, string accountId) =>
        host?.KubernetesApi?.Serve(accountId, region, cluster.Name, OidcIssuer(region, cluster)) is { } served
            ? (served.Endpoint, served.CertificateAuthorityData)
            : (DefaultEndpoint(cluster.Name, region, accountId), DefaultCertificateAuthority(cluster.Name, region, accountId));

    private static string? DefaultEndpoint(string name, string region, string accountId) =>
        $"https://{StableHex(accountId, region, name)}.gr7.{region}.eks.amazonaws.com";

    private static string? DefaultCertificateAuthority(string name, string region, string accountId)
    {
        var body = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"sandbox-ca/{accountId}/{region}/{name}")));
        var pem = $"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n";
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
    }

    /// <summary>32 upper-case hex digits derived from the cluster's identity, shaped like EKS endpoint ids.</summary>
    internal static string StableHex(string accountId, string region, string name) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}/{region}/{name}")))[..32];

    private static EksAccessPolicyDefinition Policy(string name, string? clusterRole) => new(name, AccessPolicyArnPrefix + name, clusterRole);

    /// <summary>One EKS request: context, the region's clusters, and EKS's ARNs and errors.</summary>
    internal sealed class EksCall(OperationContext ctx, EksRegionState state, AccountState account)
    {
        public OperationContext Ctx { get; } = ctx;

        public EksRegionState State { get; } = state;

        public AccountState Account { get; } = account;

        public string Region => Ctx.Region;

        public DateTimeOffset Now => Ctx.Clock.Now;

        public string ClusterArn(string name) => $"arn:{Ctx.Partition}:eks:{Region}:{Account.Id}:cluster/{name}";

        public EksClusterRecord Cluster(string name) =>
            State.Clusters.TryGetValue(name, out var cluster) ? cluster : throw EksErrors.ClusterNotFound(name);

        /// <summary>The cluster named by the request's <c>name</c> (or <c>clusterName</c>) after authorising on its ARN.</summary>
        public EksClusterRecord AuthorizedCluster(string action, string member = "name")
        {
            var name = Ctx.RequiredString(member);
            Ctx.Authorize(action, ClusterArn(name));
            return Cluster(name);
        }
    }
}

/// <summary>EKS error shapes (the JSON error type is the shape name).</summary>
internal static class EksErrors
{
    public static SandboxException NotFound(string message) => new("ResourceNotFoundException", message, 404);

    public static SandboxException InUse(string message) => new("ResourceInUseException", message, 409);

    public static SandboxException InvalidParameter(string message) => new("InvalidParameterException", message, 400);

    public static SandboxException InvalidRequest(string message) => new("InvalidRequestException", message, 400);

    public static SandboxException BadRequest(string message) => new("BadRequestException", message, 400);

    public static SandboxException ClusterNotFound(string name) => NotFound($"No cluster found for name: {name}.");
}
