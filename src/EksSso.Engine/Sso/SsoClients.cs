using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSO.Model;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Sso;

/// <summary>
/// The transport for the unsigned IAM Identity Center APIs (SSO OIDC and the access portal): the sso-session's
/// region, the endpoint the environment and the profile configure (AWS_ENDPOINT_URL reaches a sandbox), no keys.
/// </summary>
public static class SsoTransport
{
    public static AwsTransport Create(SsoConfig sso, AwsConfigFile config, IAwsCallObserver? observer = null) =>
        new(new AwsSession(new AnonymousAWSCredentials(), sso.SsoRegion, "none (IAM Identity Center sign-in is unsigned)", "sso_region", sso.ProfileName, config), observer);
}

/// <summary>SSO OIDC through AWSSDK.SSOOIDC, with our endpoint, retry and call log.</summary>
public sealed class SsoOidcClient
{
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
    public const string AuthorizationCodeGrant = "authorization_code";
    public const string RefreshTokenGrant = "refresh_token";

    private readonly AwsTransport _transport;
    private readonly Lazy<AmazonSSOOIDCClient> _client;

    public SsoOidcClient(AwsTransport transport)
    {
        _transport = transport;
        _client = new Lazy<AmazonSSOOIDCClient>(() => new AmazonSSOOIDCClient(
            new AnonymousAWSCredentials(), AwsSdkClientConfig.For<AmazonSSOOIDCConfig>(transport, AwsServiceInfo.SsoOidc)));
    }

    /// <summary>The OIDC endpoint (the authorize page of the authorization code flow is under it).</summary>
    public Uri Endpoint => _transport.Session.ResolveEndpoint(AwsServiceInfo.SsoOidc).Url;

    public Task<RegisterClientResponse> RegisterClientAsync(RegisterClientRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.SsoOidc, "RegisterClient", ct => _client.Value.RegisterClientAsync(request, ct), cancellationToken);

    public Task<StartDeviceAuthorizationResponse> StartDeviceAuthorizationAsync(StartDeviceAuthorizationRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.SsoOidc, "StartDeviceAuthorization", ct => _client.Value.StartDeviceAuthorizationAsync(request, ct), cancellationToken);

    public Task<CreateTokenResponse> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.SsoOidc, "CreateToken", ct => _client.Value.CreateTokenAsync(request, ct), cancellationToken);
}

/// <summary>The AWS access portal through AWSSDK.SSO: role credentials for a token, and sign-out.</summary>
public sealed class SsoPortalClient
{
    private readonly AwsTransport _transport;
    private readonly Lazy<AmazonSSOClient> _client;

    public SsoPortalClient(AwsTransport transport)
    {
        _transport = transport;
        _client = new Lazy<AmazonSSOClient>(() => new AmazonSSOClient(
            new AnonymousAWSCredentials(), AwsSdkClientConfig.For<AmazonSSOConfig>(transport, AwsServiceInfo.SsoPortal)));
    }

    public Task<GetRoleCredentialsResponse> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.SsoPortal, "GetRoleCredentials", ct => _client.Value.GetRoleCredentialsAsync(
            new GetRoleCredentialsRequest { AccessToken = accessToken, AccountId = accountId, RoleName = roleName }, ct), cancellationToken);

    public Task<LogoutResponse> LogoutAsync(string accessToken, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.SsoPortal, "Logout", ct => _client.Value.LogoutAsync(new LogoutRequest { AccessToken = accessToken }, ct), cancellationToken);
}

/// <summary>PKCE (RFC 7636) with the S256 method, the only one IAM Identity Center accepts.</summary>
public static class Pkce
{
    /// <summary>A verifier of 64 unreserved characters (RFC 7636 §4.1 allows 43 to 128).</summary>
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(48));

    /// <summary>BASE64URL(SHA256(ASCII(verifier))) without padding.</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An unguessable state value that ties the redirect to this sign-in.</summary>
    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(24));

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
