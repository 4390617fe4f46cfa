using EksSso.Engine.Aws;
using EksSso.Engine.Sso;
using Xunit;

namespace EksSso.Tests.Sso;

public sealed class SsoLoginTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eksso-sso-login-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static readonly SsoConfig Session = new("https://d-1111111111.awsapps.com/start", "us-east-1", "eks", ["sso:account:access"], "p");
    private static readonly SsoConfig Legacy = new("https://d-1111111111.awsapps.com/start", "us-east-1", null, [], "legacy");

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Pkce_S256_matches_RFC_7636_appendix_B()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        var verifier = Pkce.NewVerifier();
        Assert.Matches("^[A-Za-z0-9_-]{43,128}$", verifier);
        Assert.NotEqual(verifier, Pkce.NewVerifier());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", Pkce.Challenge(verifier));
    }

    [Theory]
    // useDeviceCode, legacy, interactive, BROWSER, DISPLAY -> flow
    [InlineData(true, false, true, true, true, SsoLoginFlow.DeviceCode)]
    [InlineData(false, true, true, true, true, SsoLoginFlow.DeviceCode)]
    [InlineData(false, false, true, false, true, SsoLoginFlow.AuthorizationCode)]
    [InlineData(false, false, true, true, false, SsoLoginFlow.AuthorizationCode)]
    [InlineData(false, false, false, true, false, SsoLoginFlow.AuthorizationCode)]
    [InlineData(false, false, false, false, true, SsoLoginFlow.DeviceCode)]
    public void Flow_choice(bool useDeviceCode, bool legacy, bool interactive, bool browserVariable, bool display, SsoLoginFlow expected)
    {
        var env = new List<(string, string)>();
        if (browserVariable)
        {
            env.Add(("BROWSER", "/usr/bin/firefox"));
        }

        if (display)
        {
            env.Add(("DISPLAY", ":0"));
        }

        var options = new SsoLoginOptions { UseDeviceCode = useDeviceCode, InteractiveHost = interactive, Environment = Env([.. env]) };
        Assert.Equal(expected, SsoLogin.ChooseFlow(legacy ? Legacy : Session, options));
    }

    [Fact]
    public void Without_a_desktop_or_BROWSER_the_device_code_flow_is_chosen_on_Linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Equal(SsoLoginFlow.DeviceCode, SsoLogin.ChooseFlow(Session, new SsoLoginOptions { InteractiveHost = true, Environment = Env() }));
        Assert.Equal(SsoLoginFlow.AuthorizationCode, SsoLogin.ChooseFlow(Session, new SsoLoginOptions { InteractiveHost = true, Environment = Env(("WAYLAND_DISPLAY", "wayland-0")) }));
    }

    [Fact]
    public void The_authorize_url_carries_the_PKCE_request()
    {
        var url = SsoLogin.AuthorizeUrl(new Uri("https://oidc.us-east-1.amazonaws.com/"), "cid", "http://127.0.0.1:5000/oauth/callback", "st", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", ["sso:account:access"]);
        Assert.Equal(
            "https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Foauth%2Fcallback&state=st&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            url);
    }

    [Theory]
    [InlineData("firefox", new[] { "firefox" })]
    [InlineData("/usr/bin/python3 /tmp/b.py", new[] { "/usr/bin/python3", "/tmp/b.py" })]
    [InlineData("\"/opt/my browser/run\" --new-tab %s", new[] { "/opt/my browser/run", "--new-tab", "%s" })]
    public void BROWSER_commands_are_split_like_a_shell(string command, string[] expected) =>
        Assert.Equal(expected, SsoBrowser.SplitCommand(command));

    private SsoLogin LoginWithUnreachableOidc(SsoTokenCache cache)
    {
        // Port 9 (discard) on loopback: any OIDC call would fail, so the tests prove no call was made.
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9"));
        var transport = new Engine.Aws.Protocol.AwsTransport(new AwsSession(new Amazon.Runtime.AnonymousAWSCredentials(), "us-east-1", "none", "test", environment: env));
        return new SsoLogin(Session, cache, new SsoOidcClient(transport));
    }

    [Fact]
    public async Task A_valid_cached_token_is_reused_with_no_call()
    {
        var cache = new SsoTokenCache(_directory);
        cache.Write(Session, new SsoToken(Session.StartUrl, "us-east-1", "aoa", DateTimeOffset.UtcNow.AddHours(1)));
        var result = await LoginWithUnreachableOidc(cache).ConnectAsync(new SsoLoginOptions(), _ => throw new InvalidOperationException("no prompt expected"), null, CancellationToken.None);
        Assert.Equal(SsoLoginFlow.Cached, result.Flow);
        Assert.Equal("aoa", result.Token.AccessToken);
    }

    [Fact]
    public async Task A_missing_or_expired_token_without_refresh_needs_a_login()
    {
        var cache = new SsoTokenCache(_directory);
        var login = LoginWithUnreachableOidc(cache);
        var missing = await Assert.ThrowsAsync<EksSsoException>(() => login.GetTokenAsync(CancellationToken.None));
        Assert.Equal("SsoLoginRequired", missing.ErrorId);
        Assert.Contains("Connect-EksSso -ProfileName p", missing.Message, StringComparison.Ordinal);

        cache.Write(Session, new SsoToken(Session.StartUrl, "us-east-1", "aoa", DateTimeOffset.UtcNow.AddMinutes(-1)));
        var expired = await Assert.ThrowsAsync<EksSsoException>(() => login.GetTokenAsync(CancellationToken.None));
        Assert.Equal("SsoLoginRequired", expired.ErrorId);
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);

        // Near expiry but not expired, with no way to refresh: still usable.
        cache.Write(Session, new SsoToken(Session.StartUrl, "us-east-1", "aoa-soon", DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal("aoa-soon", (await login.GetTokenAsync(CancellationToken.None)).AccessToken);
    }

    [Fact]
    public void Tokens_can_refresh_only_with_a_refresh_token_and_a_valid_registration()
    {
        var now = DateTimeOffset.UtcNow;
        var token = new SsoToken("u", "r", "a", now.AddMinutes(-1), "id", "secret", now.AddDays(1), "aor");
        Assert.True(token.CanRefresh(now));
        Assert.False((token with { RefreshToken = null }).CanRefresh(now));
        Assert.False((token with { RegistrationExpiresAt = now.AddMinutes(-1) }).CanRefresh(now));
        Assert.False(token.IsUsable(now));
        Assert.False((token with { ExpiresAt = now.AddMinutes(10) }).IsUsable(now));
        Assert.True((token with { ExpiresAt = now.AddMinutes(20) }).IsUsable(now));
    }

    [Fact]
    public void Config_reads_sso_session_and_legacy_profiles()
    {
        var config = AwsConfigFile.Parse("""
            [profile a]
            sso_session = eks
            sso_account_id = 111122223333
            sso_role_name = EKSClusterAdminAccess
            [sso-session eks]
            sso_start_url = https://d-1.awsapps.com/start
            sso_region = eu-west-1
            [profile scoped]
            sso_session = scoped
            [sso-session scoped]
            sso_start_url = https://d-1.awsapps.com/start
            sso_region = eu-west-1
            sso_registration_scopes = sso:account:access, codewhisperer:completions
            [profile old]
            sso_start_url = https://d-2.awsapps.com/start
            sso_region = us-east-2
            sso_account_id = 111122223333
            sso_role_name = R
            [profile keys]
            region = us-east-1
            [profile dangling]
            sso_session = nowhere
            """);
        var a = SsoConfig.FromProfile(config, "a");
        Assert.Equal(("eks", "https://d-1.awsapps.com/start", "eu-west-1", "111122223333", "EKSClusterAdminAccess"), (a.SessionName, a.StartUrl, a.SsoRegion, a.AccountId, a.RoleName));
        Assert.Equal(["sso:account:access"], a.Scopes);
        Assert.Equal(["sso:account:access", "codewhisperer:completions"], SsoConfig.FromProfile(config, "scoped").Scopes);
        var old = SsoConfig.FromProfile(config, "old");
        Assert.True(old.IsLegacy);
        Assert.Equal("https://d-2.awsapps.com/start", old.CacheKey);
        Assert.Empty(old.Scopes);
        Assert.Equal("NotAnSsoProfile", Assert.Throws<AwsConfigurationException>(() => SsoConfig.FromProfile(config, "keys")).ErrorId);
        Assert.Equal("SsoSessionNotFound", Assert.Throws<AwsConfigurationException>(() => SsoConfig.FromProfile(config, "dangling")).ErrorId);
        Assert.Equal("ProfileNotFound", Assert.Throws<AwsConfigurationException>(() => SsoConfig.FromProfile(config, "none")).ErrorId);
        Assert.Equal("eks", SsoConfig.FromSession(config, "eks").SessionName);
        Assert.Equal("InvalidSsoProfile", Assert.Throws<AwsConfigurationException>(() => new SsoRoleCredentials(SsoConfig.FromSession(config, "eks"), config)).ErrorId);
    }
}
