namespace EksSso;

/// <summary>Who a cluster's Kubernetes API thinks the current identity is, and some of what it may do there.</summary>
public sealed class EksClusterAccess
{
    internal EksClusterAccess(
        string clusterName,
        string? endpoint,
        string authenticationMode,
        bool authenticated,
        string? userName,
        string[] groups,
        string? uid,
        IReadOnlyDictionary<string, string[]> extra,
        bool canListNodes,
        bool canReadAwsAuth,
        bool canListNamespaces,
        string[] namespaces,
        string? reason)
    {
        ClusterName = clusterName;
        Endpoint = endpoint;
        AuthenticationMode = authenticationMode;
        Authenticated = authenticated;
        UserName = userName;
        Groups = groups;
        Uid = uid;
        Extra = extra;
        CanListNodes = canListNodes;
        CanReadAwsAuth = canReadAwsAuth;
        CanListNamespaces = canListNamespaces;
        Namespaces = namespaces;
        Reason = reason;
    }

    public string ClusterName { get; }

    /// <summary>The Kubernetes API endpoint.</summary>
    public string? Endpoint { get; }

    /// <summary>CONFIG_MAP, API_AND_CONFIG_MAP or API: where the cluster looks the identity up.</summary>
    public string AuthenticationMode { get; }

    /// <summary>False when the cluster does not know the identity (401): no access entry and no aws-auth mapping.</summary>
    public bool Authenticated { get; }

    /// <summary>The Kubernetes user name the identity is mapped to.</summary>
    public string? UserName { get; }

    /// <summary>The Kubernetes groups (system:authenticated included).</summary>
    public string[] Groups { get; }

    /// <summary>aws-iam-authenticator:&lt;account&gt;:&lt;principal id&gt; on EKS.</summary>
    public string? Uid { get; }

    /// <summary>The review's extra as EKS fills it: arn, canonicalArn, principalId, sessionName, accessKeyId (masked).</summary>
    public IReadOnlyDictionary<string, string[]> Extra { get; }

    /// <summary>The IAM ARN the token was signed with (extra "arn").</summary>
    public string? Arn => One("arn");

    /// <summary>The role session name (extra "sessionName"; empty for an IAM user).</summary>
    public string? SessionName => One("sessionName");

    /// <summary>May list nodes (cluster scope).</summary>
    public bool CanListNodes { get; }

    /// <summary>May get configmap kube-system/aws-auth.</summary>
    public bool CanReadAwsAuth { get; }

    /// <summary>May list namespaces (then every namespace is checked when -Namespace is not given).</summary>
    public bool CanListNamespaces { get; }

    /// <summary>The namespaces checked where the identity may list pods or configmaps.</summary>
    public string[] Namespaces { get; }

    /// <summary>Why the identity is not authenticated (null when it is).</summary>
    public string? Reason { get; }

    public override string ToString() => Authenticated ? $"{ClusterName}: {UserName}" : $"{ClusterName}: not authenticated";

    private string? One(string key) => Extra.TryGetValue(key, out var values) && values.Length > 0 ? values[0] : null;
}
