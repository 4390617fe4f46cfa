using EksSso.Engine.Aws;

namespace EksSso;

/// <summary>
/// Credentials and region that EksSso cmdlets run under. Holds the credential provider, never a secret in a
/// property; passing one with -Context uses it for that command only.
/// </summary>
public sealed class EksSsoContext
{
    // Typed as object so that loading this type (PowerShell does, for -Context) does not load the engine.
    private readonly object _session;

    internal EksSsoContext(AwsSession session, string name)
    {
        _session = session;
        Name = name;
    }

    /// <summary>What this context is (profile name, role ARN, "environment").</summary>
    public string Name { get; }

    public string? ProfileName => Session.ProfileName;

    public string Region => Session.Region;

    /// <summary>Where the credentials come from, e.g. "profile 'dev'" or "environment variables".</summary>
    public string CredentialSource => Session.CredentialSource;

    public string RegionSource => Session.RegionSource;

    internal AwsSession Session => (AwsSession)_session;

    public override string ToString() => $"{Name} ({Region})";
}
