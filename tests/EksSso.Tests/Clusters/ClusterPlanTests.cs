using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Clusters;
using Xunit;

namespace EksSso.Tests.Clusters;

public sealed class ClusterNetworkLayoutTests
{
    [Fact]
    public void Three_zones_give_eksctls_public_then_private_19_blocks()
    {
        var layout = ClusterNetworkLayout.For("demo", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
        Assert.Equal("192.168.0.0/16", layout.VpcCidr);
        Assert.Equal(["192.168.0.0/19", "192.168.32.0/19", "192.168.64.0/19"], layout.PublicSubnets.Select(s => s.CidrBlock));
        Assert.Equal(["192.168.96.0/19", "192.168.128.0/19", "192.168.160.0/19"], layout.PrivateSubnets.Select(s => s.CidrBlock));
        Assert.Equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"], layout.PublicSubnets.Select(s => s.AvailabilityZone));
        Assert.Equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"], layout.PrivateSubnets.Select(s => s.AvailabilityZone));
    }

    [Fact]
    public void Two_zones_use_the_first_four_blocks()
    {
        var layout = ClusterNetworkLayout.For("demo", ["us-east-1a", "us-east-1b"]);
        Assert.Equal(["192.168.0.0/19", "192.168.32.0/19", "192.168.64.0/19", "192.168.96.0/19"], layout.Subnets.Select(s => s.CidrBlock));
        Assert.Equal([true, true, false, false], layout.Subnets.Select(s => s.Public));
    }

    [Theory]
    [InlineData("us-east-1", new[] { "us-east-1f", "us-east-1a", "us-east-1c", "us-east-1b" }, new[] { "us-east-1a", "us-east-1b" })]
    [InlineData("eu-west-1", new[] { "eu-west-1c", "eu-west-1b", "eu-west-1a" }, new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" })]
    [InlineData("ap-south-2", new[] { "ap-south-2b", "ap-south-2a" }, new[] { "ap-south-2a", "ap-south-2b" })]
    public void Chooses_eksctls_zone_count_stably_by_name(string region, string[] available, string[] expected) =>
        Assert.Equal(expected, ClusterNetworkLayout.ChooseZones(region, available));

    [Fact]
    public void One_zone_is_not_enough()
    {
        var e = Assert.Throws<EksSsoException>(() => ClusterNetworkLayout.ChooseZones("xx-test-1", ["xx-test-1a"]));
        Assert.Equal(ClusterNetworkLayout.NoZonesErrorId, e.ErrorId);
    }

    [Fact]
    public void Subnets_carry_ownership_cluster_and_load_balancer_role_tags()
    {
        var layout = ClusterNetworkLayout.For("demo", ["us-east-1a", "us-east-1b"]);
        foreach (var subnet in layout.Subnets)
        {
            Assert.Equal("demo", subnet.Tags[ClusterNaming.ClusterTagKey]);
            Assert.Equal("EksSso", subnet.Tags[ClusterNaming.CreatedByTagKey]);
            Assert.Equal("shared", subnet.Tags["kubernetes.io/cluster/demo"]);
            Assert.Equal(subnet.Name, subnet.Tags["Name"]);
            Assert.Equal("1", subnet.Tags[subnet.Public ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]);
            Assert.False(subnet.Tags.ContainsKey(subnet.Public ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb"));
        }
    }
}

public sealed class ClusterNamingTests
{
    [Fact]
    public void Short_names_are_kept_and_long_ones_fit_IAM_and_EKS_limits_uniquely()
    {
        Assert.Equal("EksSso-demo-ClusterRole", ClusterNaming.RoleName("demo", "ClusterRole"));
        Assert.Equal("demo-ng", ClusterNaming.NodegroupName("demo"));
        var longA = new string('a', 100);
        var longB = new string('a', 99) + "b";
        Assert.Equal(64, ClusterNaming.RoleName(longA, "ClusterRole").Length);
        Assert.Equal(63, ClusterNaming.NodegroupName(longA).Length);
        Assert.NotEqual(ClusterNaming.RoleName(longA, "NodeRole"), ClusterNaming.RoleName(longB, "NodeRole"));
        Assert.EndsWith("-NodeRole", ClusterNaming.RoleName(longA, "NodeRole"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ownership_needs_both_tags_with_the_cluster_name()
    {
        Assert.True(ClusterNaming.IsOwned(ClusterNaming.OwnershipTags("demo"), "demo"));
        Assert.False(ClusterNaming.IsOwned(ClusterNaming.OwnershipTags("demo"), "other"));
        Assert.False(ClusterNaming.IsOwned(new Dictionary<string, string> { [ClusterNaming.ClusterTagKey] = "demo" }, "demo"));
        Assert.False(ClusterNaming.IsOwned(null, "demo"));
    }
}

public sealed class ClusterInputTests
{
    private static ClusterSpec Spec(string name = "demo", int nodes = 2, string? version = null, string[]? subnets = null, string nodeType = "m5.large", string mode = "API_AND_CONFIG_MAP") =>
        new(name, "us-east-1", "aws", version, subnets ?? [], nodeType, nodes, mode);

    [Theory]
    [InlineData("-demo", ClusterInput.InvalidClusterNameErrorId)]
    [InlineData("demo cluster", ClusterInput.InvalidClusterNameErrorId)]
    [InlineData("", ClusterInput.InvalidClusterNameErrorId)]
    public void Rejects_bad_cluster_names(string name, string id) =>
        Assert.Equal(id, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(name))).ErrorId);

    [Fact]
    public void Checks_every_parameter_with_its_own_error_id()
    {
        Assert.Equal(ClusterInput.InvalidClusterNameErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(new string('a', 101)))).ErrorId);
        Assert.Equal(ClusterInput.InvalidNodeCountErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(nodes: 0))).ErrorId);
        Assert.Equal(ClusterInput.InvalidNodeCountErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(nodes: 451))).ErrorId);
        Assert.Equal(ClusterInput.InvalidKubernetesVersionErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(version: "v1.33"))).ErrorId);
        Assert.Equal(ClusterInput.InvalidSubnetIdErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(subnets: ["subnet-xyz", "subnet-0123456789abcdef0"]))).ErrorId);
        Assert.Equal(ClusterInput.TooFewSubnetsErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(subnets: ["subnet-0123456789abcdef0"]))).ErrorId);
        Assert.Equal(ClusterInput.InvalidNodeTypeErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(nodeType: "M5 large"))).ErrorId);
        Assert.Equal(ClusterInput.InvalidAuthenticationModeErrorId, Assert.Throws<EksSsoException>(() => ClusterInput.Validate(Spec(mode: "IAM"))).ErrorId);
        ClusterInput.Validate(Spec(new string('a', 100), 450, "1.33", ["subnet-0123456789abcdef0", "subnet-12345678"], "m7g.2xlarge"));
    }
}

public sealed class ClusterPlannerTests
{
    private static readonly ClusterSpec s_spec = new("demo", "us-east-1", "aws", null, [], "m5.large", 2, "API_AND_CONFIG_MAP");

    private static ClusterResources Nothing() => new() { Layout = ClusterNetworkLayout.For("demo", ["us-east-1a", "us-east-1b"]) };

    private static ClusterResources Everything()
    {
        var found = Nothing();
        found.VpcId = "vpc-1";
        found.VpcDnsSupport = found.VpcDnsHostnames = true;
        var i = 0;
        foreach (var s in found.Layout!.Subnets)
        {
            found.Subnets[s.CidrBlock] = new FoundSubnet($"subnet-{i++}", "vpc-1", s.CidrBlock, s.AvailabilityZone, s.Public);
        }

        found.InternetGatewayId = "igw-1";
        found.InternetGatewayVpcId = "vpc-1";
        found.AllocationId = "eipalloc-1";
        found.NatGatewayId = "nat-1";
        found.NatGatewayState = "available";
        found.PublicRouteTable = new("rtb-pub", ["subnet-0", "subnet-1"], new Dictionary<string, string> { ["0.0.0.0/0"] = "igw-1" });
        found.PrivateRouteTable = new("rtb-priv", ["subnet-2", "subnet-3"], new Dictionary<string, string> { ["0.0.0.0/0"] = "nat-1" });
        found.ClusterRole = new("EksSso-demo-ClusterRole", "arn:aws:iam::111122223333:role/EksSso-demo-ClusterRole", true, ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
        found.NodeRole = new("EksSso-demo-NodeRole", "arn:aws:iam::111122223333:role/EksSso-demo-NodeRole", true,
            [.. ClusterPlanner.NodeRolePolicies.Select(p => ClusterPlanner.PolicyArn("aws", p))]);
        found.Cluster = new Cluster { Name = "demo", Status = ClusterStatus.Active, Version = "1.33" };
        found.Nodegroup = new Nodegroup { NodegroupName = "demo-ng", Status = NodegroupStatus.Active };
        return found;
    }

    [Fact]
    public void Nothing_found_plans_every_resource_in_creation_order()
    {
        var plan = ClusterPlanner.Plan(s_spec, Nothing());
        Assert.All(plan.Steps, s => Assert.Equal(ClusterStepAction.Create, s.Action));
        Assert.Equal(
            ["VPC", "Public subnet", "Public subnet", "Private subnet", "Private subnet", "Internet gateway", "Elastic IP", "NAT gateway",
             "Public route table", "Private route table", "Cluster IAM role", "Node IAM role", "EKS cluster", "Managed nodegroup"],
            plan.Steps.Select(s => s.Resource));
        Assert.Equal(14, plan.ChangeCount);
        Assert.Contains("AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly", plan.Steps[11].Detail, StringComparison.Ordinal);
        Assert.Equal("demo-ng", plan.Steps[13].Name);
    }

    [Fact]
    public void Everything_found_is_an_empty_plan()
    {
        var plan = ClusterPlanner.Plan(s_spec, Everything());
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps));
        Assert.Equal(0, plan.ChangeCount);
    }

    [Fact]
    public void A_partial_run_plans_only_what_is_missing_or_incomplete()
    {
        var found = Everything();
        found.Subnets.Remove("192.168.96.0/19");
        found.Subnets["192.168.0.0/19"] = found.Subnets["192.168.0.0/19"] with { MapPublicIpOnLaunch = false };
        found.VpcDnsHostnames = false;
        found.InternetGatewayVpcId = null;
        found.NatGatewayId = null;
        found.NatGatewayState = null;
        found.PrivateRouteTable = new("rtb-priv", ["subnet-2"], new Dictionary<string, string>());
        found.NodeRole = found.NodeRole! with { AttachedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"] };
        found.Cluster = new Cluster { Name = "demo", Status = ClusterStatus.Creating };
        found.Nodegroup = null;

        var plan = ClusterPlanner.Plan(s_spec, found);
        var byName = plan.Steps.ToDictionary(s => s.Resource + " " + s.Name);
        Assert.Equal(ClusterStepAction.Update, byName["VPC vpc-1"].Action);
        Assert.Equal(ClusterStepAction.Update, byName["Public subnet subnet-0"].Action);
        Assert.Equal(ClusterStepAction.Exists, byName["Public subnet subnet-1"].Action);
        Assert.Equal(ClusterStepAction.Create, byName["Private subnet demo/private-us-east-1b"].Action);
        Assert.Equal(ClusterStepAction.Update, byName["Internet gateway igw-1"].Action);
        Assert.Equal(ClusterStepAction.Exists, byName["Elastic IP eipalloc-1"].Action);
        Assert.Equal(ClusterStepAction.Create, byName["NAT gateway demo/nat"].Action);
        Assert.Equal(ClusterStepAction.Exists, byName["Public route table rtb-pub"].Action);
        Assert.Equal(ClusterStepAction.Update, byName["Private route table rtb-priv"].Action);
        Assert.Contains("associate 1 subnets", byName["Private route table rtb-priv"].Detail, StringComparison.Ordinal);
        Assert.Equal(ClusterStepAction.Exists, byName["Cluster IAM role EksSso-demo-ClusterRole"].Action);
        Assert.Equal("attach AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly", byName["Node IAM role EksSso-demo-NodeRole"].Detail);
        Assert.Equal(ClusterStepAction.Wait, byName["EKS cluster demo"].Action);
        Assert.Equal(ClusterStepAction.Create, byName["Managed nodegroup demo-ng"].Action);
    }

    [Fact]
    public void A_pending_nat_gateway_and_an_untagged_role_are_waited_for_and_used()
    {
        var found = Everything();
        found.NatGatewayState = "pending";
        found.ClusterRole = found.ClusterRole! with { Owned = false };
        var plan = ClusterPlanner.Plan(s_spec, found);
        Assert.Equal(ClusterStepAction.Wait, plan.Steps.Single(s => s.Resource == "NAT gateway").Action);
        var role = plan.Steps.Single(s => s.Resource == "Cluster IAM role");
        Assert.Equal(ClusterStepAction.Exists, role.Action);
        Assert.Contains("not tagged", role.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_subnets_plan_no_network()
    {
        var spec = s_spec with { SubnetIds = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] };
        var plan = ClusterPlanner.Plan(spec, new ClusterResources { VpcId = "vpc-9" });
        Assert.Equal(["Subnets", "Cluster IAM role", "Node IAM role", "EKS cluster", "Managed nodegroup"], plan.Steps.Select(s => s.Resource));
        Assert.Equal(ClusterStepAction.Exists, plan.Steps[0].Action);
    }

    [Fact]
    public void Plan_lines_read_as_actions()
    {
        Assert.Equal("create  VPC 192.168.0.0/16 (DNS support and hostnames)", ClusterPlanner.Plan(s_spec, Nothing()).Steps[0].ToString());
        Assert.Equal("exists  Elastic IP eipalloc-1", ClusterPlanner.Plan(s_spec, Everything()).Steps.Single(s => s.Resource == "Elastic IP").ToString());
    }
}

public sealed class ConcurrentStepsTests
{
    [Fact]
    public async Task The_first_failure_cancels_the_other_steps_and_is_reported()
    {
        var cancelled = false;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ConcurrentSteps.RunAsync(
            CancellationToken.None,
            async ct =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }
            },
            async _ =>
            {
                await Task.Delay(10);
                throw new InvalidOperationException("boom");
            }));
        Assert.Equal("boom", e.Message);
        Assert.True(cancelled);
    }

    [Fact]
    public async Task The_tracker_reports_concurrent_steps_together()
    {
        var reports = new List<ClusterProgress>();
        var tracker = new ClusterStepTracker(2, new SyncProgress(reports));
        var gate = new TaskCompletionSource();
        var a = tracker.RunAsync("VPC", () => gate.Task);
        var b = tracker.RunAsync("IAM role x", () => gate.Task);
        gate.SetResult();
        await Task.WhenAll(a, b);
        Assert.Contains(reports, r => r.Running.Count == 2);
        Assert.Equal(2, reports[^1].Done);
        Assert.Empty(reports[^1].Running);
    }

    private sealed class SyncProgress(List<ClusterProgress> reports) : IProgress<ClusterProgress>
    {
        public void Report(ClusterProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
