using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Protocol;

/// <summary>A synchronous <see cref="IProgress{T}"/> (Progress&lt;T&gt; would post to a sync context).</summary>
public sealed class RecordingProgress(Action<AwsWaitProgress>? onReport = null) : IProgress<AwsWaitProgress>
{
    public List<AwsWaitProgress> Reports { get; } = [];

    public void Report(AwsWaitProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}

public sealed class WaiterTests
{
    private static readonly AwsWaiterDefinition s_definition = new("ThingReady", 7, 5);

    private sealed class Script(params string[] statuses)
    {
        public int Polls { get; private set; }

        public List<TimeSpan> Delays { get; } = [];

        public Task<string> Poll(CancellationToken ct)
        {
            var status = statuses[Math.Min(Polls, statuses.Length - 1)];
            Polls++;
            return Task.FromResult(status);
        }

        public static (AwsWaitState, string?) Classify(string status) => status switch
        {
            "ACTIVE" => (AwsWaitState.Success, status),
            "FAILED" => (AwsWaitState.Failure, status),
            _ => (AwsWaitState.Retry, status),
        };

        public Task Delay(TimeSpan d, CancellationToken ct)
        {
            Delays.Add(d);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SucceedsOnThirdPoll_ReportsProgressThreeTimes_AndDelaysByDefinition()
    {
        var scale = AwsWaiter.DelayScale;
        var script = new Script("CREATING", "CREATING", "ACTIVE");
        var progress = new RecordingProgress();

        var result = await AwsWaiter.WaitAsync(s_definition, "cluster prod", script.Poll, Script.Classify, progress, CancellationToken.None, script.Delay);

        Assert.Equal("ACTIVE", result);
        Assert.Equal(3, script.Polls);
        Assert.Equal([1, 2, 3], progress.Reports.Select(p => p.Attempt));
        Assert.All(progress.Reports, p =>
        {
            Assert.Equal("ThingReady", p.WaiterName);
            Assert.Equal("cluster prod", p.Subject);
            Assert.Equal(5, p.MaxAttempts);
        });
        Assert.Equal(["CREATING", "CREATING", "ACTIVE"], progress.Reports.Select(p => p.Status!));
        Assert.True(progress.Reports[2].Elapsed >= progress.Reports[0].Elapsed);
        Assert.Equal([TimeSpan.FromSeconds(7 * scale), TimeSpan.FromSeconds(7 * scale)], script.Delays);
    }

    [Fact]
    public async Task FailureState_ThrowsWithLastStatus_WithoutFurtherPolls()
    {
        var script = new Script("CREATING", "FAILED", "ACTIVE");
        var progress = new RecordingProgress();

        var e = await Assert.ThrowsAsync<AwsWaiterException>(() =>
            AwsWaiter.WaitAsync(s_definition, "cluster prod", script.Poll, Script.Classify, progress, CancellationToken.None, script.Delay));

        Assert.Equal("FAILED", e.LastStatus);
        Assert.Contains("cluster prod", e.Message);
        Assert.Contains("failure state", e.Message);
        Assert.Contains("ThingReady", e.Message);
        Assert.Equal(2, script.Polls);
        Assert.Equal(2, progress.Reports.Count);
        Assert.Single(script.Delays);
    }

    [Fact]
    public async Task ExhaustingMaxAttempts_Throws_AfterExactlyMaxPollsAndOneDelayFewer()
    {
        var script = new Script("UPDATING");
        var progress = new RecordingProgress();
        var definition = new AwsWaiterDefinition("Slow", 3, 4);

        var e = await Assert.ThrowsAsync<AwsWaiterException>(() =>
            AwsWaiter.WaitAsync(definition, "nodegroup ng", script.Poll, Script.Classify, progress, CancellationToken.None, script.Delay));

        Assert.Equal("UPDATING", e.LastStatus);
        Assert.Contains("after 4 checks", e.Message);
        Assert.Contains("still UPDATING", e.Message);
        Assert.Equal(4, script.Polls);
        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(p => p.Attempt));
        Assert.Equal(3, script.Delays.Count);
    }

    [Fact]
    public async Task CancelledFromProgressCallback_StopsWithoutFurtherPolls()
    {
        using var cts = new CancellationTokenSource();
        var script = new Script("CREATING");
        var progress = new RecordingProgress(p =>
        {
            if (p.Attempt == 2)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AwsWaiter.WaitAsync(s_definition, "x", script.Poll, Script.Classify, progress, cts.Token, script.Delay));

        Assert.Equal(2, script.Polls);
        Assert.Equal(2, progress.Reports.Count);
    }

    [Fact]
    public async Task CancelledDuringDelay_StopsWithoutFurtherPolls()
    {
        using var cts = new CancellationTokenSource();
        var script = new Script("CREATING");
        var delays = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AwsWaiter.WaitAsync(
                s_definition,
                "x",
                script.Poll,
                Script.Classify,
                null,
                cts.Token,
                (_, ct) =>
                {
                    delays++;
                    cts.Cancel();
                    return Task.Delay(TimeSpan.FromMinutes(5), ct);
                }));

        Assert.Equal(1, script.Polls);
        Assert.Equal(1, delays);
    }

    [Fact]
    public async Task AlreadyCancelled_DoesNotPoll()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var script = new Script("ACTIVE");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AwsWaiter.WaitAsync(s_definition, "x", script.Poll, Script.Classify, null, cts.Token, script.Delay));

        Assert.Equal(0, script.Polls);
    }

    [Fact]
    public void OfficialDefinitions_MatchBotocoreWaiterFiles()
    {
        var eks = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "models", "eks.waiters.json")));
        var ec2 = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "models", "ec2.waiters.json")));
        foreach (var d in AwsWaiterDefinition.Official)
        {
            var doc = d.Name.StartsWith("Nat", StringComparison.Ordinal) || d.Name.StartsWith("Vpc", StringComparison.Ordinal) || d.Name.StartsWith("Subnet", StringComparison.Ordinal) ? ec2 : eks;
            var waiter = doc.RootElement.GetProperty("waiters").GetProperty(d.Name);
            Assert.Equal(waiter.GetProperty("delay").GetInt32(), d.DelaySeconds);
            Assert.Equal(waiter.GetProperty("maxAttempts").GetInt32(), d.MaxAttempts);
        }
    }
}

/// <summary>Sets <see cref="AwsWaiter.DelayScale"/>, which is process-wide, so it runs alone.</summary>
[Collection("Environment")]
public sealed class WaiterDelayScaleTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    [InlineData(0.0)]
    public async Task Delays_AreDefinitionDelayTimesScale(double scale)
    {
        var saved = AwsWaiter.DelayScale;
        try
        {
            AwsWaiter.DelayScale = scale;
            var delays = new List<TimeSpan>();
            var polls = 0;
            var definition = new AwsWaiterDefinition("Scaled", 30, 3);

            await Assert.ThrowsAsync<AwsWaiterException>(() => AwsWaiter.WaitAsync(
                definition,
                "x",
                _ => Task.FromResult(++polls),
                _ => (AwsWaitState.Retry, "PENDING"),
                null,
                CancellationToken.None,
                (d, _) =>
                {
                    delays.Add(d);
                    return Task.CompletedTask;
                }));

            Assert.Equal(3, polls);
            Assert.Equal([TimeSpan.FromSeconds(30 * scale), TimeSpan.FromSeconds(30 * scale)], delays);
        }
        finally
        {
            AwsWaiter.DelayScale = saved;
        }
    }
}
