using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;

namespace EksSso.Engine.Access;

/// <summary>One access policy associated with an entry: its ARN and scope (cluster, or namespaces).</summary>
public sealed record AccessPolicyAssociation(string PolicyArn, string ScopeType, IReadOnlyList<string> Namespaces);

/// <summary>An access entry as EKS reports it, with its associated access policies.</summary>
public sealed record AccessEntryState(
    string ClusterName,
    string PrincipalArn,
    IReadOnlyList<string> KubernetesGroups,
    string? UserName,
    string Type,
    string? AccessEntryArn,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<AccessPolicyAssociation> AccessPolicies);

/// <summary>What Add-EksAccessEntry asks for. Null members are left as they are on an existing entry.</summary>
public sealed record AccessEntrySpec(
    string ClusterName,
    string PrincipalArn,
    IReadOnlyList<string>? KubernetesGroups,
    string? UserName,
    string Type,
    string? PolicyArn,
    IReadOnlyList<string>? Namespaces);

/// <summary>Checks of Add/Get/Remove-EksAccessEntry input, before any call.</summary>
public static partial class AccessEntryInput
{
    public const string UnknownAccessPolicyErrorId = "UnknownAccessPolicy";
    public const string InvalidPrincipalErrorId = "InvalidPrincipal";
    public const string InvalidNamespaceErrorId = "InvalidNamespace";
    public const string InvalidKubernetesGroupErrorId = "InvalidKubernetesGroup";
    public const string InvalidUserNameErrorId = "InvalidUserName";

    /// <summary>The EKS access policies a short name may name (arn:&lt;partition&gt;:eks::aws:cluster-access-policy/&lt;Name&gt;).</summary>
    public static readonly IReadOnlyList<string> ShortNames =
        ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy"];

    /// <summary>The prefixes EKS refuses at the start of an access entry's user name.</summary>
    public static readonly IReadOnlyList<string> ReservedUserNamePrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"];

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:eks::aws:cluster-access-policy/[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyArnPattern();

    /// <summary>The parsed principal ARN: an IAM role or user (with or without path), or an assumed-role STS ARN.</summary>
    /// <summary>
    /// Whether <paramref name="text"/> is an IAM principal ARN of a 12-digit account: with <paramref name="roles"/> an IAM
    /// role (any path) or an assumed-role session of one; with <paramref name="users"/> an IAM user.
    /// </summary>
    public static bool IsPrincipalArn(string? text, bool roles, bool users, out AwsArn arn)
    {
        if (!AwsArn.TryParse(text?.Trim(), out var parsed) || parsed.AccountId.Length != 12 || !parsed.AccountId.All(char.IsAsciiDigit))
        {
            arn = null!;
            return false;
        }

        arn = parsed;
        return (roles && ((arn.Service == "iam" && arn.ResourceType == "role" && arn.Name.Length > 0) || (arn.IsAssumedRole && arn.Resource.Split('/').Length == 3)))
            || (users && arn.Service == "iam" && arn.ResourceType == "user" && arn.Name.Length > 0);
    }

    public static AwsArn ValidatePrincipal(string text)
    {
        if (!IsPrincipalArn(text, roles: true, users: true, out var arn))
        {
            throw new EksSsoException(InvalidPrincipalErrorId, AwsErrorKind.Validation,
                $"'{text}' is not an IAM role or user ARN (arn:aws:iam::<account>:role/[path/]name) or an assumed-role ARN. -Principal takes an EksSsoRole (Get-EksSsoRole), an object with an Arn property or an ARN.");
        }

        return arn;
    }

    /// <summary>An access policy short name or ARN → its ARN in the partition; an unknown name is an error.</summary>
    public static string ResolvePolicy(string nameOrArn, string partition)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return PolicyArnPattern().IsMatch(nameOrArn)
                ? nameOrArn
                : throw new EksSsoException(UnknownAccessPolicyErrorId, AwsErrorKind.Validation,
                    $"'{nameOrArn}' is not an EKS access policy ARN (arn:{partition}:eks::aws:cluster-access-policy/<Name>).");
        }

        var name = ShortNames.FirstOrDefault(n => string.Equals(n, nameOrArn, StringComparison.OrdinalIgnoreCase))
            ?? throw new EksSsoException(UnknownAccessPolicyErrorId, AwsErrorKind.Validation,
                $"'{nameOrArn}' is not a known EKS access policy: use {string.Join(", ", ShortNames)} or an access policy ARN.");
        return $"arn:{partition}:eks::aws:cluster-access-policy/{name}";
    }

    public static void ValidateNamespaces(IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            if (ns.Length > 63 || !NamespacePattern().IsMatch(ns))
            {
                throw new EksSsoException(InvalidNamespaceErrorId, AwsErrorKind.Validation,
                    $"'{ns}' is not a valid Kubernetes namespace name (1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit).");
            }
        }
    }

    public static void ValidateIdentity(string? userName, IEnumerable<string>? groups)
    {
        if (userName is not null && (userName.Length == 0 || ReservedUserNamePrefixes.Any(p => userName.StartsWith(p, StringComparison.OrdinalIgnoreCase))))
        {
            throw new EksSsoException(InvalidUserNameErrorId, AwsErrorKind.Validation,
                $"'{userName}' cannot be an access entry's user name: it is empty or starts with a prefix EKS reserves ({string.Join(", ", ReservedUserNamePrefixes)}).");
        }

        foreach (var group in groups ?? [])
        {
            if (group.Length == 0 || group.StartsWith("system:", StringComparison.OrdinalIgnoreCase))
            {
                throw new EksSsoException(InvalidKubernetesGroupErrorId, AwsErrorKind.Validation,
                    $"'{group}' cannot be an access entry's Kubernetes group: it is empty or starts with system: (use -AccessPolicy AmazonEKSClusterAdminPolicy for what system:masters grants).");
            }
        }
    }
}

/// <summary>EKS access entries: read, plan (spec → changes), apply; delete.</summary>
public static class AccessEntries
{
    /// <summary>
    /// The principal ARN an entry is made for. A role or user ARN is used as given (EKS accepts a role with or without
    /// its path); an assumed-role ARN becomes its role's IAM ARN with path, looked up through IAM in the current
    /// account — a role of another account cannot be looked up and is an error.
    /// </summary>
    public static async Task<string> ResolvePrincipalAsync(AwsTransport transport, AwsArn arn, Func<CancellationToken, Task<string>> callerAccount, CancellationToken cancellationToken)
    {
        if (!arn.IsAssumedRole)
        {
            return arn.ToString();
        }

        var account = await callerAccount(cancellationToken).ConfigureAwait(false);
        if (arn.AccountId != account)
        {
            throw new EksSsoException(AccessEntryInput.InvalidPrincipalErrorId, AwsErrorKind.Validation,
                $"The role of '{arn}' is in account {arn.AccountId}, where its path cannot be looked up from {account}: pass the role's IAM ARN (Get-EksSsoRole gives it).");
        }

        try
        {
            var role = (await new IamClient(transport).GetRoleAsync(new GetRoleRequest { RoleName = arn.Name }, cancellationToken).ConfigureAwait(false)).Role;
            return role?.Arn ?? throw new InvalidDataException($"GetRole returned no role for {arn.Name}.");
        }
        catch (AwsServiceException e) when (e.Kind is AwsErrorKind.NotFound or AwsErrorKind.AccessDenied)
        {
            throw new EksSsoException(AccessEntryInput.InvalidPrincipalErrorId, AwsErrorKind.Validation,
                $"The role {arn.Name} of '{arn}' could not be looked up through IAM in account {account} ({e.ErrorCode}): pass the role's IAM ARN.", e);
        }
    }

    /// <summary>The entry of a principal with its policies, or null when the cluster has none for it.</summary>
    public static async Task<AccessEntryState?> ReadAsync(AwsTransport transport, string clusterName, string principalArn, CancellationToken cancellationToken)
    {
        var eks = new EksClient(transport);
        AccessEntry? entry;
        try
        {
            entry = (await eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = clusterName, PrincipalArn = principalArn }, cancellationToken).ConfigureAwait(false)).AccessEntry;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound && !e.AwsMessage.StartsWith("No cluster found", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (entry is null)
        {
            return null;
        }

        var policies = await eks.ListAllAssociatedAccessPoliciesAsync(new ListAssociatedAccessPoliciesRequest { ClusterName = clusterName, PrincipalArn = entry.PrincipalArn ?? principalArn }, cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false);
        return ToState(clusterName, entry, policies);
    }

    /// <summary>Every entry of a cluster, in the order ListAccessEntries gives.</summary>
    public static async IAsyncEnumerable<AccessEntryState> ReadAllAsync(AwsTransport transport, string clusterName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var arns = await new EksClient(transport).ListAllAccessEntriesAsync(new ListAccessEntriesRequest { ClusterName = clusterName }, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
        foreach (var arn in arns)
        {
            if (await ReadAsync(transport, clusterName, arn, cancellationToken).ConfigureAwait(false) is { } state)
            {
                yield return state;
            }
        }
    }

    private static AccessEntryState ToState(string clusterName, AccessEntry entry, IEnumerable<AssociatedAccessPolicy> policies) => new(
        entry.ClusterName ?? clusterName,
        entry.PrincipalArn ?? "",
        [.. entry.KubernetesGroups ?? []],
        entry.Username,
        entry.Type ?? "STANDARD",
        entry.AccessEntryArn,
        entry.CreatedAt,
        [.. policies.Select(p => new AccessPolicyAssociation(p.PolicyArn ?? "", p.AccessScope?.Type ?? AccessScopeType.Cluster, [.. (p.AccessScope?.Namespaces ?? []).Order(StringComparer.Ordinal)]))]);

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);

    /// <summary>What differs between the entry wanted and the one there is (null: missing), in words.</summary>
    public static IReadOnlyList<string> Plan(AccessEntrySpec spec, AccessEntryState? current)
    {
        var changes = new List<string>();
        if (current is null)
        {
            var detail = new List<string> { $"type {spec.Type}" };
            if (spec.KubernetesGroups is { Count: > 0 } g)
            {
                detail.Add($"groups {string.Join(", ", g)}");
            }

            if (spec.UserName is { } u)
            {
                detail.Add($"user name {u}");
            }

            changes.Add($"Create the access entry of {spec.PrincipalArn} on cluster {spec.ClusterName} ({string.Join("; ", detail)})");
        }
        else
        {
            if (!string.Equals(current.Type, spec.Type, StringComparison.Ordinal))
            {
                throw new EksSsoException("AccessEntryTypeConflict", AwsErrorKind.Conflict,
                    $"The access entry of {current.PrincipalArn} on cluster {spec.ClusterName} is of type {current.Type}, not {spec.Type}; EKS cannot change an entry's type: remove it first (Remove-EksAccessEntry).");
            }

            if (spec.KubernetesGroups is { } groups && !SameSet(groups, current.KubernetesGroups))
            {
                changes.Add($"Set the Kubernetes groups of {current.PrincipalArn} to [{string.Join(", ", groups)}] (were [{string.Join(", ", current.KubernetesGroups)}])");
            }

            if (spec.UserName is { } user && !string.Equals(user, current.UserName, StringComparison.Ordinal))
            {
                changes.Add($"Set the user name of {current.PrincipalArn} to {user} (was {current.UserName})");
            }
        }

        if (spec.PolicyArn is { } policy)
        {
            var scope = spec.Namespaces is { Count: > 0 } ns ? $"namespaces {string.Join(", ", ns)}" : "the cluster";
            var existing = current?.AccessPolicies.FirstOrDefault(p => p.PolicyArn == policy);
            if (existing is null)
            {
                changes.Add($"Associate {policy} with scope {scope}");
            }
            else if (!ScopeMatches(existing, spec.Namespaces))
            {
                changes.Add($"Change the scope of {policy} to {scope} (was {(existing.ScopeType == AccessScopeType.Namespace ? "namespaces " + string.Join(", ", existing.Namespaces) : "the cluster")})");
            }
        }

        return changes;
    }

    private static bool ScopeMatches(AccessPolicyAssociation existing, IReadOnlyList<string>? namespaces) =>
        namespaces is { Count: > 0 } ns
            ? existing.ScopeType == AccessScopeType.Namespace && SameSet(ns, existing.Namespaces)
            : existing.ScopeType == AccessScopeType.Cluster;

    /// <summary>Makes the calls the plan needs (only those), and reads the entry back.</summary>
    public static async Task<AccessEntryState> ApplyAsync(AwsTransport transport, AccessEntrySpec spec, AccessEntryState? current, CancellationToken cancellationToken)
    {
        var eks = new EksClient(transport);
        var principal = current?.PrincipalArn ?? spec.PrincipalArn;
        if (current is null)
        {
            principal = (await eks.CreateAccessEntryAsync(
                new CreateAccessEntryRequest
                {
                    ClusterName = spec.ClusterName,
                    PrincipalArn = spec.PrincipalArn,
                    KubernetesGroups = spec.KubernetesGroups is { Count: > 0 } g ? [.. g] : null,
                    Username = spec.UserName,
                    Type = spec.Type,
                    Tags = new Dictionary<string, string> { ["eksso.io/created-by"] = "EksSso" },
                },
                cancellationToken).ConfigureAwait(false)).AccessEntry?.PrincipalArn ?? spec.PrincipalArn;
        }
        else
        {
            var groups = spec.KubernetesGroups is { } wanted && !SameSet(wanted, current.KubernetesGroups) ? wanted : null;
            var user = spec.UserName is { } u && !string.Equals(u, current.UserName, StringComparison.Ordinal) ? u : null;
            if (groups is not null || user is not null)
            {
                await eks.UpdateAccessEntryAsync(
                    new UpdateAccessEntryRequest { ClusterName = spec.ClusterName, PrincipalArn = principal, KubernetesGroups = groups is null ? null : [.. groups], Username = user },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        if (spec.PolicyArn is { } policy)
        {
            var existing = current?.AccessPolicies.FirstOrDefault(p => p.PolicyArn == policy);
            if (existing is null || !ScopeMatches(existing, spec.Namespaces))
            {
                var scope = spec.Namespaces is { Count: > 0 } ns
                    ? new AccessScope { Type = AccessScopeType.Namespace, Namespaces = [.. ns.Distinct(StringComparer.Ordinal)] }
                    : new AccessScope { Type = AccessScopeType.Cluster };
                await eks.AssociateAccessPolicyAsync(
                    new AssociateAccessPolicyRequest { ClusterName = spec.ClusterName, PrincipalArn = principal, PolicyArn = policy, AccessScope = scope },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return await ReadAsync(transport, spec.ClusterName, principal, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The access entry of {principal} on {spec.ClusterName} is missing after it was written.");
    }

    public static Task DeleteAsync(AwsTransport transport, string clusterName, string principalArn, CancellationToken cancellationToken) =>
        new EksClient(transport).DeleteAccessEntryAsync(new DeleteAccessEntryRequest { ClusterName = clusterName, PrincipalArn = principalArn }, cancellationToken);

    /// <summary>The partition of a region (for access policy ARNs).</summary>
    public static string PartitionOf(string region) => AwsPartition.ForRegion(region).Name;
}
