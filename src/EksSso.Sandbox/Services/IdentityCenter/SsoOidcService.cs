using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// SSO OIDC (unsigned): client registration, the device authorization grant, the authorization code grant with
/// PKCE, and refresh tokens. The browser steps AWS serves as web pages are control actions here:
/// POST /_sandbox/approve-authorization and POST /_sandbox/authorize-code.
/// </summary>
public sealed partial class SsoOidcService : ISandboxService
{
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
    public const string AuthorizationCodeGrant = "authorization_code";
    public const string RefreshTokenGrant = "refresh_token";

    /// <summary>How long access tokens live (seconds).</summary>
    public const int AccessTokenLifetime = 28800;

    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private static readonly TimeSpan s_clientSecretLifetime = TimeSpan.FromDays(90);
    private static readonly TimeSpan s_deviceCodeLifetime = TimeSpan.FromSeconds(600);
    private static readonly TimeSpan s_codeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_refreshTokenLifetime = TimeSpan.FromDays(90);
    private static readonly HashSet<string> s_grantTypes = new([DeviceCodeGrant, AuthorizationCodeGrant, RefreshTokenGrant], StringComparer.Ordinal);

    public string ModelName => "sso-oidc";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["RegisterClient"] = Handle(RegisterClient);
        handlers["StartDeviceAuthorization"] = Handle(StartDeviceAuthorization);
        handlers["CreateToken"] = Handle(CreateToken);
        host.ControlActions["approve-authorization"] = input => ApproveAuthorization(host, input);
        host.ControlActions["authorize-code"] = input => AuthorizeCode(host, input);
    }

    /// <summary>The token's Identity Store user, or null when the token is unknown, expired or logged out.</summary>
    public static string? UserOfToken(SandboxHost host, string accessToken, out IReadOnlyList<string> scopes)
    {
        var state = ServiceState.Load<OidcState>(host, OidcState.Key);
        if (state.AccessTokens.TryGetValue(ServiceState.Hash(accessToken), out var token) && token.ExpiresAt > host.Clock.Now)
        {
            scopes = token.Scopes;
            return token.UserId;
        }

        scopes = [];
        return null;
    }

    /// <summary>Invalidates an access token (portal Logout); false when it was not valid.</summary>
    public static bool Revoke(SandboxHost host, string accessToken)
    {
        var state = ServiceState.Load<OidcState>(host, OidcState.Key);
        var removed = state.AccessTokens.Remove(ServiceState.Hash(accessToken));
        ServiceState.Save(host, OidcState.Key, state);
        return removed;
    }

    /// <summary>OIDC state is saved even when the call fails: a pending poll still records when it happened.</summary>
    private static OperationHandler Handle(Func<OperationContext, OidcState, JsonObject> handler) => ctx =>
    {
        ctx.SkipAuthorization();
        var state = ServiceState.Load<OidcState>(ctx.Host, OidcState.Key);
        Prune(ctx.Host, state);
        try
        {
            return ServiceState.Compact(handler(ctx, state));
        }
        finally
        {
            ServiceState.Save(ctx.Host, OidcState.Key, state);
        }
    };

    private static JsonObject RegisterClient(OperationContext ctx, OidcState state)
    {
        if (ctx.RequiredString("clientType") != "public")
        {
            throw Error("InvalidClientMetadataException", "Invalid client type: only public clients can be registered.");
        }

        var scopes = ctx.Strings("scopes").ToList();
        if (scopes.FirstOrDefault(s => !ScopePattern().IsMatch(s)) is { } badScope)
        {
            throw Error("InvalidScopeException", $"Invalid scope requested: {badScope}");
        }

        var grantTypes = ctx.Strings("grantTypes").ToList();
        if (grantTypes.FirstOrDefault(g => !s_grantTypes.Contains(g)) is { } badGrant)
        {
            throw Error("UnsupportedGrantTypeException", $"Unsupported grant type: {badGrant}");
        }

        var redirectUris = ctx.Strings("redirectUris").ToList();
        if (redirectUris.FirstOrDefault(u => !IsValidRedirectUri(u)) is { } badUri)
        {
            throw Error("InvalidRedirectUriException", $"Invalid redirect URI: {badUri}. Public clients may redirect to http loopback addresses or https URIs.");
        }

        if (grantTypes.Contains(AuthorizationCodeGrant) && redirectUris.Count == 0)
        {
            throw Error("InvalidRedirectUriException", "A client using the authorization_code grant must register redirectUris.");
        }

        var now = ctx.Clock.Now;
        var secret = "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0." + SandboxHost.RandomAlphanumeric(340, Base64UrlAlphabet);
        var client = new OidcClient
        {
            ClientId = SandboxHost.RandomAlphanumeric(22, Base64UrlAlphabet) + Convert.ToBase64String(Encoding.UTF8.GetBytes(ctx.Region)).TrimEnd('='),
            SecretHash = ServiceState.Hash(secret),
            ClientName = ctx.RequiredString("clientName"),
            Scopes = scopes,
            GrantTypes = grantTypes,
            RedirectUris = redirectUris,
            IssuerUrl = ctx.String("issuerUrl"),
            IssuedAt = now,
            SecretExpiresAt = now + s_clientSecretLifetime,
        };
        state.Clients[client.ClientId] = client;
        return new JsonObject
        {
            ["clientId"] = client.ClientId,
            ["clientSecret"] = secret,
            ["clientIdIssuedAt"] = now.ToUnixTimeSeconds(),
            ["clientSecretExpiresAt"] = client.SecretExpiresAt.ToUnixTimeSeconds(),
        };
    }

    private static JsonObject StartDeviceAuthorization(OperationContext ctx, OidcState state)
    {
        var client = RequireClient(ctx, state);
        if (client.GrantTypes.Count > 0 && !client.GrantTypes.Contains(DeviceCodeGrant))
        {
            throw Error("UnauthorizedClientException", "The client is not registered for the device_code grant.");
        }

        var startUrl = ctx.RequiredString("startUrl");
        var center = ServiceState.Load<IdentityCenterState>(ctx.Host, IdentityCenterState.Key);
        if (center.Instance is not { } instance || !SameStartUrl(startUrl, instance.StartUrl))
        {
            throw Error("InvalidRequestException", $"Invalid start URL {startUrl}: it is not the AWS access portal URL of an IAM Identity Center instance in this region.");
        }

        var deviceCode = SandboxHost.RandomAlphanumeric(86, Base64UrlAlphabet);
        var userCode = SandboxHost.RandomAlphanumeric(4, UserCodeAlphabet) + "-" + SandboxHost.RandomAlphanumeric(4, UserCodeAlphabet);
        state.DeviceAuthorizations[ServiceState.Hash(deviceCode)] = new DeviceAuthorization
        {
            ClientId = client.ClientId,
            UserCode = userCode,
            ExpiresAt = ctx.Clock.Now + s_deviceCodeLifetime,
            IntervalSeconds = 1,
        };
        var verificationUri = $"https://device.sso.{ctx.Region}.amazonaws.com/";
        return new JsonObject
        {
            ["deviceCode"] = deviceCode,
            ["userCode"] = userCode,
            ["verificationUri"] = verificationUri,
            ["verificationUriComplete"] = $"{verificationUri}?user_code={userCode}",
            ["expiresIn"] = (int)s_deviceCodeLifetime.TotalSeconds,
            ["interval"] = 1,
        };
    }

    private static JsonObject CreateToken(OperationContext ctx, OidcState state)
    {
        var client = RequireClient(ctx, state);
        var grantType = ctx.RequiredString("grantType");
        if (!s_grantTypes.Contains(grantType))
        {
            throw Error("UnsupportedGrantTypeException", $"Unsupported grant type: {grantType}");
        }

        var registered = grantType == AuthorizationCodeGrant ? client.GrantTypes.Contains(grantType) : client.GrantTypes.Count == 0 || client.GrantTypes.Contains(grantType);
        if (!registered)
        {
            throw Error("UnauthorizedClientException", $"The client is not registered for the {grantType} grant.");
        }

        var requested = ctx.Strings("scope").ToList();
        if (requested.Count > 0 && client.Scopes.Count > 0 && requested.FirstOrDefault(s => !client.Scopes.Contains(s)) is { } extra)
        {
            throw Error("InvalidScopeException", $"Invalid scope requested: {extra} was not registered for the client.");
        }

        return grantType switch
        {
            DeviceCodeGrant => DeviceCodeToken(ctx, state, client, requested),
            AuthorizationCodeGrant => AuthorizationCodeToken(ctx, state, client),
            _ => RefreshToken(ctx, state, client),
        };
    }

    private static JsonObject DeviceCodeToken(OperationContext ctx, OidcState state, OidcClient client, List<string> requested)
    {
        var deviceCode = ctx.String("deviceCode") ?? throw Error("InvalidRequestException", "deviceCode is required for the device_code grant.");
        if (!state.DeviceAuthorizations.TryGetValue(ServiceState.Hash(deviceCode), out var authorization) || authorization.ClientId != client.ClientId || authorization.Redeemed)
        {
            throw Error("InvalidGrantException", "Invalid grant provided");
        }

        var now = ctx.Clock.Now;
        if (authorization.ExpiresAt <= now)
        {
            throw Error("ExpiredTokenException", "Device code has expired");
        }

        if (authorization.Denied)
        {
            throw Error("AccessDeniedException", "Access denied: the user denied the authorization request.");
        }

        if (authorization.ApprovedUserId is { } userId)
        {
            authorization.Redeemed = true;
            return IssueToken(ctx, state, client, userId, requested.Count > 0 ? requested : client.Scopes);
        }

        var polledTooSoon = authorization.LastPolledAt is { } last && now - last < TimeSpan.FromSeconds(authorization.IntervalSeconds);
        authorization.LastPolledAt = now;
        throw polledTooSoon
            ? Error("SlowDownException", "Client is polling too fast: wait the interval between CreateToken calls.")
            : Error("AuthorizationPendingException", "Authorization is still pending");
    }

    private static JsonObject AuthorizationCodeToken(OperationContext ctx, OidcState state, OidcClient client)
    {
        var code = ctx.String("code") ?? throw Error("InvalidRequestException", "code is required for the authorization_code grant.");
        var redirectUri = ctx.String("redirectUri") ?? throw Error("InvalidRequestException", "redirectUri is required for the authorization_code grant.");
        var verifier = ctx.String("codeVerifier") ?? throw Error("InvalidRequestException", "codeVerifier is required: IAM Identity Center requires PKCE.");
        if (!state.Codes.TryGetValue(ServiceState.Hash(code), out var grant)
            || grant.ClientId != client.ClientId
            || grant.Redeemed
            || grant.ExpiresAt <= ctx.Clock.Now
            || grant.RedirectUri != redirectUri
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Challenge(verifier)), Encoding.ASCII.GetBytes(grant.CodeChallenge)))
        {
            throw Error("InvalidGrantException", "Invalid grant provided");
        }

        grant.Redeemed = true;
        return IssueToken(ctx, state, client, grant.UserId, grant.Scopes);
    }

    private static JsonObject RefreshToken(OperationContext ctx, OidcState state, OidcClient client)
    {
        var refreshToken = ctx.String("refreshToken") ?? throw Error("InvalidRequestException", "refreshToken is required for the refresh_token grant.");
        var key = ServiceState.Hash(refreshToken);
        if (!state.RefreshTokens.TryGetValue(key, out var grant) || grant.ClientId != client.ClientId || grant.ExpiresAt <= ctx.Clock.Now)
        {
            throw Error("InvalidGrantException", "Invalid grant provided");
        }

        // Refresh tokens rotate: the one just used is spent.
        state.RefreshTokens.Remove(key);
        return IssueToken(ctx, state, client, grant.UserId, grant.Scopes);
    }

    private static JsonObject IssueToken(OperationContext ctx, OidcState state, OidcClient client, string userId, List<string> scopes)
    {
        var now = ctx.Clock.Now;
        var accessToken = "aoa" + SandboxHost.RandomAlphanumeric(120, Base64UrlAlphabet);
        state.AccessTokens[ServiceState.Hash(accessToken)] = new OidcToken
        {
            ClientId = client.ClientId,
            UserId = userId,
            Scopes = [.. scopes],
            ExpiresAt = now.AddSeconds(AccessTokenLifetime),
        };
        var output = new JsonObject
        {
            ["accessToken"] = accessToken,
            ["tokenType"] = "Bearer",
            ["expiresIn"] = AccessTokenLifetime,
        };

        // Clients registered with scopes (the sso-session flows of the CLI and SDKs) get a refresh token; the
        // legacy registration without scopes does not.
        if (scopes.Count > 0)
        {
            var refreshToken = "aor" + SandboxHost.RandomAlphanumeric(120, Base64UrlAlphabet);
            state.RefreshTokens[ServiceState.Hash(refreshToken)] = new OidcRefreshToken
            {
                ClientId = client.ClientId,
                UserId = userId,
                Scopes = [.. scopes],
                ExpiresAt = now + s_refreshTokenLifetime,
            };
            output["refreshToken"] = refreshToken;
        }

        return output;
    }

    /// <summary>Control action: the user at the verification page signs in and allows (or denies) the request.</summary>
    private static JsonObject ApproveAuthorization(SandboxHost host, JsonObject input)
    {
        var userCode = ServiceState.AsString(input["userCode"]) ?? throw new ArgumentException("userCode is required.");
        var userName = ServiceState.AsString(input["userName"]) ?? throw new ArgumentException("userName is required (an Identity Store user).");
        var deny = input["deny"] is JsonValue d && d.TryGetValue<bool>(out var flag) && flag;
        var state = ServiceState.Load<OidcState>(host, OidcState.Key);
        var center = ServiceState.Load<IdentityCenterState>(host, IdentityCenterState.Key);
        var normalized = userCode.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var authorization = state.DeviceAuthorizations.Values.FirstOrDefault(a =>
                a.UserCode.Replace("-", "", StringComparison.Ordinal) == normalized && !a.Redeemed && a.ExpiresAt > host.Clock.Now)
            ?? throw new ArgumentException($"No pending device authorization has the user code {userCode} (it may have expired or been used).");
        var user = center.UserByName(userName)
            ?? throw new ArgumentException($"The identity store has no user named {userName}.");
        if (deny)
        {
            authorization.Denied = true;
        }
        else
        {
            authorization.ApprovedUserId = user.UserId;
        }

        ServiceState.Save(host, OidcState.Key, state);
        return new JsonObject
        {
            ["userCode"] = authorization.UserCode,
            ["userName"] = user.UserName,
            ["userId"] = user.UserId,
            ["clientName"] = state.Clients.GetValueOrDefault(authorization.ClientId)?.ClientName,
            ["approved"] = !deny,
        };
    }

    /// <summary>Control action: the authorize page of the authorization code flow, signed in as userName.</summary>
    private static JsonObject AuthorizeCode(SandboxHost host, JsonObject input)
    {
        string Required(string name) => ServiceState.AsString(input[name]) ?? throw new ArgumentException($"{name} is required.");
        var clientId = Required("clientId");
        var redirectUri = Required("redirectUri");
        var challenge = Required("codeChallenge");
        var method = ServiceState.AsString(input["codeChallengeMethod"]) ?? "S256";
        var userName = Required("userName");
        var stateParameter = ServiceState.AsString(input["state"]);
        var state = ServiceState.Load<OidcState>(host, OidcState.Key);
        var center = ServiceState.Load<IdentityCenterState>(host, IdentityCenterState.Key);
        var client = state.Clients.GetValueOrDefault(clientId) ?? throw new ArgumentException($"No client {clientId} is registered.");
        if (!client.GrantTypes.Contains(AuthorizationCodeGrant))
        {
            throw new ArgumentException("The client is not registered for the authorization_code grant.");
        }

        if (!client.RedirectUris.Any(u => SameRedirectUri(u, redirectUri)))
        {
            throw new ArgumentException($"{redirectUri} is not one of the client's registered redirect URIs.");
        }

        if (method != "S256")
        {
            throw new ArgumentException("Only the S256 code challenge method is supported.");
        }

        if (!Base64UrlPattern().IsMatch(challenge))
        {
            throw new ArgumentException("codeChallenge must be the 43-character base64url SHA-256 of the code verifier.");
        }

        var user = center.UserByName(userName) ?? throw new ArgumentException($"The identity store has no user named {userName}.");
        var scopes = input["scopes"] is JsonArray requested ? requested.Select(ServiceState.AsString).OfType<string>().ToList() : client.Scopes;
        var code = SandboxHost.RandomAlphanumeric(64, Base64UrlAlphabet);
        state.Codes[ServiceState.Hash(code)] = new AuthorizationCode
        {
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            CodeChallenge = challenge,
            UserId = user.UserId,
            Scopes = scopes,
            ExpiresAt = host.Clock.Now + s_codeLifetime,
        };
        ServiceState.Save(host, OidcState.Key, state);
        var redirect = new StringBuilder(redirectUri)
            .Append(redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            .Append("code=").Append(Uri.EscapeDataString(code));
        if (stateParameter is not null)
        {
            redirect.Append("&state=").Append(Uri.EscapeDataString(stateParameter));
        }

        return new JsonObject { ["code"] = code, ["redirect"] = redirect.ToString() };
    }

    private static OidcClient RequireClient(OperationContext ctx, OidcState state)
    {
        var clientId = ctx.RequiredString("clientId");
        var secret = ctx.RequiredString("clientSecret");
        if (!state.Clients.TryGetValue(clientId, out var client) || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(client.SecretHash), Encoding.ASCII.GetBytes(ServiceState.Hash(secret))))
        {
            throw Error("InvalidClientException", "Invalid client provided");
        }

        if (client.SecretExpiresAt <= ctx.Clock.Now)
        {
            throw Error("InvalidClientException", "The client secret has expired: register the client again.");
        }

        return client;
    }

    /// <summary>Forgets what can no longer be used, so a long rehearsal's state does not grow without bound.</summary>
    private static void Prune(SandboxHost host, OidcState state)
    {
        var cutoff = host.Clock.Now - TimeSpan.FromHours(1);
        Remove(state.DeviceAuthorizations, a => a.ExpiresAt < cutoff);
        Remove(state.Codes, c => c.ExpiresAt < cutoff);
        Remove(state.AccessTokens, t => t.ExpiresAt < cutoff);
        Remove(state.RefreshTokens, t => t.ExpiresAt < cutoff);
        Remove(state.Clients, c => c.SecretExpiresAt < cutoff);

        static void Remove<T>(Dictionary<string, T> items, Func<T, bool> stale)
        {
            foreach (var key in items.Where(p => stale(p.Value)).Select(p => p.Key).ToList())
            {
                items.Remove(key);
            }
        }
    }

    /// <summary>PKCE S256: base64url(SHA-256(verifier)) without padding.</summary>
    public static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool SameStartUrl(string given, string expected)
    {
        static string Trim(string url)
        {
            var trimmed = url.Trim();
            foreach (var suffix in new[] { "/#/", "/#", "#", "/" })
            {
                if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return trimmed[..^suffix.Length];
                }
            }

            return trimmed;
        }

        return string.Equals(Trim(given), expected, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsValidRedirectUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback))
        && string.IsNullOrEmpty(parsed.Fragment);

    /// <summary>Exact match, except that a loopback redirect may use any port (RFC 8252 §7.3).</summary>
    private static bool SameRedirectUri(string registered, string given)
    {
        if (registered == given)
        {
            return true;
        }

        return Uri.TryCreate(registered, UriKind.Absolute, out var r) && Uri.TryCreate(given, UriKind.Absolute, out var g)
            && r.IsLoopback && g.IsLoopback && r.Scheme == g.Scheme && r.Host == g.Host && r.AbsolutePath == g.AbsolutePath;
    }

    private static SandboxException Error(string code, string message) =>
        new(code, message, code == "InvalidClientException" ? 401 : 400);

    [GeneratedRegex("^(openid|[A-Za-z0-9_-]+(:[A-Za-z0-9_.*-]+)+)$")]
    private static partial Regex ScopePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex Base64UrlPattern();
}
