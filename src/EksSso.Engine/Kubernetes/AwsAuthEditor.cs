using System.Text.Json;
using EksSso.Engine.Aws;
using k8s;
using k8s.Models;

namespace EksSso.Engine.Kubernetes;

/// <summary>
/// What an aws-auth edit did or would do. <see cref="Changed"/>: the data differs from what was read;
/// <see cref="Written"/>: the ConfigMap was written (false for no change and when the caller declined).
/// <see cref="BeforeYaml"/>/<see cref="AfterYaml"/> render the whole data; <see cref="Changes"/> are the removed
/// (<c>- </c>) and added (<c>+ </c>) lines per key.
/// </summary>
public sealed record AwsAuthEditResult(
    string ClusterName,
    AwsAuthMapping? Mapping,
    string? OriginalArn,
    bool Changed,
    bool Written,
    string BeforeYaml,
    string AfterYaml,
    IReadOnlyList<string> Changes,
    int Attempts);

/// <summary>Checks of an aws-auth mapping before any call, and its canonical form (role path stripped, user name defaulted).</summary>
public static partial class AwsAuthInput
{
    public const string InvalidGroupErrorId = "InvalidKubernetesGroup";

    private static readonly string[] s_templates = ["{{AccountID}}", "{{SessionName}}", "{{SessionNameRaw}}", "{{AccessKeyID}}", "{{EC2PrivateDNSName}}"];

    /// <summary>The mapping aws-auth will hold: ARN canonical (a role without its path), the default user name when none.</summary>
    public static AwsAuthMapping Canonical(AwsAuthMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var arn = ValidateArn(mapping.Kind, mapping.Arn);
        ValidateUserName(mapping.UserName);
        ValidateGroups(mapping.Groups);
        var canonical = mapping.Kind == AwsAuthMappingKind.Role ? arn.Canonical.ToString() : arn.ToString();
        return new AwsAuthMapping(mapping.Kind, canonical, mapping.UserName ?? AwsAuthDocument.DefaultUserName(mapping.Kind, canonical), [.. mapping.Groups.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>An IAM role ARN (with or without path) or an assumed-role ARN for a role; an IAM user ARN for a user.</summary>
    public static AwsArn ValidateArn(AwsAuthMappingKind kind, string text)
    {
        if (!Access.AccessEntryInput.IsPrincipalArn(text, roles: kind == AwsAuthMappingKind.Role, users: kind == AwsAuthMappingKind.User, out var arn))
        {
            throw new EksSsoException(Access.AccessEntryInput.InvalidPrincipalErrorId, AwsErrorKind.Validation, kind == AwsAuthMappingKind.Role
                ? $"'{text}' is not an IAM role ARN (arn:aws:iam::<account>:role/[path/]name) or an assumed-role ARN: -Role takes an EksSsoRole or a role ARN (a user goes to -UserArn)."
                : $"'{text}' is not an IAM user ARN (arn:aws:iam::<account>:user/[path/]name): -UserArn takes a user (a role goes to -Role).");
        }

        return arn;
    }

    /// <summary>A Kubernetes user name: not empty, no white space or control characters, only aws-iam-authenticator's templates.</summary>
    public static void ValidateUserName(string? userName)
    {
        if (userName is null)
        {
            return;
        }

        if (userName.Length == 0 || userName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !TemplatesKnown(userName))
        {
            throw new EksSsoException(Access.AccessEntryInput.InvalidUserNameErrorId, AwsErrorKind.Validation,
                $"'{userName}' cannot be an aws-auth user name: it must not be empty or hold spaces, and its only templates may be {string.Join(", ", s_templates)}.");
        }
    }

    /// <summary>Kubernetes group names: not empty, no white space or control characters.</summary>
    public static void ValidateGroups(IEnumerable<string> groups)
    {
        foreach (var group in groups ?? [])
        {
            if (string.IsNullOrEmpty(group) || group.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !TemplatesKnown(group))
            {
                throw new EksSsoException(InvalidGroupErrorId, AwsErrorKind.Validation,
                    $"'{group}' cannot be a Kubernetes group in aws-auth: it must not be empty or hold spaces (for example system:masters, or a group your RoleBindings name).");
            }
        }
    }

    private static bool TemplatesKnown(string text) => !HasOtherTemplates(text, s_templates);

    /// <summary>Whether <paramref name="text"/> still holds a <c>{{</c> or <c>}}</c> once the <paramref name="templates"/> are taken out.</summary>
    public static bool HasOtherTemplates(string text, IEnumerable<string> templates)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = (templates ?? []).Aggregate(text, (t, template) => t.Replace(template, "", StringComparison.Ordinal));
        return rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal);
    }
}

/// <summary>
/// Edits kube-system/aws-auth through a cluster's Kubernetes API, safely: read, compute the edit on the document,
/// let the caller confirm (once), write with the read resourceVersion (PUT; POST when the ConfigMap is missing), and
/// on 409 read again and recompute, up to <see cref="MaxAttempts"/> times with a short jittered pause. Nothing is
/// written when the data would not change or when mapRoles/mapUsers do not parse (<c>AwsAuthMalformed</c>). Before
/// each write the previous data is kept, as JSON, in the annotation <see cref="PreviousDataAnnotation"/>;
/// <see cref="RestoreAsync"/> puts it back and keeps the data it replaces there in turn, so a second restore undoes
/// the first (one level of history, never a loop of growing backups).
/// </summary>
/// <remarks>
/// The awaits here keep the caller's synchronisation context on purpose: the confirm delegate runs where the caller
/// runs (a cmdlet's pipeline thread, where ShouldProcess works). It is asked once, with the first computed change; a
/// retry after a 409 applies the same edit to the newer data without asking again (and returns unchanged, writing
/// nothing, when the newer data already holds it).
/// </remarks>
public static class AwsAuthEditor
{
    public const string Namespace = "kube-system";
    public const string Name = "aws-auth";
    public const string PreviousDataAnnotation = "eksso.io/previous-data";
    public const int MaxAttempts = 10;

    /// <summary>Adds (or with <paramref name="force"/> replaces) a mapping; see <see cref="AwsAuthDocument.With"/>.</summary>
    public static Task<AwsAuthEditResult> AddAsync(KubeClusterConnection connection, AwsAuthMapping mapping, bool force, Func<AwsAuthEditResult, bool> confirm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var wanted = AwsAuthInput.Canonical(mapping);
        return EditAsync(connection, wanted, mapping.Arn, state =>
        {
            try
            {
                return Document(connection, state.Data).With(wanted, force).Data;
            }
            catch (AwsAuthMappingConflictException e)
            {
                throw new EksSsoException("AwsAuthMappingConflict", AwsErrorKind.Conflict, $"{e.Message} Use -Force to replace it.", e);
            }
        }, confirm, ct);
    }

    /// <summary>
    /// Gives the ARN's mapping one more group (Grant-EksNamespaceAccess on CONFIG_MAP clusters): a new entry (user name
    /// defaulted) when the ARN has none, else its (last, effective) entry with the group added and its user name and
    /// other groups kept.
    /// Computed on each read, so a concurrent edit of the same entry is not lost. No write when the group is there.
    /// </summary>
    public static Task<AwsAuthEditResult> AddGroupAsync(KubeClusterConnection connection, AwsAuthMappingKind kind, string arn, string group, Func<AwsAuthEditResult, bool> confirm, CancellationToken ct)
    {
        AwsAuthInput.ValidateGroups([group]);
        var first = AwsAuthInput.Canonical(new AwsAuthMapping(kind, arn, null, [group]));
        return EditAsync(connection, first, arn, state => Document(connection, state.Data).WithGroup(first, group).Data, confirm, ct);
    }

    /// <summary>Removes every entry of that kind for the ARN (compared without a role's path); no write when there is none.</summary>
    public static Task<AwsAuthEditResult> RemoveAsync(KubeClusterConnection connection, AwsAuthMappingKind kind, string arn, Func<AwsAuthEditResult, bool> confirm, CancellationToken ct)
    {
        var canonical = AwsAuthDocument.CanonicalArn(AwsAuthInput.ValidateArn(kind, arn).ToString());
        return EditAsync(connection, null, arn, state => Document(connection, state.Data).Without(kind, canonical).Data, confirm, ct);
    }

    /// <summary>
    /// Puts back the data kept by the last write (whatever the current data holds, parsable or not). When a conflict
    /// makes it read again and the kept data is no longer what was confirmed (another edit came in between), it stops
    /// with AwsAuthConflict rather than put back something else.
    /// </summary>
    public static Task<AwsAuthEditResult> RestoreAsync(KubeClusterConnection connection, Func<AwsAuthEditResult, bool> confirm, CancellationToken ct)
    {
        string? confirmedPrevious = null;
        return EditAsync(connection, null, null, state =>
        {
            if (state.PreviousData is not { } previous)
            {
                throw new EksSsoException("AwsAuthNoBackup", AwsErrorKind.NotFound,
                    $"kube-system/aws-auth of cluster '{connection.ClusterName}' has no {PreviousDataAnnotation} annotation: no EksSso edit has been made to restore.");
            }

            if ((confirmedPrevious ??= previous) != previous)
            {
                throw new EksSsoException("AwsAuthConflict", AwsErrorKind.Conflict,
                    $"kube-system/aws-auth of cluster '{connection.ClusterName}' was edited while it was being restored, so its kept data is no longer what was confirmed; nothing was written. Look at it again (Get-EksIdentityMapping) and restore again if still wanted.");
            }

            try
            {
                return JsonSerializer.Deserialize<Dictionary<string, string>>(previous) ?? [];
            }
            catch (JsonException e)
            {
                throw new EksSsoException("AwsAuthNoBackup", AwsErrorKind.Other, $"The {PreviousDataAnnotation} annotation of kube-system/aws-auth is not the JSON object EksSso writes: {e.Message}", e);
            }
        }, confirm, ct);
    }

    /// <summary>The current document (empty when there is no aws-auth ConfigMap).</summary>
    public static async Task<AwsAuthDocument> ReadAsync(KubeClusterConnection connection, CancellationToken ct)
    {
        var state = await ReadStateAsync(connection, ct);
        return Document(connection, state.Data);
    }

    private sealed record ConfigMapState(V1ConfigMap? ConfigMap, IReadOnlyDictionary<string, string> Data, string? PreviousData);

    private static async Task<AwsAuthEditResult> EditAsync(
        KubeClusterConnection connection,
        AwsAuthMapping? mapping,
        string? originalArn,
        Func<ConfigMapState, IReadOnlyDictionary<string, string>> edit,
        Func<AwsAuthEditResult, bool> confirm,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(confirm);
        RequireAwsAuth(connection);
        var confirmed = false;
        for (var attempt = 1; ; attempt++)
        {
            var state = await ReadStateAsync(connection, ct);
            var after = edit(state);
            var changes = AwsAuthDocument.Diff(state.Data, after);
            var result = new AwsAuthEditResult(connection.ClusterName, mapping, originalArn, changes.Count > 0, false,
                AwsAuthDocument.RenderData(state.Data), AwsAuthDocument.RenderData(after), changes, attempt);
            if (changes.Count == 0)
            {
                return result;
            }

            if (!confirmed)
            {
                if (!confirm(result))
                {
                    return result;
                }

                confirmed = true;
            }

            try
            {
                await WriteAsync(connection, state, after, ct);
                return result with { Written = true };
            }
            catch (EksSsoException e) when (KubeClusterConnection.StatusOf(e) == 409 && attempt < MaxAttempts)
            {
                // Someone else wrote aws-auth (or created it) since the read: read again and redo the edit on theirs.
                await Task.Delay(Random.Shared.Next(10, 40 + (40 * attempt)), ct);
            }
            catch (EksSsoException e) when (KubeClusterConnection.StatusOf(e) == 409)
            {
                throw new EksSsoException("AwsAuthConflict", AwsErrorKind.Conflict,
                    $"kube-system/aws-auth of cluster '{connection.ClusterName}' changed under each of {MaxAttempts} attempts to write it; nothing of this edit was written. Try again.", e);
            }
        }
    }

    private static void RequireAwsAuth(KubeClusterConnection connection)
    {
        if (!connection.ReadsAwsAuth)
        {
            throw new EksSsoException("AwsAuthNotUsed", AwsErrorKind.Validation,
                $"Cluster '{connection.ClusterName}' uses authentication mode {connection.AuthenticationMode}, which ignores aws-auth: use Add-EksAccessEntry.");
        }
    }

    private static AwsAuthDocument Document(KubeClusterConnection connection, IReadOnlyDictionary<string, string> data)
    {
        try
        {
            return AwsAuthDocument.Parse(data);
        }
        catch (AwsAuthParseException e)
        {
            throw new EksSsoException("AwsAuthMalformed", AwsErrorKind.Other,
                $"kube-system/aws-auth of cluster '{connection.ClusterName}' does not parse, so EksSso will not write it: {e.Message}. Fix that line (kubectl edit -n kube-system configmap aws-auth) or Restore-EksIdentityMapping.", e);
        }
    }

    private static async Task<ConfigMapState> ReadStateAsync(KubeClusterConnection connection, CancellationToken ct)
    {
        try
        {
            var map = await connection.CallAsync(c => c.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: ct), "read kube-system/aws-auth");
            var data = new Dictionary<string, string>(map.Data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            return new ConfigMapState(map, data, map.Metadata?.Annotations?.TryGetValue(PreviousDataAnnotation, out var previous) == true ? previous : null);
        }
        catch (EksSsoException e) when (KubeClusterConnection.StatusOf(e) == 404)
        {
            return new ConfigMapState(null, new Dictionary<string, string>(StringComparer.Ordinal), null);
        }
    }

    private static async Task WriteAsync(KubeClusterConnection connection, ConfigMapState state, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var previous = JsonSerializer.Serialize(new SortedDictionary<string, string>(state.Data.ToDictionary(), StringComparer.Ordinal));
        if (state.ConfigMap is { } map)
        {
            // The object as read (labels, other annotations, resourceVersion): only data and our annotation change.
            map.Data = new Dictionary<string, string>(data);
            map.Metadata.Annotations ??= new Dictionary<string, string>();
            map.Metadata.Annotations[PreviousDataAnnotation] = previous;
            await connection.CallAsync(c => c.CoreV1.ReplaceNamespacedConfigMapAsync(map, Name, Namespace, cancellationToken: ct), "update kube-system/aws-auth");
            return;
        }

        var created = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Annotations = new Dictionary<string, string> { [PreviousDataAnnotation] = previous } },
            Data = new Dictionary<string, string>(data),
        };
        await connection.CallAsync(c => c.CoreV1.CreateNamespacedConfigMapAsync(created, Namespace, cancellationToken: ct), "create kube-system/aws-auth");
    }
}
