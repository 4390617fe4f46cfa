namespace EksSso.Sandbox.State;

/// <summary>
/// Real time for signatures and expiry; simulated durations for asynchronous work. A cluster that takes about
/// 12 minutes on AWS takes 12 min × TimeScale here, and its state is derived from the time it started, so every
/// reader sees the same intermediate states a waiter would on AWS.
/// </summary>
public sealed class SandboxClock(double timeScale, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Fraction of real AWS durations that simulated work takes (0.005: a 12-minute cluster in 3.6 s).</summary>
    public double TimeScale { get; } = timeScale;

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>When work that takes <paramref name="awsDuration"/> on AWS and starts now is done here.</summary>
    public DateTimeOffset CompletesAt(TimeSpan awsDuration) => Now + awsDuration * TimeScale;

    public bool IsDone(DateTimeOffset? completesAt) => completesAt is { } t && Now >= t;

    public static class Durations
    {
        public static readonly TimeSpan Cluster = TimeSpan.FromMinutes(12);
        public static readonly TimeSpan ClusterDelete = TimeSpan.FromMinutes(5);
        public static readonly TimeSpan Nodegroup = TimeSpan.FromMinutes(3);
        public static readonly TimeSpan NodegroupDelete = TimeSpan.FromMinutes(2);
        public static readonly TimeSpan NatGateway = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan Account = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan Provisioning = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan ClusterUpdate = TimeSpan.FromMinutes(2);
    }
}
