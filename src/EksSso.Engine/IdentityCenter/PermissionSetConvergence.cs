using System.Text.RegularExpressions;
using System.Xml;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.SsoAdmin;

namespace EksSso.Engine.IdentityCenter;

/// <summary>
/// What a permission set should look like. A null member was not asked for and is left as it is; a non-null
/// <see cref="ManagedPolicyArns"/> is the exact list (missing ones attached, extra ones detached).
/// </summary>
public sealed record PermissionSetSpec(
    string Name,
    string? Description = null,
    TimeSpan? SessionDuration = null,
    string? RelayState = null,
    IReadOnlyList<string>? ManagedPolicyArns = null,
    string? InlinePolicy = null);

/// <summary>A permission set as AWS has it, with its policies.</summary>
public sealed record PermissionSetState(PermissionSet PermissionSet, IReadOnlyList<string> ManagedPolicyArns, string? InlinePolicy)
{
    public string Arn => PermissionSet.PermissionSetArn ?? throw new InvalidDataException("The permission set has no ARN.");

    public TimeSpan? SessionDuration => PermissionSetConvergence.ParseSessionDuration(PermissionSet.SessionDuration);
}

/// <summary>The calls that bring a permission set to its spec, and a line per change for people to read.</summary>
public sealed record PermissionSetPlan(
    bool Create,
    bool Update,
    IReadOnlyList<string> Attach,
    IReadOnlyList<string> Detach,
    string? PutInlinePolicy,
    IReadOnlyList<string> Changes)
{
    public bool IsEmpty => Changes.Count == 0;
}

/// <summary>Reads a permission set, plans the difference to a spec (pure) and applies the plan.</summary>
public static partial class PermissionSetConvergence
{
    public const string InvalidNameErrorId = "InvalidPermissionSetName";
    public const string InvalidSessionDurationErrorId = "InvalidSessionDuration";
    public const string InvalidRelayStateErrorId = "InvalidRelayState";

    public static readonly TimeSpan MinSessionDuration = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxSessionDuration = TimeSpan.FromHours(12);

    [GeneratedRegex(@"^[\w+=,.@-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Checks the spec's values as CreatePermissionSet would, before any call; an <see cref="EksSsoException"/> on the first problem.</summary>
    public static void ValidateSpec(PermissionSetSpec spec)
    {
        // \w in .NET also matches non-ASCII letters; the service's pattern does not.
        if (!NamePattern().IsMatch(spec.Name) || spec.Name.Any(c => c > 0x7f))
        {
            throw new EksSsoException(InvalidNameErrorId, AwsErrorKind.Validation,
                $"'{spec.Name}' is not a valid permission set name: use 1 to 32 characters among letters, digits and + = , . @ - _ (no spaces).");
        }

        if (spec.Description is { Length: > 700 })
        {
            throw new EksSsoException("InvalidDescription", AwsErrorKind.Validation, "A permission set description is at most 700 characters.");
        }

        if (spec.SessionDuration is { } d)
        {
            FormatSessionDuration(d);
        }

        if (spec.RelayState is { } relay)
        {
            if (relay.Length > 240)
            {
                throw new EksSsoException(InvalidRelayStateErrorId, AwsErrorKind.Validation, $"The relay state URL is {relay.Length} characters long; at most 240 are allowed.");
            }

            if (!Uri.TryCreate(relay, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new EksSsoException(InvalidRelayStateErrorId, AwsErrorKind.Validation,
                    $"The relay state '{relay}' is not an https URL; use the console page to open, for example https://console.aws.amazon.com/eks/home.");
            }
        }
    }

    /// <summary>ISO-8601 as the service wants it (PT1H, PT1H30M); an <see cref="EksSsoException"/> outside 1–12 hours.</summary>
    public static string FormatSessionDuration(TimeSpan duration)
    {
        if (duration < MinSessionDuration || duration > MaxSessionDuration || duration.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new EksSsoException(InvalidSessionDurationErrorId, AwsErrorKind.Validation,
                $"The session duration {duration} is not allowed: use whole minutes from 1 hour to 12 hours (for example 01:00:00, 08:00:00, 01:30:00).");
        }

        return XmlConvert.ToString(duration);
    }

    public static TimeSpan? ParseSessionDuration(string? iso)
    {
        if (string.IsNullOrEmpty(iso))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(iso);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The permission set of this name with its managed and inline policies; null when there is none.</summary>
    public static async Task<PermissionSetState?> ReadAsync(AwsTransport transport, string instanceArn, string nameOrArn, CancellationToken cancellationToken)
    {
        var set = await PermissionSets.FindAsync(transport, instanceArn, nameOrArn, cancellationToken).ConfigureAwait(false);
        return set is null ? null : await ReadPoliciesAsync(transport, instanceArn, set, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the policies to a described permission set.</summary>
    public static async Task<PermissionSetState> ReadPoliciesAsync(AwsTransport transport, string instanceArn, PermissionSet set, CancellationToken cancellationToken)
    {
        var client = new SsoAdminClient(transport);
        var managed = new List<string>();
        await foreach (var policy in client.ListAllManagedPoliciesInPermissionSetAsync(new ListManagedPoliciesInPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = set.PermissionSetArn }, cancellationToken).ConfigureAwait(false))
        {
            if (policy.Arn is { } arn)
            {
                managed.Add(arn);
            }
        }

        var inline = (await client.GetInlinePolicyForPermissionSetAsync(new GetInlinePolicyForPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = set.PermissionSetArn }, cancellationToken).ConfigureAwait(false)).InlinePolicy;
        managed.Sort(StringComparer.Ordinal);
        return new PermissionSetState(set, managed, PolicyDocumentValidator.Normalize(inline));
    }

    /// <summary>What has to change for <paramref name="current"/> (null: it does not exist) to match <paramref name="spec"/>.</summary>
    public static PermissionSetPlan Plan(PermissionSetSpec spec, PermissionSetState? current)
    {
        var changes = new List<string>();
        if (current is null)
        {
            changes.Add("Created");
            if (spec.Description is { } description)
            {
                changes.Add($"Description: {description}");
            }

            if (spec.SessionDuration is { } duration)
            {
                changes.Add($"SessionDuration: {FormatSessionDuration(duration)}");
            }

            if (spec.RelayState is { } relay)
            {
                changes.Add($"RelayState: {relay}");
            }

            var attach = spec.ManagedPolicyArns ?? [];
            changes.AddRange(attach.Select(a => $"Attached {a}"));
            if (spec.InlinePolicy is not null)
            {
                changes.Add("Inline policy set");
            }

            return new PermissionSetPlan(true, false, attach, [], spec.InlinePolicy, changes);
        }

        var set = current.PermissionSet;
        var update = false;
        if (spec.Description is { } newDescription && !string.Equals(newDescription, set.Description, StringComparison.Ordinal))
        {
            changes.Add($"Description: {Show(set.Description)} → {newDescription}");
            update = true;
        }

        if (spec.SessionDuration is { } newDuration && newDuration != current.SessionDuration)
        {
            changes.Add($"SessionDuration: {Show(set.SessionDuration)} → {FormatSessionDuration(newDuration)}");
            update = true;
        }

        if (spec.RelayState is { } newRelay && !string.Equals(newRelay, set.RelayState, StringComparison.Ordinal))
        {
            changes.Add($"RelayState: {Show(set.RelayState)} → {newRelay}");
            update = true;
        }

        IReadOnlyList<string> toAttach = [];
        IReadOnlyList<string> toDetach = [];
        if (spec.ManagedPolicyArns is { } wanted)
        {
            toAttach = [.. wanted.Where(w => !current.ManagedPolicyArns.Contains(w, StringComparer.Ordinal))];
            toDetach = [.. current.ManagedPolicyArns.Where(c => !wanted.Contains(c, StringComparer.Ordinal))];
            changes.AddRange(toAttach.Select(a => $"Attached {a}"));
            changes.AddRange(toDetach.Select(d => $"Detached {d}"));
        }

        string? putInline = null;
        if (spec.InlinePolicy is { } inline && !PolicyDocumentValidator.AreEquivalent(inline, current.InlinePolicy))
        {
            putInline = inline;
            changes.Add(current.InlinePolicy is null ? "Inline policy set" : "Inline policy replaced");
        }

        return new PermissionSetPlan(false, update, toAttach, toDetach, putInline, changes);
    }

    /// <summary>
    /// Makes the calls of <paramref name="plan"/>; when an existing permission set changed, provisions it again to
    /// every account it is provisioned to, so their roles carry the change. Returns the state read back and the changes.
    /// </summary>
    public static async Task<(PermissionSetState State, IReadOnlyList<string> Changes)> ApplyAsync(
        AwsTransport transport,
        string instanceArn,
        PermissionSetSpec spec,
        PermissionSetState? current,
        PermissionSetPlan plan,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (plan.IsEmpty && current is not null)
        {
            return (current, []);
        }

        var client = new SsoAdminClient(transport);
        var changes = plan.Changes.ToList();
        PermissionSet set;
        if (plan.Create)
        {
            set = (await client.CreatePermissionSetAsync(
                new CreatePermissionSetRequest
                {
                    InstanceArn = instanceArn,
                    Name = spec.Name,
                    Description = spec.Description,
                    SessionDuration = spec.SessionDuration is { } d ? FormatSessionDuration(d) : null,
                    RelayState = spec.RelayState,
                },
                cancellationToken).ConfigureAwait(false)).PermissionSet ?? throw new InvalidDataException("CreatePermissionSet returned no permission set.");
        }
        else
        {
            set = current!.PermissionSet;
        }

        var arn = set.PermissionSetArn;
        if (plan.Update)
        {
            // Every value is sent: what the spec leaves out keeps its current value.
            await client.UpdatePermissionSetAsync(
                new UpdatePermissionSetRequest
                {
                    InstanceArn = instanceArn,
                    PermissionSetArn = arn,
                    Description = spec.Description ?? set.Description,
                    SessionDuration = spec.SessionDuration is { } d ? FormatSessionDuration(d) : set.SessionDuration,
                    RelayState = spec.RelayState ?? set.RelayState,
                },
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var policy in plan.Attach)
        {
            await client.AttachManagedPolicyToPermissionSetAsync(new AttachManagedPolicyToPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn, ManagedPolicyArn = policy }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var policy in plan.Detach)
        {
            await client.DetachManagedPolicyFromPermissionSetAsync(new DetachManagedPolicyFromPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn, ManagedPolicyArn = policy }, cancellationToken).ConfigureAwait(false);
        }

        if (plan.PutInlinePolicy is { } inline)
        {
            await client.PutInlinePolicyToPermissionSetAsync(new PutInlinePolicyToPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn, InlinePolicy = inline }, cancellationToken).ConfigureAwait(false);
        }

        if (!plan.Create)
        {
            var accounts = await client.ListAllAccountsForProvisionedPermissionSetAsync(new ListAccountsForProvisionedPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn }, cancellationToken)
                .CollectAsync(cancellationToken).ConfigureAwait(false);
            if (accounts.Count > 0)
            {
                await PermissionSets.ProvisionAsync(transport, instanceArn, arn!, null, progress, cancellationToken).ConfigureAwait(false);
                changes.Add($"Provisioned to {accounts.Count} account{(accounts.Count == 1 ? "" : "s")}");
            }
        }

        var described = (await client.DescribePermissionSetAsync(new DescribePermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn }, cancellationToken).ConfigureAwait(false)).PermissionSet ?? set;
        return (await ReadPoliciesAsync(transport, instanceArn, described, cancellationToken).ConfigureAwait(false), changes);
    }

    private static string Show(string? value) => value is null or "" ? "(none)" : value;
}
