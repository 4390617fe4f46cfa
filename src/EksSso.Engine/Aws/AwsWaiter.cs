using System.Diagnostics;

namespace EksSso.Engine.Aws;

/// <summary>Delay between polls and how many polls to make, as an official waiter definition gives them.</summary>
public sealed record AwsWaiterDefinition(string Name, int DelaySeconds, int MaxAttempts)
{
    // From botocore waiters-2.json (eks 2017-11-01, ec2 2016-11-15); a test checks these against the files.
    public static readonly AwsWaiterDefinition EksClusterActive = new("ClusterActive", 30, 40);
    public static readonly AwsWaiterDefinition EksClusterDeleted = new("ClusterDeleted", 30, 40);
    public static readonly AwsWaiterDefinition EksNodegroupActive = new("NodegroupActive", 30, 80);
    public static readonly AwsWaiterDefinition EksNodegroupDeleted = new("NodegroupDeleted", 30, 40);
    public static readonly AwsWaiterDefinition Ec2NatGatewayAvailable = new("NatGatewayAvailable", 15, 40);
    public static readonly AwsWaiterDefinition Ec2NatGatewayDeleted = new("NatGatewayDeleted", 15, 40);
    public static readonly AwsWaiterDefinition Ec2VpcAvailable = new("VpcAvailable", 15, 40);
    public static readonly AwsWaiterDefinition Ec2SubnetAvailable = new("SubnetAvailable", 15, 40);

    // No official waiter exists for these; the delays follow the AWS CLI's own polling of the same operations.
    public static readonly AwsWaiterDefinition OrganizationsCreateAccount = new("CreateAccountSucceeded", 5, 120);
    public static readonly AwsWaiterDefinition SsoAdminProvisioning = new("PermissionSetProvisioned", 2, 150);
    public static readonly AwsWaiterDefinition SsoAdminAssignment = new("AccountAssignmentDone", 2, 150);

    public static IReadOnlyList<AwsWaiterDefinition> Official { get; } =
        [EksClusterActive, EksClusterDeleted, EksNodegroupActive, EksNodegroupDeleted, Ec2NatGatewayAvailable, Ec2NatGatewayDeleted, Ec2VpcAvailable, Ec2SubnetAvailable];
}

public enum AwsWaitState
{
    Retry,
    Success,
    Failure,
}

/// <summary>What a progress display needs while a waiter polls.</summary>
public sealed record AwsWaitProgress(string WaiterName, string Subject, int Attempt, int MaxAttempts, TimeSpan Elapsed, string? Status);

public sealed class AwsWaiterException(string message, string? lastStatus) : Exception(message)
{
    public string? LastStatus { get; } = lastStatus;
}

/// <summary>The one polling loop: poll, classify, report progress, sleep the definition's delay, honour cancellation.</summary>
public static class AwsWaiter
{
    /// <summary>Scales every delay; the sandbox and tests set it below 1 so rehearsals do not sleep for real minutes.</summary>
    public static double DelayScale { get; set; } = ParseScale(Environment.GetEnvironmentVariable("EKSSSO_WAITER_DELAY_SCALE"));

    public static async Task<T> WaitAsync<T>(
        AwsWaiterDefinition definition,
        string subject,
        Func<CancellationToken, Task<T>> poll,
        Func<T, (AwsWaitState State, string? Status)> classify,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        delay ??= Task.Delay;
        var clock = Stopwatch.StartNew();
        string? status = null;
        for (var attempt = 1; attempt <= definition.MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await poll(cancellationToken).ConfigureAwait(false);
            (var state, status) = classify(result);
            progress?.Report(new AwsWaitProgress(definition.Name, subject, attempt, definition.MaxAttempts, clock.Elapsed, status));
            switch (state)
            {
                case AwsWaitState.Success:
                    return result;
                case AwsWaitState.Failure:
                    throw new AwsWaiterException($"{subject} reached a failure state{(status is null ? "" : $" ({status})")} while waiting for {definition.Name}.", status);
            }

            if (attempt < definition.MaxAttempts)
            {
                await delay(TimeSpan.FromSeconds(definition.DelaySeconds * DelayScale), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new AwsWaiterException(
            $"{subject} was still {status ?? "not ready"} after {definition.MaxAttempts} checks ({clock.Elapsed.TotalMinutes:0.#} min) waiting for {definition.Name}; it may still finish: run the command again to keep waiting.",
            status);
    }

    public static double ParseScale(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : 1.0;
}
