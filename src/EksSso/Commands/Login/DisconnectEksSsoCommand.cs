using System.Management.Automation;
using EksSso.Engine.Sso;

namespace EksSso.Commands.Login;

/// <summary>
/// Signs out of IAM Identity Center: the access portal's Logout for the cached token (which ends the sign-in for
/// every tool sharing it, the AWS CLI included), then the cached token file is deleted.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "EksSso", DefaultParameterSetName = ProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisconnectEksSsoCommand : EksSsoLoginCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var (sso, config) = ResolveSso();
        var cache = SsoTokenCache.Default;
        var path = cache.PathFor(sso);
        if (!File.Exists(path))
        {
            WriteWarning($"Not signed in to {sso.DisplayName}: there is no cached token ({path}).");
            return;
        }

        if (!ShouldProcess($"{sso.DisplayName} ({sso.StartUrl})", $"Sign out of IAM Identity Center and delete the cached token {path}"))
        {
            return;
        }

        var portal = new SsoPortalClient(SsoTransport.Create(sso, config, CreateCallObserver()));
        var (_, loggedOut) = await SsoLogout.LogoutAsync(sso, cache, portal, CancellationToken);
        WriteVerbose(loggedOut
            ? $"Signed out of {sso.DisplayName} and deleted {path}."
            : $"The token for {sso.DisplayName} was already expired or revoked; deleted {path}.");
    }
}
