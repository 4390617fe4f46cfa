using System.Management.Automation;
using EksSso.Engine.Sso;

namespace EksSso.Commands.Login;

/// <summary>
/// Signs in to IAM Identity Center for an SSO profile or sso-session, sharing the AWS CLI v2's token cache: reuses a
/// valid cached token, renews an expired one with its refresh token, else signs in by the authorization code flow
/// with PKCE (a browser on this machine) or the device code flow. Writes which, and until when; never a token.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "EksSso", DefaultParameterSetName = ProfileSet)]
[OutputType(typeof(EksSsoLogin))]
public sealed class ConnectEksSsoCommand : EksSsoLoginCmdlet
{
    [Parameter]
    public SwitchParameter UseDeviceCode { get; set; }

    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var (sso, config) = ResolveSso();
        var login = new SsoLogin(sso, SsoTokenCache.Default, new SsoOidcClient(SsoTransport.Create(sso, config, CreateCallObserver())));
        var options = new SsoLoginOptions
        {
            UseDeviceCode = UseDeviceCode,
            NoBrowser = NoBrowser,
            Force = Force,
            InteractiveHost = IsInteractiveHost(),
        };
        var pipeline = SynchronizationContext.Current;
        void Prompt(SsoLoginPrompt prompt)
        {
            if (pipeline is null || ReferenceEquals(SynchronizationContext.Current, pipeline))
            {
                WritePrompt(prompt);
            }
            else
            {
                pipeline.Post(_ => WritePrompt(prompt), null);
            }
        }

        SsoLoginResult result;
        using (var progress = StartProgress($"Signing in to IAM Identity Center ({sso.DisplayName})"))
        {
            result = await login.ConnectAsync(options, Prompt, progress, CancellationToken);
        }

        WriteVerbose($"Signed in to {sso.DisplayName} ({result.Flow}); the token expires at {result.Token.ExpiresAt:u} and is cached in {result.CacheFile}.");
        WriteObject(new EksSsoLogin(sso.ProfileName, sso.SessionName, sso.StartUrl, sso.SsoRegion, result.Token.ExpiresAt, (EksSsoLoginFlow)(int)result.Flow, result.CacheFile));
    }

    /// <summary>The URL (and for the device code flow the code to check) goes to the host and the information stream.</summary>
    private void WritePrompt(SsoLoginPrompt prompt)
    {
        var tags = new List<string> { "PSHOST", "EksSso.Login", "EksSso.Login." + prompt.Kind };
        WriteInformation(new HostInformationMessage { Message = prompt.Message }, [.. tags]);
    }

    /// <summary>
    /// Someone can open a browser here: not a remoting session, a hosted runspace without a UI (Default Host), a
    /// non-interactive process (service), or pwsh -NonInteractive.
    /// </summary>
    private bool IsInteractiveHost()
    {
        if (Host?.Name is null or "Default Host" or "ServerRemoteHost" || Host.UI is null || !Environment.UserInteractive)
        {
            return false;
        }

        // pwsh accepts -NonInteractive abbreviated down to -noni.
        return !Environment.GetCommandLineArgs().Skip(1)
            .Select(a => a.TrimStart('-', '/').ToLowerInvariant())
            .Any(a => a.Length >= 4 && "noninteractive".StartsWith(a, StringComparison.Ordinal));
    }
}
