using Amazon.EC2;
using Amazon.EC2.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Ec2;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;
using EksCluster = EksSso.Engine.Aws.Services.Eks.Cluster;
using IamTag = EksSso.Engine.Aws.Services.Iam.Tag;

namespace EksSso.Engine.Clusters;

/// <summary>
/// New-EksCluster's engine: finds what exists of a cluster's resources (read-only calls), plans the rest
/// (<see cref="ClusterPlanner"/>), and creates only what is missing, so an interrupted run continues where it stopped.
/// Independent steps run concurrently: the IAM roles while the network builds, the cluster while the NAT gateway comes up.
/// </summary>
public sealed class ClusterBuilder
{
    public const string SubnetNotFoundErrorId = "SubnetNotFound";
    public const string SubnetsInDifferentVpcsErrorId = "SubnetsInDifferentVpcs";
    public const string ClusterNotUsableErrorId = "ClusterNotUsable";
    public const string RouteTableTagKey = "eksso.io/route-table";

    private readonly AwsTransport _transport;
    private readonly ClusterSpec _spec;
    private readonly Ec2Client _ec2;
    private readonly EksClient _eks;
    private readonly IamClient _iam;

    public ClusterBuilder(AwsTransport transport, ClusterSpec spec)
    {
        _transport = transport;
        _spec = spec;
        _ec2 = new Ec2Client(transport);
        _eks = new EksClient(transport);
        _iam = new IamClient(transport);
    }

    public ClusterResources Found { get; } = new();

    // ---- discovery (read-only) ----

    /// <summary>Looks up every resource of the cluster; makes no change.</summary>
    public async Task<ClusterResources> DiscoverAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _spec.UsesExistingSubnets ? DiscoverGivenSubnetsAsync(cancellationToken) : DiscoverNetworkAsync(cancellationToken),
            Task.Run(async () => Found.ClusterRole = await FindRoleAsync(_spec.ClusterRoleName, cancellationToken).ConfigureAwait(false), cancellationToken),
            Task.Run(async () => Found.NodeRole = await FindRoleAsync(_spec.NodeRoleName, cancellationToken).ConfigureAwait(false), cancellationToken),
            DiscoverClusterAsync(cancellationToken)).ConfigureAwait(false);
        return Found;
    }

    private async Task DiscoverClusterAsync(CancellationToken cancellationToken)
    {
        Found.Cluster = await ClusterReader.FindClusterAsync(_eks, _spec.Name, cancellationToken).ConfigureAwait(false);
        if (Found.Cluster is not null)
        {
            Found.Nodegroup = await ClusterReader.FindNodegroupAsync(_eks, _spec.Name, _spec.NodegroupName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DiscoverGivenSubnetsAsync(CancellationToken cancellationToken)
    {
        List<Subnet> subnets;
        try
        {
            subnets = (await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [.. _spec.SubnetIds] }, cancellationToken).ConfigureAwait(false)).Subnets ?? [];
        }
        catch (AwsServiceException e) when (e.ErrorCode.StartsWith("InvalidSubnetID", StringComparison.Ordinal))
        {
            throw new EksSsoException(SubnetNotFoundErrorId, AwsErrorKind.NotFound, $"{e.AwsMessage} in {_spec.Region}: pass subnets of this account and region.", e);
        }

        var missing = _spec.SubnetIds.Where(id => subnets.All(s => s.SubnetId != id)).ToList();
        if (missing.Count > 0)
        {
            throw new EksSsoException(SubnetNotFoundErrorId, AwsErrorKind.NotFound, $"The subnet(s) {string.Join(", ", missing)} do not exist in {_spec.Region}.");
        }

        var vpcs = subnets.Select(s => s.VpcId).Distinct(StringComparer.Ordinal).ToList();
        if (vpcs.Count > 1)
        {
            throw new EksSsoException(SubnetsInDifferentVpcsErrorId, AwsErrorKind.Validation,
                $"The subnets belong to different VPCs ({string.Join(", ", vpcs)}); an EKS cluster's subnets must all be in one VPC.");
        }

        Found.VpcId = vpcs[0];
        foreach (var s in subnets)
        {
            Found.Subnets[s.SubnetId] = ToFound(s);
        }
    }

    private async Task DiscoverNetworkAsync(CancellationToken cancellationToken)
    {
        var zones = (await _ec2.DescribeAvailabilityZonesAsync(cancellationToken).ConfigureAwait(false)).AvailabilityZones ?? [];
        Found.Layout = ClusterNetworkLayout.For(_spec.Name, ClusterNetworkLayout.ChooseZones(
            _spec.Region,
            zones.Where(z => z.State == AvailabilityZoneState.Available && (z.ZoneType is null || z.ZoneType == "availability-zone")).Select(z => z.ZoneName)));

        var vpcs = (await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [.. OwnerFilters(), Filter("cidr", ClusterNetworkLayout.VpcCidr)] }, cancellationToken).ConfigureAwait(false)).Vpcs ?? [];
        var vpc = vpcs.OrderBy(v => v.VpcId, StringComparer.Ordinal).FirstOrDefault();

        var gateways = DescribeAsync(() => _ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = OwnerFilters() }, cancellationToken), r => r.InternetGateways);
        var addresses = DescribeAsync(() => _ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = OwnerFilters() }, cancellationToken), r => r.Addresses);
        if (vpc is not null)
        {
            Found.VpcId = vpc.VpcId;
            var vpcFilter = Filter("vpc-id", vpc.VpcId);
            var dnsSupport = _ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsSupport }, cancellationToken);
            var dnsHostnames = _ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsHostnames }, cancellationToken);
            var subnets = DescribeAsync(() => _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [vpcFilter] }, cancellationToken), r => r.Subnets);
            var nats = DescribeAsync(() => _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [vpcFilter, .. OwnerFilters(), Filter("state", "pending", "available")] }, cancellationToken), r => r.NatGateways);
            var tables = DescribeAsync(() => _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [vpcFilter, .. OwnerFilters()] }, cancellationToken), r => r.RouteTables);
            await Task.WhenAll(dnsSupport, dnsHostnames, subnets, nats, tables).ConfigureAwait(false);

            Found.VpcDnsSupport = dnsSupport.Result.EnableDnsSupport ?? false;
            Found.VpcDnsHostnames = dnsHostnames.Result.EnableDnsHostnames ?? false;
            foreach (var s in subnets.Result.Where(s => Found.Layout.Subnets.Any(l => l.CidrBlock == s.CidrBlock)))
            {
                Found.Subnets[s.CidrBlock] = ToFound(s);
            }

            var nat = nats.Result.OrderBy(n => n.State == NatGatewayState.Available ? 0 : 1).ThenBy(n => n.CreateTime).FirstOrDefault();
            if (nat is not null)
            {
                Found.NatGatewayId = nat.NatGatewayId;
                Found.NatGatewayState = nat.State?.Value;
            }

            Found.PublicRouteTable = FindTable(tables.Result, "public");
            Found.PrivateRouteTable = FindTable(tables.Result, "private");
        }

        var gateway = (await gateways.ConfigureAwait(false))
            .OrderBy(g => g.Attachments?.Any(a => a.VpcId == Found.VpcId) == true ? 0 : 1).ThenBy(g => g.InternetGatewayId, StringComparer.Ordinal).FirstOrDefault();
        if (gateway is not null)
        {
            Found.InternetGatewayId = gateway.InternetGatewayId;
            Found.InternetGatewayVpcId = gateway.Attachments?.FirstOrDefault()?.VpcId;
        }

        Found.AllocationId = (await addresses.ConfigureAwait(false)).OrderBy(a => a.AllocationId, StringComparer.Ordinal).FirstOrDefault()?.AllocationId;
    }

    private static FoundRouteTable? FindTable(List<RouteTable> tables, string kind)
    {
        var table = tables.Where(t => t.Tags?.Any(x => x.Key == RouteTableTagKey && x.Value == kind) == true).OrderBy(t => t.RouteTableId, StringComparer.Ordinal).FirstOrDefault();
        return table is null ? null : ToFound(table);
    }

    internal static FoundRouteTable ToFound(RouteTable table) => new(
        table.RouteTableId,
        [.. (table.Associations ?? []).Where(a => a.SubnetId is not null).Select(a => a.SubnetId)],
        (table.Routes ?? []).Where(r => r.DestinationCidrBlock is not null)
            .GroupBy(r => r.DestinationCidrBlock)
            .ToDictionary(g => g.Key, g => g.First().GatewayId ?? g.First().NatGatewayId ?? "", StringComparer.Ordinal));

    private static FoundSubnet ToFound(Subnet s) => new(s.SubnetId, s.VpcId, s.CidrBlock, s.AvailabilityZone, s.MapPublicIpOnLaunch ?? false);

    private Task<FoundRole?> FindRoleAsync(string roleName, CancellationToken cancellationToken) => FindRoleAsync(_iam, roleName, _spec.Name, cancellationToken);

    /// <summary>The role with its attached policies and whether it carries the cluster's ownership tags; null when there is none.</summary>
    internal static async Task<FoundRole?> FindRoleAsync(IamClient iam, string roleName, string clusterName, CancellationToken cancellationToken)
    {
        Role role;
        try
        {
            role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }, cancellationToken).ConfigureAwait(false)).Role!;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }

        var attached = new List<string>();
        await foreach (var policy in iam.ListAllAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName }, cancellationToken).ConfigureAwait(false))
        {
            attached.Add(policy.PolicyArn!);
        }

        return new FoundRole(roleName, role.Arn!, ClusterNaming.IsOwned(role.Tags?.Select(t => KeyValuePair.Create(t.Key ?? "", t.Value ?? "")), clusterName), attached);
    }

    // ---- apply ----

    /// <summary>Creates what the plan lacks, waits for the cluster and nodegroup (unless <paramref name="noWait"/>), and returns what exists then.</summary>
    public async Task ApplyAsync(ClusterPlan plan, bool noWait, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        var tracker = new ClusterStepTracker(plan.Steps.Count, progress);
        if (_spec.UsesExistingSubnets)
        {
            await ConcurrentSteps.RunAsync(
                cancellationToken,
                ct => tracker.RunAsync("IAM role " + _spec.NodeRoleName, () => EnsureRoleAsync(_spec.NodeRoleName, "ec2.amazonaws.com", ClusterPlanner.NodeRolePolicies, r => Found.NodeRole = r, ct)),
                async ct =>
                {
                    await tracker.RunAsync("IAM role " + _spec.ClusterRoleName, () => EnsureRoleAsync(_spec.ClusterRoleName, "eks.amazonaws.com", ClusterPlanner.ClusterRolePolicies, r => Found.ClusterRole = r, ct)).ConfigureAwait(false);
                    await EnsureClusterAsync(tracker, noWait, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            var layout = Found.Layout!;
            var subnetsReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clusterRoleReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await ConcurrentSteps.RunAsync(
                cancellationToken,
                async ct =>
                {
                    try
                    {
                        await tracker.RunAsync("VPC", () => EnsureVpcAsync(ct)).ConfigureAwait(false);
                        await tracker.RunAsync("subnets", () => EnsureSubnetsAsync(layout, ct), layout.Subnets.Count).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        subnetsReady.TrySetException(e);
                        throw;
                    }

                    subnetsReady.TrySetResult();
                    await EnsureRoutingAsync(tracker, layout, waitForNat: !noWait || Found.Cluster?.Status == ClusterStatus.Active, ct).ConfigureAwait(false);
                },
                async ct =>
                {
                    try
                    {
                        await tracker.RunAsync("IAM role " + _spec.ClusterRoleName, () => EnsureRoleAsync(_spec.ClusterRoleName, "eks.amazonaws.com", ClusterPlanner.ClusterRolePolicies, r => Found.ClusterRole = r, ct)).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        clusterRoleReady.TrySetException(e);
                        throw;
                    }

                    clusterRoleReady.TrySetResult();
                },
                ct => tracker.RunAsync("IAM role " + _spec.NodeRoleName, () => EnsureRoleAsync(_spec.NodeRoleName, "ec2.amazonaws.com", ClusterPlanner.NodeRolePolicies, r => Found.NodeRole = r, ct)),
                async ct =>
                {
                    await subnetsReady.Task.WaitAsync(ct).ConfigureAwait(false);
                    await clusterRoleReady.Task.WaitAsync(ct).ConfigureAwait(false);
                    await EnsureClusterAsync(tracker, noWait, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        if (Found.Cluster?.Status == ClusterStatus.Active)
        {
            await tracker.RunAsync("nodegroup " + _spec.NodegroupName, () => EnsureNodegroupAsync(tracker, noWait, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task EnsureVpcAsync(CancellationToken cancellationToken)
    {
        if (Found.VpcId is null)
        {
            var vpc = (await _ec2.CreateVpcAsync(
                new CreateVpcRequest { CidrBlock = ClusterNetworkLayout.VpcCidr, TagSpecifications = [Spec(ResourceType.Vpc, $"{_spec.Name}/vpc")] },
                cancellationToken).ConfigureAwait(false)).Vpc;
            Found.VpcId = vpc.VpcId;
            Found.VpcDnsSupport = true; // EC2's default for a new VPC
        }

        if (!Found.VpcDnsSupport)
        {
            await _ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = Found.VpcId, EnableDnsSupport = true }, cancellationToken).ConfigureAwait(false);
            Found.VpcDnsSupport = true;
        }

        if (!Found.VpcDnsHostnames)
        {
            await _ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = Found.VpcId, EnableDnsHostnames = true }, cancellationToken).ConfigureAwait(false);
            Found.VpcDnsHostnames = true;
        }
    }

    private async Task EnsureSubnetsAsync(NetworkLayout layout, CancellationToken cancellationToken)
    {
        await Task.WhenAll(layout.Subnets.Select(async wanted =>
        {
            if (!Found.Subnets.TryGetValue(wanted.CidrBlock, out var subnet))
            {
                var created = (await _ec2.CreateSubnetAsync(
                    new CreateSubnetRequest
                    {
                        VpcId = Found.VpcId,
                        CidrBlock = wanted.CidrBlock,
                        AvailabilityZone = wanted.AvailabilityZone,
                        TagSpecifications = [Spec(ResourceType.Subnet, wanted.Tags)],
                    },
                    cancellationToken).ConfigureAwait(false)).Subnet;
                subnet = ToFound(created);
                lock (Found.Subnets)
                {
                    Found.Subnets[wanted.CidrBlock] = subnet;
                }
            }

            if (wanted.Public && !subnet.MapPublicIpOnLaunch)
            {
                await _ec2.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet.SubnetId, MapPublicIpOnLaunch = true }, cancellationToken).ConfigureAwait(false);
                lock (Found.Subnets)
                {
                    Found.Subnets[wanted.CidrBlock] = subnet with { MapPublicIpOnLaunch = true };
                }
            }
        })).ConfigureAwait(false);
    }

    private async Task EnsureRoutingAsync(ClusterStepTracker tracker, NetworkLayout layout, bool waitForNat, CancellationToken cancellationToken)
    {
        // A public NAT gateway created before the internet gateway is attached fails (Gateway.NotAttached): the
        // Elastic IP is allocated meanwhile, the NAT gateway comes after.
        await ConcurrentSteps.RunAsync(
            cancellationToken,
            ct => tracker.RunAsync("internet gateway", () => EnsureInternetGatewayAsync(ct)),
            ct => tracker.RunAsync("Elastic IP", () => EnsureAddressAsync(ct))).ConfigureAwait(false);
        await ConcurrentSteps.RunAsync(
            cancellationToken,
            ct => tracker.RunAsync("public route table", () => EnsureRouteTableAsync("public", layout.PublicSubnets, gatewayId: Found.InternetGatewayId, natGatewayId: null, ct)),
            async ct =>
            {
                await tracker.RunAsync("NAT gateway", () => CreateNatGatewayAsync(layout, ct)).ConfigureAwait(false);
                await tracker.RunAsync("private route table", () => EnsureRouteTableAsync("private", layout.PrivateSubnets, gatewayId: null, natGatewayId: Found.NatGatewayId, ct)).ConfigureAwait(false);
            }).ConfigureAwait(false);

        if (waitForNat && Found.NatGatewayState != "available")
        {
            await tracker.RunAsync("NAT gateway " + Found.NatGatewayId, () => WaitNatGatewayAsync(tracker, cancellationToken), weight: 0).ConfigureAwait(false);
        }
    }

    private async Task EnsureInternetGatewayAsync(CancellationToken cancellationToken)
    {
        if (Found.InternetGatewayId is null)
        {
            Found.InternetGatewayId = (await _ec2.CreateInternetGatewayAsync(
                new CreateInternetGatewayRequest { TagSpecifications = [Spec(ResourceType.InternetGateway, $"{_spec.Name}/igw")] },
                cancellationToken).ConfigureAwait(false)).InternetGateway.InternetGatewayId;
        }

        if (Found.InternetGatewayVpcId != Found.VpcId)
        {
            if (Found.InternetGatewayVpcId is { } other)
            {
                await _ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = Found.InternetGatewayId, VpcId = other }, cancellationToken).ConfigureAwait(false);
            }

            await _ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = Found.InternetGatewayId, VpcId = Found.VpcId }, cancellationToken).ConfigureAwait(false);
            Found.InternetGatewayVpcId = Found.VpcId;
        }
    }

    private async Task EnsureAddressAsync(CancellationToken cancellationToken)
    {
        Found.AllocationId ??= (await _ec2.AllocateAddressAsync(
            new AllocateAddressRequest { Domain = DomainType.Vpc, TagSpecifications = [Spec(ResourceType.ElasticIp, $"{_spec.Name}/nat-eip")] },
            cancellationToken).ConfigureAwait(false)).AllocationId;
    }

    private async Task CreateNatGatewayAsync(NetworkLayout layout, CancellationToken cancellationToken)
    {
        if (Found.NatGatewayId is not null)
        {
            return;
        }

        var subnet = Found.Subnets[layout.PublicSubnets.First().CidrBlock];
        var nat = (await _ec2.CreateNatGatewayAsync(
            new CreateNatGatewayRequest
            {
                SubnetId = subnet.SubnetId,
                AllocationId = Found.AllocationId,
                ConnectivityType = ConnectivityType.Public,
                TagSpecifications = [Spec(ResourceType.Natgateway, $"{_spec.Name}/nat")],
            },
            cancellationToken).ConfigureAwait(false)).NatGateway;
        Found.NatGatewayId = nat.NatGatewayId;
        Found.NatGatewayState = nat.State?.Value ?? "pending";
    }

    private async Task WaitNatGatewayAsync(ClusterStepTracker tracker, CancellationToken cancellationToken)
    {
        var id = Found.NatGatewayId!;
        var nat = await AwsWaiter.WaitAsync(
            AwsWaiterDefinition.Ec2NatGatewayAvailable,
            $"NAT gateway {id}",
            async ct => (await _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [id] }, ct).ConfigureAwait(false)).NatGateways?.FirstOrDefault(),
            n => n?.State?.Value switch
            {
                "available" => (AwsWaitState.Success, "available"),
                "failed" or "deleting" or "deleted" => (AwsWaitState.Failure, n.State.Value + (n.FailureMessage is null ? "" : ": " + n.FailureMessage)),
                var s => (AwsWaitState.Retry, s ?? "not found yet"),
            },
            tracker.ForWait(),
            cancellationToken).ConfigureAwait(false);
        Found.NatGatewayState = nat?.State?.Value;
    }

    private async Task EnsureRouteTableAsync(string kind, IEnumerable<SubnetLayout> subnets, string? gatewayId, string? natGatewayId, CancellationToken cancellationToken)
    {
        var table = kind == "public" ? Found.PublicRouteTable : Found.PrivateRouteTable;
        if (table is null)
        {
            var created = (await _ec2.CreateRouteTableAsync(
                new CreateRouteTableRequest
                {
                    VpcId = Found.VpcId,
                    TagSpecifications = [Spec(ResourceType.RouteTable, new Dictionary<string, string>(ClusterNaming.Tags(_spec.Name, $"{_spec.Name}/{kind}")) { [RouteTableTagKey] = kind })],
                },
                cancellationToken).ConfigureAwait(false)).RouteTable;
            table = ToFound(created);
        }

        var target = gatewayId ?? natGatewayId!;
        if (table.DefaultRouteTarget != target)
        {
            if (table.DefaultRouteTarget is not null)
            {
                await _ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = table.RouteTableId, DestinationCidrBlock = "0.0.0.0/0" }, cancellationToken).ConfigureAwait(false);
            }

            await _ec2.CreateRouteAsync(
                new CreateRouteRequest { RouteTableId = table.RouteTableId, DestinationCidrBlock = "0.0.0.0/0", GatewayId = gatewayId, NatGatewayId = natGatewayId },
                cancellationToken).ConfigureAwait(false);
        }

        var associated = table.AssociatedSubnetIds.ToList();
        foreach (var subnet in subnets.Select(s => Found.Subnets[s.CidrBlock].SubnetId).Where(id => !table.AssociatedSubnetIds.Contains(id)))
        {
            await _ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = table.RouteTableId, SubnetId = subnet }, cancellationToken).ConfigureAwait(false);
            associated.Add(subnet);
        }

        table = new FoundRouteTable(table.RouteTableId, associated, new Dictionary<string, string>(StringComparer.Ordinal) { ["0.0.0.0/0"] = target });
        if (kind == "public")
        {
            Found.PublicRouteTable = table;
        }
        else
        {
            Found.PrivateRouteTable = table;
        }
    }

    private async Task EnsureRoleAsync(string roleName, string service, IReadOnlyList<string> policies, Action<FoundRole> store, CancellationToken cancellationToken)
    {
        var role = roleName == _spec.ClusterRoleName ? Found.ClusterRole : Found.NodeRole;
        if (role is null)
        {
            var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"{{service}}"},"Action":"sts:AssumeRole"}]}""";
            var created = (await _iam.CreateRoleAsync(
                new CreateRoleRequest
                {
                    RoleName = roleName,
                    AssumeRolePolicyDocument = trust,
                    Description = $"{(service.StartsWith("eks", StringComparison.Ordinal) ? "EKS cluster" : "EKS node")} role of cluster {_spec.Name}, created by EksSso",
                    Tags = [.. ClusterNaming.OwnershipTags(_spec.Name).Select(t => new IamTag { Key = t.Key, Value = t.Value })],
                },
                cancellationToken).ConfigureAwait(false)).Role!;
            role = new FoundRole(roleName, created.Arn!, true, []);
            _rolesCreated = true;
        }

        var attached = role.AttachedPolicyArns.ToList();
        foreach (var arn in policies.Select(p => ClusterPlanner.PolicyArn(_spec.Partition, p)).Where(a => !role.AttachedPolicyArns.Contains(a, StringComparer.Ordinal)))
        {
            await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = arn }, cancellationToken).ConfigureAwait(false);
            attached.Add(arn);
        }

        store(role with { AttachedPolicyArns = attached });
    }

    private volatile bool _rolesCreated;

    private async Task EnsureClusterAsync(ClusterStepTracker tracker, bool noWait, CancellationToken cancellationToken)
    {
        if (Found.Cluster is null)
        {
            var subnets = _spec.UsesExistingSubnets
                ? [.. _spec.SubnetIds]
                : Found.Layout!.Subnets.Select(s => Found.Subnets[s.CidrBlock].SubnetId).ToList();
            Found.Cluster = await tracker.RunAsync("EKS cluster " + _spec.Name, () => WhileRolesPropagateAsync(async () => (await _eks.CreateClusterAsync(
                new CreateClusterRequest
                {
                    Name = _spec.Name,
                    Version = _spec.KubernetesVersion,
                    RoleArn = Found.ClusterRole!.Arn,
                    ResourcesVpcConfig = new VpcConfigRequest { SubnetIds = subnets, EndpointPublicAccess = true, EndpointPrivateAccess = false },
                    AccessConfig = new CreateAccessConfigRequest { AuthenticationMode = _spec.AuthenticationMode, BootstrapClusterCreatorAdminPermissions = true },
                    Tags = ClusterNaming.OwnershipTags(_spec.Name),
                },
                cancellationToken).ConfigureAwait(false)).Cluster!, cancellationToken), weight: 0).ConfigureAwait(false);
        }

        if (Found.Cluster.Status is ClusterStatus.Deleting or ClusterStatus.Failed)
        {
            throw new EksSsoException(ClusterNotUsableErrorId, AwsErrorKind.Conflict,
                $"Cluster {_spec.Name} is {Found.Cluster.Status}; remove it (Remove-EksCluster) and run New-EksCluster again.");
        }

        if (Found.Cluster.Status != ClusterStatus.Active && !noWait)
        {
            Found.Cluster = await tracker.RunAsync("EKS cluster " + _spec.Name, () => AwsWaiter.WaitAsync(
                AwsWaiterDefinition.EksClusterActive,
                $"cluster {_spec.Name}",
                async ct => await ClusterReader.FindClusterAsync(_eks, _spec.Name, ct).ConfigureAwait(false),
                c => c?.Status switch
                {
                    ClusterStatus.Active => (AwsWaitState.Success, c.Status),
                    ClusterStatus.Deleting or ClusterStatus.Failed => (AwsWaitState.Failure, c.Status),
                    null => (AwsWaitState.Failure, "not found"),
                    var s => (AwsWaitState.Retry, s),
                },
                tracker.ForWait(),
                cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            tracker.Report(null);
        }
    }

    private async Task EnsureNodegroupAsync(ClusterStepTracker tracker, bool noWait, CancellationToken cancellationToken)
    {
        if (Found.Nodegroup is null)
        {
            var subnets = _spec.UsesExistingSubnets ? NodeSubnetsAmongGiven() : Found.Layout!.PrivateSubnets.Select(s => Found.Subnets[s.CidrBlock].SubnetId).ToList();
            Found.Nodegroup = await WhileRolesPropagateAsync(async () => (await _eks.CreateNodegroupAsync(
                new CreateNodegroupRequest
                {
                    ClusterName = _spec.Name,
                    NodegroupName = _spec.NodegroupName,
                    ScalingConfig = new NodegroupScalingConfig { MinSize = _spec.NodeCount, MaxSize = _spec.NodeCount, DesiredSize = _spec.NodeCount },
                    InstanceTypes = [_spec.NodeType],
                    AmiType = ClusterSpec.AmiType,
                    DiskSize = ClusterSpec.NodeDiskSizeGiB,
                    Subnets = subnets,
                    NodeRole = Found.NodeRole!.Arn,
                    Tags = ClusterNaming.OwnershipTags(_spec.Name),
                },
                cancellationToken).ConfigureAwait(false)).Nodegroup!, cancellationToken).ConfigureAwait(false);
        }

        if (Found.Nodegroup.Status is NodegroupStatus.CreateFailed or NodegroupStatus.Deleting or NodegroupStatus.DeleteFailed)
        {
            throw new EksSsoException(ClusterNotUsableErrorId, AwsErrorKind.Conflict,
                $"Nodegroup {_spec.NodegroupName} is {Found.Nodegroup.Status}; remove the cluster (Remove-EksCluster) or the nodegroup and run New-EksCluster again.");
        }

        if (Found.Nodegroup.Status != NodegroupStatus.Active && !noWait)
        {
            Found.Nodegroup = await AwsWaiter.WaitAsync(
                AwsWaiterDefinition.EksNodegroupActive,
                $"nodegroup {_spec.NodegroupName}",
                ct => ClusterReader.FindNodegroupAsync(_eks, _spec.Name, _spec.NodegroupName, ct),
                n => n?.Status switch
                {
                    NodegroupStatus.Active => (AwsWaitState.Success, n.Status),
                    NodegroupStatus.CreateFailed or NodegroupStatus.Deleting or NodegroupStatus.DeleteFailed => (AwsWaitState.Failure, n.Status),
                    null => (AwsWaitState.Failure, "not found"),
                    var s => (AwsWaitState.Retry, s),
                },
                tracker.ForWait(),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Of the subnets given with -SubnetId, the private ones (no public IPs on launch); all of them when none is private.</summary>
    private List<string> NodeSubnetsAmongGiven()
    {
        var privateOnes = _spec.SubnetIds.Where(id => Found.Subnets.TryGetValue(id, out var s) && !s.MapPublicIpOnLaunch).ToList();
        return privateOnes.Count > 0 ? privateOnes : [.. _spec.SubnetIds];
    }

    /// <summary>A role created moments ago may not be usable by EKS yet (IAM is eventually consistent): retry a few times.</summary>
    private async Task<T> WhileRolesPropagateAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (_rolesCreated && attempt < 6 && e.ErrorCode == "InvalidParameterException"
                && e.AwsMessage.Contains("role", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromSeconds(10 * AwsWaiter.DelayScale), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // ---- EC2 helpers ----

    private TagSpecification Spec(ResourceType type, string name) => Spec(type, ClusterNaming.Tags(_spec.Name, name));

    private static TagSpecification Spec(ResourceType type, IReadOnlyDictionary<string, string> tags) =>
        new() { ResourceType = type, Tags = [.. tags.Select(t => new Amazon.EC2.Model.Tag(t.Key, t.Value))] };

    private List<Filter> OwnerFilters() => OwnerFilters(_spec.Name);

    internal static List<Filter> OwnerFilters(string clusterName) =>
        [Filter("tag:" + ClusterNaming.ClusterTagKey, clusterName), Filter("tag:" + ClusterNaming.CreatedByTagKey, ClusterNaming.CreatedByValue)];

    internal static Filter Filter(string name, params string[] values) => new() { Name = name, Values = [.. values] };

    internal static async Task<List<T>> DescribeAsync<TResponse, T>(Func<Task<TResponse>> call, Func<TResponse, List<T>?> items) =>
        items(await call().ConfigureAwait(false)) ?? [];
}
