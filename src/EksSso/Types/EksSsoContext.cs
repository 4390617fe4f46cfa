using EksSso.Engine.Aws;
using EksSso.Engine.Contexts;

namespace EksSso;

/// <summary>
/// Credentials and region that EksSso cmdlets run under. Holds the credential provider, never a secret in a
/// property; passing one with -Context uses it for that command only.
/// </summary>
public sealed class EksSsoContext
{
    // Typed as object so that loading this type (PowerShell does, for -Context) does not load the engine.
    private readonly object _session;

    internal EksSsoContext(AwsSession session, string name, string kind = "Profile", string? identityArn = null)
    {
        _session = session;
        Name = name;
        Kind = kind;
        IdentityArn = identityArn;
    }

    /// <summary>What this context is (profile name, role ARN, "environment").</summary>
    public string Name { get; }

    /// <summary>Environment, Profile, AssumedRole, WebIdentity or Sandbox.</summary>
    public string Kind { get; }

    /// <summary>Who the credentials are (the STS ARN, for a role the assumed-role session); known once used by a scope.</summary>
    public string? IdentityArn { get; }

    public string? AccountId => AwsArn.TryParse(IdentityArn, out var arn) ? arn.AccountId : null;

    public string? ProfileName => Session.ProfileName;

    public string Region => Session.Region;

    /// <summary>Where the credentials come from, e.g. "profile 'dev'" or "environment variables".</summary>
    public string CredentialSource => Session.CredentialSource;

    public string RegionSource => Session.RegionSource;

    /// <summary>When the current temporary credentials expire (they are renewed before); null for long-term keys.</summary>
    public DateTimeOffset? Expiration => RoleCredentials.ExpirationOf(Session);

    /// <summary>0 for the innermost Use-EksSsoContext scope, 1 for the one around it, …; -1 when not in the stack.</summary>
    public int Depth { get; internal set; } = -1;

    /// <summary>True while this scope mirrors its credentials into AWS_ACCESS_KEY_ID etc. for child processes.</summary>
    public bool SetsEnvironment { get; internal set; }

    internal AwsSession Session => (AwsSession)_session;

    // The scope's environment and refresh timer (State/ContextScope), while it is on the stack.
    internal IDisposable? Scope { get; set; }

    public override string ToString() => $"{Name} ({Region})";
}
