using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.SSOOIDC.Model;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Sso;

/// <summary>How a sign-in got its token.</summary>
public enum SsoLoginFlow
{
    /// <summary>A valid token was already cached: no call at all.</summary>
    Cached,

    /// <summary>The cached token had expired (or nearly) and was renewed with its refresh token.</summary>
    Refreshed,

    /// <summary>OAuth device authorization: the user approves a code on any device.</summary>
    DeviceCode,

    /// <summary>OAuth authorization code with PKCE, redirected to a listener on this machine's loopback.</summary>
    AuthorizationCode,
}

/// <summary>What Connect-EksSso asked for, and what the host can do.</summary>
public sealed record SsoLoginOptions
{
    public bool UseDeviceCode { get; init; }

    /// <summary>Print the URL instead of opening a browser.</summary>
    public bool NoBrowser { get; init; }

    /// <summary>Sign in again even when a valid or refreshable token is cached.</summary>
    public bool Force { get; init; }

    /// <summary>False for hosts no one is looking at (remoting, -NonInteractive, services, hosted runspaces).</summary>
    public bool InteractiveHost { get; init; } = true;

    /// <summary>How long the authorization code flow waits for the browser's redirect.</summary>
    public TimeSpan CallbackTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}

public enum SsoPromptKind
{
    /// <summary>Device code flow: the URL to open (with the code filled in) and the code to check.</summary>
    DeviceCode,

    /// <summary>The browser was opened at this URL.</summary>
    BrowserOpened,

    /// <summary>No browser was opened: the user opens this URL in a browser on this machine.</summary>
    OpenUrl,
}

/// <summary>A message for the user: never the device code, a token or a secret.</summary>
public sealed record SsoLoginPrompt(SsoPromptKind Kind, string Url, string? UserCode, string Message);

public sealed record SsoLoginResult(SsoLoginFlow Flow, SsoToken Token, string CacheFile);

/// <summary>
/// Sign-in to IAM Identity Center the AWS CLI v2's way, sharing its token cache: reuse a valid cached token with no
/// call at all; else renew it with its refresh token while the client registration is valid; else a new sign-in by
/// the authorization code flow with PKCE or the device code flow (see <see cref="ChooseFlow"/>).
/// </summary>
public sealed class SsoLogin
{
    private const string ClientNamePrefix = "eksso";

    private readonly SsoConfig _sso;
    private readonly SsoTokenCache _cache;
    private readonly SsoOidcClient _oidc;
    private readonly TimeProvider _time;

    public SsoLogin(SsoConfig sso, SsoTokenCache cache, SsoOidcClient oidc, TimeProvider? time = null)
    {
        _sso = sso;
        _cache = cache;
        _oidc = oidc;
        _time = time ?? TimeProvider.System;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// The new sign-in flow. Device code for <c>-UseDeviceCode</c>; for a legacy profile (no sso-session, as the CLI
    /// does); and when no browser can be opened on this machine: no BROWSER command, and either the host is not
    /// interactive or there is no desktop (Linux without DISPLAY or WAYLAND_DISPLAY), because the authorization code
    /// flow redirects to this machine's loopback address, which a browser elsewhere cannot reach. Otherwise the
    /// authorization code flow with PKCE (with <c>-NoBrowser</c> it prints the URL to open on this machine).
    /// </summary>
    public static SsoLoginFlow ChooseFlow(SsoConfig sso, SsoLoginOptions options)
    {
        if (options.UseDeviceCode || sso.IsLegacy)
        {
            return SsoLoginFlow.DeviceCode;
        }

        if (SsoBrowser.HasCommand(options.Environment))
        {
            return SsoLoginFlow.AuthorizationCode;
        }

        return options.InteractiveHost && SsoBrowser.HasDesktop(options.Environment) ? SsoLoginFlow.AuthorizationCode : SsoLoginFlow.DeviceCode;
    }

    public async Task<SsoLoginResult> ConnectAsync(SsoLoginOptions options, Action<SsoLoginPrompt> prompt, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        if (!options.Force && _cache.Read(_sso) is { } cached && SameStartUrl(cached))
        {
            if (cached.IsUsable(Now))
            {
                return new SsoLoginResult(SsoLoginFlow.Cached, cached, _cache.PathFor(_sso));
            }

            if (cached.CanRefresh(Now) && await TryRefreshAsync(cached, cancellationToken).ConfigureAwait(false) is { } refreshed)
            {
                return new SsoLoginResult(SsoLoginFlow.Refreshed, refreshed, _cache.PathFor(_sso));
            }
        }

        var flow = ChooseFlow(_sso, options);
        var token = flow == SsoLoginFlow.DeviceCode
            ? await DeviceCodeAsync(options, prompt, progress, cancellationToken).ConfigureAwait(false)
            : await AuthorizationCodeAsync(options, prompt, progress, cancellationToken).ConfigureAwait(false);
        return new SsoLoginResult(flow, token, _cache.Write(_sso, token));
    }

    /// <summary>
    /// A token to call the portal with, as the CLI's SSOTokenProvider gives one: the cached token, renewed with its
    /// refresh token in the last 15 minutes of its life; <c>SsoLoginRequired</c> when there is none or it expired.
    /// </summary>
    public async Task<SsoToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = _cache.Read(_sso);
        if (token is null || !SameStartUrl(token))
        {
            throw LoginRequired($"there is no cached IAM Identity Center token for {_sso.DisplayName}");
        }

        if (!token.IsUsable(Now) && token.CanRefresh(Now) && await TryRefreshAsync(token, cancellationToken).ConfigureAwait(false) is { } refreshed)
        {
            return refreshed;
        }

        return token.IsExpired(Now) ? throw LoginRequired($"the IAM Identity Center token for {_sso.DisplayName} expired at {SsoCacheJson.FormatTime(token.ExpiresAt)}") : token;
    }

    public EksSsoException LoginRequired(string why) =>
        new("SsoLoginRequired", AwsErrorKind.Authentication, $"Sign-in required: {why}. Run {_sso.LoginCommand}.");

    /// <summary>The refresh_token grant; the new token (and its rotated refresh token) replaces the cached one.</summary>
    private async Task<SsoToken?> TryRefreshAsync(SsoToken token, CancellationToken cancellationToken)
    {
        CreateTokenResponse response;
        try
        {
            response = await _oidc.CreateTokenAsync(new CreateTokenRequest
            {
                ClientId = token.ClientId,
                ClientSecret = token.ClientSecret,
                GrantType = SsoOidcClient.RefreshTokenGrant,
                RefreshToken = token.RefreshToken,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.StatusCode is >= 400 and < 500)
        {
            // A spent or revoked refresh token, or a client the service no longer knows: sign in anew (as the CLI does).
            return null;
        }

        var refreshed = token with
        {
            StartUrl = _sso.StartUrl,
            Region = _sso.SsoRegion,
            AccessToken = response.AccessToken,
            ExpiresAt = Now.AddSeconds(response.ExpiresIn ?? 0),
            RefreshToken = response.RefreshToken ?? token.RefreshToken,
        };
        _cache.Write(_sso, refreshed);
        return refreshed;
    }

    private async Task<SsoClientRegistration> RegistrationAsync(IReadOnlyList<string> grantTypes, string? redirectUri, CancellationToken cancellationToken)
    {
        if (_cache.ReadRegistration(_sso, grantTypes) is { } cached && cached.IsUsable(Now))
        {
            return cached;
        }

        var request = new RegisterClientRequest
        {
            ClientName = $"{ClientNamePrefix}-{_sso.SessionName ?? Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ClientType = "public",
        };
        if (_sso.Scopes.Count > 0)
        {
            request.Scopes = [.. _sso.Scopes];
        }

        if (grantTypes.Count > 0)
        {
            request.GrantTypes = [.. grantTypes];
        }

        if (redirectUri is not null)
        {
            request.RedirectUris = [redirectUri];
            request.IssuerUrl = _sso.StartUrl;
        }

        var response = await _oidc.RegisterClientAsync(request, cancellationToken).ConfigureAwait(false);
        var registration = new SsoClientRegistration(
            response.ClientId, response.ClientSecret, DateTimeOffset.FromUnixTimeSeconds(response.ClientSecretExpiresAt ?? 0), _sso.Scopes, grantTypes);
        _cache.WriteRegistration(_sso, registration);
        return registration;
    }

    private SsoToken NewToken(CreateTokenResponse response, SsoClientRegistration registration) => new(
        _sso.StartUrl,
        _sso.SsoRegion,
        response.AccessToken,
        Now.AddSeconds(response.ExpiresIn ?? 0),
        registration.ClientId,
        registration.ClientSecret,
        registration.ExpiresAt,
        response.RefreshToken);

    private async Task<SsoToken> DeviceCodeAsync(SsoLoginOptions options, Action<SsoLoginPrompt> prompt, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        // A legacy profile registers as the CLI does (no scopes, no grant types); an sso-session asks for refresh tokens.
        IReadOnlyList<string> grantTypes = _sso.IsLegacy ? [] : [SsoOidcClient.DeviceCodeGrant, SsoOidcClient.RefreshTokenGrant];
        var registration = await RegistrationAsync(grantTypes, null, cancellationToken).ConfigureAwait(false);
        var start = await _oidc.StartDeviceAuthorizationAsync(new StartDeviceAuthorizationRequest
        {
            ClientId = registration.ClientId,
            ClientSecret = registration.ClientSecret,
            StartUrl = _sso.StartUrl,
        }, cancellationToken).ConfigureAwait(false);

        var url = start.VerificationUriComplete ?? start.VerificationUri;
        var opened = !options.NoBrowser && SsoBrowser.CanOpen(options) && SsoBrowser.TryOpen(url, options.Environment);
        prompt(new SsoLoginPrompt(
            SsoPromptKind.DeviceCode,
            url,
            start.UserCode,
            (opened ? "A browser was opened to sign in to IAM Identity Center. If it did not open, or to sign in on another device, open:" : "To sign in to IAM Identity Center, open this URL in a browser on any device:")
                + $"\n\n    {url}\n\nand check that it shows the code {start.UserCode}."));

        var interval = TimeSpan.FromSeconds(Math.Max(1, start.Interval ?? 5));
        var expiresIn = TimeSpan.FromSeconds(start.ExpiresIn ?? 600);
        var clock = Stopwatch.StartNew();
        var maxAttempts = (int)Math.Ceiling(expiresIn / interval);
        var attempt = 0;
        while (true)
        {
            attempt++;
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await _oidc.CreateTokenAsync(new CreateTokenRequest
                {
                    ClientId = registration.ClientId,
                    ClientSecret = registration.ClientSecret,
                    GrantType = SsoOidcClient.DeviceCodeGrant,
                    DeviceCode = start.DeviceCode,
                }, cancellationToken).ConfigureAwait(false);
                return NewToken(response, registration);
            }
            catch (AwsServiceException e) when (IsError(e, "AuthorizationPendingException", "authorization_pending"))
            {
            }
            catch (AwsServiceException e) when (IsError(e, "SlowDownException", "slow_down"))
            {
                // RFC 8628 §3.5: add 5 seconds to the interval for this and every later request.
                interval += TimeSpan.FromSeconds(5);
            }
            catch (AwsServiceException e) when (IsError(e, "ExpiredTokenException", "expired_token"))
            {
                throw new EksSsoException("SsoAuthorizationExpired", AwsErrorKind.Authentication,
                    $"The sign-in request expired before it was approved (code {start.UserCode}). Run {_sso.LoginCommand} again.", e);
            }
            catch (AwsServiceException e) when (IsError(e, "AccessDeniedException", "access_denied"))
            {
                throw new EksSsoException("SsoAuthorizationDenied", AwsErrorKind.AccessDenied, $"The sign-in request (code {start.UserCode}) was denied.", e);
            }

            progress?.Report(new AwsWaitProgress("SsoDeviceAuthorization", $"Code {start.UserCode}", attempt, maxAttempts, clock.Elapsed, "waiting for approval in the browser"));
            if (clock.Elapsed > expiresIn)
            {
                throw new EksSsoException("SsoAuthorizationExpired", AwsErrorKind.Authentication,
                    $"The sign-in request expired before it was approved (code {start.UserCode}). Run {_sso.LoginCommand} again.");
            }
        }
    }

    private async Task<SsoToken> AuthorizationCodeAsync(SsoLoginOptions options, Action<SsoLoginPrompt> prompt, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        const string RegisteredRedirect = "http://127.0.0.1/oauth/callback";
        var registration = await RegistrationAsync([SsoOidcClient.AuthorizationCodeGrant, SsoOidcClient.RefreshTokenGrant], RegisteredRedirect, cancellationToken).ConfigureAwait(false);

        using var callback = LoopbackCallback.Start();
        var verifier = Pkce.NewVerifier();
        var state = Pkce.NewState();
        var url = AuthorizeUrl(_oidc.Endpoint, registration.ClientId, callback.RedirectUri, state, Pkce.Challenge(verifier), _sso.Scopes);

        var opened = !options.NoBrowser && SsoBrowser.TryOpen(url, options.Environment);
        prompt(opened
            ? new SsoLoginPrompt(SsoPromptKind.BrowserOpened, url, null, $"A browser was opened to sign in to IAM Identity Center. If it did not open, open this URL in a browser on this machine:\n\n    {url}\n")
            : new SsoLoginPrompt(SsoPromptKind.OpenUrl, url, null, $"To sign in to IAM Identity Center, open this URL in a browser on this machine:\n\n    {url}\n"));

        var code = await callback.WaitForCodeAsync(state, options.CallbackTimeout, elapsed =>
                progress?.Report(new AwsWaitProgress("SsoAuthorizationCode", "Browser sign-in", 1, 1, elapsed, "waiting for the browser to return to " + callback.RedirectUri)),
            cancellationToken).ConfigureAwait(false);
        if (code is null)
        {
            throw new EksSsoException("SsoLoginTimedOut", AwsErrorKind.Other,
                $"The browser did not return to {callback.RedirectUri} within {options.CallbackTimeout.TotalMinutes:0} minutes. Run {_sso.LoginCommand} again, or with -UseDeviceCode.");
        }

        var response = await _oidc.CreateTokenAsync(new CreateTokenRequest
        {
            ClientId = registration.ClientId,
            ClientSecret = registration.ClientSecret,
            GrantType = SsoOidcClient.AuthorizationCodeGrant,
            Code = code,
            RedirectUri = callback.RedirectUri,
            CodeVerifier = verifier,
        }, cancellationToken).ConfigureAwait(false);
        return NewToken(response, registration);
    }

    /// <summary>The OIDC authorize page with the PKCE challenge, as the AWS CLI builds it.</summary>
    public static string AuthorizeUrl(Uri oidcEndpoint, string clientId, string redirectUri, string state, string challenge, IReadOnlyList<string> scopes)
    {
        var query = new List<(string, string)>
        {
            ("response_type", "code"),
            ("client_id", clientId),
            ("redirect_uri", redirectUri),
            ("state", state),
            ("code_challenge_method", "S256"),
        };
        if (scopes.Count > 0)
        {
            query.Add(("scopes", string.Join(',', scopes)));
        }

        query.Add(("code_challenge", challenge));
        return oidcEndpoint.GetLeftPart(UriPartial.Authority) + oidcEndpoint.AbsolutePath.TrimEnd('/') + "/authorize?"
            + string.Join('&', query.Select(q => q.Item1 + "=" + Uri.EscapeDataString(q.Item2)));
    }

    private bool SameStartUrl(SsoToken token) =>
        token.StartUrl.Length == 0 || string.Equals(token.StartUrl.TrimEnd('/', '#'), _sso.StartUrl.TrimEnd('/', '#'), StringComparison.OrdinalIgnoreCase);

    private static bool IsError(AwsServiceException e, string code, string oauthCode) =>
        e.ErrorCode == code || e.ErrorCode == oauthCode || e.ErrorCode.EndsWith("#" + code, StringComparison.Ordinal);
}

/// <summary>
/// The redirect target of the authorization code flow: an HttpListener on <c>http://127.0.0.1:&lt;free port&gt;/oauth/callback</c>
/// that takes the one request carrying the expected state, answers the browser, and hands back the code.
/// </summary>
internal sealed class LoopbackCallback : IDisposable
{
    private readonly HttpListener _listener;

    private LoopbackCallback(HttpListener listener, string redirectUri)
    {
        _listener = listener;
        RedirectUri = redirectUri;
    }

    public string RedirectUri { get; }

    public static LoopbackCallback Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/oauth/callback/");
            try
            {
                listener.Start();
                return new LoopbackCallback(listener, $"http://127.0.0.1:{port}/oauth/callback");
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and the listener: try another.
                listener.Close();
            }
        }
    }

    /// <summary>The code, or null on timeout. A request with another state is answered 400 and ignored.</summary>
    public async Task<string?> WaitForCodeAsync(string expectedState, TimeSpan timeout, Action<TimeSpan> waiting, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var registration = cancellationToken.Register(() => _listener.Stop());
        var next = _listener.GetContextAsync();
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            var tick = Task.Delay(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), CancellationToken.None);
            if (await Task.WhenAny(next, tick).ConfigureAwait(false) != next)
            {
                waiting(clock.Elapsed);
                continue;
            }

            HttpListenerContext context;
            try
            {
                context = await next.ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var query = System.Web.HttpUtility.ParseQueryString(context.Request.Url?.Query ?? "");
            if (query["state"] != expectedState)
            {
                await RespondAsync(context, 400, "This sign-in response does not belong to the pending sign-in. Close this window.").ConfigureAwait(false);
                next = _listener.GetContextAsync();
                continue;
            }

            if (query["error"] is { } error)
            {
                await RespondAsync(context, 400, "Sign-in failed: " + error).ConfigureAwait(false);
                throw new EksSsoException("SsoAuthorizationDenied", AwsErrorKind.AccessDenied,
                    $"IAM Identity Center did not authorize the sign-in: {error} {query["error_description"]}".TrimEnd());
            }

            if (query["code"] is not { Length: > 0 } code)
            {
                await RespondAsync(context, 400, "The sign-in response has no authorization code.").ConfigureAwait(false);
                next = _listener.GetContextAsync();
                continue;
            }

            await RespondAsync(context, 200, "Signed in to IAM Identity Center. You can close this window and return to PowerShell.").ConfigureAwait(false);
            return code;
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>EksSso</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}

/// <summary>
/// Opening a URL the way Python's webbrowser module (and so the AWS CLI) does: the BROWSER variable first (a command,
/// or several separated by the path separator; "%s" stands for the URL, else the URL is the last argument), else the
/// platform's opener: start on Windows, open on macOS, xdg-open where there is a desktop.
/// </summary>
public static class SsoBrowser
{
    public static bool HasCommand(Func<string, string?> environment) => !string.IsNullOrWhiteSpace(environment("BROWSER"));

    public static bool HasDesktop(Func<string, string?> environment) =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        || !string.IsNullOrEmpty(environment("DISPLAY")) || !string.IsNullOrEmpty(environment("WAYLAND_DISPLAY"));

    public static bool CanOpen(SsoLoginOptions options) =>
        HasCommand(options.Environment) || (options.InteractiveHost && HasDesktop(options.Environment));

    public static bool TryOpen(string url, Func<string, string?> environment)
    {
        if (environment("BROWSER") is { } browsers && !string.IsNullOrWhiteSpace(browsers))
        {
            foreach (var command in browsers.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var arguments = SplitCommand(command);
                if (arguments.Count == 0)
                {
                    continue;
                }

                var psi = new ProcessStartInfo(arguments[0]);
                var substituted = false;
                foreach (var a in arguments.Skip(1))
                {
                    substituted |= a.Contains("%s", StringComparison.Ordinal);
                    psi.ArgumentList.Add(a.Replace("%s", url, StringComparison.Ordinal));
                }

                if (!substituted)
                {
                    psi.ArgumentList.Add(url);
                }

                if (Launch(psi))
                {
                    return true;
                }
            }

            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return Launch(new ProcessStartInfo(url) { UseShellExecute = true });
        }

        if (!HasDesktop(environment))
        {
            return false;
        }

        var opener = new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open");
        opener.ArgumentList.Add(url);
        return Launch(opener);
    }

    /// <summary>Started and left running; its output is discarded so it does not write into the PowerShell host.</summary>
    private static bool Launch(ProcessStartInfo psi)
    {
        try
        {
            if (!psi.UseShellExecute)
            {
                psi.RedirectStandardOutput = true;
                psi.RedirectStandardError = true;
                psi.RedirectStandardInput = true;
            }

            var process = Process.Start(psi);
            if (process is null)
            {
                return false;
            }

            if (!psi.UseShellExecute)
            {
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.StandardInput.Close();
                process.EnableRaisingEvents = true;
                process.Exited += (_, _) => process.Dispose();
            }

            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Splits a command line on spaces, honouring double and single quotes.</summary>
    internal static List<string> SplitCommand(string command)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in command)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                any = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0 || any)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0 || any)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }
}
