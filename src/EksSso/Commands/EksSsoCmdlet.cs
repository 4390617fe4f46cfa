using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Commands;

/// <summary>
/// What every EksSso cmdlet shares: the async pump (continuations on the pipeline thread), cancellation from
/// StopProcessing into every call and wait, progress for waits, and ErrorRecords built from AWS errors.
/// </summary>
public abstract class EksSsoCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled by Ctrl+C / StopProcessing; pass it to every engine call.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    protected sealed override void BeginProcessing() => Pump(BeginProcessingAsync);

    protected sealed override void ProcessRecord() => Pump(ProcessRecordAsync);

    protected sealed override void EndProcessing() => Pump(EndProcessingAsync);

    protected sealed override void StopProcessing() => _stopping.Cancel();

    protected virtual Task BeginProcessingAsync() => Task.CompletedTask;

    protected virtual Task ProcessRecordAsync() => Task.CompletedTask;

    protected virtual Task EndProcessingAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Pump(Func<Task> action)
    {
        try
        {
            PipelineSynchronizationContext.Run(action);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline.
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (EksSsoErrors.IsEngineFailure(e))
        {
            // An engine failure that a cmdlet did not handle itself fails this pipeline item, not the pipeline.
            WriteError(EksSsoErrors.ToErrorRecord(e, ErrorTarget));
        }
    }

    /// <summary>The object an unhandled engine failure is reported against (the current pipeline item).</summary>
    protected virtual object? ErrorTarget => null;

    /// <summary>Writes a non-terminating error for one pipeline item.</summary>
    protected void WriteError(Exception error, object? target) => WriteError(EksSsoErrors.ToErrorRecord(error, target));

    /// <summary>Stops the command: unusable input or a lost context.</summary>
    protected void ThrowTerminating(Exception error, object? target) => ThrowTerminatingError(EksSsoErrors.ToErrorRecord(error, target));

    protected void ThrowTerminating(string errorId, ErrorCategory category, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message), errorId, category, target));

    /// <summary>A progress view for one wait, with a stable activity id per cmdlet type.</summary>
    private protected WaitProgress StartProgress(string activity) => new(this, activity, ActivityId);

    /// <summary>Stable per cmdlet type so nested waits of one command update one line.</summary>
    protected virtual int ActivityId => Math.Abs(GetType().FullName!.GetHashCode(StringComparison.Ordinal) % 100000) + 1;

    /// <summary>An engine observer that writes one verbose line per AWS call, on the pipeline thread.</summary>
    internal IAwsCallObserver CreateCallObserver() => new VerboseCallObserver(this, SynchronizationContext.Current);

    private sealed class VerboseCallObserver(EksSsoCmdlet cmdlet, SynchronizationContext? pipeline) : IAwsCallObserver
    {
        public void OnCall(AwsCallRecord record)
        {
            if (pipeline is null || ReferenceEquals(SynchronizationContext.Current, pipeline))
            {
                cmdlet.WriteVerbose("AWS " + record);
            }
            else
            {
                pipeline.Post(_ => cmdlet.WriteVerbose("AWS " + record), null);
            }
        }
    }
}

/// <summary>Write-Progress for one wait: what it waits for, the elapsed time, and a Completed record at the end.
/// Internal: a public type implementing an engine interface would make PowerShell load the engine while it lists
/// the module's exported types, before the load context is in place.</summary>
internal sealed class WaitProgress : IProgress<AwsWaitProgress>, IDisposable
{
    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly int _activityId;
    private readonly SynchronizationContext? _pipeline = SynchronizationContext.Current;
    private bool _completed;

    internal WaitProgress(Cmdlet cmdlet, string activity, int activityId)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _activityId = activityId;
    }

    public void Report(AwsWaitProgress value)
    {
        var elapsed = value.Elapsed.ToString(value.Elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
        var record = new ProgressRecord(_activityId, _activity, $"{value.Subject}: {value.Status ?? "waiting"} ({elapsed} elapsed)")
        {
            PercentComplete = -1,
            CurrentOperation = $"check {value.Attempt} of at most {value.MaxAttempts}",
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
