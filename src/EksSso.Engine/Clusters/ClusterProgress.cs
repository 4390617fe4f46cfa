using System.Diagnostics;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Clusters;

/// <summary>One progress view over a whole cluster creation or removal: the steps running now and the elapsed time.
/// <see cref="Detail"/>, <see cref="Attempt"/> and <see cref="MaxAttempts"/> come from the latest waiter poll, if any.</summary>
public sealed record ClusterProgress(IReadOnlyList<string> Running, int Done, int Total, TimeSpan Elapsed, string? Detail, int? Attempt = null, int? MaxAttempts = null)
{
    /// <summary>The same progress in the shape of a wait, for the cmdlets' one Write-Progress view.</summary>
    public AwsWaitProgress ToWaitProgress() => new(
        "ClusterSteps",
        (Running.Count == 0 ? "checking" : string.Join(", ", Running)) + $" [{Done}/{Total} steps]",
        Attempt ?? Done,
        MaxAttempts ?? Total,
        Elapsed,
        Detail ?? "running");
}

/// <summary>Tracks the steps that run concurrently and reports them together (thread-safe).</summary>
public sealed class ClusterStepTracker(int total, IProgress<ClusterProgress>? progress)
{
    private readonly object _lock = new();
    private readonly List<string> _running = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;
    private string? _detail;
    private AwsWaitProgress? _wait;

    public TimeSpan Elapsed => _clock.Elapsed;

    public int Total { get; } = total;

    /// <summary>Runs a step, shown as running while it lasts.</summary>
    public async Task<T> RunAsync<T>(string step, Func<Task<T>> action, int weight = 1)
    {
        lock (_lock)
        {
            _running.Add(step);
        }

        Report(null);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(step);
                _done += weight;
            }

            Report(null);
        }
    }

    public async Task RunAsync(string step, Func<Task> action, int weight = 1) =>
        await RunAsync(step, async () => { await action().ConfigureAwait(false); return true; }, weight).ConfigureAwait(false);

    /// <summary>Reports the current steps with a detail line (a waiter's status).</summary>
    public void Report(string? detail, AwsWaitProgress? wait = null)
    {
        ClusterProgress value;
        lock (_lock)
        {
            if (detail is not null)
            {
                _detail = detail;
                _wait = wait;
            }

            value = new ClusterProgress([.. _running], Math.Min(_done, Total), Total, _clock.Elapsed, _detail, _wait?.Attempt, _wait?.MaxAttempts);
        }

        progress?.Report(value);
    }

    /// <summary>A waiter's progress, forwarded into this view.</summary>
    public IProgress<AwsWaitProgress> ForWait() => new WaitForwarder(this);

    private sealed class WaitForwarder(ClusterStepTracker tracker) : IProgress<AwsWaitProgress>
    {
        public void Report(AwsWaitProgress value) => tracker.Report($"{value.Subject}: {value.Status ?? "waiting"}", value);
    }
}

/// <summary>Runs independent steps concurrently; the first failure cancels the others and is the one reported.</summary>
public static class ConcurrentSteps
{
    public static async Task RunAsync(CancellationToken cancellationToken, params Func<CancellationToken, Task>[] steps)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = steps.Select(async step =>
        {
            try
            {
                await step(linked.Token).ConfigureAwait(false);
            }
            catch
            {
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The step that failed first, not one that was cancelled because of it.
            var errors = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            var failure = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.FirstOrDefault();
            if (failure is null)
            {
                throw;
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
