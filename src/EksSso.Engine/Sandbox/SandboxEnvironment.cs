using EksSso.Engine.Aws;
using System.Text;

namespace EksSso.Engine.Sandbox;

/// <summary>
/// While a sandbox is in use, the process environment points every AWS and Kubernetes tool (the module, aws,
/// kubectl) at the sandbox and at files under its directory, so nothing touches the real ~/.aws or ~/.kube and no
/// real credential is sent to it. <see cref="Restore"/> puts back exactly what was there.
/// </summary>
public static class SandboxEnvironment
{
    public const string DirectoryVariable = "EKSSSO_SANDBOX_DIRECTORY";

    public const string WaiterDelayScaleVariable = "EKSSSO_WAITER_DELAY_SCALE";

    private static readonly string[] s_cleared =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_DEFAULT_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    ];

    /// <summary>
    /// Points the environment at the sandbox; returns what it replaced. <paramref name="browserCommand"/>, when given,
    /// becomes BROWSER: sign-ins (Connect-EksSso, aws sso login) are then approved by the sandbox's stand-in browser.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Apply(SandboxInfo info, string directory, string? browserCommand = null)
    {
        var awsDirectory = Path.Combine(directory, "aws");
        var kubeDirectory = Path.Combine(directory, "kube");
        Directory.CreateDirectory(Path.Combine(awsDirectory, "sso", "cache"));
        Directory.CreateDirectory(kubeDirectory);
        var config = Path.Combine(awsDirectory, "config");
        var credentials = Path.Combine(awsDirectory, "credentials");
        if (!File.Exists(config))
        {
            WritePrivate(config, $"[default]\nregion = {info.Region}\n");
        }

        // The admin's sandbox keys as the default profile: the SDK chain, the AWS CLI and kubectl's exec plugin find them.
        WritePrivate(credentials, $"[default]\naws_access_key_id = {info.AccessKeyId}\naws_secret_access_key = {info.SecretAccessKey}\n");

        var set = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["KUBECONFIG"] = Path.Combine(kubeDirectory, "config"),
            ["AWS_ENDPOINT_URL"] = info.Endpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_REGION"] = info.Region,
            [DirectoryVariable] = directory,
            // IAM Identity Center tokens for the sandbox's start URL stay in the sandbox, away from the real
            // ~/.aws/sso/cache (an sso-session of the same name would otherwise overwrite a real token). A child AWS
            // CLI finds them when its HOME is a directory whose .aws/sso/cache is this one.
            [Sso.SsoTokenCache.DirectoryVariable] = Path.Combine(awsDirectory, "sso", "cache"),
            // Waiters poll at the sandbox's simulated pace: a 5 s delay becomes 5 simulated seconds.
            [WaiterDelayScaleVariable] = info.TimeScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var name in s_cleared)
        {
            set[name] = null;
        }

        if (browserCommand is not null)
        {
            set["BROWSER"] = browserCommand;
        }

        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string name && name.StartsWith("AWS_ENDPOINT_URL_", StringComparison.Ordinal))
            {
                set[name] = null;
            }
        }

        var previous = set.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        foreach (var (name, value) in set)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        AwsWaiter.DelayScale = info.TimeScale;
        return previous;
    }

    public static void Restore(IReadOnlyDictionary<string, string?> previous)
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        AwsWaiter.DelayScale = AwsWaiter.ParseScale(Environment.GetEnvironmentVariable(WaiterDelayScaleVariable));
    }

    /// <summary>Files that hold secrets are created owner-only (0600) before anything is written to them.</summary>
    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an existing file keeps its mode unless set.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
