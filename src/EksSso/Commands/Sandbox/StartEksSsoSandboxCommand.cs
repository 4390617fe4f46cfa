using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Sandbox;
using EksSso.State;

namespace EksSso.Commands.Sandbox;

/// <summary>Starts the local AWS stand-in as a child process and points this session at it.</summary>
[Cmdlet(VerbsLifecycle.Start, "EksSsoSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoSandbox))]
public sealed class StartEksSsoSandboxCommand : EksSsoCmdlet
{
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double TimeScale { get; set; } = -1;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateDirectory { get; set; }

    [Parameter]
    public SwitchParameter NoIdentityCenter { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Completers.RegionCompleter))]
    [ValidatePattern(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    public string? HomeRegion { get; set; }

    /// <summary>Leave the process environment alone (for running several sandboxes side by side).</summary>
    [Parameter]
    public SwitchParameter NoEnvironment { get; set; }

    /// <summary>
    /// An Identity Center user name: sign-ins to this sandbox are approved as that user by the sandbox's stand-in
    /// browser (BROWSER is set to it while the sandbox owns the environment; the command is also in BrowserCommand).
    /// </summary>
    [Parameter]
    [ValidatePattern(@"^[\w.@+=,-]{1,128}$")]
    public string? SignInAs { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var directory = StateDirectory is null
            ? Path.Combine(Path.GetTempPath(), "EksSso-sandbox-" + Guid.NewGuid().ToString("n")[..12])
            : GetUnresolvedProviderPathFromPSPath(StateDirectory);
        if (!NoEnvironment && SandboxRegistry.EnvironmentOwner is { } owner)
        {
            ThrowTerminating("SandboxAlreadyRunning", ErrorCategory.ResourceExists,
                $"The sandbox at {owner.Endpoint} already owns this session's environment. Stop-EksSsoSandbox first, or use -NoEnvironment.", owner);
        }

        if (!ShouldProcess(directory, "Start the EksSso sandbox"))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var process = await SandboxProcess.StartAsync(
            new SandboxStartOptions(Port, TimeScale >= 0 ? TimeScale : null, Path.Combine(directory, "state"), NoIdentityCenter, HomeRegion),
            CancellationToken);
        var info = process.Info;
        var endpoint = info.Endpoint.GetLeftPart(UriPartial.Authority);
        var session = AwsSession.ForStaticKeys(info.AccessKeyId, info.SecretAccessKey, info.Region, new Uri(endpoint), "sandbox administrator");
        var browser = SignInAs is null ? null : process.BrowserCommand(SignInAs);
        var sandbox = new EksSsoSandbox(process, endpoint, info.Region, info.ManagementAccountId, info.AccessKeyId, directory, info.ProcessId,
            new EksSsoContext(session, "sandbox admin", "Sandbox"), ownsEnvironment: !NoEnvironment)
        {
            SignInAs = SignInAs,
            BrowserCommand = browser,
        };
        if (!NoEnvironment)
        {
            sandbox.PreviousEnvironment = SandboxEnvironment.Apply(info, directory, browser);
            WriteVerbose($"AWS_ENDPOINT_URL, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and KUBECONFIG now point at the sandbox ({directory}).");
        }

        SandboxRegistry.Add(sandbox);
        WriteObject(sandbox);
    }
}

/// <summary>Stops a sandbox and restores the environment it replaced.</summary>
[Cmdlet(VerbsLifecycle.Stop, "EksSsoSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class StopEksSsoSandboxCommand : EksSsoCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public EksSsoSandbox? Sandbox { get; set; }

    /// <summary>Also delete the sandbox directory (its saved state, AWS config, SSO cache and kubeconfig).</summary>
    [Parameter]
    public SwitchParameter Remove { get; set; }

    protected override Task ProcessRecordAsync()
    {
        var targets = Sandbox is not null ? [Sandbox] : SandboxRegistry.All.ToList();
        foreach (var sandbox in targets)
        {
            if (!ShouldProcess(sandbox.Endpoint, "Stop the EksSso sandbox"))
            {
                continue;
            }

            ((SandboxProcess)sandbox.Process).Dispose();
            if (sandbox.PreviousEnvironment is { } previous)
            {
                SandboxEnvironment.Restore(previous);
                sandbox.PreviousEnvironment = null;
            }

            SandboxRegistry.Remove(sandbox);
            if (Remove)
            {
                Directory.Delete(sandbox.Directory, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}
