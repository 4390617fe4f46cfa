namespace EksSso;

/// <summary>A CreateAccount request of AWS Organizations; <see cref="RequestId"/> pipes into Wait-EksSsoMemberAccount.</summary>
public sealed class EksSsoAccountCreationStatus
{
    internal EksSsoAccountCreationStatus(string requestId, string accountName, string? accountId, string state, string? failureReason, DateTimeOffset? requestedTimestamp, DateTimeOffset? completedTimestamp)
    {
        RequestId = requestId;
        AccountName = accountName;
        AccountId = accountId;
        State = state;
        FailureReason = failureReason;
        RequestedTimestamp = requestedTimestamp;
        CompletedTimestamp = completedTimestamp;
    }

    /// <summary>car-…, the CreateAccountRequestId.</summary>
    public string RequestId { get; }

    /// <summary>The same as <see cref="RequestId"/>, under the name AWS gives it in CreateAccountStatus.</summary>
    public string Id => RequestId;

    public string AccountName { get; }

    /// <summary>Set once the request SUCCEEDED.</summary>
    public string? AccountId { get; }

    /// <summary>IN_PROGRESS, SUCCEEDED or FAILED.</summary>
    public string State { get; }

    /// <summary>Set when the request FAILED, for example EMAIL_ALREADY_EXISTS.</summary>
    public string? FailureReason { get; }

    public DateTimeOffset? RequestedTimestamp { get; }

    public DateTimeOffset? CompletedTimestamp { get; }

    public override string ToString() => RequestId;
}
