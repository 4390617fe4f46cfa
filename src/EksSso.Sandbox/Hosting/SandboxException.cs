namespace EksSso.Sandbox.Hosting;

/// <summary>An AWS error the sandbox answers with, in the protocol of the service that was called.</summary>
public sealed class SandboxException(string code, string message, int statusCode = 400, bool senderFault = true) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>Query protocol's &lt;Type&gt;: Sender for the caller's mistakes, Receiver for ours.</summary>
    public bool SenderFault { get; } = senderFault;
}
