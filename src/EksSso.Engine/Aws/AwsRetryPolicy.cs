namespace EksSso.Engine.Aws;

/// <summary>
/// The AWS SDKs' "standard" retry mode: retry throttling, transient errors, 5xx and connection failures;
/// capped exponential backoff with full jitter (delay = random * min(20 s, 2^attempt s)); a retry quota shared
/// by the process so a service outage does not turn into a retry storm.
/// </summary>
public sealed class AwsRetryPolicy
{
    public const int DefaultMaxAttempts = 3;
    private const int QuotaCapacity = 500;
    private const int RetryCost = 5;
    private const int TimeoutRetryCost = 10;
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(20);

    private readonly Func<double> _random;
    private readonly object _gate = new();
    private int _quota = QuotaCapacity;

    public AwsRetryPolicy(Func<double>? random = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _random = random ?? Random.Shared.NextDouble;
        Delay = delay ?? Task.Delay;
    }

    /// <summary>The process-wide policy that every client shares unless a test gives its own.</summary>
    public static AwsRetryPolicy Shared { get; } = new();

    public Func<TimeSpan, CancellationToken, Task> Delay { get; }

    /// <summary>Backoff before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(s_maxBackoff.TotalSeconds, Math.Pow(2, attempt - 1));
        return TimeSpan.FromSeconds(_random() * cap);
    }

    /// <summary>Whether a failed attempt should be retried; takes from the retry quota when it should.</summary>
    public bool ShouldRetry(Exception error, int attempt, int maxAttempts)
    {
        if (attempt >= maxAttempts)
        {
            return false;
        }

        int cost;
        switch (error)
        {
            case AwsServiceException aws when AwsErrorClassifier.IsRetryable(aws.ErrorCode, aws.StatusCode):
                cost = aws.Kind == AwsErrorKind.Throttling ? 0 : RetryCost;
                break;
            case Amazon.Runtime.AmazonServiceException sdk when AwsErrorClassifier.IsRetryable(sdk.ErrorCode ?? "", (int)sdk.StatusCode):
                cost = AwsErrorClassifier.IsThrottling(sdk.ErrorCode ?? "") ? 0 : RetryCost;
                break;
            case HttpRequestException or IOException:
                cost = RetryCost;
                break;
            case TimeoutException or TaskCanceledException { InnerException: TimeoutException }:
                cost = TimeoutRetryCost;
                break;
            default:
                return false;
        }

        lock (_gate)
        {
            if (_quota < cost)
            {
                return false;
            }

            _quota -= cost;
            return true;
        }
    }

    /// <summary>A success gives back a little quota, as the SDKs do.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            _quota = Math.Min(QuotaCapacity, _quota + 1);
        }
    }
}
