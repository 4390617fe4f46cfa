using System.Text.Json.Nodes;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>Nodes computed from managed nodegroups, and the aws-auth ConfigMap EKS maintains for node roles.</summary>
public sealed class KubeNodesAndAwsAuthTests
{
    private static Uri Path(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Nodes_AreTheNodegroupInstances_ReadyAndLabelledAsEksRegistersThem()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var nodeRole = await sandbox.CreateNodeRoleAsync("eks-node-role");
        await sandbox.CreateNodegroupAsync("demo", "workers", nodeRole, 3, new Dictionary<string, string> { ["team"] = "payments" }, "SPOT");
        var client = sandbox.Client(cluster);

        var list = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/nodes")), 200);
        Assert.Equal("NodeList", list["kind"]!.GetValue<string>());
        var nodes = list["items"]!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal(3, nodes.Count);

        List<(string Name, string Zone, string Ip)> instances;
        lock (sandbox.Server.Host.Gate)
        {
            var view = Sandbox.Services.Eks.EksService.FindCluster(sandbox.Server.Host, sandbox.Server.Host.State.ManagementAccountId, KubeSandbox.Region, "demo")!;
            instances = [.. view.Nodes.Select(n => (n.PrivateDnsName, n.AvailabilityZone, n.PrivateIp))];
        }

        Assert.Equal(instances.Select(i => i.Name).Order(StringComparer.Ordinal), nodes.Select(n => n["metadata"]!["name"]!.GetValue<string>()));
        foreach (var node in nodes)
        {
            var name = node["metadata"]!["name"]!.GetValue<string>();
            var instance = instances.Single(i => i.Name == name);
            Assert.Matches($@"^ip-192-168-\d+-\d+\.{KubeSandbox.Region}\.compute\.internal$", name);
            var labels = node["metadata"]!["labels"]!;
            Assert.Equal("workers", labels["eks.amazonaws.com/nodegroup"]!.GetValue<string>());
            Assert.Equal("t3.large", labels["node.kubernetes.io/instance-type"]!.GetValue<string>());
            Assert.Equal("linux", labels["kubernetes.io/os"]!.GetValue<string>());
            Assert.Equal(instance.Zone, labels["topology.kubernetes.io/zone"]!.GetValue<string>());
            Assert.Equal("SPOT", labels["eks.amazonaws.com/capacityType"]!.GetValue<string>());
            Assert.Equal("payments", labels["team"]!.GetValue<string>());
            Assert.Matches($"^aws:///{instance.Zone}/i-[0-9a-f]{{17}}$", node["spec"]!["providerID"]!.GetValue<string>());
            var ready = node["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
            Assert.Equal("True", ready["status"]!.GetValue<string>());
            Assert.Matches(@"^v1\.33\.\d+-eks-[0-9a-f]{7}$", node["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>());
            var addresses = node["status"]!["addresses"]!.AsArray().ToDictionary(a => a!["type"]!.GetValue<string>(), a => a!["address"]!.GetValue<string>());
            Assert.Equal(instance.Ip, addresses["InternalIP"]);
            Assert.Equal(name, addresses["Hostname"]);
        }

        var first = nodes[0]["metadata"]!["name"]!.GetValue<string>();
        var one = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"/api/v1/nodes/{first}")), 200);
        Assert.Equal(nodes[0]["metadata"]!["uid"]!.GetValue<string>(), one["metadata"]!["uid"]!.GetValue<string>());
        var byLabel = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/nodes?labelSelector=eks.amazonaws.com%2Fnodegroup%3Dworkers,team%20in%20(payments)")), 200);
        Assert.Equal(3, byLabel["items"]!.AsArray().Count);

        // Nodes are the kubelets' to write, not users'.
        var refused = await KubeSandbox.JsonAsync(await client.DeleteAsync(Path($"/api/v1/nodes/{first}")), 405);
        Assert.Equal("MethodNotAllowed", refused["reason"]!.GetValue<string>());
        await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/nodes/ip-10-0-0-1.ec2.internal")), 404);

        // kubectl's table request gets the columns kube-apiserver prints.
        using var tableRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes");
        tableRequest.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        tableRequest.Headers.Accept.ParseAdd("application/json");
        using var tableResponse = await client.SendAsync(tableRequest);
        var table = await KubeSandbox.JsonAsync(tableResponse, 200);
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"], table["columnDefinitions"]!.AsArray().Where(c => c!["priority"]!.GetValue<int>() == 0).Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(table["rows"]!.AsArray(), r => Assert.Equal("Ready", r!["cells"]![1]!.GetValue<string>()));
    }

    [Fact]
    public async Task AwsAuth_GetsEachNodeRole_AndKeepsWhatUsersWrote()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string path = "/api/v1/namespaces/kube-system/configmaps/aws-auth";

        // No managed nodegroup, no aws-auth.
        await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 404);

        var nodeRole = await sandbox.CreateNodeRoleAsync("workers-node-role", "/eks/nodes/");
        var accountId = sandbox.Server.Host.State.ManagementAccountId;
        Assert.Equal($"arn:aws:iam::{accountId}:role/eks/nodes/workers-node-role", nodeRole);
        await sandbox.CreateNodegroupAsync("demo", "workers", nodeRole, 2);

        var awsAuth = await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200);
        Assert.Equal(
            "- groups:\n  - system:bootstrappers\n  - system:nodes\n" +
            $"  rolearn: arn:aws:iam::{accountId}:role/workers-node-role\n" +
            "  username: system:node:{{EC2PrivateDNSName}}\n",
            awsAuth["data"]!["mapRoles"]!.GetValue<string>());
        Assert.Single(awsAuth["data"]!.AsObject());

        // A user maps an SSO role and a user; EKS adds a second nodegroup's role after them and drops nothing.
        var mine = awsAuth["data"]!["mapRoles"]!.GetValue<string>() +
            $"- rolearn: arn:aws:iam::{accountId}:role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef\n  username: admin:{{{{SessionName}}}}\n  groups:\n    - system:masters\n";
        awsAuth["data"]!["mapRoles"] = mine;
        awsAuth["data"]!["mapUsers"] = $"- userarn: arn:aws:iam::{accountId}:user/alice\n  username: alice\n  groups:\n    - system:masters\n";
        await KubeSandbox.JsonAsync(await client.PutAsync(Path(path), KubeSandbox.Json(awsAuth)), 200);

        var otherRole = await sandbox.CreateNodeRoleAsync("spot-node-role");
        await sandbox.CreateNodegroupAsync("demo", "spot", otherRole, 1);
        var after = await KubeSandbox.PollAsync(
            async () => await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200),
            a => a["data"]!["mapRoles"]!.GetValue<string>().Contains("spot-node-role", StringComparison.Ordinal));
        var mapRoles = after["data"]!["mapRoles"]!.GetValue<string>();
        Assert.StartsWith(mine, mapRoles, StringComparison.Ordinal);
        Assert.EndsWith($"  rolearn: {otherRole}\n  username: system:node:{{{{EC2PrivateDNSName}}}}\n", mapRoles, StringComparison.Ordinal);
        Assert.Contains("alice", after["data"]!["mapUsers"]!.GetValue<string>(), StringComparison.Ordinal);

        // Users may take the node entries out again: EKS does not put them back.
        after["data"]!["mapRoles"] = mine;
        await KubeSandbox.JsonAsync(await client.PutAsync(Path(path), KubeSandbox.Json(after)), 200);
        await sandbox.Server.Host.KubernetesApi!.ReconcileAsync();
        var final = await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200);
        Assert.Equal(mine, final["data"]!["mapRoles"]!.GetValue<string>());
    }

    [Fact]
    public async Task AwsAuth_IsNotWritten_ForApiOnlyClusters()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("api-only", "API");
        var nodeRole = await sandbox.CreateNodeRoleAsync("eks-node-role");
        await sandbox.CreateNodegroupAsync("api-only", "workers", nodeRole, 1);
        var client = sandbox.Client(cluster);
        await sandbox.Server.Host.KubernetesApi!.ReconcileAsync();
        await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/namespaces/kube-system/configmaps/aws-auth")), 404);
        Assert.Single((await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/nodes")), 200))["items"]!.AsArray());
    }
}
