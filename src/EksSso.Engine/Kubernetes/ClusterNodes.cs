using System.Globalization;
using EksSso.Engine.Aws.Protocol;
using k8s;
using k8s.Models;

namespace EksSso.Engine.Kubernetes;

/// <summary>A cluster node as Get-EksNode shows it: kubectl get nodes' columns plus what EKS labels say about it.</summary>
public sealed record KubeNodeInfo(
    string ClusterName,
    string Name,
    string Status,
    IReadOnlyList<string> Roles,
    string? InstanceType,
    string? Nodegroup,
    string? CapacityType,
    string? Zone,
    string? KubeletVersion,
    DateTimeOffset? CreationTimestamp,
    TimeSpan? Age,
    string? InternalIP,
    string? ProviderId);

/// <summary>The nodes of a cluster (GET /api/v1/nodes), mapped as kubectl maps them.</summary>
public static class ClusterNodes
{
    public const string InstanceTypeLabel = "node.kubernetes.io/instance-type";
    public const string LegacyInstanceTypeLabel = "beta.kubernetes.io/instance-type";
    public const string NodegroupLabel = "eks.amazonaws.com/nodegroup";
    public const string CapacityTypeLabel = "eks.amazonaws.com/capacityType";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string KubernetesRoleLabel = "kubernetes.io/role";

    /// <summary>Lists the nodes as the current identity; 401/403 become KubernetesUnauthorized/KubernetesForbidden.</summary>
    public static async Task<IReadOnlyList<KubeNodeInfo>> ListAsync(AwsTransport transport, string clusterName, CancellationToken cancellationToken)
    {
        using var connection = await KubeClusterConnection.OpenAsync(transport, clusterName, cancellationToken).ConfigureAwait(false);
        var list = await connection.CallAsync(c => c.CoreV1.ListNodeAsync(cancellationToken: cancellationToken), "list nodes").ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        return [.. (list.Items ?? []).Select(n => FromNode(connection.ClusterName, n, now)).OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    public static KubeNodeInfo FromNode(string clusterName, V1Node node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        string? Label(string key) => labels.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        DateTimeOffset? created = node.Metadata?.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null;
        return new KubeNodeInfo(
            clusterName,
            node.Metadata?.Name ?? "",
            StatusOf(node),
            RolesOf(labels),
            Label(InstanceTypeLabel) ?? Label(LegacyInstanceTypeLabel),
            Label(NodegroupLabel),
            Label(CapacityTypeLabel),
            Label(ZoneLabel),
            node.Status?.NodeInfo?.KubeletVersion,
            created,
            created is { } t ? (now - t < TimeSpan.Zero ? TimeSpan.Zero : now - t) : null,
            node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address,
            node.Spec?.ProviderID);
    }

    /// <summary>
    /// kubectl's STATUS column: the Ready condition's True → Ready, False or Unknown → NotReady, no Ready condition →
    /// Unknown; ",SchedulingDisabled" when the node is cordoned.
    /// </summary>
    public static string StatusOf(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var status = ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    /// <summary>kubectl's ROLES column: node-role.kubernetes.io/&lt;role&gt; labels and kubernetes.io/role, sorted.</summary>
    public static IReadOnlyList<string> RolesOf(IDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal) && key.Length > RoleLabelPrefix.Length)
            {
                roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == KubernetesRoleLabel && !string.IsNullOrEmpty(value))
            {
                roles.Add(value);
            }
        }

        return [.. roles];
    }

    /// <summary>kubectl's AGE column (apimachinery's HumanDuration): 45s, 5m30s, 3h20m, 2d5h, 40d, 2y30d.</summary>
    public static string HumanDuration(TimeSpan age)
    {
        // Up to a second in the future is clock skew between machines: "0s", as kubectl says.
        var seconds = (long)Math.Truncate(age.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        seconds = Math.Max(seconds, 0);

        static string S(long value) => value.ToString(CultureInfo.InvariantCulture);
        if (seconds < 60 * 2)
        {
            return S(seconds) + "s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? S(minutes) + "m" : $"{S(minutes)}m{S(s)}s";
        }

        if (minutes < 60 * 3)
        {
            return S(minutes) + "m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? S(hours) + "h" : $"{S(hours)}h{S(m)}m";
        }

        if (hours < 48)
        {
            return S(hours) + "h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? S(hours / 24) + "d" : $"{S(hours / 24)}d{S(h)}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return S(hours / 24) + "d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? S(hours / 24 / 365) + "y" : $"{S(hours / 24 / 365)}y{S(dy)}d";
        }

        return S(hours / 24 / 365) + "y";
    }
}
