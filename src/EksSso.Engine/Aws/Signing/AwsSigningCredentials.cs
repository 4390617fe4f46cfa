namespace EksSso.Engine.Aws.Signing;

/// <summary>An access key pair, with the session token of temporary credentials, used to sign requests.</summary>
public sealed class AwsSigningCredentials
{
    public AwsSigningCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        // An empty token would be sent as an empty X-Amz-Security-Token header, which AWS rejects.
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
    }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    public string? SessionToken { get; }

    /// <summary>Identifies the key without revealing the secret or the session token.</summary>
    public override string ToString() =>
        $"AwsSigningCredentials({AccessKeyId}, {(SessionToken is null ? "long-term" : "session")})";
}
