using System.Collections.Concurrent;

namespace EksSso.Commands;

/// <summary>
/// Runs async continuations on the pipeline thread, so WriteObject, WriteProgress and ShouldProcess work after an
/// await. The thread that calls <see cref="Run"/> pumps posted callbacks until the task completes.
/// </summary>
internal sealed class PipelineSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public static void Run(Func<Task> action)
    {
        var previous = Current;
        var context = new PipelineSynchronizationContext();
        SetSynchronizationContext(context);
        try
        {
            var task = action();
            task.ContinueWith(_ => context._queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
            context._queue.Dispose();
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // Posted after the pump finished (a late progress report): nothing is left to write it to.
            // ObjectDisposedException derives from it and means the same here.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would deadlock the pipeline thread.");

    public override SynchronizationContext CreateCopy() => this;
}
