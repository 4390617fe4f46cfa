using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Sso;

namespace EksSso.Commands.Login;

/// <summary>
/// What Connect-EksSso and Disconnect-EksSso share: an SSO profile (-ProfileName) or an sso-session (-SessionName)
/// read from the shared config file, and the CLI-compatible token cache.
/// </summary>
public abstract class EksSsoLoginCmdlet : EksSsoCmdlet
{
    protected const string ProfileSet = "Profile";
    protected const string SessionSet = "Session";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileSet)]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ArgumentCompleter(typeof(SsoSessionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? SessionName { get; set; }

    protected override object? ErrorTarget => (object?)ProfileName ?? SessionName;

    /// <summary>The sso-session or legacy profile; a profile that is not an SSO profile stops the command.</summary>
    private protected (SsoConfig Sso, AwsConfigFile Config) ResolveSso()
    {
        var config = AwsConfigFile.Load();
        try
        {
            var sso = ProfileName is not null ? SsoConfig.FromProfile(config, ProfileName) : SsoConfig.FromSession(config, SessionName!);
            WriteDebug($"EksSso sign-in: {sso.DisplayName}, start URL {sso.StartUrl}, region {sso.SsoRegion}; token cache {SsoTokenCache.Default.PathFor(sso)}");
            return (sso, config);
        }
        catch (AwsConfigurationException e)
        {
            ThrowTerminating(e, ErrorTarget);
            throw; // not reached
        }
    }
}

/// <summary>Tab completion of the [sso-session NAME] sections of the shared config file.</summary>
public sealed class SsoSessionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
    {
        try
        {
            return AwsConfigFile.Load().Sections
                .Where(s => s.Kind == "sso-session" && s.Name.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
                .Select(s => new CompletionResult(s.Name, s.Name, CompletionResultType.ParameterValue, s.Name))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
