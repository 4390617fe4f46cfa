using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;

namespace EksSso.Commands.IdentityMapping;

/// <summary>
/// Migrates the entries of kube-system/aws-auth to EKS access entries, as <c>eksctl utils migrate-to-access-entry</c>
/// does: switches a CONFIG_MAP cluster to API_AND_CONFIG_MAP first, creates one access entry per aws-auth entry that
/// has an equivalent, leaves principals that already have one alone, and with -TargetAuthenticationMode API switches
/// the cluster to API last (only when nothing is left behind, or with -Force). A second run makes no change.
/// </summary>
[Cmdlet(VerbsData.Convert, "EksIdentityMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(EksIdentityMappingMigration))]
public sealed class ConvertEksIdentityMappingCommand : EksClusterCmdlet
{
    private const string ApiAndConfigMap = "API_AND_CONFIG_MAP";
    private const string Api = "API";

    /// <summary>API_AND_CONFIG_MAP (default: aws-auth is still read) or API (aws-auth is no longer read).</summary>
    [Parameter]
    [ValidateSet(ApiAndConfigMap, Api)]
    public string TargetAuthenticationMode { get; set; } = ApiAndConfigMap;

    /// <summary>Switch to API even when aws-auth entries could not be migrated, and without the extra confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        var target = TargetAuthenticationMode.ToUpperInvariant();
        var source = await IdentityMappingMigration.ReadSourceAsync(Transport, cluster, CancellationToken);
        var mode = source.AuthenticationMode;
        WriteVerbose($"Cluster {cluster} is in authentication mode {mode}; aws-auth has {source.Document.Entries.Count()} entries.");

        // Every lookup before the first change: a role IAM will not describe stops the run with the cluster untouched.
        var principals = await IdentityMappingMigration.ResolveRolesAsync(Transport, source.Document, source.AccountId, CancellationToken);

        var listable = mode;
        if (!IdentityMappingMigration.Reached(mode, ApiAndConfigMap))
        {
            if (ShouldProcess($"cluster {cluster}", $"Switch the authentication mode from {mode} to {ApiAndConfigMap} (access entries on, aws-auth still read; EKS cannot switch back)"))
            {
                mode = listable = await SwitchAsync(cluster, mode, ApiAndConfigMap);
            }
            else if (!WhatIfRequested)
            {
                return;
            }
            else
            {
                // The preview goes on from the mode the switch would give; there are no entries to list yet.
                mode = ApiAndConfigMap;
            }
        }

        var existing = await IdentityMappingMigration.ReadEntriesAsync(Transport, cluster, listable, CancellationToken);
        var done = new List<IdentityMappingMigrationStep>();
        foreach (var step in IdentityMappingMigration.Plan(cluster, source.Document, existing, principals, source.Partition))
        {
            done.Add(await RunAsync(step));
        }

        await FinishAsync(cluster, mode, target, done);
    }

    /// <summary>Writes a step; creates its access entry first (after ShouldProcess). A step not carried out blocks API mode.</summary>
    private async Task<IdentityMappingMigrationStep> RunAsync(IdentityMappingMigrationStep step)
    {
        if (step.Spec is not { } spec)
        {
            WriteObject(ToOutput(step));
            return step;
        }

        if (!ShouldProcess($"cluster {spec.ClusterName}", $"{string.Join("; ", AccessEntries.Plan(spec, null))} (aws-auth {step.Kind.ToLowerInvariant()} {step.Arn})"))
        {
            return WhatIfRequested ? step : step with { Action = MigrationAction.Skipped, Reason = "Not confirmed.", BlocksApiMode = true };
        }

        try
        {
            var applied = await IdentityMappingMigration.ApplyAsync(Transport, step, CancellationToken);
            WriteObject(ToOutput(applied));
            return applied;
        }
        catch (AwsServiceException e)
        {
            // One entry EKS refuses (a user that no longer exists...) does not stop the others; it keeps the cluster from API.
            WriteError(e, step.Arn);
            return step with { Action = MigrationAction.Skipped, Reason = e.Message, BlocksApiMode = true };
        }
    }

    private async Task FinishAsync(string cluster, string mode, string target, List<IdentityMappingMigrationStep> steps)
    {
        var unmigrated = IdentityMappingMigration.Unmigrated(steps);
        var counts = $"{steps.Count(s => s.Action == MigrationAction.Created)} {(WhatIfRequested ? "to create" : "created")}, {steps.Count(s => s.Action == MigrationAction.Exists)} already had one, {steps.Count(s => s.Action == MigrationAction.Skipped)} skipped";
        if (target == Api && mode != Api)
        {
            if (unmigrated.Count > 0 && !Force)
            {
                WriteError(IdentityMappingMigration.UnmigratedError(cluster, unmigrated), cluster);
                return;
            }

            var action = $"Switch the authentication mode from {mode} to {Api}: aws-auth is no longer read{(unmigrated.Count > 0 ? $", and {unmigrated.Count} of its entries without an access entry lose access" : "")}; EKS cannot switch back";
            if (!ConfirmHighImpact(cluster, action))
            {
                return;
            }

            mode = await SwitchAsync(cluster, mode, Api);
            WriteWarning($"Cluster {cluster} is now in authentication mode {Api} ({counts}): kube-system/aws-auth is no longer read; it is left in place (delete it when nothing needs it).");
            return;
        }

        if (unmigrated.Count > 0)
        {
            WriteWarning($"Cluster {cluster} (authentication mode {mode}): {counts}; {unmigrated.Count} aws-auth entries have no access entry and still rely on aws-auth: {string.Join(" | ", unmigrated)}");
        }
        else
        {
            WriteInformation(new HostInformationMessage { Message = $"Cluster {cluster} (authentication mode {mode}): {counts}." }, ["PSHOST", "EksSso.Migration"]);
        }
    }

    /// <summary>One mode switch, waited for with progress; the new mode.</summary>
    private async Task<string> SwitchAsync(string cluster, string from, string to)
    {
        WriteVerbose($"Switching cluster {cluster} from authentication mode {from} to {to}.");
        using (var progress = StartProgress($"Switching cluster {cluster} to authentication mode {to}"))
        {
            var update = await IdentityMappingMigration.SwitchModeAsync(Transport, cluster, to, progress, CancellationToken);
            WriteVerbose($"Cluster {cluster} is in authentication mode {to} (EKS update {update}).");
        }

        return to;
    }

    /// <summary>
    /// ShouldProcess for the switch to API, at ConfirmImpact High: the cmdlet declares Medium (so other steps do not
    /// prompt by default), and at the default $ConfirmPreference (High) this step asks as well, unless -Force or -Confirm
    /// (either way) was given.
    /// </summary>
    private bool ConfirmHighImpact(string cluster, string action)
    {
        if (!ShouldProcess($"cluster {cluster}", action))
        {
            return false;
        }

        if (Force || WhatIfRequested || MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return true;
        }

        var preference = GetVariableValue("ConfirmPreference") is { } value && LanguagePrimitives.TryConvertTo(value, out ConfirmImpact impact) ? impact : ConfirmImpact.High;
        return preference != ConfirmImpact.High || ShouldContinue($"{action}. Continue?", $"Switch cluster {cluster} to API mode");
    }

    private bool WhatIfRequested => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? LanguagePrimitives.IsTrue(whatIf)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    private static EksIdentityMappingMigration ToOutput(IdentityMappingMigrationStep step) => new(
        step.ClusterName,
        step.Kind,
        step.Arn,
        step.PrincipalArn,
        step.EntryType,
        [.. step.KubernetesGroups],
        step.UserName,
        step.PolicyArns.Count == 0 ? null : string.Join(", ", step.PolicyArns.Select(p => p[(p.LastIndexOf('/') + 1)..])),
        step.Action.ToString(),
        step.Reason);
}
