using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class EndpointResolverTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var d = vars.ToDictionary(v => v.Name, v => v.Value);
        return name => d.GetValueOrDefault(name);
    }

    private static readonly Func<string, string?> s_noEnv = _ => null;

    private const string Config = """
        [default]
        region = us-west-2

        [profile dev]
        region = eu-west-1
        services = dev-services
        endpoint_url = http://profile.example:4000
        s3 =
          addressing_style = path

        [profile plain]
        endpoint_url = http://plain.example:4001/

        [profile ignoring]
        endpoint_url = http://ignored.example:4002
        ignore_configured_endpoint_urls = true
        services = dev-services

        [services dev-services]
        sso_admin =
          endpoint_url = http://sso-admin.services.example:4003
        eks =
          endpoint_url = http://eks.services.example:4004 ; local emulator
        """;

    [Theory]
    [InlineData("STS", "us-west-2", "https://sts.us-west-2.amazonaws.com/", "us-west-2")]
    [InlineData("EKS", "eu-west-1", "https://eks.eu-west-1.amazonaws.com/", "eu-west-1")]
    [InlineData("SSO Admin", "eu-central-1", "https://sso.eu-central-1.amazonaws.com/", "eu-central-1")]
    [InlineData("identitystore", "ap-southeast-2", "https://identitystore.ap-southeast-2.amazonaws.com/", "ap-southeast-2")]
    [InlineData("IAM", "us-west-2", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("IAM", "eu-west-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("Organizations", "us-west-2", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    [InlineData("Organizations", "ap-northeast-1", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    [InlineData("EC2", "us-east-2", "https://ec2.us-east-2.amazonaws.com/", "us-east-2")]
    [InlineData("SSO", "us-west-2", "https://portal.sso.us-west-2.amazonaws.com/", "us-west-2")]
    [InlineData("SSO OIDC", "us-west-2", "https://oidc.us-west-2.amazonaws.com/", "us-west-2")]
    [InlineData("EKS", "cn-north-1", "https://eks.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("STS", "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1")]
    [InlineData("IAM", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("IAM", "us-gov-west-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("IAM", "us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("Organizations", "us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
    [InlineData("EKS", "us-gov-east-1", "https://eks.us-gov-east-1.amazonaws.com/", "us-gov-east-1")]
    public void RealEndpoints(string serviceId, string region, string url, string signingRegion)
    {
        var service = AwsServiceInfo.All.Single(s => s.ServiceId == serviceId);

        var endpoint = AwsEndpointResolver.Resolve(service, region, environment: s_noEnv);

        Assert.Equal(url, endpoint.Url.AbsoluteUri);
        Assert.Equal(signingRegion, endpoint.SigningRegion);
        Assert.Equal("aws", endpoint.Source);
        Assert.False(endpoint.IsOverride);
    }

    /// <summary>
    /// In the China partition Organizations is served from cn-northwest-1 and signed for cn-northwest-1
    /// (botocore endpoint data "aws-cn-global": hostname organizations.cn-northwest-1.amazonaws.com.cn).
    /// </summary>
    [Theory]
    [InlineData("cn-north-1")]
    [InlineData("cn-northwest-1")]
    public void Organizations_InChina_HostAndSigningRegionAreBothCnNorthwest1(string region)
    {
        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.Organizations, region, environment: s_noEnv);

        Assert.Equal("cn-northwest-1", endpoint.SigningRegion);
        Assert.Equal("https://organizations.cn-northwest-1.amazonaws.com.cn/", endpoint.Url.AbsoluteUri);
    }

    [Fact]
    public void ServiceEnvironmentVariable_BeatsEverything()
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(("AWS_ENDPOINT_URL_SSO_ADMIN", "http://sso-env.example:5000"), ("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.SsoAdmin, "eu-west-1", config.Profile("dev"), config, env);

        Assert.Equal("http://sso-env.example:5000/", endpoint.Url.AbsoluteUri);
        Assert.Equal("AWS_ENDPOINT_URL_SSO_ADMIN", endpoint.Source);
        Assert.Equal("eu-west-1", endpoint.SigningRegion);
        Assert.True(endpoint.IsOverride);
    }

    [Fact]
    public void ServicesSection_BeatsGlobalEnvironmentAndProfileEndpoint()
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(("AWS_ENDPOINT_URL", "http://global-env.example:5001"), ("AWS_ENDPOINT_URL_EKS", "  "));

        var sso = AwsEndpointResolver.Resolve(AwsServiceInfo.SsoAdmin, "eu-west-1", config.Profile("dev"), config, env);
        var eks = AwsEndpointResolver.Resolve(AwsServiceInfo.Eks, "eu-west-1", config.Profile("dev"), config, env);

        Assert.Equal("http://sso-admin.services.example:4003/", sso.Url.AbsoluteUri);
        Assert.Equal("services dev-services", sso.Source);
        Assert.Equal("http://eks.services.example:4004/", eks.Url.AbsoluteUri);
    }

    [Fact]
    public void GlobalEnvironment_BeatsProfileEndpoint_ForServicesNotInServicesSection()
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.IdentityStore, "eu-west-1", config.Profile("dev"), config, env);

        Assert.Equal("http://global-env.example:5001/", endpoint.Url.AbsoluteUri);
        Assert.Equal("AWS_ENDPOINT_URL", endpoint.Source);
    }

    [Fact]
    public void ProfileEndpoint_IsTheLastOverride()
    {
        var config = AwsConfigFile.Parse(Config);

        var dev = AwsEndpointResolver.Resolve(AwsServiceInfo.IdentityStore, "eu-west-1", config.Profile("dev"), config, s_noEnv);
        var plain = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", config.Profile("plain"), config, s_noEnv);
        var none = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", config.Profile("default"), config, s_noEnv);

        Assert.Equal("http://profile.example:4000/", dev.Url.AbsoluteUri);
        Assert.Equal("profile dev", dev.Source);
        Assert.Equal("http://plain.example:4001/", plain.Url.AbsoluteUri);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", none.Url.AbsoluteUri);
    }

    [Fact]
    public void GlobalService_OverriddenEndpoint_StillSignsForPartitionHomeRegion()
    {
        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.Iam, "eu-west-1", environment: Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9/")));

        Assert.Equal("http://127.0.0.1:9/", endpoint.Url.AbsoluteUri);
        Assert.Equal("us-east-1", endpoint.SigningRegion);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void IgnoreConfiguredEndpoints_EnvironmentVariable_IgnoresAllOverrides(string value)
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", value),
            ("AWS_ENDPOINT_URL_SSO_ADMIN", "http://sso-env.example:5000"),
            ("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var sso = AwsEndpointResolver.Resolve(AwsServiceInfo.SsoAdmin, "eu-west-1", config.Profile("dev"), config, env);
        var sts = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", config.Profile("dev"), config, env);

        Assert.Equal("https://sso.eu-west-1.amazonaws.com/", sso.Url.AbsoluteUri);
        Assert.Equal("aws", sso.Source);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", sts.Url.AbsoluteUri);
    }

    [Fact]
    public void IgnoreConfiguredEndpoints_ProfileSetting_IgnoresAllOverrides()
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(("AWS_ENDPOINT_URL_SSO_ADMIN", "http://sso-env.example:5000"), ("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var sso = AwsEndpointResolver.Resolve(AwsServiceInfo.SsoAdmin, "eu-west-1", config.Profile("ignoring"), config, env);
        var sts = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", config.Profile("ignoring"), config, env);

        Assert.Equal("https://sso.eu-west-1.amazonaws.com/", sso.Url.AbsoluteUri);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", sts.Url.AbsoluteUri);
    }

    [Fact]
    public void IgnoreConfiguredEndpoints_False_KeepsOverrides()
    {
        var env = Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"), ("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.Eks, "eu-west-1", environment: env);

        Assert.Equal("http://global-env.example:5001/", endpoint.Url.AbsoluteUri);
    }

    /// <summary>
    /// Shared settings take the environment variable before the config file (botocore: env provider first in the
    /// chain), so AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false overrides a profile's ignore_configured_endpoint_urls = true.
    /// </summary>
    [Fact]
    public void IgnoreConfiguredEndpoints_EnvironmentFalse_OverridesProfileTrue()
    {
        var config = AwsConfigFile.Parse(Config);
        var env = Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"), ("AWS_ENDPOINT_URL", "http://global-env.example:5001"));

        var endpoint = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, "eu-west-1", config.Profile("ignoring"), config, env);

        Assert.Equal("http://global-env.example:5001/", endpoint.Url.AbsoluteUri);
        Assert.Equal("AWS_ENDPOINT_URL", endpoint.Source);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_EKS", "not a url")]
    [InlineData("AWS_ENDPOINT_URL_EKS", "ftp://example.com/")]
    [InlineData("AWS_ENDPOINT_URL", "localhost:4566")]
    public void InvalidUrl_InEnvironment_ThrowsArgumentExceptionNamingTheVariable(string variable, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => AwsEndpointResolver.Resolve(AwsServiceInfo.Eks, "us-west-2", environment: Env((variable, value))));

        Assert.Contains(variable, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void InvalidUrl_InServicesSection_NamesTheSectionAndKey()
    {
        var config = AwsConfigFile.Parse("""
            [profile p]
            services = bad
            [services bad]
            eks =
              endpoint_url = nope
            """);

        var e = Assert.Throws<ArgumentException>(() => AwsEndpointResolver.Resolve(AwsServiceInfo.Eks, "us-west-2", config.Profile("p"), config, s_noEnv));

        Assert.Contains("[services bad] eks.endpoint_url", e.Message);
    }

    [Fact]
    public void ConfigFile_ParsesProfilesNestedKeysAndInlineComments()
    {
        var config = AwsConfigFile.Parse(Config.Replace("\n", "\r\n"));

        Assert.Equal("us-west-2", config.Profile("default")?["region"]);
        Assert.Equal("eu-west-1", config.Profile("dev")?["region"]);
        Assert.Equal("path", config.Profile("dev")?.Get("s3", "addressing_style"));
        Assert.Null(config.Profile("dev")?["s3"]);
        Assert.Equal("http://eks.services.example:4004", config.Section("services", "dev-services")?.Get("eks", "endpoint_url"));
        Assert.Equal("http://sso-admin.services.example:4003", config.Section("services", "dev-services")?.Get("sso_admin", "endpoint_url"));
        Assert.Null(config.Profile("missing"));
    }

    [Fact]
    public void ServiceNames_ForEnvironmentAndConfig()
    {
        Assert.Equal("SSO_ADMIN", AwsServiceInfo.SsoAdmin.EnvironmentSuffix);
        Assert.Equal("sso_admin", AwsServiceInfo.SsoAdmin.ConfigKey);
        Assert.Equal("IDENTITYSTORE", AwsServiceInfo.IdentityStore.EnvironmentSuffix);
        Assert.Equal("SSO_OIDC", AwsServiceInfo.SsoOidc.EnvironmentSuffix);
        Assert.Equal("iam", AwsServiceInfo.Iam.ConfigKey);
    }
}
