using EksSso.Engine.Access;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;

namespace EksSso.Engine.Kubernetes;

/// <summary>What Grant-EksNamespaceAccess asks for: a principal gets Edit or View rights in one namespace.</summary>
public sealed record NamespaceAccessSpec(string ClusterName, string PrincipalArn, string Namespace, string AccessPolicy, bool CreateNamespace);

/// <summary>What the principal has in the namespace after the grant, and the changes this call made.</summary>
public sealed record NamespaceAccessResult(
    string ClusterName,
    string PrincipalArn,
    string Namespace,
    string AccessPolicy,
    string Mechanism,
    string? KubernetesGroup,
    string? RoleBinding,
    string? AccessPolicyArn,
    IReadOnlyList<string> Changes);

/// <summary>
/// Maps a principal to a Kubernetes group in aws-auth; true when aws-auth changed. It asks for confirmation itself
/// (ShouldProcess) and is called on the caller's synchronization context.
/// </summary>
public delegate Task<bool> AwsAuthGroupMapper(KubeClusterConnection connection, string principalArn, string group, CancellationToken cancellationToken);

/// <summary>Checks of Grant-EksNamespaceAccess input, before any call.</summary>
public static class NamespaceAccessInput
{
    public static readonly IReadOnlyList<string> Policies = ["Edit", "View"];

    /// <summary>Edit or View (any case) → its canonical spelling; anything else is UnknownAccessPolicy.</summary>
    public static string ValidatePolicy(string policy) =>
        Policies.FirstOrDefault(p => string.Equals(p, policy?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new EksSsoException(AccessEntryInput.UnknownAccessPolicyErrorId, AwsErrorKind.Validation,
            $"'{policy}' is not a namespace access policy: use Edit (read and write workloads, no RBAC) or View (read-only, no Secrets).");

    /// <summary>A single valid namespace name (InvalidNamespace otherwise).</summary>
    public static string ValidateNamespace(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        AccessEntryInput.ValidateNamespaces([ns]);
        return ns;
    }
}

/// <summary>
/// Namespace-scoped least privilege, as the reference procedure's closing paragraph suggests. On clusters that accept
/// access entries (API, API_AND_CONFIG_MAP): the principal's access entry with AmazonEKSEditPolicy or
/// AmazonEKSViewPolicy scoped to the namespace (added to the namespaces it already has). On CONFIG_MAP clusters: a
/// RoleBinding in the namespace of group <c>eksso:&lt;namespace&gt;:&lt;edit|view&gt;</c> to the built-in ClusterRole
/// edit or view, and the principal mapped to that group in aws-auth (through the injected mapper).
/// </summary>
public static class NamespaceAccess
{
    public const string AccessEntryMechanism = "AccessEntry";
    public const string AwsAuthMechanism = "AwsAuth";

    public static string GroupOf(string ns, string policy) => $"eksso:{ns}:{policy.ToLowerInvariant()}";

    public static string RoleBindingNameOf(string policy) => $"eksso:{policy.ToLowerInvariant()}";

    public static string ClusterRoleOf(string policy) => policy.ToLowerInvariant();

    public static string AccessPolicyArnOf(string policy, string partition) => AccessEntryInput.ResolvePolicy($"AmazonEKS{policy}Policy", partition);

    /// <summary>
    /// The namespaces the policy's scope should have: those it has plus <paramref name="ns"/>; null when the entry
    /// already has the policy at cluster scope or for this namespace (nothing to widen or narrow).
    /// </summary>
    public static IReadOnlyList<string>? ScopeWith(AccessEntryState? current, string policyArn, string ns)
    {
        var existing = current?.AccessPolicies.FirstOrDefault(p => p.PolicyArn == policyArn);
        if (existing is null)
        {
            return [ns];
        }

        if (existing.ScopeType == AccessScopeType.Cluster || existing.Namespaces.Contains(ns, StringComparer.Ordinal))
        {
            return null;
        }

        return [.. existing.Namespaces.Append(ns).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Plans and makes the changes; <paramref name="confirm"/> gets each step's changes in words (ShouldProcess) before
    /// it is made. Null when a step was declined (-WhatIf). The awaits here keep the caller's context, so confirm and
    /// the mapper run on the pipeline thread.
    /// </summary>
    public static async Task<NamespaceAccessResult?> GrantAsync(
        AwsTransport transport, NamespaceAccessSpec spec, Func<string, bool> confirm, AwsAuthGroupMapper mapToGroup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(confirm);
        ArgumentNullException.ThrowIfNull(mapToGroup);
        using var connection = await KubeClusterConnection.OpenAsync(transport, spec.ClusterName, cancellationToken).ConfigureAwait(true);
        var changes = new List<string>();
        var declined = false;

        var namespaceExists = connection.AcceptsAccessEntries && !spec.CreateNamespace
            || await NamespaceRoleBindings.NamespaceExistsAsync(connection, spec.Namespace, cancellationToken).ConfigureAwait(true);
        if (!namespaceExists)
        {
            if (!spec.CreateNamespace)
            {
                throw new EksSsoException("NamespaceNotFound", AwsErrorKind.NotFound,
                    $"Cluster '{connection.ClusterName}' has no namespace '{spec.Namespace}': create it first, or pass -CreateNamespace.");
            }

            var change = $"Create namespace {spec.Namespace}";
            if (confirm(change))
            {
                await NamespaceRoleBindings.CreateNamespaceAsync(connection, spec.Namespace, cancellationToken).ConfigureAwait(true);
                changes.Add(change);
            }
            else
            {
                declined = true;
            }
        }

        if (connection.AcceptsAccessEntries)
        {
            var policyArn = AccessPolicyArnOf(spec.AccessPolicy, AccessEntries.PartitionOf(transport.Session.Region));
            var current = await AccessEntries.ReadAsync(transport, connection.ClusterName, spec.PrincipalArn, cancellationToken).ConfigureAwait(true);
            var scope = ScopeWith(current, policyArn, spec.Namespace);
            var entrySpec = new AccessEntrySpec(connection.ClusterName, spec.PrincipalArn, null, null, "STANDARD", scope is null ? null : policyArn, scope);
            var planned = AccessEntries.Plan(entrySpec, current);
            var principalArn = current?.PrincipalArn ?? spec.PrincipalArn;
            if (planned.Count > 0)
            {
                if (confirm(string.Join("; ", planned)))
                {
                    principalArn = (await AccessEntries.ApplyAsync(transport, entrySpec, current, cancellationToken).ConfigureAwait(true)).PrincipalArn;
                    changes.AddRange(planned);
                }
                else
                {
                    declined = true;
                }
            }

            return declined ? null : new NamespaceAccessResult(connection.ClusterName, principalArn, spec.Namespace, spec.AccessPolicy,
                AccessEntryMechanism, null, null, policyArn, changes);
        }

        var group = GroupOf(spec.Namespace, spec.AccessPolicy);
        var binding = new RoleBindingSpec(spec.Namespace, RoleBindingNameOf(spec.AccessPolicy), ClusterRoleOf(spec.AccessPolicy), group);
        var existing = namespaceExists ? await NamespaceRoleBindings.ReadAsync(connection, binding.Namespace, binding.Name, cancellationToken).ConfigureAwait(true) : null;
        var action = NamespaceRoleBindings.Plan(binding, existing);
        if (NamespaceRoleBindings.Describe(binding, action, existing) is { } bindingChange)
        {
            // Still shown (-WhatIf lists every step), but not made in a namespace whose creation was declined.
            if (confirm(bindingChange) && !declined)
            {
                await NamespaceRoleBindings.ApplyAsync(connection, binding, action, existing, cancellationToken).ConfigureAwait(true);
                changes.Add(bindingChange);
            }
            else
            {
                declined = true;
            }
        }

        // The binding exists before the principal is mapped to its group: the mapping never grants less than asked.
        var principal = AwsAuthPrincipal(spec.PrincipalArn);
        if (await mapToGroup(connection, principal, group, cancellationToken).ConfigureAwait(true))
        {
            changes.Add($"Map {principal} to group {group} in aws-auth");
        }

        return declined ? null : new NamespaceAccessResult(connection.ClusterName, spec.PrincipalArn, spec.Namespace, spec.AccessPolicy,
            AwsAuthMechanism, group, $"{binding.Namespace}/{binding.Name}", null, changes);
    }

    /// <summary>aws-auth matches a role without its path (the authenticator drops it): role/path/Name → role/Name; users as given.</summary>
    public static string AwsAuthPrincipal(string principalArn) => AwsAuthDocument.CanonicalArn(principalArn);
}
