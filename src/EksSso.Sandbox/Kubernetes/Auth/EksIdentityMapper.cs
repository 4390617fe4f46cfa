using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>The Kubernetes identity an AWS principal maps to, and what mapped it.</summary>
/// <param name="Source">For logs: <c>access entry …</c>, <c>cluster creator</c>, <c>aws-auth mapRoles</c>...</param>
/// <param name="AccessEntry">The access entry that mapped it (its access policies then apply), else null.</param>
public sealed record EksIdentityMapping(string Username, IReadOnlyList<string> Groups, string Source, EksAccessEntryView? AccessEntry);

/// <summary>
/// EKS's identity mapping: access entries (API, API_AND_CONFIG_MAP) first, then the implicit cluster-creator admin
/// (CONFIG_MAP only: in the API modes EKS made the creator an access entry), then aws-auth (CONFIG_MAP,
/// API_AND_CONFIG_MAP) with aws-iam-authenticator's matching and templates.
/// </summary>
public static partial class EksIdentityMapper
{
    /// <summary>The name EKS gives the cluster creator's implicit system:masters identity in CONFIG_MAP mode.</summary>
    public const string ClusterCreatorUsername = "kubernetes-admin";

    public const string MastersGroup = "system:masters";

    /// <summary>Maps <paramref name="identity"/>, or throws <see cref="EksTokenRejectedException"/> when nothing maps it.</summary>
    public static EksIdentityMapping Map(EksClusterView cluster, KubeObjectStore store, EksTokenIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(identity);
        if (cluster.UsesAccessEntries && FindAccessEntry(cluster, identity.CanonicalArn, identity.PrincipalUniqueId) is { } entry)
        {
            var (usernameTemplate, groupTemplates) = EntryTemplates(cluster, entry);
            return Rendered(cluster, identity, usernameTemplate, groupTemplates, $"access entry {entry.PrincipalArn}", entry);
        }

        if (!cluster.UsesAccessEntries && cluster.BootstrapClusterCreatorAdminPermissions && IsCreator(cluster, identity))
        {
            return new EksIdentityMapping(ClusterCreatorUsername, [MastersGroup], "cluster creator", null);
        }

        var why = cluster.UsesAccessEntries ? "no access entry" : "no cluster-creator mapping";
        if (cluster.UsesAwsAuth)
        {
            var awsAuth = AwsAuthMappings.Read(store);
            if (awsAuth.Error is not null)
            {
                why += $"; aws-auth is ignored because it does not parse ({awsAuth.Error})";
            }
            else
            {
                if (awsAuth.Roles.LastOrDefault(m => SameArn(m.Arn, identity.CanonicalArn)) is { } role)
                {
                    return Rendered(cluster, identity, role.Username, role.Groups, "aws-auth mapRoles", null);
                }

                if (awsAuth.Users.LastOrDefault(m => SameArn(m.Arn, identity.CanonicalArn)) is { } user)
                {
                    return Rendered(cluster, identity, user.Username, user.Groups, "aws-auth mapUsers", null);
                }

                if (awsAuth.Accounts.Contains(identity.AccountId, StringComparer.Ordinal))
                {
                    return new EksIdentityMapping(identity.CanonicalArn, [], "aws-auth mapAccounts", null);
                }

                why += awsAuth.Exists ? "; no aws-auth mapping" : "; no aws-auth ConfigMap";
            }
        }

        throw new EksTokenRejectedException($"{identity.Arn} (canonical {identity.CanonicalArn}) is not mapped in cluster {cluster.Name}: {why}");
    }

    /// <summary>
    /// The access entry of a principal. Entries name a role with or without its path, so both sides are compared in
    /// canonical form; an entry whose principal was deleted and recreated (another unique id) no longer matches, as on EKS.
    /// </summary>
    public static EksAccessEntryView? FindAccessEntry(EksClusterView cluster, string canonicalArn, string? principalUniqueId)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.AccessEntries.FirstOrDefault(e =>
            SameArn(Canonical(e.PrincipalArn), canonicalArn)
            && (string.IsNullOrEmpty(e.PrincipalId) || principalUniqueId is null || e.PrincipalId == principalUniqueId));
    }

    /// <summary>aws-iam-authenticator's templates: {{AccountID}}, {{SessionName}} ('@' as '-'), {{SessionNameRaw}}, {{AccessKeyID}}, {{EC2PrivateDNSName}}; null when the last cannot be resolved.</summary>
    public static string? Render(string template, EksTokenIdentity identity, EksClusterView cluster)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(cluster);
        if (template.Contains("{{EC2PrivateDNSName}}", StringComparison.Ordinal))
        {
            if (!InstanceId().IsMatch(identity.SessionName))
            {
                return null;
            }

            var node = cluster.Nodegroups.SelectMany(n => n.Instances)
                .FirstOrDefault(i => i.InstanceId == identity.SessionName && SameArn(Canonical(i.NodeRole), identity.CanonicalArn));
            if (node is null)
            {
                return null;
            }

            template = template.Replace("{{EC2PrivateDNSName}}", node.PrivateDnsName, StringComparison.Ordinal);
        }

        return template
            .Replace("{{AccountID}}", identity.AccountId, StringComparison.Ordinal)
            .Replace("{{SessionNameRaw}}", identity.SessionName, StringComparison.Ordinal)
            .Replace("{{SessionName}}", identity.SessionName.Replace('@', '-'), StringComparison.Ordinal)
            .Replace("{{AccessKeyID}}", identity.AccessKeyId, StringComparison.Ordinal);
    }

    /// <summary>The username and group templates of an entry; node-type entries always get EKS's node identity.</summary>
    public static (string Username, IReadOnlyList<string> Groups) EntryTemplates(EksClusterView cluster, EksAccessEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(entry);
        (string Username, IReadOnlyList<string> Groups)? node = entry.Type switch
        {
            "EC2_WINDOWS" => ("system:node:{{EC2PrivateDNSName}}", ["system:nodes", "eks:kube-proxy-windows"]),
            "EC2_LINUX" or "EC2" => ("system:node:{{EC2PrivateDNSName}}", ["system:nodes"]),
            "FARGATE_LINUX" or "HYBRID_LINUX" or "HYPERPOD_LINUX" => ("system:node:{{SessionName}}", ["system:nodes"]),
            _ => null,
        };
        if (node is { } n)
        {
            return n;
        }

        var username = entry.Username;
        if (string.IsNullOrEmpty(username))
        {
            username = AwsArn.TryParse(entry.PrincipalArn, out var arn) && arn.ResourceType == "role"
                ? $"arn:{arn.Partition}:sts::{arn.AccountId}:assumed-role/{arn.Name}/{{{{SessionName}}}}"
                : entry.PrincipalArn;
        }

        return (username, entry.KubernetesGroups);
    }

    private static EksIdentityMapping Rendered(EksClusterView cluster, EksTokenIdentity identity, string usernameTemplate, IReadOnlyList<string> groupTemplates, string source, EksAccessEntryView? entry)
    {
        var username = Render(usernameTemplate, identity, cluster);
        var groups = groupTemplates.Select(g => Render(g, identity, cluster)).ToList();
        if (username is null || groups.Any(g => g is null))
        {
            throw new EksTokenRejectedException($"{source} maps {identity.Arn} with {{{{EC2PrivateDNSName}}}}, but session '{identity.SessionName}' is not an instance of this cluster's nodegroups with that node role");
        }

        if (username.Length == 0)
        {
            throw new EksTokenRejectedException($"{source} maps {identity.Arn} to an empty username");
        }

        return new EksIdentityMapping(username, [.. groups.Select(g => g!)], source, entry);
    }

    private static bool IsCreator(EksClusterView cluster, EksTokenIdentity identity) =>
        SameArn(Canonical(cluster.CreatorPrincipalArn), identity.CanonicalArn)
        && (string.IsNullOrEmpty(cluster.CreatorPrincipalId) || cluster.CreatorPrincipalId == identity.PrincipalUniqueId);

    internal static string Canonical(string arn) => AwsArn.TryParse(arn, out var parsed) ? parsed.Canonical.ToString() : arn;

    /// <summary>aws-iam-authenticator lower-cases both sides; IAM names are unique regardless of case.</summary>
    private static bool SameArn(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^i-([0-9A-Za-z_]{8}|[0-9A-Za-z_]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceId();
}
