using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using EksSso.Engine.Contexts;
using EksSso.Engine.Identity;
using EksSso.State;

namespace EksSso.Commands.Contexts;

/// <summary>
/// Makes a context (a profile, an assumed role, a role in a member account, or web identity federation) the
/// ambient one for every EksSso cmdlet: for the script block, or — without one — until Use-EksSsoContext -Pop.
/// Nested scopes chain: the inner role is assumed with the outer scope's credentials. Role credentials renew
/// themselves before they expire; child processes see the context through AWS_* environment variables.
/// </summary>
[Cmdlet(VerbsOther.Use, "EksSsoContext", DefaultParameterSetName = ProfileSet)]
[OutputType(typeof(EksSsoContext))]
public sealed partial class UseEksSsoContextCommand : EksSsoAwsCmdlet
{
    private const string ProfileSet = "Profile";
    private const string RoleSet = "Role";
    private const string AccountSet = "Account";
    private const string WebIdentityTokenSet = "WebIdentityToken";
    private const string WebIdentityFileSet = "WebIdentityTokenFile";
    private const string PopSet = "Pop";

    /// <summary>Runs with the context; the scope ends when it ends (success, error or Ctrl+C).</summary>
    [Parameter(Position = 0, ParameterSetName = ProfileSet)]
    [Parameter(Position = 0, ParameterSetName = RoleSet)]
    [Parameter(Position = 0, ParameterSetName = AccountSet)]
    [Parameter(Position = 0, ParameterSetName = WebIdentityTokenSet)]
    [Parameter(Position = 0, ParameterSetName = WebIdentityFileSet)]
    public ScriptBlock? ScriptBlock { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = WebIdentityTokenSet)]
    [Parameter(Mandatory = true, ParameterSetName = WebIdentityFileSet)]
    public string? RoleArn { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    public string? AccountId { get; set; }

    /// <summary>The role to assume in -AccountId (the one AWS Organizations creates in new accounts by default).</summary>
    [Parameter(ParameterSetName = AccountSet)]
    public string RoleName { get; set; } = "OrganizationAccountAccessRole";

    [Parameter(ParameterSetName = RoleSet)]
    [Parameter(ParameterSetName = AccountSet)]
    [Parameter(ParameterSetName = WebIdentityTokenSet)]
    [Parameter(ParameterSetName = WebIdentityFileSet)]
    public string? SessionName { get; set; }

    [Parameter(ParameterSetName = RoleSet)]
    [Parameter(ParameterSetName = AccountSet)]
    public string? ExternalId { get; set; }

    [Parameter(ParameterSetName = RoleSet)]
    [Parameter(ParameterSetName = AccountSet)]
    [Parameter(ParameterSetName = WebIdentityTokenSet)]
    [Parameter(ParameterSetName = WebIdentityFileSet)]
    [ValidateRange(900, 43200)]
    public int? DurationSeconds { get; set; }

    /// <summary>An OIDC token (GitHub Actions, Azure DevOps, …) to exchange with AssumeRoleWithWebIdentity.</summary>
    [Parameter(Mandatory = true, ParameterSetName = WebIdentityTokenSet)]
    public string? WebIdentityToken { get; set; }

    /// <summary>A file holding the OIDC token; read again at every renewal, so a runner that rotates it keeps working.</summary>
    [Parameter(Mandatory = true, ParameterSetName = WebIdentityFileSet)]
    public string? WebIdentityTokenFile { get; set; }

    /// <summary>Leave the process environment alone (no AWS_ACCESS_KEY_ID … for child processes).</summary>
    [Parameter(ParameterSetName = ProfileSet)]
    [Parameter(ParameterSetName = RoleSet)]
    [Parameter(ParameterSetName = AccountSet)]
    [Parameter(ParameterSetName = WebIdentityTokenSet)]
    [Parameter(ParameterSetName = WebIdentityFileSet)]
    public SwitchParameter NoEnvironment { get; set; }

    /// <summary>Without -ScriptBlock: also write the context that is now in use.</summary>
    [Parameter(ParameterSetName = ProfileSet)]
    [Parameter(ParameterSetName = RoleSet)]
    [Parameter(ParameterSetName = AccountSet)]
    [Parameter(ParameterSetName = WebIdentityTokenSet)]
    [Parameter(ParameterSetName = WebIdentityFileSet)]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Ends the innermost scope entered without a script block, restoring what was before.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PopSet)]
    public SwitchParameter Pop { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var runspace = Runspace.DefaultRunspace;
        if (Pop)
        {
            PopScope(runspace);
            return;
        }

        EksSsoContext context;
        try
        {
            context = await CreateContextAsync();
        }
        catch (Exception e) when (EksSsoErrors.IsEngineFailure(e))
        {
            // Terminating: a script must not go on under the previous identity when the new one cannot be had.
            ThrowTerminating(e, (object?)RoleArn ?? AccountId ?? ProfileName);
            return;
        }

        if (!NoEnvironment)
        {
            context.Scope = await EnvironmentMirror.StartAsync(context.Session);
            context.SetsEnvironment = true;
        }

        ContextScopes.Push(runspace, context);
        WriteVerbose($"Context '{context.Name}' ({context.IdentityArn}, {context.Region}) is in use{(ScriptBlock is null ? " until Use-EksSsoContext -Pop" : " for the script block")}.");
        if (ScriptBlock is null)
        {
            if (PassThru)
            {
                WriteObject(Describe(context, 0));
            }

            return;
        }

        try
        {
            RunScriptBlock();
        }
        finally
        {
            EndScope(runspace, context);
        }
    }

    /// <summary>
    /// Runs the block as `& $block` in a steppable pipeline bound to this cmdlet, so its output, errors, warnings and
    /// progress stream through as they happen (not collected until it ends), and a terminating error or Ctrl+C
    /// propagates after the scope's finally block.
    /// </summary>
    private void RunScriptBlock()
    {
        var runner = ScriptBlock.Create("param($EksSsoScopeBlock) & $EksSsoScopeBlock");
        var steppable = runner.GetSteppablePipeline(CommandOrigin.Internal, [ScriptBlock!]);
        steppable.Begin(this);
        foreach (var item in steppable.End())
        {
            WriteObject(item);
        }
    }

    private async Task<EksSsoContext> CreateContextAsync()
    {
        var sessionName = SessionName ?? DefaultSessionName();
        if (!SessionNamePattern().IsMatch(sessionName))
        {
            throw new EksSsoException("InvalidSessionName", AwsErrorKind.Validation, $"'{sessionName}' is not a valid role session name: 2 to 64 characters of letters, digits and +=,.@-_.");
        }

        switch (ParameterSetName)
        {
            case RoleSet:
            case AccountSet:
                {
                    var roleArn = RoleArnToAssume();
                    var (session, assumed) = await RoleCredentials.StartAsync(Session, roleArn, sessionName, ExternalId, DurationSeconds);
                    return new EksSsoContext(session, roleArn, "AssumedRole", assumed);
                }

            case WebIdentityTokenSet:
            case WebIdentityFileSet:
                {
                    var roleArn = ValidRoleArn(RoleArn!);
                    var anonymous = AwsSessionFactory.CreateAnonymous(ProfileName, Region);
                    var (session, assumed) = await RoleCredentials.StartWithWebIdentityAsync(anonymous, roleArn, sessionName, WebIdentityTokenSource(), DurationSeconds);
                    return new EksSsoContext(session, roleArn, "WebIdentity", assumed);
                }

            default:
                {
                    var session = Session;
                    var identity = await CallerIdentityService.GetAsync(Transport, CancellationToken, resolveRole: false);
                    var name = ProfileName ?? Context?.Name ?? ContextScopes.Innermost(Runspace.DefaultRunspace)?.Name ?? "environment";
                    return new EksSsoContext(session, name, ProfileName is null ? "Environment" : "Profile", identity.Arn);
                }
        }
    }

    private string RoleArnToAssume()
    {
        if (ParameterSetName == RoleSet)
        {
            return ValidRoleArn(RoleArn!);
        }

        if (!AccountIdPattern().IsMatch(AccountId!))
        {
            throw new EksSsoException("InvalidAccountId", AwsErrorKind.Validation, $"'{AccountId}' is not an AWS account ID (12 digits).");
        }

        if (!RoleNamePattern().IsMatch(RoleName))
        {
            throw new EksSsoException("InvalidRoleName", AwsErrorKind.Validation, $"'{RoleName}' is not a valid IAM role name.");
        }

        return $"arn:{AwsPartition.ForRegion(Session.Region).Name}:iam::{AccountId}:role/{RoleName}";
    }

    private static string ValidRoleArn(string text) =>
        AwsArn.TryParse(text, out var arn) && arn.Service == "iam" && arn.ResourceType == "role" && arn.AccountId.Length == 12
            ? text
            : throw new EksSsoException("InvalidRoleArn", AwsErrorKind.Validation, $"'{text}' is not an IAM role ARN (arn:aws:iam::111122223333:role/Name).");

    private Func<string> WebIdentityTokenSource()
    {
        if (WebIdentityToken is { } token)
        {
            return () => token;
        }

        var path = GetUnresolvedProviderPathFromPSPath(WebIdentityTokenFile!);
        if (!File.Exists(path))
        {
            throw new EksSsoException("WebIdentityTokenFileNotFound", AwsErrorKind.NotFound, $"The web identity token file '{path}' does not exist.");
        }

        return () => File.ReadAllText(path).Trim();
    }

    private static string DefaultSessionName()
    {
        var user = SessionNameInvalidCharacters().Replace(Environment.UserName, "");
        var name = $"EksSso-{user}";
        return name.Length > 64 ? name[..64] : name;
    }

    private void PopScope(Runspace runspace)
    {
        var innermost = ContextScopes.Innermost(runspace);
        if (innermost is null)
        {
            WriteError(new ErrorRecord(new InvalidOperationException("No Use-EksSsoContext scope is in use."), "NoContextScope", ErrorCategory.InvalidOperation, null));
            return;
        }

        EndScope(runspace, innermost);
        WriteVerbose($"Context '{innermost.Name}' is no longer in use.");
    }

    private static void EndScope(Runspace runspace, EksSsoContext context)
    {
        if (ReferenceEquals(ContextScopes.Innermost(runspace), context))
        {
            ContextScopes.Pop(runspace);
        }

        context.Scope?.Dispose();
        context.Scope = null;
        context.SetsEnvironment = false;
    }

    internal static EksSsoContext Describe(EksSsoContext context, int depth)
    {
        context.Depth = depth;
        return context;
    }

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"[^\w+=,.@-]", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNameInvalidCharacters();

    [GeneratedRegex(@"^\d{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleNamePattern();
}
