using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EksSso.Engine.Access;

/// <summary>What the migration does for one aws-auth entry.</summary>
public enum MigrationAction
{
    /// <summary>An access entry is created for it.</summary>
    Created,

    /// <summary>Its principal already has an access entry, which is left as it is (EKS prefers it to aws-auth).</summary>
    Exists,

    /// <summary>It has no access entry equivalent (or another entry of the same ARN wins); nothing is created.</summary>
    Skipped,
}

/// <summary>
/// One aws-auth entry (mapRoles, mapUsers, or an account of mapAccounts) and its access entry: the principal with its
/// IAM path, the type, groups, user name (null: EKS's default) and access policies.
/// </summary>
/// <param name="Kind">Role, User or Account.</param>
/// <param name="Arn">As aws-auth holds it (an account ID for mapAccounts).</param>
/// <param name="BlocksApiMode">
/// Skipped, and aws-auth is what admits the principal: switching the cluster to API would lock it out.
/// </param>
public sealed record IdentityMappingMigrationStep(
    string ClusterName,
    string Kind,
    string Arn,
    int Line,
    string? PrincipalArn,
    string? EntryType,
    IReadOnlyList<string> KubernetesGroups,
    string? UserName,
    IReadOnlyList<string> PolicyArns,
    MigrationAction Action,
    string? Reason,
    bool BlocksApiMode)
{
    /// <summary>The access entry to create (null unless <see cref="Action"/> is Created).</summary>
    public AccessEntrySpec? Spec => Action != MigrationAction.Created || PrincipalArn is null || EntryType is null ? null
        : new AccessEntrySpec(ClusterName, PrincipalArn, KubernetesGroups.Count > 0 ? KubernetesGroups : null, UserName, EntryType, PolicyArns.FirstOrDefault(), null);

    /// <summary>The step as the entry now is on the cluster.</summary>
    public IdentityMappingMigrationStep With(AccessEntryState entry, MigrationAction action) => this with
    {
        PrincipalArn = entry.PrincipalArn,
        EntryType = entry.Type,
        KubernetesGroups = entry.KubernetesGroups,
        UserName = entry.UserName,
        PolicyArns = [.. entry.AccessPolicies.Select(p => p.PolicyArn)],
        Action = action,
    };
}

/// <summary>What a migration starts from: the cluster (its mode, account and partition) and its aws-auth.</summary>
public sealed record IdentityMappingMigrationSource(string ClusterName, string AuthenticationMode, string AccountId, string Partition, AwsAuthDocument Document);

/// <summary>An aws-auth role as IAM knows it: its ARN with path, or that it does not exist.</summary>
/// <param name="Note">Said in the step's reason (e.g. a role of another account keeps the ARN aws-auth gives).</param>
public sealed record ResolvedPrincipal(string Arn, bool Exists, string? Note = null);

/// <summary>
/// aws-auth → EKS access entries, as <c>eksctl utils migrate-to-access-entry</c> does: node roles (system:nodes, or
/// user name system:node:{{EC2PrivateDNSName}}) become EC2_LINUX entries (EC2_WINDOWS with eks:kube-proxy-windows,
/// FARGATE_LINUX for system:node:{{SessionName}}); system:masters becomes a STANDARD entry with
/// AmazonEKSClusterAdminPolicy on the cluster; other groups become the entry's Kubernetes groups. Other system: groups,
/// service-linked roles, missing roles and mapAccounts have no equivalent and are skipped. A principal that already has
/// an access entry is left alone. The plan is a pure function; the calls are below it.
/// </summary>
public static class IdentityMappingMigration
{
    public const string NodesGroup = "system:nodes";
    public const string MastersGroup = "system:masters";
    public const string WindowsProxyGroup = "eks:kube-proxy-windows";
    public const string Ec2NodeUserName = "system:node:{{EC2PrivateDNSName}}";
    public const string FargateNodeUserName = "system:node:{{SessionName}}";
    public const string UnmigratedErrorId = "IdentityMappingsNotMigrated";
    public const string ModeUpdateFailedErrorId = "AuthenticationModeUpdateFailed";

    /// <summary>The templates EKS renders in an access entry's user name (aws-iam-authenticator knows more).</summary>
    private static readonly string[] s_entryTemplates = ["{{SessionName}}", "{{SessionNameRaw}}"];

    /// <summary>No official waiter exists for DescribeUpdate; eksctl's update waiter polls it the same way.</summary>
    public static readonly AwsWaiterDefinition UpdateSuccessful = new("ClusterUpdateSuccessful", 30, 40);

    /// <summary>The modes in the only order EKS moves a cluster through (never back).</summary>
    public static readonly IReadOnlyList<string> Modes = [AuthenticationMode.ConfigMap, AuthenticationMode.ApiAndConfigMap, AuthenticationMode.Api];

    /// <summary>Whether <paramref name="mode"/> is at or past <paramref name="target"/> on EKS's one-way path.</summary>
    public static bool Reached(string mode, string target) => IndexOf(mode) >= IndexOf(target);

    private static int IndexOf(string mode)
    {
        var index = Modes.ToList().IndexOf(mode);
        return index >= 0 ? index : throw new ArgumentException($"'{mode}' is not an EKS authentication mode.", nameof(mode));
    }

    /// <summary>
    /// Describes the cluster and reads its aws-auth through the Kubernetes API as the current identity; an aws-auth
    /// whose mapRoles or mapUsers does not parse is AwsAuthMalformed, before any change.
    /// </summary>
    public static async Task<IdentityMappingMigrationSource> ReadSourceAsync(AwsTransport transport, string clusterName, CancellationToken cancellationToken)
    {
        using var connection = await KubeClusterConnection.OpenAsync(transport, clusterName, cancellationToken).ConfigureAwait(false);
        var document = await AwsAuthEditor.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var arn = AwsArn.TryParse(connection.Cluster.Arn, out var parsed) ? parsed : throw new InvalidDataException($"DescribeCluster of {clusterName} returned no cluster ARN.");
        return new IdentityMappingMigrationSource(connection.ClusterName, connection.AuthenticationMode, arn.AccountId, arn.Partition, document);
    }

    /// <summary>
    /// One step per aws-auth entry (mapRoles, mapUsers, then mapAccounts), in their order. <paramref name="existing"/>:
    /// the cluster's access entries (empty on a CONFIG_MAP cluster); <paramref name="principals"/>: the roles' IAM ARNs
    /// by canonical ARN (a role missing there is named as aws-auth names it).
    /// </summary>
    public static IReadOnlyList<IdentityMappingMigrationStep> Plan(
        string clusterName,
        AwsAuthDocument document,
        IReadOnlyList<AccessEntryState> existing,
        IReadOnlyDictionary<string, ResolvedPrincipal> principals,
        string partition)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(principals);
        var entries = document.Entries.ToList();
        var steps = new List<IdentityMappingMigrationStep>();
        foreach (var entry in entries)
        {
            // aws-iam-authenticator keeps the last entry of an ARN: the earlier ones admit no one.
            var winner = entries.Last(e => e.Kind == entry.Kind && AwsAuthDocument.SameArn(e.CanonicalArn, entry.CanonicalArn));
            var blank = new IdentityMappingMigrationStep(clusterName, entry.Kind.ToString(), entry.Arn, entry.Line, null, null, [], null, [], MigrationAction.Skipped, null, false);
            if (!ReferenceEquals(winner, entry))
            {
                steps.Add(blank with { Reason = $"{ListName(entry.Kind)} has another entry for this ARN at line {winner.Line}; aws-iam-authenticator uses that last one." });
                continue;
            }

            steps.Add(PlanEntry(blank, entry, existing, principals, partition));
        }

        steps.AddRange(Accounts(document).Select(a => new IdentityMappingMigrationStep(
            clusterName, "Account", a.Account, a.Line, null, null, [], null, [], MigrationAction.Skipped,
            a.Account.Length == 0
                ? "mapAccounts does not parse as a list of account IDs; access entries name one principal each."
                : $"mapAccounts admits every IAM principal of account {a.Account}; access entries name one principal each: add one per role or user (Add-EksAccessEntry).",
            true)));
        return steps;
    }

    private static IdentityMappingMigrationStep PlanEntry(
        IdentityMappingMigrationStep step,
        AwsAuthEntry entry,
        IReadOnlyList<AccessEntryState> existing,
        IReadOnlyDictionary<string, ResolvedPrincipal> principals,
        string partition)
    {
        if (existing.FirstOrDefault(e => AwsAuthDocument.SameArn(AwsAuthDocument.CanonicalArn(e.PrincipalArn), entry.CanonicalArn)) is { } current)
        {
            return step.With(current, MigrationAction.Exists) with
            {
                Reason = "The principal already has an access entry, which EKS uses instead of aws-auth; it is left as it is.",
            };
        }

        var principal = entry.Kind == AwsAuthMappingKind.Role && principals.TryGetValue(entry.CanonicalArn, out var resolved) ? resolved : new ResolvedPrincipal(entry.Arn, true);
        step = step with { PrincipalArn = principal.Arn };
        var blocked = step with { BlocksApiMode = true };
        if (!principal.Exists)
        {
            return blocked with { Reason = $"The role {AwsArnName(entry.Arn)} does not exist in IAM: remove the mapping (Remove-EksIdentityMapping) or create the role, then run again." };
        }

        if (principal.Arn.Contains(":role/aws-service-role/", StringComparison.Ordinal))
        {
            return blocked with { Reason = "A service-linked role cannot have an access entry." };
        }

        var notes = new List<string>();
        if (principal.Note is not null)
        {
            notes.Add(principal.Note);
        }

        var groups = entry.Groups;
        if (entry.Kind == AwsAuthMappingKind.Role && (groups.Contains(NodesGroup, StringComparer.Ordinal) || entry.UserName == Ec2NodeUserName))
        {
            var type = entry.UserName == FargateNodeUserName ? "FARGATE_LINUX" : groups.Contains(WindowsProxyGroup, StringComparer.Ordinal) ? "EC2_WINDOWS" : "EC2_LINUX";
            notes.Add("EKS gives a node entry its user name and groups.");
            return Created(step, type, [], null, [], notes);
        }

        var system = groups.Where(g => g.StartsWith("system:", StringComparison.Ordinal) && g != MastersGroup).ToList();
        var plain = groups.Where(g => g.Length > 0 && !g.StartsWith("system:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var masters = groups.Contains(MastersGroup, StringComparer.Ordinal);
        if (!masters && system.Count > 0)
        {
            return blocked with
            {
                Reason = $"Group {string.Join(", ", system)} starts with system:, which an access entry cannot carry; only system:masters has an equivalent (AmazonEKSClusterAdminPolicy).",
            };
        }

        if (masters && system.Count > 0)
        {
            notes.Add($"{string.Join(", ", system)} not carried over (system: groups); AmazonEKSClusterAdminPolicy covers it.");
        }

        var userName = UserNameFor(entry, notes);
        return Created(step, "STANDARD", plain, userName, masters ? [$"arn:{partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"] : [], notes);
    }

    private static IdentityMappingMigrationStep Created(IdentityMappingMigrationStep step, string type, IReadOnlyList<string> groups, string? userName, IReadOnlyList<string> policies, List<string> notes) =>
        step with
        {
            EntryType = type,
            KubernetesGroups = groups,
            UserName = userName,
            PolicyArns = policies,
            Action = MigrationAction.Created,
            Reason = notes.Count == 0 ? null : string.Join(" ", notes),
        };

    /// <summary>
    /// The user name the access entry gets: aws-auth's when EKS accepts it (no reserved prefix; of the templates only
    /// {{SessionName}} and {{SessionNameRaw}}, after a colon); null (EKS's default) when aws-auth has none, has EKS's
    /// default, or has one EKS would refuse (said in <paramref name="notes"/>).
    /// </summary>
    public static string? UserNameFor(AwsAuthEntry entry, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(notes);
        var name = entry.UserName;
        if (string.IsNullOrEmpty(name) || string.Equals(name, AwsAuthDocument.DefaultUserName(entry.Kind, entry.CanonicalArn), StringComparison.Ordinal))
        {
            return null;
        }

        string? problem = null;
        if (AccessEntryInput.ReservedUserNamePrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix)
        {
            problem = $"EKS reserves the prefix {prefix}";
        }
        else
        {
            var first = name.IndexOf("{{", StringComparison.Ordinal);
            if (AwsAuthInput.HasOtherTemplates(name, s_entryTemplates))
            {
                problem = "access entries render only {{SessionName}} and {{SessionNameRaw}}";
            }
            else if (first >= 0 && !name[..first].Contains(':', StringComparison.Ordinal))
            {
                problem = "EKS needs a colon before {{SessionName}} in an access entry's user name";
            }
        }

        if (problem is null)
        {
            return name;
        }

        notes.Add($"User name {name} not copied ({problem}); the entry gets EKS's default user name.");
        return null;
    }

    private static string AwsArnName(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private static string ListName(AwsAuthMappingKind kind) => kind == AwsAuthMappingKind.Role ? AwsAuthDocument.MapRoles : AwsAuthDocument.MapUsers;

    /// <summary>The account IDs of mapAccounts with their lines; one empty account when the key does not parse.</summary>
    public static IReadOnlyList<(string Account, int Line)> Accounts(AwsAuthDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Data.TryGetValue("mapAccounts", out var text) || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return [];
            }

            return stream.Documents[0].RootNode is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode)
                ? [.. list.Children.Cast<YamlScalarNode>().Select(s => (s.Value ?? "", (int)s.Start.Line))]
                : [("", 1)];
        }
        catch (YamlException)
        {
            return [("", 1)];
        }
    }

    /// <summary>
    /// The IAM ARN (with path) of each role aws-auth maps, by canonical ARN, through IAM GetRole in the cluster's
    /// account. A role of another account keeps the ARN aws-auth gives (EKS accepts a role without its path).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResolvedPrincipal>> ResolveRolesAsync(AwsTransport transport, AwsAuthDocument document, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var iam = new IamClient(transport);
        var result = new Dictionary<string, ResolvedPrincipal>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in document.Roles)
        {
            if (result.ContainsKey(entry.CanonicalArn) || !AwsArn.TryParse(entry.CanonicalArn, out var arn))
            {
                continue;
            }

            if (arn.AccountId != account)
            {
                result[entry.CanonicalArn] = new ResolvedPrincipal(entry.CanonicalArn, true, $"The role is in account {arn.AccountId}, where its path cannot be looked up: the entry names it as aws-auth does.");
                continue;
            }

            try
            {
                var role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = arn.Name }, cancellationToken).ConfigureAwait(false)).Role;
                result[entry.CanonicalArn] = new ResolvedPrincipal(role?.Arn ?? entry.CanonicalArn, true);
            }
            catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
            {
                result[entry.CanonicalArn] = new ResolvedPrincipal(entry.CanonicalArn, false);
            }
        }

        return result;
    }

    /// <summary>Creates the step's access entry (and associates its policy) through the access entry convergence.</summary>
    public static async Task<IdentityMappingMigrationStep> ApplyAsync(AwsTransport transport, IdentityMappingMigrationStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var spec = step.Spec ?? throw new InvalidOperationException($"The step for {step.Arn} creates nothing.");
        try
        {
            var state = await AccessEntries.ApplyAsync(transport, spec, null, cancellationToken).ConfigureAwait(false);
            return step.With(state, MigrationAction.Created);
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.Conflict)
        {
            // Someone (EKS for a node role, another run) made the entry since the list: it is left as it is.
            var made = await AccessEntries.ReadAsync(transport, spec.ClusterName, spec.PrincipalArn, cancellationToken).ConfigureAwait(false);
            if (made is null)
            {
                throw;
            }

            return step.With(made, MigrationAction.Exists) with { Reason = $"The principal got an access entry meanwhile ({e.ErrorCode}); it is left as it is." };
        }
    }

    /// <summary>The steps that keep the cluster from API mode, in words (empty: nothing does).</summary>
    public static IReadOnlyList<string> Unmigrated(IEnumerable<IdentityMappingMigrationStep> steps) =>
        [.. steps.Where(s => s.BlocksApiMode).Select(s => $"{s.Kind} {s.Arn}: {s.Reason}")];

    public static EksSsoException UnmigratedError(string clusterName, IReadOnlyList<string> unmigrated) => new(
        UnmigratedErrorId, AwsErrorKind.Conflict,
        $"Cluster {clusterName} stays in {AuthenticationMode.ApiAndConfigMap}: in API mode aws-auth is no longer read, and {unmigrated.Count} of its entries have no access entry: "
        + string.Join(" | ", unmigrated)
        + " Give them access entries (Add-EksAccessEntry) or remove them (Remove-EksIdentityMapping) and run again, or pass -Force to switch anyway and lock them out.");

    /// <summary>
    /// Moves the cluster's authentication mode one step (UpdateClusterConfig accessConfig) and waits until the update is
    /// Successful; a Failed or Cancelled update is an error with EKS's reasons. Returns the update ID.
    /// </summary>
    public static async Task<string> SwitchModeAsync(AwsTransport transport, string clusterName, string mode, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        var eks = new EksClient(transport);
        var started = (await eks.UpdateClusterConfigAsync(
            new UpdateClusterConfigRequest { Name = clusterName, AccessConfig = new UpdateAccessConfigRequest { AuthenticationMode = mode } },
            cancellationToken).ConfigureAwait(false)).Update;
        var id = started?.Id ?? throw new InvalidDataException($"UpdateClusterConfig of {clusterName} returned no update ID.");
        var done = await AwsWaiter.WaitAsync(
            UpdateSuccessful,
            $"Authentication mode of {clusterName} to {mode}",
            ct => eks.DescribeUpdateAsync(new DescribeUpdateRequest { Name = clusterName, UpdateId = id }, ct),
            r => (r.Update?.Status is UpdateStatus.InProgress or null ? AwsWaitState.Retry : AwsWaitState.Success, r.Update?.Status),
            progress,
            cancellationToken).ConfigureAwait(false);
        if (done.Update?.Status != UpdateStatus.Successful)
        {
            var errors = string.Join("; ", (done.Update?.Errors ?? []).Select(e => $"{e.ErrorCode}: {e.ErrorMessage}"));
            throw new EksSsoException(ModeUpdateFailedErrorId, AwsErrorKind.Other,
                $"EKS update {id} of cluster {clusterName} to authentication mode {mode} ended {done.Update?.Status}{(errors.Length > 0 ? $" ({errors})" : "")}.");
        }

        return id;
    }

    /// <summary>Every access entry of the cluster with its policies; none on a CONFIG_MAP cluster (EKS refuses to list them).</summary>
    public static async Task<IReadOnlyList<AccessEntryState>> ReadEntriesAsync(AwsTransport transport, string clusterName, string mode, CancellationToken cancellationToken)
    {
        if (mode == AuthenticationMode.ConfigMap)
        {
            return [];
        }

        var entries = new List<AccessEntryState>();
        await foreach (var entry in AccessEntries.ReadAllAsync(transport, clusterName, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
