using Amazon.Runtime;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Sso;

/// <summary>
/// Role credentials of an SSO profile (<c>sso_account_id</c>, <c>sso_role_name</c>) from the AWS access portal's
/// GetRoleCredentials, with the access token from the CLI-compatible token cache (renewed with its refresh token
/// when it nears expiry). Refreshed five minutes before the role credentials expire. A missing or expired token
/// fails with <c>SsoLoginRequired</c>, naming the Connect-EksSso command that fixes it.
/// </summary>
public sealed class SsoRoleCredentials : RefreshingAWSCredentials
{
    private readonly SsoConfig _sso;
    private readonly AwsConfigFile _config;
    private readonly SsoTokenCache _cache;

    public SsoRoleCredentials(SsoConfig sso, AwsConfigFile config, SsoTokenCache? cache = null)
    {
        if (sso.AccountId is null || sso.RoleName is null)
        {
            var missing = string.Join(" and ", new[] { sso.AccountId is null ? "sso_account_id" : null, sso.RoleName is null ? "sso_role_name" : null }.OfType<string>());
            throw new AwsConfigurationException(
                $"The AWS profile '{sso.ProfileName}' signs in to IAM Identity Center but has no {missing}, so it names no role to get credentials for.",
                "InvalidSsoProfile");
        }

        _sso = sso;
        _config = config;
        _cache = cache ?? SsoTokenCache.Default;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>For debug output: where the credentials come from, never a secret.</summary>
    public string Description => $"IAM Identity Center role {_sso.RoleName} in account {_sso.AccountId} ({_sso.DisplayName}, token cache {_cache.PathFor(_sso)})";

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        Task.Run(() => GenerateNewCredentialsAsync()).GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var transport = SsoTransport.Create(_sso, _config);
        var login = new SsoLogin(_sso, _cache, new SsoOidcClient(transport));
        var token = await login.GetTokenAsync(CancellationToken.None).ConfigureAwait(false);
        Amazon.SSO.Model.GetRoleCredentialsResponse response;
        try
        {
            response = await new SsoPortalClient(transport).GetRoleCredentialsAsync(token.AccessToken, _sso.AccountId!, _sso.RoleName!, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "UnauthorizedException" || e.StatusCode == 401)
        {
            throw login.LoginRequired($"IAM Identity Center no longer accepts the cached token for {_sso.DisplayName} (signed out or revoked)");
        }

        var role = response.RoleCredentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(role.AccessKeyId, role.SecretAccessKey, role.SessionToken),
            DateTimeOffset.FromUnixTimeMilliseconds(role.Expiration ?? 0).UtcDateTime);
    }

    public override string ToString() => Description;
}

/// <summary>Sign-out: the portal's Logout for the cached token, then the cached token file goes.</summary>
public static class SsoLogout
{
    /// <summary>(had a token, the service accepted the logout). A token the service no longer knows is still deleted.</summary>
    public static async Task<(bool HadToken, bool LoggedOut)> LogoutAsync(SsoConfig sso, SsoTokenCache cache, SsoPortalClient portal, CancellationToken cancellationToken)
    {
        var token = cache.Read(sso);
        if (token is null)
        {
            return (false, false);
        }

        var loggedOut = false;
        if (!token.IsExpired(DateTimeOffset.UtcNow))
        {
            try
            {
                await portal.LogoutAsync(token.AccessToken, cancellationToken).ConfigureAwait(false);
                loggedOut = true;
            }
            catch (AwsServiceException e) when (e.ErrorCode is "UnauthorizedException" || e.StatusCode == 401)
            {
                // Already signed out or revoked: nothing left to end on the service side.
            }
        }

        cache.Delete(sso);
        return (true, loggedOut);
    }
}
