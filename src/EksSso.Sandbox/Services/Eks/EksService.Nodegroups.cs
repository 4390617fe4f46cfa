using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Ec2;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Eks;

public sealed partial class EksService
{
    private const int MaxNodesPerNodegroup = 100;
    private const string DefaultAmiType = "AL2023_x86_64_STANDARD";

    private static JsonObject CreateNodegroup(EksCall c)
    {
        var ctx = c.Ctx;
        var clusterName = ctx.RequiredString("clusterName");
        var tags = ReadTags(ctx.Object("tags"));
        ctx.Authorize("eks:CreateNodegroup", c.ClusterArn(clusterName), TagConditions(tags));
        var cluster = c.Cluster(clusterName);
        var name = ctx.RequiredString("nodegroupName");
        var token = ctx.String("clientRequestToken");
        if (cluster.Nodegroups.TryGetValue(name, out var existing))
        {
            if (token is not null && existing.ClientRequestToken == token)
            {
                return new JsonObject { ["nodegroup"] = NodegroupJson(c, cluster, existing) };
            }

            throw EksErrors.InUse($"NodeGroup already exists with name {name} and cluster name {clusterName}");
        }

        if (ClusterStatus(cluster, c.Now) != "ACTIVE")
        {
            throw EksErrors.InvalidRequest($"Cluster '{clusterName}' is not in ACTIVE status");
        }

        foreach (var unsupported in new[] { "launchTemplate", "remoteAccess", "warmPoolConfig" })
        {
            if (ctx.Input[unsupported] is not null)
            {
                throw EksErrors.InvalidParameter($"The sandbox does not simulate {unsupported} for managed nodegroups.");
            }
        }

        var version = ctx.String("version") ?? cluster.Version;
        if (version != cluster.Version)
        {
            throw EksErrors.InvalidParameter($"Nodegroup version {version} must match the cluster's Kubernetes version {cluster.Version} in the sandbox.");
        }

        var amiType = ctx.String("amiType") ?? DefaultAmiType;
        if (amiType.StartsWith("AL2_", StringComparison.Ordinal) && string.CompareOrdinal(Minor(version), Minor("1.32")) > 0)
        {
            throw EksErrors.InvalidParameter($"AMI Type {amiType} is only supported for kubernetes versions 1.32 or earlier");
        }

        var (min, max, desired) = Scaling(ctx.Object("scalingConfig"));

        var nodeRoleArn = ctx.RequiredString("nodeRole");
        var nodeRole = RequireServiceRole(c, nodeRoleArn, "ec2.amazonaws.com");
        ctx.Authorize("iam:PassRole", nodeRoleArn, PassedTo("eks.amazonaws.com"));

        var ec2 = Ec2Service.ReadState(c.Account, c.Region);
        var subnets = RequireSubnets(ec2, Strings(ctx.Input["subnets"]));
        if (subnets.Count == 0)
        {
            throw EksErrors.InvalidParameter("subnets must contain at least one subnet.");
        }

        if (subnets.FirstOrDefault(s => s.VpcId != cluster.VpcId) is { } stray)
        {
            throw EksErrors.InvalidParameter($"Subnet {stray.SubnetId} is not in the cluster's VPC {cluster.VpcId}.");
        }

        var instanceTypes = Strings(ctx.Input["instanceTypes"]);
        if (instanceTypes.Count == 0)
        {
            instanceTypes = ["t3.medium"];
        }

        EnsureServiceLinkedRole(c, "eks-nodegroup.amazonaws.com");

        var uuid = Guid.NewGuid().ToString();
        var now = c.Now;
        var nodegroup = new EksNodegroupRecord
        {
            Name = name,
            Arn = $"arn:{ctx.Partition}:eks:{c.Region}:{c.Account.Id}:nodegroup/{clusterName}/{name}/{uuid}",
            Version = version,
            ReleaseVersion = $"{version}.0-20250704",
            CreatedAt = now,
            ModifiedAt = now,
            ActiveAt = ctx.Clock.CompletesAt(SandboxClock.Durations.Nodegroup),
            CapacityType = ctx.String("capacityType") ?? "ON_DEMAND",
            MinSize = min,
            MaxSize = max,
            DesiredSize = desired,
            InstanceTypes = instanceTypes,
            Subnets = [.. subnets.Select(s => s.SubnetId)],
            AmiType = amiType,
            NodeRole = nodeRole.Arn,
            NodeRoleId = nodeRole.RoleId,
            DiskSize = ctx.Int("diskSize") ?? 20,
            Labels = (ctx.Object("labels") ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal),
            Taints = [.. (ctx.Array("taints") ?? []).Select(t => new EksTaint
            {
                Key = t!["key"]!.GetValue<string>(),
                Value = t["value"]?.GetValue<string>(),
                Effect = t["effect"]!.GetValue<string>(),
            })],
            Tags = tags,
            AutoScalingGroupName = $"eks-{name}-{uuid}",
            ClientRequestToken = token,
        };
        nodegroup.Instances = LaunchInstances(c, cluster, subnets, instanceTypes, desired);

        if (cluster.AuthenticationMode != "CONFIG_MAP")
        {
            // With access entries on, EKS gives the node role its EC2_LINUX entry; with CONFIG_MAP it edits aws-auth.
            AddNodeRoleEntry(cluster, nodeRole.Arn, nodeRole.RoleId, now);
        }

        cluster.Nodegroups[name] = nodegroup;
        return new JsonObject { ["nodegroup"] = NodegroupJson(c, cluster, nodegroup, "CREATING") };
    }

    private static JsonObject DescribeNodegroup(EksCall c)
    {
        var (cluster, nodegroup) = AuthorizedNodegroup(c, "eks:DescribeNodegroup");
        return new JsonObject { ["nodegroup"] = NodegroupJson(c, cluster, nodegroup) };
    }

    private static JsonObject ListNodegroups(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:ListNodegroups", "clusterName");
        var (page, next) = Page(c, cluster.Nodegroups.Keys, n => n);
        var result = new JsonObject { ["nodegroups"] = StringArray(page) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private static JsonObject DeleteNodegroup(EksCall c)
    {
        var (cluster, nodegroup) = AuthorizedNodegroup(c, "eks:DeleteNodegroup");
        if (nodegroup.DeletedAt is null)
        {
            nodegroup.DeletedAt = c.Ctx.Clock.CompletesAt(SandboxClock.Durations.NodegroupDelete);
            nodegroup.ModifiedAt = c.Now;
        }

        return new JsonObject { ["nodegroup"] = NodegroupJson(c, cluster, nodegroup) };
    }

    // ---- helpers ----

    private static (EksClusterRecord Cluster, EksNodegroupRecord Nodegroup) AuthorizedNodegroup(EksCall c, string action)
    {
        var clusterName = c.Ctx.RequiredString("clusterName");
        var name = c.Ctx.RequiredString("nodegroupName");
        var cluster = c.State.Clusters.GetValueOrDefault(clusterName);
        var nodegroup = cluster?.Nodegroups.GetValueOrDefault(name);
        c.Ctx.Authorize(action, nodegroup?.Arn ?? $"arn:{c.Ctx.Partition}:eks:{c.Region}:{c.Account.Id}:nodegroup/{clusterName}/{name}/*");
        if (cluster is null)
        {
            throw EksErrors.ClusterNotFound(clusterName);
        }

        return (cluster, nodegroup ?? throw EksErrors.NotFound($"No node group found for name: {name}."));
    }

    private static (int Min, int Max, int Desired) Scaling(JsonObject? config)
    {
        var min = InputValues.Int(config?["minSize"]) ?? 2;
        var max = InputValues.Int(config?["maxSize"]) ?? Math.Max(2, min);
        var desired = InputValues.Int(config?["desiredSize"]) ?? Math.Clamp(2, min, Math.Max(min, max));
        if (max < 1)
        {
            throw EksErrors.InvalidParameter("Maximum capacity must be at least 1");
        }

        if (min > max)
        {
            throw EksErrors.InvalidParameter($"Minimum capacity {min} can't be greater than max size {max}");
        }

        if (desired > max)
        {
            throw EksErrors.InvalidParameter($"Desired capacity {desired} can't be greater than max size {max}");
        }

        if (desired < min)
        {
            throw EksErrors.InvalidParameter($"Minimum capacity {min} can't be greater than desired size {desired}");
        }

        if (max > MaxNodesPerNodegroup)
        {
            throw EksErrors.InvalidParameter($"The sandbox limits a nodegroup to {MaxNodesPerNodegroup} nodes (maxSize {max}).");
        }

        return (min, max, desired);
    }

    /// <summary>One instance per desired node, spread over the subnets, each with an address of its subnet.</summary>
    private static List<EksInstanceRecord> LaunchInstances(EksCall c, EksClusterRecord cluster, List<Ec2Subnet> subnets, List<string> instanceTypes, int count)
    {
        var taken = cluster.Nodegroups.Values.SelectMany(n => n.Instances).Select(i => i.PrivateIp).ToHashSet(StringComparer.Ordinal);
        var instances = new List<EksInstanceRecord>();
        for (var i = 0; i < count; i++)
        {
            var subnet = subnets[i % subnets.Count];
            Cidr.TryParse(subnet.CidrBlock, out var cidr);
            string ip;
            do
            {
                ip = cidr.AddressAt(4 + RandomNumberGenerator.GetInt32((int)Math.Max(1, cidr.Size - 5)));
            }
            while (!taken.Add(ip));

            var dnsLabel = "ip-" + ip.Replace('.', '-');
            instances.Add(new EksInstanceRecord
            {
                InstanceId = $"i-{SandboxHost.RandomHex(17)}",
                PrivateIp = ip,
                PrivateDnsName = c.Region == "us-east-1" ? $"{dnsLabel}.ec2.internal" : $"{dnsLabel}.{c.Region}.compute.internal",
                SubnetId = subnet.SubnetId,
                AvailabilityZone = subnet.AvailabilityZone,
                InstanceType = instanceTypes[i % instanceTypes.Count],
            });
        }

        return instances;
    }

    private static JsonObject NodegroupJson(EksCall c, EksClusterRecord cluster, EksNodegroupRecord nodegroup, string? status = null)
    {
        var json = new JsonObject
        {
            ["nodegroupName"] = nodegroup.Name,
            ["nodegroupArn"] = nodegroup.Arn,
            ["clusterName"] = cluster.Name,
            ["version"] = nodegroup.Version,
            ["releaseVersion"] = nodegroup.ReleaseVersion,
            ["createdAt"] = JsonValue.Create(nodegroup.CreatedAt),
            ["modifiedAt"] = JsonValue.Create(nodegroup.ModifiedAt),
            ["status"] = status ?? NodegroupStatus(nodegroup, c.Now),
            ["capacityType"] = nodegroup.CapacityType,
            ["scalingConfig"] = new JsonObject
            {
                ["minSize"] = nodegroup.MinSize,
                ["maxSize"] = nodegroup.MaxSize,
                ["desiredSize"] = nodegroup.DesiredSize,
            },
            ["instanceTypes"] = StringArray(nodegroup.InstanceTypes),
            ["subnets"] = StringArray(nodegroup.Subnets),
            ["amiType"] = nodegroup.AmiType,
            ["nodeRole"] = nodegroup.NodeRole,
            ["labels"] = TagMap(nodegroup.Labels),
        };
        if (nodegroup.Taints.Count > 0)
        {
            json["taints"] = new JsonArray([.. nodegroup.Taints.Select(t =>
            {
                var taint = new JsonObject { ["key"] = t.Key };
                if (t.Value is not null)
                {
                    taint["value"] = t.Value;
                }

                taint["effect"] = t.Effect;
                return (JsonNode)taint;
            })]);
        }

        json["resources"] = new JsonObject
        {
            ["autoScalingGroups"] = new JsonArray(new JsonObject { ["name"] = nodegroup.AutoScalingGroupName }),
        };
        json["diskSize"] = nodegroup.DiskSize;
        json["health"] = new JsonObject { ["issues"] = new JsonArray() };
        json["updateConfig"] = new JsonObject { ["maxUnavailable"] = 1 };
        AddTags(json, nodegroup.Tags);
        return json;
    }

    /// <summary>"1.9" sorts before "1.10": compare minor versions as fixed-width numbers.</summary>
    private static string Minor(string version) =>
        version.Split('.') is [_, var minor, ..] && int.TryParse(minor, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
            : version;
}
