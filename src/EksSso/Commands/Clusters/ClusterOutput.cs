using System.Globalization;
using System.Management.Automation;
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

/// <summary>One Write-Progress view over a whole creation or removal: the running steps, elapsed time, share done.
/// Internal: a public type implementing an engine interface would load the engine before the load context is set.</summary>
internal sealed class ClusterProgressView : IProgress<ClusterProgress>, IDisposable
{
    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly int _activityId;
    private readonly SynchronizationContext? _pipeline = SynchronizationContext.Current;
    private bool _completed;

    internal ClusterProgressView(Cmdlet cmdlet, string activity, int activityId)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _activityId = activityId;
    }

    public void Report(ClusterProgress value)
    {
        var elapsed = value.Elapsed.ToString(value.Elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
        var running = value.Running.Count == 0 ? "checking" : string.Join(", ", value.Running);
        var record = new ProgressRecord(_activityId, _activity, $"{running} ({elapsed} elapsed)")
        {
            PercentComplete = value.Total == 0 ? -1 : Math.Min(100, value.Done * 100 / value.Total),
            CurrentOperation = value.Detail ?? $"{value.Done} of {value.Total} steps done",
        };
        Write(record);
    }

    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Write(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void Write(ProgressRecord record)
    {
        if (_pipeline is null || ReferenceEquals(SynchronizationContext.Current, _pipeline))
        {
            _cmdlet.WriteProgress(record);
        }
        else
        {
            _pipeline.Post(_ => _cmdlet.WriteProgress(record), null);
        }
    }
}
