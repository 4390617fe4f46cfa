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
            var session = ResolveSession(Context, ProfileName, Region, Runspace.DefaultRunspace, out var source);
            WriteDebug($"EksSso context: {source}");
            WriteDebug($"EksSso credentials from {session.CredentialSource}; region {session.Region} from {session.RegionSource}");
            return session;
        }
        catch (Exception e) when (e is AwsConfigurationException or AwsCredentialsException)
        {
            ThrowTerminating(e, (object?)ProfileName ?? Region);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>The one resolution order (cmdlets and argument completers): context, profile/region, scope, environment.</summary>
    internal static AwsSession ResolveSession(EksSsoContext? context, string? profileName, string? region, Runspace? runspace, out string source)
    {
        if (context is not null)
        {
            source = $"-Context '{context.Name}'";
            return region is null ? context.Session : context.Session.WithRegion(region, "-Region");
        }

        if (profileName is not null)
        {
            source = $"-ProfileName '{profileName}'";
            return AwsSessionFactory.Create(profileName, region);
        }

        if (ContextScopes.Innermost(runspace) is { } scope)
        {
            source = $"Use-EksSsoContext scope '{scope.Name}'";
            return region is null ? scope.Session : scope.Session.WithRegion(region, "-Region");
        }

        source = "environment and default profile";
        return AwsSessionFactory.Create(null, region);
    }
}
