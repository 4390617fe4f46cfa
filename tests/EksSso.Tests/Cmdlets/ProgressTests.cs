using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EksSso.Commands;
using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Cmdlets;

/// <summary>A cmdlet that waits the way real ones do: the waiter polls, the progress helper reports.</summary>
[Cmdlet(VerbsLifecycle.Wait, "TestThing")]
public sealed class WaitTestThingCommand : EksSsoCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var polls = 0;
        var threadBefore = Environment.CurrentManagedThreadId;
        using var progress = StartProgress("Waiting for the test thing");
        var result = await AwsWaiter.WaitAsync(
            new AwsWaiterDefinition("ThingReady", DelaySeconds: 0, MaxAttempts: 5),
            "thing-1",
            async ct =>
            {
                await Task.Delay(10, ct).ConfigureAwait(false);
                return ++polls;
            },
            n => n >= 3 ? (AwsWaitState.Success, "READY") : (AwsWaitState.Retry, "CREATING"),
            new Progress<AwsWaitProgress>(progress.Report),
            CancellationToken);

        // After the awaits we are back on the pipeline thread, so writing is allowed.
        WriteObject(new { Polls = result, SameThread = threadBefore == Environment.CurrentManagedThreadId });
    }
}

public sealed class ProgressTests
{
    [Fact]
    public void Wait_reports_progress_with_a_stable_activity_and_completes()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Wait-TestThing", typeof(WaitTestThingCommand), null));
        using var runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;

        var output = ps.AddCommand("Wait-TestThing").Invoke();

        dynamic result = Assert.Single(output);
        Assert.Equal(3, (int)result.Polls);
        Assert.True((bool)result.SameThread);
        var records = ps.Streams.Progress.ToList();
        Assert.True(records.Count >= 4, $"expected 3 reports and a completion, got {records.Count}");
        Assert.Single(records.Select(r => r.ActivityId).Distinct());
        Assert.All(records, r => Assert.Equal("Waiting for the test thing", r.Activity));
        Assert.Contains(records, r => r.StatusDescription.StartsWith("thing-1: CREATING (00:0", StringComparison.Ordinal));
        Assert.Contains(records, r => r.CurrentOperation == "check 3 of at most 5");
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
    }
}
