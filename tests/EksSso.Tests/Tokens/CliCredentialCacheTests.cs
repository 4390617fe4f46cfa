using EksSso.Engine.Tokens;
using Xunit;

namespace EksSso.Tests.Tokens;

public sealed class CliCredentialCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eksso-cli-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void KeysAreBotocoresHashes()
    {
        // sha1('{"RoleArn": "arn:aws:iam::123456789012:role/demo"}') and
        // sha1('{"accountId":"123456789012","roleName":"Admin","sessionName":"corp"}'), as botocore computes them.
        Assert.Equal(Sha1("{\"RoleArn\": \"arn:aws:iam::123456789012:role/demo\"}"), CliCredentialCache.AssumeRoleKey("arn:aws:iam::123456789012:role/demo"));
        Assert.Equal(
            Sha1("{\"DurationSeconds\": 900, \"ExternalId\": \"x\", \"RoleArn\": \"arn:aws:iam::123456789012:role/demo\", \"RoleSessionName\": \"me\"}"),
            CliCredentialCache.AssumeRoleKey("arn:aws:iam::123456789012:role/demo", "me", "x", null, 900));
        Assert.Equal(Sha1("{\"accountId\":\"123456789012\",\"roleName\":\"Admin\",\"sessionName\":\"corp\"}"), CliCredentialCache.SsoKey("123456789012", "Admin", "corp", "https://x"));
        Assert.Equal(Sha1("{\"accountId\":\"123456789012\",\"roleName\":\"Admin\",\"startUrl\":\"https://x/start\"}"), CliCredentialCache.SsoKey("123456789012", "Admin", null, "https://x/start"));
    }

    [Fact]
    public void WritesOwnerOnlyAndReadsBackUntilFifteenMinutesBeforeExpiry()
    {
        var cache = new CliCredentialCache(_directory);
        var now = DateTimeOffset.UtcNow;
        var written = new CachedCredentials("ASIAEXAMPLE", "secret", "token", now.AddMinutes(30));
        var path = cache.Write("k", written, assumedRoleArn: "arn:aws:sts::123456789012:assumed-role/demo/s");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var read = cache.Read("k", now);
        Assert.NotNull(read);
        Assert.Equal("ASIAEXAMPLE", read.AccessKeyId);
        Assert.Equal("token", read.SessionToken);
        Assert.Null(cache.Read("k", now.AddMinutes(16)));
        Assert.Null(cache.Read("missing", now));
    }

    [Fact]
    public void ReadsTheAwsClisOwnFileFormat()
    {
        Directory.CreateDirectory(_directory);
        var expiry = DateTimeOffset.UtcNow.AddHours(1);
        File.WriteAllText(Path.Combine(_directory, "cli.json"),
            "{\"Credentials\": {\"AccessKeyId\": \"ASIACLI\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", \"Expiration\": \"" +
            expiry.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "UTC\"}, \"AssumedRoleUser\": {\"Arn\": \"x\"}, \"ResponseMetadata\": {}}");
        var read = new CliCredentialCache(_directory).Read("cli", DateTimeOffset.UtcNow);
        Assert.NotNull(read);
        Assert.Equal("ASIACLI", read.AccessKeyId);
        Assert.Equal(expiry.ToUnixTimeSeconds(), read.Expiration.ToUnixTimeSeconds());
    }

    private static string Sha1(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
