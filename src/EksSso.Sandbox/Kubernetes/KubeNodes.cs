using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// Node objects as the kubelets of EKS managed nodegroups register them: one Ready node per instance, named by its
/// private DNS name, with the labels, addresses, provider id and node info an EKS-optimised AMI reports.
/// </summary>
internal static class KubeNodes
{
    private static readonly Dictionary<string, (int Cpus, int MemoryGiB, int Pods)> s_instanceTypes = new(StringComparer.Ordinal)
    {
        ["t3.micro"] = (2, 1, 4),
        ["t3.small"] = (2, 2, 11),
        ["t3.medium"] = (2, 4, 17),
        ["t3.large"] = (2, 8, 35),
        ["t3.xlarge"] = (4, 16, 58),
        ["t3.2xlarge"] = (8, 32, 58),
        ["t4g.medium"] = (2, 4, 17),
        ["t4g.large"] = (2, 8, 35),
        ["m5.large"] = (2, 8, 29),
        ["m5.xlarge"] = (4, 16, 58),
        ["m6i.large"] = (2, 8, 29),
        ["m6i.xlarge"] = (4, 16, 58),
        ["m7i.large"] = (2, 8, 29),
        ["c5.large"] = (2, 4, 29),
        ["c6i.large"] = (2, 4, 29),
        ["r5.large"] = (2, 16, 29),
    };

    public static JsonObject Build(EksClusterView cluster, EksNodeView node, string capacityType, JsonObject meta, DateTimeOffset now)
    {
        var nodegroup = cluster.Nodegroups.FirstOrDefault(n => n.Name == node.NodegroupName);
        var amiType = nodegroup?.AmiType ?? "AL2023_x86_64_STANDARD";
        var arch = amiType.Contains("ARM", StringComparison.Ordinal) ? "arm64" : "amd64";
        var os = amiType.StartsWith("WINDOWS", StringComparison.Ordinal) ? "windows" : "linux";
        var (cpus, memoryGiB, pods) = Capacity(node.InstanceType);
        var memoryKi = (long)(memoryGiB * 1024L * 1024L * 0.955);
        var reservedMi = 255 + (11 * pods) + 100;
        var created = meta["creationTimestamp"]!.GetValue<string>();

        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = arch,
            ["beta.kubernetes.io/instance-type"] = node.InstanceType,
            ["beta.kubernetes.io/os"] = os,
            ["eks.amazonaws.com/capacityType"] = capacityType,
            ["eks.amazonaws.com/nodegroup"] = node.NodegroupName,
            ["eks.amazonaws.com/nodegroup-image"] = "ami-" + Hex($"ami/{cluster.Region}/{cluster.Version}/{amiType}", 17),
            ["failure-domain.beta.kubernetes.io/region"] = cluster.Region,
            ["failure-domain.beta.kubernetes.io/zone"] = node.AvailabilityZone,
            ["k8s.io/cloud-provider-aws"] = Hex($"cloud-provider/{cluster.Arn}", 32),
            ["kubernetes.io/arch"] = arch,
            ["kubernetes.io/hostname"] = node.PrivateDnsName,
            ["kubernetes.io/os"] = os,
            ["node.kubernetes.io/instance-type"] = node.InstanceType,
            ["topology.k8s.aws/zone-id"] = ZoneId(cluster.Region, node.AvailabilityZone),
            ["topology.kubernetes.io/region"] = cluster.Region,
            ["topology.kubernetes.io/zone"] = node.AvailabilityZone,
        };
        foreach (var (key, value) in nodegroup?.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var spec = new JsonObject { ["providerID"] = $"aws:///{node.AvailabilityZone}/{node.InstanceId}" };
        if (nodegroup is { Taints.Count: > 0 })
        {
            spec["taints"] = new JsonArray([.. nodegroup.Taints.Select(t =>
            {
                var taint = new JsonObject { ["key"] = t.Key };
                if (t.Value is not null)
                {
                    taint["value"] = t.Value;
                }

                taint["effect"] = t.Effect switch
                {
                    "NO_SCHEDULE" => "NoSchedule",
                    "NO_EXECUTE" => "NoExecute",
                    "PREFER_NO_SCHEDULE" => "PreferNoSchedule",
                    var other => other,
                };
                return (JsonNode)taint;
            })]);
        }

        var heartbeat = KubeObjectStore.Timestamp(now);
        return new JsonObject
        {
            ["kind"] = "Node",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = node.PrivateDnsName,
                ["uid"] = meta["uid"]!.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]!.DeepClone(),
                ["creationTimestamp"] = created,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["alpha.kubernetes.io/provided-node-ip"] = node.PrivateIp,
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = Resources(cpus.ToString(CultureInfo.InvariantCulture), $"{memoryKi}Ki", pods, "20959212Ki"),
                ["allocatable"] = Resources($"{(cpus * 1000) - ReservedMillicores(cpus)}m", $"{memoryKi - (reservedMi * 1024L)}Ki", pods, "18242267924"),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", heartbeat, created),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", heartbeat, created),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", heartbeat, created),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", heartbeat, created)),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = node.PrivateIp },
                    new JsonObject { ["type"] = "InternalDNS", ["address"] = node.PrivateDnsName },
                    new JsonObject { ["type"] = "Hostname", ["address"] = node.PrivateDnsName }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = Hex($"machine/{node.InstanceId}", 32),
                    ["systemUUID"] = "ec2" + Hex($"uuid/{node.InstanceId}", 29),
                    ["bootID"] = Guid(Hex($"boot/{node.InstanceId}", 32)),
                    ["kernelVersion"] = amiType.StartsWith("AL2_", StringComparison.Ordinal) ? $"5.10.238-231.953.amzn2.{Machine(arch)}" : $"6.1.141-155.222.amzn2023.{Machine(arch)}",
                    ["osImage"] = amiType.StartsWith("AL2_", StringComparison.Ordinal) ? "Amazon Linux 2" : amiType.StartsWith("BOTTLEROCKET", StringComparison.Ordinal) ? "Bottlerocket OS 1.42.0 (aws-k8s-" + cluster.Version + ")" : "Amazon Linux 2023.8.20250707",
                    ["containerRuntimeVersion"] = "containerd://1.7.27",
                    ["kubeletVersion"] = KubeVersion.GitVersion(cluster.Version),
                    ["operatingSystem"] = os,
                    ["architecture"] = arch,
                },
            },
        };
    }

    private static (int Cpus, int MemoryGiB, int Pods) Capacity(string instanceType)
    {
        if (s_instanceTypes.TryGetValue(instanceType, out var known))
        {
            return known;
        }

        var size = instanceType[(instanceType.IndexOf('.') + 1)..];
        return size switch
        {
            "nano" or "micro" => (2, 1, 4),
            "small" => (2, 2, 11),
            "medium" => (2, 4, 17),
            "large" => (2, 8, 29),
            "xlarge" => (4, 16, 58),
            _ when size.EndsWith("xlarge", StringComparison.Ordinal) && int.TryParse(size[..^6], CultureInfo.InvariantCulture, out var n) => (4 * n, 16 * n, 234),
            _ => (2, 8, 29),
        };
    }

    /// <summary>EKS's kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of the rest.</summary>
    private static int ReservedMillicores(int cpus) =>
        60 + (cpus > 1 ? 10 : 0) + (Math.Clamp(cpus - 2, 0, 2) * 5) + (int)(Math.Max(0, cpus - 4) * 2.5);

    private static JsonObject Resources(string cpu, string memory, int pods, string storage) => new()
    {
        ["cpu"] = cpu,
        ["ephemeral-storage"] = storage,
        ["hugepages-1Gi"] = "0",
        ["hugepages-2Mi"] = "0",
        ["memory"] = memory,
        ["pods"] = pods.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Condition(string type, string status, string reason, string message, string heartbeat, string transition) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = heartbeat,
        ["lastTransitionTime"] = transition,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>us-west-2 + us-west-2b → usw2-az2 (AWS shuffles zone ids per account; the sandbox does not).</summary>
    private static string ZoneId(string region, string zone)
    {
        var parts = region.Split('-');
        if (parts.Length < 3 || zone.Length == 0)
        {
            return zone;
        }

        var direction = parts[1] switch
        {
            "northeast" => "ne",
            "southeast" => "se",
            "northwest" => "nw",
            "southwest" => "sw",
            var d => d[..1],
        };
        return $"{parts[0]}{direction}{parts[2]}-az{zone[^1] - 'a' + 1}";
    }

    private static string Machine(string arch) => arch == "arm64" ? "aarch64" : "x86_64";

    private static string Hex(string seed, int length) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed))).ToLowerInvariant()[..length];

    private static string Guid(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
}

/// <summary>The version strings an EKS control plane and its kubelets report for a Kubernetes minor version.</summary>
public static class KubeVersion
{
    private static readonly Dictionary<string, (int Patch, string Go, string BuildDate)> s_releases = new(StringComparer.Ordinal)
    {
        ["1.30"] = (14, "go1.23.10", "2025-07-01T02:04:11Z"),
        ["1.31"] = (10, "go1.23.10", "2025-07-01T02:04:35Z"),
        ["1.32"] = (6, "go1.23.10", "2025-07-01T02:05:02Z"),
        ["1.33"] = (2, "go1.24.4", "2025-07-01T02:05:27Z"),
        ["1.34"] = (0, "go1.24.6", "2025-09-02T18:21:44Z"),
    };

    /// <summary>v1.33.2-eks-931bdca: the tag EKS builds, with its own commit suffix.</summary>
    public static string GitVersion(string version) => $"v{version}.{Release(version).Patch}-eks-{Commit(version)[..7]}";

    public static JsonObject Info(string version)
    {
        var (major, minor) = version.Split('.') is [var a, var b, ..] ? (a, b) : ("1", version);
        var release = Release(version);
        var previousMinor = int.TryParse(minor, CultureInfo.InvariantCulture, out var m) ? (m - 1).ToString(CultureInfo.InvariantCulture) : minor;
        var info = new JsonObject
        {
            ["major"] = major,

            // kube's build adds "+" to the minor of a version with a pre-release suffix, as every -eks- build has.
            ["minor"] = minor + "+",
        };
        if (m >= 33)
        {
            // Compatibility versions (KEP-4330) are reported from 1.33 on.
            info["emulationMajor"] = major;
            info["emulationMinor"] = minor;
            info["minCompatibilityMajor"] = major;
            info["minCompatibilityMinor"] = previousMinor;
        }

        foreach (var (key, value) in new JsonObject
        {
            ["gitVersion"] = GitVersion(version),
            ["gitCommit"] = Commit(version),
            ["gitTreeState"] = "clean",
            ["buildDate"] = release.BuildDate,
            ["goVersion"] = release.Go,
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        }.ToList())
        {
            info[key] = value?.DeepClone();
        }

        return info;
    }

    private static (int Patch, string Go, string BuildDate) Release(string version) =>
        s_releases.TryGetValue(version, out var release) ? release : (0, "go1.24.6", "2025-09-02T18:21:44Z");

    private static string Commit(string version) =>
        Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes($"eks/{version}"))).ToLowerInvariant();
}
