using Amazon.EC2.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Ec2;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;

namespace EksSso.Engine.Clusters;

/// <summary>What Remove-EksCluster found: the resources it deletes (they carry the ownership tag) and the ones it keeps.</summary>
public sealed class ClusterRemovalPlan
{
    public Cluster? Cluster { get; set; }

    public bool ClusterOwned { get; set; }

    public List<Nodegroup> OwnedNodegroups { get; } = [];

    public List<Nodegroup> ForeignNodegroups { get; } = [];

    public List<FoundRole> OwnedRoles { get; } = [];

    public List<FoundRole> ForeignRoles { get; } = [];

    public List<Vpc> Vpcs { get; } = [];

    public string? ForeignVpcId { get; set; }

    public List<NatGateway> NatGateways { get; } = [];

    public List<Address> Addresses { get; } = [];

    public List<InternetGateway> InternetGateways { get; } = [];

    public List<RouteTable> RouteTables { get; } = [];

    public List<Subnet> Subnets { get; } = [];

    public List<ClusterPlanStep> Steps { get; } = [];

    /// <summary>Nothing of the cluster exists any more (neither the cluster nor a tagged resource).</summary>
    public bool NothingFound => Cluster is null && Steps.All(s => s.Action != ClusterStepAction.Delete);

    public int DeleteCount => Steps.Count(s => s.Action == ClusterStepAction.Delete);
}

/// <summary>
/// Remove-EksCluster's engine: deletes the nodegroups, the cluster, the two roles and the network New-EksCluster
/// created, and only resources carrying its ownership tag, in dependency order (NAT before its Elastic IP, the internet
/// gateway detached before it is deleted, subnets and route tables before the VPC), waiting for each deletion. Every
/// step looks first, so an interrupted removal continues on a re-run.
/// </summary>
public sealed class ClusterRemoval(AwsTransport transport, string clusterName)
{
    public const string ForeignNodegroupsErrorId = "ClusterHasForeignNodegroups";

    private static readonly AwsWaiterDefinition s_dependencyRetry = new("DependenciesReleased", 15, 20);

    private readonly Ec2Client _ec2 = new(transport);
    private readonly EksClient _eks = new(transport);
    private readonly IamClient _iam = new(transport);

    public async Task<ClusterRemovalPlan> DiscoverAsync(CancellationToken cancellationToken)
    {
        var plan = new ClusterRemovalPlan();
        var owner = ClusterBuilder.OwnerFilters(clusterName);
        var cluster = ClusterReader.FindClusterAsync(_eks, clusterName, cancellationToken);
        var nodegroups = ClusterReader.ReadNodegroupsAsync(_eks, clusterName, cancellationToken);
        var roles = Task.WhenAll(
            ClusterBuilder.FindRoleAsync(_iam, ClusterNaming.RoleName(clusterName, "ClusterRole"), clusterName, cancellationToken),
            ClusterBuilder.FindRoleAsync(_iam, ClusterNaming.RoleName(clusterName, "NodeRole"), clusterName, cancellationToken));
        var vpcs = ClusterBuilder.DescribeAsync(() => _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = owner }, cancellationToken), r => r.Vpcs);
        var nats = ClusterBuilder.DescribeAsync(() => _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [.. owner, ClusterBuilder.Filter("state", "pending", "available", "failed", "deleting")] }, cancellationToken), r => r.NatGateways);
        var addresses = ClusterBuilder.DescribeAsync(() => _ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = owner }, cancellationToken), r => r.Addresses);
        var gateways = ClusterBuilder.DescribeAsync(() => _ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = owner }, cancellationToken), r => r.InternetGateways);
        var tables = ClusterBuilder.DescribeAsync(() => _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = owner }, cancellationToken), r => r.RouteTables);
        var subnets = ClusterBuilder.DescribeAsync(() => _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = owner }, cancellationToken), r => r.Subnets);
        await Task.WhenAll(cluster, nodegroups, roles, vpcs, nats, addresses, gateways, tables, subnets).ConfigureAwait(false);

        plan.Cluster = cluster.Result;
        plan.ClusterOwned = plan.Cluster is not null && ClusterNaming.IsOwned(plan.Cluster.Tags, clusterName);
        foreach (var group in plan.Cluster is null ? [] : nodegroups.Result)
        {
            (ClusterNaming.IsOwned(group.Tags, clusterName) ? plan.OwnedNodegroups : plan.ForeignNodegroups).Add(group);
        }

        foreach (var role in roles.Result.Where(r => r is not null).Cast<FoundRole>())
        {
            (role.Owned ? plan.OwnedRoles : plan.ForeignRoles).Add(role);
        }

        plan.Vpcs.AddRange(vpcs.Result);
        plan.NatGateways.AddRange(nats.Result);
        plan.Addresses.AddRange(addresses.Result);
        plan.InternetGateways.AddRange(gateways.Result);
        plan.RouteTables.AddRange(tables.Result);
        plan.Subnets.AddRange(subnets.Result);
        if (plan.Cluster?.ResourcesVpcConfig?.VpcId is { } clusterVpc && plan.Vpcs.All(v => v.VpcId != clusterVpc))
        {
            plan.ForeignVpcId = clusterVpc;
        }

        var steps = plan.Steps;
        steps.AddRange(plan.OwnedNodegroups.Select(g => new ClusterPlanStep("Managed nodegroup", g.NodegroupName!, ClusterStepAction.Delete, g.Status)));
        steps.AddRange(plan.ForeignNodegroups.Select(g => new ClusterPlanStep("Managed nodegroup", g.NodegroupName!, ClusterStepAction.Keep, "not tagged by EksSso")));
        if (plan.Cluster is not null)
        {
            steps.Add(new("EKS cluster", clusterName, plan.ClusterOwned ? ClusterStepAction.Delete : ClusterStepAction.Keep, plan.ClusterOwned ? plan.Cluster.Status : "not tagged by EksSso"));
        }

        steps.AddRange(plan.OwnedRoles.Select(r => new ClusterPlanStep("IAM role", r.RoleName, ClusterStepAction.Delete)));
        steps.AddRange(plan.ForeignRoles.Select(r => new ClusterPlanStep("IAM role", r.RoleName, ClusterStepAction.Keep, "not tagged by EksSso")));
        steps.AddRange(plan.NatGateways.Select(n => new ClusterPlanStep("NAT gateway", n.NatGatewayId, ClusterStepAction.Delete, n.State?.Value)));
        steps.AddRange(plan.Addresses.Select(a => new ClusterPlanStep("Elastic IP", a.AllocationId, ClusterStepAction.Delete, a.PublicIp)));
        steps.AddRange(plan.RouteTables.Select(t => new ClusterPlanStep("Route table", t.RouteTableId, ClusterStepAction.Delete)));
        steps.AddRange(plan.InternetGateways.Select(g => new ClusterPlanStep("Internet gateway", g.InternetGatewayId, ClusterStepAction.Delete)));
        steps.AddRange(plan.Subnets.Select(s => new ClusterPlanStep("Subnet", s.SubnetId, ClusterStepAction.Delete, s.CidrBlock)));
        steps.AddRange(plan.Vpcs.Select(v => new ClusterPlanStep("VPC", v.VpcId, ClusterStepAction.Delete, v.CidrBlock)));
        if (plan.ForeignVpcId is not null)
        {
            steps.Add(new("VPC", plan.ForeignVpcId, ClusterStepAction.Keep, "not tagged by EksSso"));
        }

        return plan;
    }

    public async Task ApplyAsync(ClusterRemovalPlan plan, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        var tracker = new ClusterStepTracker(plan.DeleteCount, progress);
        if (plan.ClusterOwned && plan.ForeignNodegroups.Count > 0)
        {
            throw new EksSsoException(ForeignNodegroupsErrorId, AwsErrorKind.Conflict,
                $"Cluster {clusterName} has nodegroups EksSso did not create ({string.Join(", ", plan.ForeignNodegroups.Select(g => g.NodegroupName))}); delete them first, then run Remove-EksCluster again.");
        }

        await Task.WhenAll(plan.OwnedNodegroups.Select(g => tracker.RunAsync("nodegroup " + g.NodegroupName, () => DeleteNodegroupAsync(g, tracker, cancellationToken)))).ConfigureAwait(false);
        if (plan.ClusterOwned)
        {
            await tracker.RunAsync("EKS cluster " + clusterName, () => DeleteClusterAsync(plan.Cluster!, tracker, cancellationToken)).ConfigureAwait(false);
        }

        await ConcurrentSteps.RunAsync(
            cancellationToken,
            ct => Task.WhenAll(plan.OwnedRoles.Select(r => tracker.RunAsync("IAM role " + r.RoleName, () => DeleteRoleAsync(r, ct)))),
            ct => DeleteNetworkAsync(plan, tracker, ct)).ConfigureAwait(false);
    }

    private async Task DeleteNodegroupAsync(Nodegroup group, ClusterStepTracker tracker, CancellationToken cancellationToken)
    {
        if (group.Status != NodegroupStatus.Deleting)
        {
            await IgnoreNotFound(() => _eks.DeleteNodegroupAsync(new DeleteNodegroupRequest { ClusterName = clusterName, NodegroupName = group.NodegroupName }, cancellationToken)).ConfigureAwait(false);
        }

        await AwsWaiter.WaitAsync(
            AwsWaiterDefinition.EksNodegroupDeleted,
            $"nodegroup {group.NodegroupName}",
            ct => ClusterReader.FindNodegroupAsync(_eks, clusterName, group.NodegroupName!, ct),
            n => n is null ? (AwsWaitState.Success, "deleted") : n.Status == NodegroupStatus.DeleteFailed ? (AwsWaitState.Failure, n.Status) : (AwsWaitState.Retry, n.Status),
            tracker.ForWait(),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteClusterAsync(Cluster cluster, ClusterStepTracker tracker, CancellationToken cancellationToken)
    {
        if (cluster.Status is ClusterStatus.Creating or ClusterStatus.Updating)
        {
            // EKS refuses to delete a cluster that is still being created or updated.
            await AwsWaiter.WaitAsync(
                AwsWaiterDefinition.EksClusterActive,
                $"cluster {clusterName}",
                ct => ClusterReader.FindClusterAsync(_eks, clusterName, ct),
                c => c?.Status is ClusterStatus.Creating or ClusterStatus.Updating ? (AwsWaitState.Retry, c.Status) : (AwsWaitState.Success, c?.Status),
                tracker.ForWait(),
                cancellationToken).ConfigureAwait(false);
        }

        if (cluster.Status != ClusterStatus.Deleting)
        {
            await IgnoreNotFound(() => _eks.DeleteClusterAsync(new DeleteClusterRequest { Name = clusterName }, cancellationToken)).ConfigureAwait(false);
        }

        await AwsWaiter.WaitAsync(
            AwsWaiterDefinition.EksClusterDeleted,
            $"cluster {clusterName}",
            ct => ClusterReader.FindClusterAsync(_eks, clusterName, ct),
            c => c is null ? (AwsWaitState.Success, "deleted") : c.Status is ClusterStatus.Active or ClusterStatus.Creating or ClusterStatus.Pending ? (AwsWaitState.Failure, c.Status) : (AwsWaitState.Retry, c.Status),
            tracker.ForWait(),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteRoleAsync(FoundRole role, CancellationToken cancellationToken)
    {
        foreach (var policy in role.AttachedPolicyArns)
        {
            await IgnoreNotFound(() => _iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = role.RoleName, PolicyArn = policy }, cancellationToken)).ConfigureAwait(false);
        }

        await IgnoreNotFound(() => _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = role.RoleName }, cancellationToken)).ConfigureAwait(false);
    }

    private async Task DeleteNetworkAsync(ClusterRemovalPlan plan, ClusterStepTracker tracker, CancellationToken cancellationToken)
    {
        await ConcurrentSteps.RunAsync(
            cancellationToken,
            async ct =>
            {
                // The NAT gateway holds its Elastic IP until it is deleted.
                await Task.WhenAll(plan.NatGateways.Select(n => tracker.RunAsync("NAT gateway " + n.NatGatewayId, () => DeleteNatGatewayAsync(n, tracker, ct)))).ConfigureAwait(false);
                foreach (var address in plan.Addresses)
                {
                    await tracker.RunAsync("Elastic IP " + address.AllocationId, () => IgnoreNotFound(() => _ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = address.AllocationId }, ct))).ConfigureAwait(false);
                }
            },
            async ct =>
            {
                foreach (var table in plan.RouteTables)
                {
                    await tracker.RunAsync("route table " + table.RouteTableId, async () =>
                    {
                        foreach (var association in (table.Associations ?? []).Where(a => a.Main != true && a.RouteTableAssociationId is not null))
                        {
                            await IgnoreNotFound(() => _ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association.RouteTableAssociationId }, ct)).ConfigureAwait(false);
                        }

                        await IgnoreNotFound(() => _ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = table.RouteTableId }, ct)).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        // An internet gateway detaches only once no public address (the NAT gateway's) is mapped in the VPC.
        foreach (var gateway in plan.InternetGateways)
        {
            await tracker.RunAsync("internet gateway " + gateway.InternetGatewayId, async () =>
            {
                foreach (var attachment in gateway.Attachments ?? [])
                {
                    await WhileDependentAsync($"internet gateway {gateway.InternetGatewayId}", tracker, () => IgnoreNotFound(() => _ec2.DetachInternetGatewayAsync(
                        new DetachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = attachment.VpcId }, cancellationToken)), cancellationToken).ConfigureAwait(false);
                }

                await IgnoreNotFound(() => _ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId }, cancellationToken)).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        await Task.WhenAll(plan.Subnets.Select(s => tracker.RunAsync("subnet " + s.SubnetId, () => WhileDependentAsync(
            $"subnet {s.SubnetId}", tracker, () => IgnoreNotFound(() => _ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = s.SubnetId }, cancellationToken)), cancellationToken)))).ConfigureAwait(false);
        foreach (var vpc in plan.Vpcs)
        {
            await tracker.RunAsync("VPC " + vpc.VpcId, () => WhileDependentAsync(
                $"VPC {vpc.VpcId}", tracker, () => IgnoreNotFound(() => _ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, cancellationToken)), cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task DeleteNatGatewayAsync(NatGateway nat, ClusterStepTracker tracker, CancellationToken cancellationToken)
    {
        if (nat.State?.Value != "deleting")
        {
            await IgnoreNotFound(() => _ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = nat.NatGatewayId }, cancellationToken)).ConfigureAwait(false);
        }

        await AwsWaiter.WaitAsync(
            AwsWaiterDefinition.Ec2NatGatewayDeleted,
            $"NAT gateway {nat.NatGatewayId}",
            async ct =>
            {
                try
                {
                    return (await _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [nat.NatGatewayId] }, ct).ConfigureAwait(false)).NatGateways?.FirstOrDefault();
                }
                catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
                {
                    return null;
                }
            },
            n => n is null || n.State?.Value == "deleted" ? (AwsWaitState.Success, "deleted") : (AwsWaitState.Retry, n.State?.Value),
            tracker.ForWait(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>EC2 answers DependencyViolation while EKS or a NAT gateway still releases network interfaces: retry a while.</summary>
    private static async Task WhileDependentAsync(string subject, ClusterStepTracker tracker, Func<Task> call, CancellationToken cancellationToken)
    {
        await AwsWaiter.WaitAsync(
            s_dependencyRetry,
            subject,
            async _ =>
            {
                try
                {
                    await call().ConfigureAwait(false);
                    return (string?)null;
                }
                catch (AwsServiceException e) when (e.ErrorCode == "DependencyViolation")
                {
                    return e.AwsMessage;
                }
            },
            message => message is null ? (AwsWaitState.Success, "deleted") : (AwsWaitState.Retry, "dependencies still in use"),
            tracker.ForWait(),
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task IgnoreNotFound<T>(Func<Task<T>> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound || e.ErrorCode is "InvalidNatGatewayID.NotFound" or "Gateway.NotAttached")
        {
            // Already gone: a re-run after an interruption.
        }
    }
}
