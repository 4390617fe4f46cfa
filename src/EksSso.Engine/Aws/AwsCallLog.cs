namespace EksSso.Engine.Aws;

/// <summary>One AWS call as the verbose stream shows it. Holds nothing secret by construction.</summary>
public sealed record AwsCallRecord(
    string Service,
    string Operation,
    int? StatusCode,
    int Attempts,
    long ElapsedMilliseconds,
    string? RequestId,
    string? ErrorCode,
    string Endpoint)
{
    public override string ToString() =>
        $"{Service} {Operation} -> {(StatusCode is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response")}" +
        (ErrorCode is null ? "" : $" {ErrorCode}") +
        $" in {ElapsedMilliseconds} ms, {Attempts} attempt{(Attempts == 1 ? "" : "s")}, request id {RequestId ?? "-"} ({Endpoint})";
}

/// <summary>Receives a record of every AWS call; called from any thread.</summary>
public interface IAwsCallObserver
{
    void OnCall(AwsCallRecord record);
}
