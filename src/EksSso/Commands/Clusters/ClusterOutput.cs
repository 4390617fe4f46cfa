using EksSso.Engine.Aws;
using EksSso.Engine.Clusters;

namespace EksSso.Commands.Clusters;

/// <summary>Engine cluster state → the public <see cref="EksCluster"/>.</summary>
internal static class ClusterOutput
{
    public static EksCluster ToOutput(ClusterState state)
    {
        var c = state.Cluster;
        return new EksCluster(
            c.Name ?? "",
            c.Arn ?? "",
            c.Endpoint,
            c.CertificateAuthority?.Data,
            c.Version,
            c.Status ?? "",
            c.AccessConfig?.AuthenticationMode,
            c.ResourcesVpcConfig?.VpcId,
            [.. c.ResourcesVpcConfig?.SubnetIds ?? []],
            [.. state.Nodegroups.Select(n => new EksNodegroup(
                n.NodegroupName ?? "",
                n.Status ?? "",
                [.. n.InstanceTypes ?? []],
                n.ScalingConfig?.DesiredSize,
                n.ScalingConfig?.MinSize,
                n.ScalingConfig?.MaxSize,
                n.AmiType,
                n.NodeRole,
                [.. n.Subnets ?? []]))],
            state.Region,
            c.RoleArn,
            c.PlatformVersion,
            c.CreatedAt,
            new SortedDictionary<string, string>(c.Tags ?? [], StringComparer.Ordinal));
    }
}

/// <summary>The engine's cluster progress into the cmdlet's one wait view (<see cref="WaitProgress"/>): running steps,
/// the latest waiter status and the elapsed time since the command started.
/// Internal: a public type implementing an engine interface would load the engine before the load context is set.</summary>
internal sealed class ClusterProgressView(IProgress<AwsWaitProgress> view) : IProgress<ClusterProgress>
{
    public void Report(ClusterProgress value) => view.Report(value.ToWaitProgress());
}
