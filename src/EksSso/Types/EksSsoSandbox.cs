namespace EksSso;

/// <summary>A running sandbox: the local stand-in for AWS that EksSso rehearses against.</summary>
public sealed class EksSsoSandbox
{
    // Typed as object: engine types must not appear in the layout of a public type (see docs/ARCHITECTURE.md).
    private readonly object _process;

    internal EksSsoSandbox(object process, string endpoint, string region, string managementAccountId, string adminAccessKeyId, string directory, int processId, EksSsoContext adminContext, bool ownsEnvironment)
    {
        _process = process;
        Endpoint = endpoint;
        Region = region;
        ManagementAccountId = managementAccountId;
        AdminAccessKeyId = adminAccessKeyId;
        Directory = directory;
        ProcessId = processId;
        AdminContext = adminContext;
        OwnsEnvironment = ownsEnvironment;
    }

    public string Endpoint { get; }

    public string Region { get; }

    public string ManagementAccountId { get; }

    /// <summary>The bootstrapped administrator's access key id (the secret stays in the sandbox's 0600 credentials file).</summary>
    public string AdminAccessKeyId { get; }

    /// <summary>Where the sandbox keeps its state and where AWS config, SSO cache and kubeconfig go while it runs.</summary>
    public string Directory { get; }

    public int ProcessId { get; }

    /// <summary>The management account's administrator, for -Context or Use-EksSsoContext.</summary>
    public EksSsoContext AdminContext { get; }

    /// <summary>Whether this sandbox pointed the process environment at itself (undone by Stop-EksSsoSandbox).</summary>
    public bool OwnsEnvironment { get; }

    /// <summary>The Identity Center user the sandbox's stand-in browser signs in as (-SignInAs), or null.</summary>
    public string? SignInAs { get; init; }

    /// <summary>The BROWSER command of that stand-in browser (set in the environment when the sandbox owns it), or null.</summary>
    public string? BrowserCommand { get; init; }

    internal object Process => _process;

    internal IReadOnlyDictionary<string, string?>? PreviousEnvironment { get; set; }

    public override string ToString() => Endpoint;
}
