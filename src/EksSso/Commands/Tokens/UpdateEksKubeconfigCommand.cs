using System.Management.Automation;
using EksSso.Engine.Kubeconfig;

namespace EksSso.Commands.Tokens;

/// <summary>Which program kubectl runs for a token.</summary>
public enum EksKubeconfigExec
{
    /// <summary>The module's token helper (TokenHelper/eksso-token): no Python, milliseconds per call.</summary>
    Native,

    /// <summary><c>aws eks get-token</c>, as <c>aws eks update-kubeconfig</c> writes it.</summary>
    Aws,
}

/// <summary>
/// Writes the cluster, user and context of <c>aws eks update-kubeconfig</c> into the kubeconfig (KUBECONFIG's first
/// path, ~/.kube/config, or -KubeconfigPath), merged without losing anything else, and makes the context current.
/// </summary>
[Cmdlet(VerbsData.Update, "EksKubeconfig", SupportsShouldProcess = true, DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(EksKubeconfigEntry))]
public sealed class UpdateEksKubeconfigCommand : EksSsoAwsCmdlet
{
    private const string NameSet = "Name";
    private const string ClusterSet = "Cluster";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string ClusterName { get; set; } = "";

    /// <summary>A cluster object (New-EksCluster/Get-EksCluster output, or any object with Name or ClusterName, Arn, Endpoint and CertificateAuthority).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClusterSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? Cluster { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Alias { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeconfigPath { get; set; }

    [Parameter]
    public EksKubeconfigExec Exec { get; set; } = EksKubeconfigExec.Native;

    protected override object? ErrorTarget => (object?)Cluster ?? ClusterName;

    protected override async Task ProcessRecordAsync()
    {
        var cluster = FromObject(Cluster) ?? await KubeconfigClusters.DescribeAsync(Transport, NameOf(Cluster) ?? ClusterName, CancellationToken);
        var path = KubeconfigPath is null
            ? KubeconfigUpdate.DefaultPath()
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeconfigPath);
        var exec = Exec == EksKubeconfigExec.Aws ? KubeconfigExec.Aws : KubeconfigExec.Native;
        var profile = ProfileForExec();
        var helper = exec == KubeconfigExec.Native ? TokenHelperPath() : null;
        if (helper is not null && !File.Exists(helper))
        {
            WriteWarning($"The token helper is not at {helper}: kubectl will fail until it is (reinstall the module, or use -Exec Aws).");
        }

        var plan = KubeconfigUpdate.Plan(path, cluster, exec, profile, Alias, helper);
        WriteDebug($"Kubeconfig {plan.Path}: {(plan.Changed ? "changes" : "already up to date")}; exec {exec}{(profile is null ? "" : $" with profile '{profile}'")}");
        if (plan.Changed)
        {
            if (!ShouldProcess(plan.Path, $"Write cluster, user and context '{plan.ContextName}' and make it the current context"))
            {
                return;
            }

            KubeconfigUpdate.Write(plan);
        }

        WriteObject(new EksKubeconfigEntry(cluster.Name, plan.ContextName, plan.ClusterEntryName, plan.UserEntryName, plan.Path, Exec.ToString(), plan.Changed));
    }

    /// <summary>
    /// The profile the exec entry names, as the AWS CLI decides it: -ProfileName, else AWS_PROFILE, else the profile of
    /// the -Context or Use-EksSsoContext scope in use. None for bare environment keys (kubectl passes the environment on).
    /// </summary>
    private string? ProfileForExec()
    {
        if (ProfileName is not null)
        {
            return ProfileName;
        }

        if (Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } envProfile)
        {
            return envProfile;
        }

        var session = Session;
        return session.ProfileName is { } name && session.CredentialSource.StartsWith("profile", StringComparison.Ordinal)
            && (Context is not null || State.ContextScopes.Innermost(System.Management.Automation.Runspaces.Runspace.DefaultRunspace) is not null)
            ? name
            : null;
    }

    /// <summary>The token helper shipped beside the cmdlet assembly (TokenHelper/eksso-token).</summary>
    private static string TokenHelperPath()
    {
        var moduleDirectory = Path.GetDirectoryName(typeof(UpdateEksKubeconfigCommand).Assembly.Location)!;
        var name = OperatingSystem.IsWindows() ? "eksso-token.exe" : "eksso-token";
        return Path.Combine(moduleDirectory, "TokenHelper", name);
    }

    private static string? Property(PSObject? value, string name) =>
        value?.Properties[name]?.Value switch
        {
            null => null,
            string s => s,
            PSObject { BaseObject: string s } => s,
            var other => other.ToString(),
        };

    private static string? NameOf(PSObject? cluster) =>
        cluster?.BaseObject is string s ? s : Property(cluster, "ClusterName") ?? Property(cluster, "Name");

    /// <summary>The cluster's facts from the object itself when it has them all; null to ask DescribeCluster.</summary>
    private static KubeconfigCluster? FromObject(PSObject? cluster)
    {
        if (cluster is null || cluster.BaseObject is string)
        {
            return null;
        }

        var ca = cluster.Properties["CertificateAuthority"]?.Value;
        var caData = ca switch
        {
            string s => s,
            PSObject { BaseObject: string s } => s,
            null => null,
            _ => Property(PSObject.AsPSObject(ca), "Data"),
        };
        return NameOf(cluster) is { } name && Property(cluster, "Arn") is { } arn && Property(cluster, "Endpoint") is { } endpoint && !string.IsNullOrEmpty(caData)
            ? new KubeconfigCluster(name, arn, endpoint, caData)
            : null;
    }
}
