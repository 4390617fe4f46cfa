using System.Reflection;
using Amazon.Runtime.CredentialManagement;
using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Protocol;

/// <summary>
/// <see cref="AwsSessionFactory"/> reads the real environment for the SDK credential chain and the config file
/// path, so these tests set real variables; the collection runs alone and every test restores what it changed.
/// AWSSDK.Core captures AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE once per process (static
/// <see cref="SharedCredentialsFile.DefaultConfigFilePath"/>, private setter), so the tests point it at their
/// file through reflection as well and put it back afterwards.
/// </summary>
[Collection("Environment")]
public sealed class SessionFactoryTests : IDisposable
{
    private const string EnvAccessKey = "AKIDFROMENVIRONMENT";
    private const string EnvSecret = "env-secret-key-value";

    private static readonly string[] s_variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_MAX_ATTEMPTS", "AWS_ENDPOINT_URL",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_EC2_METADATA_DISABLED",
    ];

    private static readonly PropertyInfo s_sdkConfigPath = typeof(SharedCredentialsFile).GetProperty(nameof(SharedCredentialsFile.DefaultConfigFilePath), BindingFlags.Public | BindingFlags.Static)!;
    private static readonly PropertyInfo s_sdkCredentialsPath = typeof(SharedCredentialsFile).GetProperty(nameof(SharedCredentialsFile.DefaultFilePath), BindingFlags.Public | BindingFlags.Static)!;

    private readonly Dictionary<string, string?> _saved = [];
    private readonly string _directory;
    private readonly string? _savedSdkConfigPath;
    private readonly string? _savedSdkCredentialsPath;

    public SessionFactoryTests()
    {
        foreach (var name in s_variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        _directory = Path.Combine(Path.GetTempPath(), "ekssso-protocol-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        ConfigPath = Path.Combine(_directory, "config");
        File.WriteAllText(ConfigPath, """
            [default]
            region = eu-north-1
            max_attempts = 4

            [profile other]
            region = ap-southeast-2
            aws_access_key_id = AKIDOTHERPROFILE
            aws_secret_access_key = other-profile-secret

            [profile noregion]
            aws_access_key_id = AKIDNOREGION
            aws_secret_access_key = noregion-secret

            [profile badregion]
            region = Mars_1
            aws_access_key_id = AKIDBADREGION
            aws_secret_access_key = badregion-secret
            """);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", ConfigPath);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_directory, "credentials-does-not-exist"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", EnvAccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", EnvSecret);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        _savedSdkConfigPath = (string?)s_sdkConfigPath.GetValue(null);
        _savedSdkCredentialsPath = (string?)s_sdkCredentialsPath.GetValue(null);
        SetSdkPaths(ConfigPath, Path.Combine(_directory, "credentials-does-not-exist"));
    }

    private static void SetSdkPaths(string? config, string? credentials)
    {
        s_sdkConfigPath.SetValue(null, config);
        s_sdkCredentialsPath.SetValue(null, credentials);
    }

    private string ConfigPath { get; }

    public void Dispose()
    {
        SetSdkPaths(_savedSdkConfigPath, _savedSdkCredentialsPath);
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var d = vars.ToDictionary(v => v.Name, v => v.Value);
        return name => d.GetValueOrDefault(name);
    }

    [Fact]
    public void ExplicitRegion_BeatsEnvironmentAndProfile()
    {
        var session = AwsSessionFactory.Create(null, "sa-east-1", Env(("AWS_REGION", "eu-west-3"), ("AWS_DEFAULT_REGION", "ap-south-1")));

        Assert.Equal("sa-east-1", session.Region);
        Assert.Equal("-Region", session.RegionSource);
    }

    [Fact]
    public void AwsRegion_BeatsDefaultRegionAndProfile()
    {
        var session = AwsSessionFactory.Create(null, null, Env(("AWS_REGION", "eu-west-3"), ("AWS_DEFAULT_REGION", "ap-south-1")));

        Assert.Equal("eu-west-3", session.Region);
        Assert.Equal("AWS_REGION", session.RegionSource);
    }

    [Fact]
    public void AwsDefaultRegion_BeatsProfile()
    {
        var session = AwsSessionFactory.Create(null, "  ", Env(("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "ap-south-1")));

        Assert.Equal("ap-south-1", session.Region);
        Assert.Equal("AWS_DEFAULT_REGION", session.RegionSource);
    }

    [Fact]
    public async Task ProfileRegion_IsTheLastResort_WithEnvironmentCredentials()
    {
        var session = AwsSessionFactory.Create(null, null, Env());

        Assert.Equal("eu-north-1", session.Region);
        Assert.Equal("profile 'default'", session.RegionSource);
        Assert.Equal("default", session.ProfileName);
        Assert.Equal("environment variables (AWS_ACCESS_KEY_ID)", session.CredentialSource);
        Assert.Equal(4, session.MaxAttempts);
        var credentials = await session.GetSigningCredentialsAsync(CancellationToken.None);
        Assert.Equal(EnvAccessKey, credentials.AccessKeyId);
    }

    [Fact]
    public void AwsProfileFromEnvironmentFunction_ChoosesTheProfileForRegion()
    {
        var session = AwsSessionFactory.Create(null, null, Env(("AWS_PROFILE", "other")));

        Assert.Equal("ap-southeast-2", session.Region);
        Assert.Equal("profile 'other'", session.RegionSource);
        Assert.Equal("other", session.ProfileName);
        Assert.Equal(AwsRetryPolicy.DefaultMaxAttempts, session.MaxAttempts);
    }

    [Fact]
    public async Task ExplicitProfile_GivesItsCredentialsAndRegion()
    {
        var session = AwsSessionFactory.Create("other", null, Env());

        Assert.Equal("ap-southeast-2", session.Region);
        Assert.Equal("profile 'other'", session.RegionSource);
        Assert.Equal("profile 'other'", session.CredentialSource);
        Assert.Equal("other", session.ProfileName);
        var credentials = await session.GetSigningCredentialsAsync(CancellationToken.None);
        Assert.Equal("AKIDOTHERPROFILE", credentials.AccessKeyId);
    }

    [Fact]
    public void ExplicitProfile_EnvironmentRegionStillBeatsProfileRegion()
    {
        var session = AwsSessionFactory.Create("other", null, Env(("AWS_DEFAULT_REGION", "ca-central-1")));

        Assert.Equal("ca-central-1", session.Region);
        Assert.Equal("AWS_DEFAULT_REGION", session.RegionSource);
    }

    [Fact]
    public void UnknownProfile_ThrowsProfileNotFound()
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create("no-such-profile", "us-west-2", Env()));

        Assert.Equal("ProfileNotFound", e.ErrorId);
        Assert.Contains("no-such-profile", e.Message);
        Assert.Contains(ConfigPath, e.Message);
    }

    [Theory]
    [InlineData("US-WEST-2")]
    [InlineData("us_west_2")]
    [InlineData("uswest2")]
    [InlineData("us-west-two")]
    [InlineData("https://us-west-2")]
    public void InvalidExplicitRegion_ThrowsInvalidRegion(string region)
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create(null, region, Env()));

        Assert.Equal("InvalidRegion", e.ErrorId);
    }

    [Fact]
    public void InvalidRegionFromEnvironment_ThrowsInvalidRegion()
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create(null, null, Env(("AWS_REGION", "mars"))));

        Assert.Equal("InvalidRegion", e.ErrorId);
        Assert.Contains("'mars'", e.Message);
    }

    /// <summary>
    /// A profile whose region is not a region name ("Mars_1") must give the module's InvalidRegion error; the SDK's
    /// CredentialProfileStoreChain.TryGetProfile throws AmazonClientException ("not a valid hostname component")
    /// for it, which today escapes AwsSessionFactory.Create unwrapped.
    /// </summary>
    [Fact]
    public void InvalidRegionInProfile_ThrowsInvalidRegion()
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create("badregion", null, Env()));

        Assert.Equal("InvalidRegion", e.ErrorId);
        Assert.Contains("'Mars_1'", e.Message);
    }

    [Fact]
    public void NoRegionAnywhere_ThrowsRegionNotSet()
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create("noregion", null, Env()));

        Assert.Equal("RegionNotSet", e.ErrorId);
    }

    [Fact]
    public void MaxAttempts_FromEnvironmentFunction_BeatsProfile()
    {
        var fromEnv = AwsSessionFactory.Create(null, null, Env(("AWS_MAX_ATTEMPTS", "7")));
        var invalid = AwsSessionFactory.Create("other", null, Env(("AWS_MAX_ATTEMPTS", "0")));

        Assert.Equal(7, fromEnv.MaxAttempts);
        Assert.Equal(AwsRetryPolicy.DefaultMaxAttempts, invalid.MaxAttempts);
    }

    [Fact]
    public void Session_ResolvesEndpointsWithTheEnvironmentFunction()
    {
        var session = AwsSessionFactory.Create(null, "eu-west-1", Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9/")));

        Assert.Equal("http://127.0.0.1:9/", session.ResolveEndpoint(AwsServiceInfo.Eks).Url.AbsoluteUri);
        Assert.Equal("https://eks.eu-west-1.amazonaws.com/", AwsSessionFactory.Create(null, "eu-west-1", Env()).ResolveEndpoint(AwsServiceInfo.Eks).Url.AbsoluteUri);
    }

    [Fact]
    public void WithRegion_KeepsEverythingElse_AndValidates()
    {
        var session = AwsSessionFactory.Create("other", null, Env(("AWS_MAX_ATTEMPTS", "6")));

        var moved = session.WithRegion("us-gov-west-1", "test");

        Assert.Equal("us-gov-west-1", moved.Region);
        Assert.Equal("test", moved.RegionSource);
        Assert.Same(session.Credentials, moved.Credentials);
        Assert.Equal("other", moved.ProfileName);
        Assert.Equal(6, moved.MaxAttempts);
        Assert.Equal("InvalidRegion", Assert.Throws<AwsConfigurationException>(() => session.WithRegion("nowhere", "test")).ErrorId);
    }

    /// <summary>
    /// AWSSDK.Core reads AWS_CONFIG_FILE once per process (here: before the variable was set, so it still looks at
    /// a file that does not exist), while <see cref="AwsConfigFile.DefaultPath"/> reads the variable on every call.
    /// Changing the variable later (<c>$env:AWS_CONFIG_FILE = ...</c> in a PowerShell session) then gives a
    /// ProfileNotFound error that names a file which does hold the profile. Either the profile is found in the
    /// file the variable names, or the error names the file that was really searched.
    /// </summary>
    [Fact]
    public async Task ConfigFileChangedAfterSdkReadIt_ProfileIsFoundOrTheErrorNamesTheFileSearched()
    {
        var staleSdkPath = Path.Combine(_directory, "config-when-the-sdk-first-looked");
        SetSdkPaths(staleSdkPath, Path.Combine(_directory, "credentials-does-not-exist"));

        AwsSession session;
        try
        {
            session = AwsSessionFactory.Create("other", null, Env());
        }
        catch (AwsConfigurationException e) when (e.ErrorId == "ProfileNotFound")
        {
            Assert.DoesNotContain(ConfigPath, e.Message);
            Assert.Contains(staleSdkPath, e.Message);
            return;
        }

        var credentials = await session.GetSigningCredentialsAsync(CancellationToken.None);
        Assert.Equal("AKIDOTHERPROFILE", credentials.AccessKeyId);
        Assert.Equal("ap-southeast-2", session.Region);
    }
}
