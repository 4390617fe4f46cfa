using EksSso.Engine.Aws;
using k8s;
using k8s.Models;

namespace EksSso.Engine.Kubernetes;

/// <summary>A RoleBinding wanted in a namespace: one Kubernetes group bound to a ClusterRole (namespace-scoped rights).</summary>
public sealed record RoleBindingSpec(string Namespace, string Name, string ClusterRole, string Group);

/// <summary>What converging a RoleBinding takes: create it, add the group to its subjects, or (roleRef is immutable) re-create it.</summary>
public enum RoleBindingAction
{
    None,
    Create,
    AddSubject,
    Recreate,
}

/// <summary>
/// Namespaces and RoleBindings as Grant-EksNamespaceAccess converges them: read, plan, then only the writes the plan
/// needs (a second run makes none). A RoleBinding's other subjects are kept: it may be shared with kubectl users.
/// </summary>
public static class NamespaceRoleBindings
{
    public const string RbacApiGroup = "rbac.authorization.k8s.io";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "EksSso";

    public static async Task<bool> NamespaceExistsAsync(KubeClusterConnection connection, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await connection.CallAsync(c => c.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken), $"read namespace {ns}").ConfigureAwait(false);
            return true;
        }
        catch (Aws.EksSsoException e) when (e.ErrorId == "KubernetesNotFound")
        {
            return false;
        }
    }

    public static Task CreateNamespaceAsync(KubeClusterConnection connection, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var body = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns, Labels = new Dictionary<string, string> { [ManagedByLabel] = ManagedBy } } };
        return connection.CallAsync(c => c.CoreV1.CreateNamespaceAsync(body, cancellationToken: cancellationToken), $"create namespace {ns}");
    }

    /// <summary>The RoleBinding as it is, or null when the namespace has none of that name.</summary>
    public static async Task<V1RoleBinding?> ReadAsync(KubeClusterConnection connection, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            return await connection.CallAsync(c => c.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(name, ns, cancellationToken: cancellationToken), $"read RoleBinding {ns}/{name}").ConfigureAwait(false);
        }
        catch (Aws.EksSsoException e) when (e.ErrorId == "KubernetesNotFound")
        {
            return null;
        }
    }

    public static RoleBindingAction Plan(RoleBindingSpec spec, V1RoleBinding? current)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (current is null)
        {
            return RoleBindingAction.Create;
        }

        var roleRef = current.RoleRef;
        if (roleRef is null || roleRef.Kind != "ClusterRole" || roleRef.Name != spec.ClusterRole || roleRef.ApiGroup != RbacApiGroup)
        {
            // A roleRef cannot change: ours is re-created; someone else's is not ours to delete (its subjects would
            // silently get other rights).
            return current.Metadata?.Labels?.TryGetValue(ManagedByLabel, out var by) == true && by == ManagedBy
                ? RoleBindingAction.Recreate
                : throw new EksSsoException("RoleBindingConflict", AwsErrorKind.Conflict,
                    $"RoleBinding {spec.Namespace}/{spec.Name} exists, refers to {roleRef?.Kind} {roleRef?.Name} instead of ClusterRole {spec.ClusterRole}, and was not made by EksSso: nothing was changed. Rename or delete it, then grant again.");
        }

        return (current.Subjects ?? []).Any(s => IsGroup(s, spec.Group)) ? RoleBindingAction.None : RoleBindingAction.AddSubject;
    }

    /// <summary>The plan in words (null when nothing is to do).</summary>
    public static string? Describe(RoleBindingSpec spec, RoleBindingAction action, V1RoleBinding? current)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var what = $"RoleBinding {spec.Namespace}/{spec.Name} of ClusterRole {spec.ClusterRole} to group {spec.Group}";
        return action switch
        {
            RoleBindingAction.Create => $"Create the {what}",
            RoleBindingAction.AddSubject => $"Add group {spec.Group} to the subjects of RoleBinding {spec.Namespace}/{spec.Name}",
            RoleBindingAction.Recreate => $"Re-create the {what} (it refers to {current?.RoleRef?.Kind} {current?.RoleRef?.Name}; a roleRef cannot be changed)",
            _ => null,
        };
    }

    /// <summary>Makes the one write the action needs (an update carries the read resourceVersion: a concurrent change is a 409).</summary>
    public static async Task ApplyAsync(KubeClusterConnection connection, RoleBindingSpec spec, RoleBindingAction action, V1RoleBinding? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(spec);
        var where = $"RoleBinding {spec.Namespace}/{spec.Name}";
        switch (action)
        {
            case RoleBindingAction.Create:
                await connection.CallAsync(c => c.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Build(spec, []), spec.Namespace, cancellationToken: cancellationToken), $"create {where}").ConfigureAwait(false);
                break;
            case RoleBindingAction.AddSubject:
                current!.Subjects = [.. current.Subjects ?? [], GroupSubject(spec.Group)];
                await connection.CallAsync(c => c.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(current, spec.Name, spec.Namespace, cancellationToken: cancellationToken), $"update {where}").ConfigureAwait(false);
                break;
            case RoleBindingAction.Recreate:
                await connection.CallAsync(
                    c => c.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(spec.Name, spec.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = current?.Metadata?.ResourceVersion } }, cancellationToken: cancellationToken),
                    $"delete {where}").ConfigureAwait(false);
                await connection.CallAsync(c => c.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Build(spec, []), spec.Namespace, cancellationToken: cancellationToken), $"create {where}").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The RoleBinding object: the group (plus subjects to keep) bound to the ClusterRole, labelled as ours.</summary>
    public static V1RoleBinding Build(RoleBindingSpec spec, IEnumerable<Rbacv1Subject> keep)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var subjects = keep.Where(s => !IsGroup(s, spec.Group)).Append(GroupSubject(spec.Group)).ToList();
        return new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "RoleBinding",
            Metadata = new V1ObjectMeta { Name = spec.Name, NamespaceProperty = spec.Namespace, Labels = new Dictionary<string, string> { [ManagedByLabel] = ManagedBy } },
            RoleRef = new V1RoleRef { ApiGroup = RbacApiGroup, Kind = "ClusterRole", Name = spec.ClusterRole },
            Subjects = subjects,
        };
    }

    private static Rbacv1Subject GroupSubject(string group) => new() { Kind = "Group", Name = group, ApiGroup = RbacApiGroup };

    private static bool IsGroup(Rbacv1Subject subject, string group) => subject.Kind == "Group" && subject.Name == group;
}
