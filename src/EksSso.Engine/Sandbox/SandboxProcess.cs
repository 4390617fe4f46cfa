using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EksSso.Engine.Sandbox;

public sealed record SandboxStartOptions(int Port, double? TimeScale, string StateDirectory, bool NoIdentityCenter, string? HomeRegion);

/// <summary>What the sandbox process announced on its first stdout line.</summary>
public sealed record SandboxInfo(
    Uri Endpoint,
    string Region,
    string ManagementAccountId,
    string AccessKeyId,
    string SecretAccessKey,
    string StateDirectory,
    int ProcessId,
    double TimeScale = 1.0);

/// <summary>Starts and stops the sandbox server (src/EksSso.Sandbox) as a child process.</summary>
public sealed class SandboxProcess : IDisposable
{
    private readonly Process _process;

    private SandboxProcess(Process process, SandboxInfo info, string serverPath)
    {
        _process = process;
        Info = info;
        ServerPath = serverPath;
    }

    /// <summary>The sandbox server assembly this process runs.</summary>
    public string ServerPath { get; }

    /// <summary>
    /// The BROWSER command that signs in as <paramref name="userName"/> at this sandbox: the server's <c>browse</c>
    /// mode (see the sandbox's SandboxBrowser), quoted for both our launcher and Python's webbrowser (the AWS CLI).
    /// Both split BROWSER at the path separator, so the sandbox is named by its port, never by a URL with a colon.
    /// </summary>
    public string BrowserCommand(string userName) =>
        $"\"{DotnetHost()}\" \"{ServerPath}\" browse --user {userName} --port {Info.Endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    public SandboxInfo Info { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The sandbox shipped with the module: Sandbox/ beside Dependencies/, or EKSSSO_SANDBOX_PATH.</summary>
    public static string DefaultServerPath =>
        Environment.GetEnvironmentVariable("EKSSSO_SANDBOX_PATH") is { Length: > 0 } p
            ? p
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(SandboxProcess).Assembly.Location)!, "..", "Sandbox", "EksSso.Sandbox.dll"));

    public static async Task<SandboxProcess> StartAsync(SandboxStartOptions options, CancellationToken cancellationToken, string? serverPath = null)
    {
        serverPath ??= DefaultServerPath;
        if (!File.Exists(serverPath))
        {
            throw new FileNotFoundException($"The sandbox server was not found at {serverPath}; build the module with 'dotnet pwsh ./build.ps1 Build'.", serverPath);
        }

        var start = new ProcessStartInfo(DotnetHost(), [serverPath, "--port", options.Port.ToString(CultureInfo.InvariantCulture), "--state-dir", options.StateDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (options.TimeScale is { } scale)
        {
            start.ArgumentList.Add("--time-scale");
            start.ArgumentList.Add(scale.ToString(CultureInfo.InvariantCulture));
        }

        if (options.NoIdentityCenter)
        {
            start.ArgumentList.Add("--no-identity-center");
        }

        if (options.HomeRegion is { } region)
        {
            start.ArgumentList.Add("--home-region");
            start.ArgumentList.Add(region);
        }

        // The sandbox must never see real AWS credentials or endpoints of the parent.
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL" })
        {
            start.Environment.Remove(name);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (line is null)
            {
                var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"The sandbox exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)}): {error.Trim()}");
            }

            // Keep draining both streams so a chatty sandbox never blocks on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            return new SandboxProcess(process, Parse(line), serverPath);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    public static SandboxInfo Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        return new SandboxInfo(
            new Uri(root.GetProperty("endpoint").GetString()!),
            root.GetProperty("region").GetString()!,
            root.GetProperty("managementAccountId").GetString()!,
            root.GetProperty("accessKeyId").GetString()!,
            root.GetProperty("secretAccessKey").GetString()!,
            root.GetProperty("stateDirectory").GetString() ?? "",
            root.GetProperty("processId").GetInt32(),
            root.TryGetProperty("timeScale", out var scale) ? scale.GetDouble() : 1.0);
    }

    public void Stop()
    {
        Kill(_process);
        _process.WaitForExit(10000);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The dotnet host running this process (PowerShell runs on it), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

        // The shared framework lives at <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var root in new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), runtimeRoot })
        {
            if (root is not null && File.Exists(Path.Combine(root, exe)))
            {
                return Path.Combine(root, exe);
            }
        }

        return "dotnet";
    }
}
