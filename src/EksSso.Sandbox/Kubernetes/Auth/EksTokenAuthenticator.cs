using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>
/// The cluster's authentication as EKS sets it up: a request without credentials is <c>system:anonymous</c> (EKS
/// runs with anonymous auth on, so <c>/version</c> and <c>/healthz</c> answer and the rest is 403); a bearer token
/// must be an aws-iam-authenticator token for this cluster whose principal an access entry or aws-auth maps.
/// </summary>
public sealed class EksTokenAuthenticator : IKubeAuthenticator
{
    /// <summary>Key in <see cref="Exception.Data"/> of the thrown <see cref="KubeAuthException"/> holding why (for the log).</summary>
    public const string RejectionDetailKey = "EksSso.RejectionDetail";

    public const string AnonymousUser = "system:anonymous";

    public const string UnauthenticatedGroup = "system:unauthenticated";

    public const string AuthenticatedGroup = "system:authenticated";

    public KubeUser Authenticate(SandboxHost host, EksClusterView cluster, KubeObjectStore store, string? authorizationHeader)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(store);

        // kube-apiserver's bearer parsing: no Authorization header, another scheme or an empty token falls through to
        // the anonymous authenticator; a bearer token that fails is a 401, never anonymous.
        var parts = authorizationHeader?.Trim().Split(' ', 3);
        if (parts is null || parts.Length < 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return new KubeUser(AnonymousUser, [UnauthenticatedGroup], null, new Dictionary<string, IReadOnlyList<string>>());
        }

        try
        {
            var token = parts[1];
            var identity = EksTokenVerifier.Verify(host, cluster.Name, token);
            var mapping = EksIdentityMapper.Map(cluster, store, identity);
            return ToUser(identity, mapping);
        }
        catch (EksTokenRejectedException e)
        {
            throw Unauthorized(e.Detail);
        }
    }

    /// <summary>The user aws-iam-authenticator hands the API server: groups plus system:authenticated, extra and uid as the authenticator fills them.</summary>
    public static KubeUser ToUser(EksTokenIdentity identity, EksIdentityMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(mapping);
        var groups = mapping.Groups.Where(g => g != AuthenticatedGroup).Distinct(StringComparer.Ordinal).Append(AuthenticatedGroup).ToList();
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["accessKeyId"] = [identity.AccessKeyId],
            ["arn"] = [identity.Arn],
            ["canonicalArn"] = [identity.CanonicalArn],
            ["principalId"] = [identity.UserId],
            ["sessionName"] = [identity.SessionName],
        };
        return new KubeUser(mapping.Username, groups, $"aws-iam-authenticator:{identity.AccountId}:{identity.UserId}", extra);
    }

    /// <summary>The rejection the API server answers with: a bare 401 Unauthorized, the reason only in <see cref="Exception.Data"/>.</summary>
    public static KubeAuthException Unauthorized(string detail)
    {
        var exception = new KubeAuthException(401, "Unauthorized", "Unauthorized");
        exception.Data[RejectionDetailKey] = detail;
        return exception;
    }

    /// <summary>Why a <see cref="KubeAuthException"/> from <see cref="Authenticate"/> was thrown, or null.</summary>
    public static string? RejectionDetail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Data[RejectionDetailKey] as string;
    }
}
