using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;

namespace EksSso.Engine.Clusters;

/// <summary>A cluster as EKS describes it, with its nodegroups.</summary>
public sealed record ClusterState(Cluster Cluster, IReadOnlyList<Nodegroup> Nodegroups, string Region);

/// <summary>Reads clusters and nodegroups; a missing one is null, not an error.</summary>
public static class ClusterReader
{
    public static async Task<Cluster?> FindClusterAsync(EksClient eks, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await eks.DescribeClusterAsync(new DescribeClusterRequest { Name = name }, cancellationToken).ConfigureAwait(false)).Cluster;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }

    public static async Task<Nodegroup?> FindNodegroupAsync(EksClient eks, string clusterName, string nodegroupName, CancellationToken cancellationToken)
    {
        try
        {
            return (await eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = clusterName, NodegroupName = nodegroupName }, cancellationToken).ConfigureAwait(false)).Nodegroup;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every nodegroup of a cluster, described, by name.</summary>
    public static async Task<IReadOnlyList<Nodegroup>> ReadNodegroupsAsync(EksClient eks, string clusterName, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var name in eks.ListAllNodegroupsAsync(new ListNodegroupsRequest { ClusterName = clusterName }, cancellationToken).ConfigureAwait(false))
            {
                names.Add(name);
            }
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            return [];
        }

        var groups = await Task.WhenAll(names.Order(StringComparer.Ordinal).Select(n => FindNodegroupAsync(eks, clusterName, n, cancellationToken))).ConfigureAwait(false);
        return [.. groups.Where(g => g is not null).Cast<Nodegroup>()];
    }

    /// <summary>The cluster with its nodegroups; null when there is no cluster of that name.</summary>
    public static async Task<ClusterState?> ReadAsync(AwsTransport transport, string name, CancellationToken cancellationToken)
    {
        var eks = new EksClient(transport);
        var cluster = await FindClusterAsync(eks, name, cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            return null;
        }

        var nodegroups = await ReadNodegroupsAsync(eks, name, cancellationToken).ConfigureAwait(false);
        return new ClusterState(cluster, nodegroups, transport.Session.Region);
    }

    /// <summary>Every cluster name of the region.</summary>
    public static async Task<IReadOnlyList<string>> ListNamesAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var name in new EksClient(transport).ListAllClustersAsync(new ListClustersRequest(), cancellationToken).ConfigureAwait(false))
        {
            names.Add(name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
