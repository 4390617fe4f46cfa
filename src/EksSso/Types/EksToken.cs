namespace EksSso;

/// <summary>
/// An EKS bearer token (what <c>aws eks get-token</c> prints). The token is a credential for the cluster: no format
/// view shows it and <see cref="ToString"/> never returns it; read <see cref="Token"/> explicitly.
/// </summary>
public sealed class EksToken
{
    internal EksToken(string clusterName, string region, string identity, DateTimeOffset expiresAt, string token)
    {
        ClusterName = clusterName;
        Region = region;
        Identity = identity;
        ExpiresAt = expiresAt;
        Token = token;
    }

    public string ClusterName { get; }

    public string Region { get; }

    /// <summary>The caller ARN the cluster will see (STS GetCallerIdentity of the signing credentials).</summary>
    public string Identity { get; }

    /// <summary>When kubectl would stop using the token (the authenticator refuses it a minute later).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The bearer token: <c>k8s-aws-v1.</c> and the presigned URL in base64url.</summary>
    public string Token { get; }

    public override string ToString() => $"EKS token for {ClusterName} as {Identity}, expires {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
}
