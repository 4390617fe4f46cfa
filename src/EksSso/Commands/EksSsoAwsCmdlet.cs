using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.State;

namespace EksSso.Commands;

/// <summary>
/// Base of every AWS-facing cmdlet: -ProfileName, -Region and -Context, resolved in this fixed order:
/// (1) -Context; (2) -ProfileName and/or -Region (a -Region alone only overrides the region); (3) the innermost
/// Use-EksSsoContext scope of this runspace; (4) the environment and default profile through AWSSDK.Core's chain.
/// </summary>
public abstract class EksSsoAwsCmdlet : EksSsoCmdlet
{
    // Typed as object: a field of an engine type would make PowerShell's cmdlet discovery load the engine
    // before the module initializer has pointed the engine at its own load context.
    private object? _transport;

    [Parameter]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    [Parameter]
    [ValidateNotNull]
    public EksSsoContext? Context { get; set; }

    /// <summary>The transport for this invocation: resolved once, reused for every call the command makes.</summary>
    protected AwsTransport Transport => (AwsTransport)(_transport ??= new AwsTransport(ResolveSession(), CreateCallObserver()));

    protected AwsSession Session => Transport.Session;

    private AwsSession ResolveSession()
    {
        if (Context is not null && ProfileName is not null)
        {
            ThrowTerminating("ContextAndProfile", ErrorCategory.InvalidArgument, "Pass either -Context or -ProfileName, not both.", ProfileName);
        }

        try
        {
            AwsSession session;
            if (Context is not null)
            {
                session = Region is null ? Context.Session : Context.Session.WithRegion(Region, "-Region");
                WriteDebug($"EksSso context: -Context '{Context.Name}'");
            }
            else if (ProfileName is not null)
            {
                session = AwsSessionFactory.Create(ProfileName, Region);
                WriteDebug($"EksSso context: -ProfileName '{ProfileName}'");
            }
            else if (ContextScopes.Innermost(Runspace.DefaultRunspace) is { } scope)
            {
                session = Region is null ? scope.Session : scope.Session.WithRegion(Region, "-Region");
                WriteDebug($"EksSso context: Use-EksSsoContext scope '{scope.Name}'");
            }
            else
            {
                session = AwsSessionFactory.Create(null, Region);
                WriteDebug("EksSso context: environment and default profile");
            }

            WriteDebug($"EksSso credentials from {session.CredentialSource}; region {session.Region} from {session.RegionSource}");
            return session;
        }
        catch (Exception e) when (e is AwsConfigurationException or AwsCredentialsException)
        {
            ThrowTerminating(e, (object?)ProfileName ?? Region);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }
}
