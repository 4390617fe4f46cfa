using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.SsoAdmin;

namespace EksSso.Engine.IdentityCenter;

/// <summary>
/// The one wait for SSO Admin's asynchronous requests (provisioning, assignment creation and deletion): poll the
/// request's status until SUCCEEDED; FAILED ends the wait too, so that its FailureReason reaches the caller as an
/// <see cref="EksSsoException"/> with <paramref name="failedErrorId"/>.
/// </summary>
internal static class SsoAdminRequests
{
    public static async Task<T> WaitAsync<T>(
        AwsWaiterDefinition definition,
        string subject,
        T started,
        Func<T, (string? Status, string? RequestId, string? FailureReason)> read,
        Func<string, CancellationToken, Task<T?>> describe,
        string failedErrorId,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken)
        where T : class
    {
        var current = started;
        var done = await AwsWaiter.WaitAsync(
            definition,
            subject,
            async ct => read(current).Status == StatusValues.InProgress && read(current).RequestId is { } id
                ? current = await describe(id, ct).ConfigureAwait(false) ?? current
                : current,
            s => read(s).Status is StatusValues.Succeeded or StatusValues.Failed ? (AwsWaitState.Success, read(s).Status) : (AwsWaitState.Retry, read(s).Status),
            progress,
            cancellationToken).ConfigureAwait(false);
        var (status, requestId, reason) = read(done);
        if (status == StatusValues.Failed)
        {
            throw new EksSsoException(failedErrorId, AwsErrorKind.Other, $"{char.ToUpperInvariant(subject[0])}{subject[1..]} failed: {reason ?? "no reason given"} (request {requestId}).");
        }

        return done;
    }
}
