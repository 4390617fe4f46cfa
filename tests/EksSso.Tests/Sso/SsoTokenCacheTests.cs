using EksSso.Engine.Aws;
using EksSso.Engine.Sso;
using Xunit;

namespace EksSso.Tests.Sso;

public sealed class SsoTokenCacheTests : IDisposable
{
    // Written by the AWS CLI v2's own serializer (awscli.customizations.sso.utils._sso_json_dumps, 2.9.19) for a token
    // whose expiresAt had microseconds: the CLI drops them.
    private const string CliWritten =
        "{\"startUrl\": \"https://d-1111111111.awsapps.com/start\", \"region\": \"eu-west-1\", \"accessToken\": \"aoaEXAMPLEACCESSTOKEN\", " +
        "\"expiresAt\": \"2030-01-02T03:04:05Z\", \"clientId\": \"EXAMPLECLIENTID\", \"clientSecret\": \"eyJEXAMPLE.SECRET\", " +
        "\"registrationExpiresAt\": \"2030-03-01T00:00:00Z\", \"refreshToken\": \"aorEXAMPLEREFRESH\"}";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eksso-sso-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static SsoConfig Session(string name = "eks") => new("https://d-1111111111.awsapps.com/start", "eu-west-1", name, ["sso:account:access"]);

    [Fact]
    public void File_name_is_the_sha1_of_the_session_name_or_of_the_start_url_for_a_legacy_profile()
    {
        // hashlib.sha1(b'eks').hexdigest() and hashlib.sha1(b'https://d-1111111111.awsapps.com/start').hexdigest()
        Assert.Equal("16191338e81a46c7d127f5c8899f5c92e3cd38e3.json", SsoTokenCache.FileName(Session().CacheKey));
        var legacy = new SsoConfig("https://d-1111111111.awsapps.com/start", "eu-west-1", null, []);
        Assert.Equal("c85c97856be77f7f55e143530b88cafe9948d3de.json", SsoTokenCache.FileName(legacy.CacheKey));
        Assert.True(legacy.IsLegacy);
    }

    [Fact]
    public void A_token_the_CLI_wrote_round_trips_byte_for_byte()
    {
        var token = SsoCacheJson.ParseToken(CliWritten);
        Assert.Equal("https://d-1111111111.awsapps.com/start", token.StartUrl);
        Assert.Equal("eu-west-1", token.Region);
        Assert.Equal("aoaEXAMPLEACCESSTOKEN", token.AccessToken);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), token.ExpiresAt);
        Assert.Equal("EXAMPLECLIENTID", token.ClientId);
        Assert.Equal("eyJEXAMPLE.SECRET", token.ClientSecret);
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero), token.RegistrationExpiresAt);
        Assert.Equal("aorEXAMPLEREFRESH", token.RefreshToken);
        Assert.Equal(CliWritten, SsoCacheJson.FormatToken(token));
    }

    [Fact]
    public void Writes_the_CLI_time_format_and_leaves_out_what_a_token_does_not_have()
    {
        var token = new SsoToken("https://x.awsapps.com/start", "us-east-1", "aoa1", new DateTimeOffset(2030, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)));
        Assert.Equal(
            "{\"startUrl\": \"https://x.awsapps.com/start\", \"region\": \"us-east-1\", \"accessToken\": \"aoa1\", \"expiresAt\": \"2030-01-02T03:04:05Z\"}",
            SsoCacheJson.FormatToken(token));
    }

    [Theory]
    [InlineData("2030-01-02T03:04:05Z")]
    [InlineData("2030-01-02T03:04:05UTC")]
    [InlineData("2030-01-02T03:04:05+00:00")]
    [InlineData("2030-01-02T03:04:05.000Z")]
    [InlineData("2030-01-02T04:04:05+01:00")]
    [InlineData("2030-01-02T03:04:05")]
    public void Reads_the_time_formats_tools_have_written(string text) =>
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), SsoCacheJson.ParseTime(text));

    [Fact]
    public void Reads_a_legacy_token_without_registration_and_rejects_files_that_are_not_tokens()
    {
        var legacy = SsoCacheJson.ParseToken("{\"startUrl\": \"https://x.awsapps.com/start\", \"region\": \"us-east-1\", \"accessToken\": \"aoa\", \"expiresAt\": \"2030-01-02T03:04:05UTC\"}");
        Assert.Null(legacy.RefreshToken);
        Assert.False(legacy.CanRefresh(DateTimeOffset.UtcNow));
        Assert.Throws<FormatException>(() => SsoCacheJson.ParseToken("{\"clientId\": \"a\", \"clientSecret\": \"b\", \"expiresAt\": \"2030-01-02T03:04:05Z\"}"));
    }

    [Fact]
    public void Strings_are_escaped_as_python_json_dumps_does()
    {
        // json.dumps({'s': 'café "q" \\ /'}) == '{"s": "caf\\u00e9 \\"q\\" \\\\ /"}'
        Assert.Equal("\"caf\\u00e9 \\\"q\\\" \\\\ /\"", SsoCacheJson.String("café \"q\" \\ /"));
    }

    [Fact]
    public void Write_is_owner_only_atomic_and_read_back()
    {
        var cache = new SsoTokenCache(_directory);
        var config = Session();
        var token = SsoCacheJson.ParseToken(CliWritten);
        var path = cache.Write(config, token);
        Assert.Equal(Path.Combine(_directory, "16191338e81a46c7d127f5c8899f5c92e3cd38e3.json"), path);
        Assert.Equal(CliWritten, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));

            // An existing file with a looser mode is replaced by an owner-only one.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            cache.Write(config, token with { AccessToken = "aoa2" });
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal("aoa2", cache.Read(config)!.AccessToken);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.True(cache.Delete(config));
        Assert.Null(cache.Read(config));
        Assert.False(cache.Delete(config));
    }

    [Fact]
    public void A_damaged_file_reads_as_no_token()
    {
        var cache = new SsoTokenCache(_directory);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(cache.PathFor(Session()), "{\"startUrl\": ");
        Assert.Null(cache.Read(Session()));
    }

    [Fact]
    public void Registrations_are_kept_per_grant_types()
    {
        var cache = new SsoTokenCache(_directory);
        var registration = new SsoClientRegistration("id", "secret", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), ["sso:account:access"], ["authorization_code", "refresh_token"]);
        cache.WriteRegistration(Session(), registration);
        var read = cache.ReadRegistration(Session(), ["authorization_code", "refresh_token"]);
        Assert.NotNull(read);
        Assert.Equal("secret", read.ClientSecret);
        Assert.Equal(registration.ExpiresAt, read.ExpiresAt);
        Assert.Null(cache.ReadRegistration(Session(), ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"]));
        Assert.Null(cache.ReadRegistration(Session("other"), ["authorization_code", "refresh_token"]));
        Assert.DoesNotContain("secret", registration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_ToString_never_shows_a_secret()
    {
        var text = SsoCacheJson.ParseToken(CliWritten).ToString();
        Assert.DoesNotContain("EXAMPLE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_directory_is_home_dot_aws_sso_cache_unless_overridden()
    {
        var saved = Environment.GetEnvironmentVariable(SsoTokenCache.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(SsoTokenCache.DirectoryVariable, null);
            var home = OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable("USERPROFILE") : Environment.GetEnvironmentVariable("HOME");
            Assert.Equal(Path.Combine(home!, ".aws", "sso", "cache"), SsoTokenCache.DefaultDirectory);
            Environment.SetEnvironmentVariable(SsoTokenCache.DirectoryVariable, _directory);
            Assert.Equal(_directory, SsoTokenCache.DefaultDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SsoTokenCache.DirectoryVariable, saved);
        }
    }
}
