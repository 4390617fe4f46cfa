using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using EksSso.Engine.Aws.Signing;
using EksSso.Engine.Sso;

namespace EksSso.Engine.Aws;

/// <summary>
/// Credentials, region and endpoint configuration for a series of AWS calls. Credentials come from
/// AWSSDK.Core's own providers (environment, shared files, SSO, credential_process, web identity,
/// container and instance metadata); this type only decides which provider to ask.
/// </summary>
public sealed class AwsSession
{
    private readonly Func<string, string?> _environment;

    public AwsSession(
        AWSCredentials credentials,
        string region,
        string credentialSource,
        string regionSource,
        string? profileName = null,
        AwsConfigFile? config = null,
        int maxAttempts = AwsRetryPolicy.DefaultMaxAttempts,
        Func<string, string?>? environment = null,
        Uri? endpointUrl = null)
    {
        Credentials = credentials;
        Region = AwsRegionName.Validate(region);
        CredentialSource = credentialSource;
        RegionSource = regionSource;
        ProfileName = profileName;
        Config = config ?? new AwsConfigFile();
        MaxAttempts = maxAttempts;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        EndpointUrl = endpointUrl;
    }

    /// <summary>One endpoint for every service, overriding all configured ones (a sandbox's admin context).</summary>
    public Uri? EndpointUrl { get; }

    public AWSCredentials Credentials { get; }

    public string Region { get; }

    /// <summary>Where the credentials came from, for debug output; never the secret itself.</summary>
    public string CredentialSource { get; }

    public string RegionSource { get; }

    public string? ProfileName { get; }

    public AwsConfigFile Config { get; }

    public int MaxAttempts { get; }

    public AwsConfigSection? Profile => ProfileName is null ? null : Config.Profile(ProfileName);

    public AwsEndpoint ResolveEndpoint(AwsServiceInfo service) =>
        AwsEndpointResolver.Resolve(service, Region, Profile, Config, _environment, EndpointUrl);

    public async Task<AwsSigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ImmutableCredentials c;
        try
        {
            c = await Credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not AwsCredentialsException and not EksSsoException)
        {
            throw new AwsCredentialsException($"Could not get credentials from {CredentialSource}: {e.Message}", e);
        }

        return new AwsSigningCredentials(c.AccessKey, c.SecretKey, string.IsNullOrEmpty(c.Token) ? null : c.Token);
    }

    /// <summary>A session with fixed long-term keys sent to one endpoint (a sandbox's administrator).</summary>
    public static AwsSession ForStaticKeys(string accessKeyId, string secretAccessKey, string region, Uri endpoint, string credentialSource) =>
        new(new BasicAWSCredentials(accessKeyId, secretAccessKey), region, credentialSource, credentialSource, endpointUrl: endpoint);

    public AwsSession WithRegion(string region, string regionSource) =>
        new(Credentials, region, CredentialSource, regionSource, ProfileName, Config, MaxAttempts, _environment, EndpointUrl);

    public AwsSession WithCredentials(AWSCredentials credentials, string credentialSource) =>
        new(credentials, Region, credentialSource, RegionSource, ProfileName, Config, MaxAttempts, _environment, EndpointUrl);
}

/// <summary>Builds an <see cref="AwsSession"/> from a profile name, a region, or the environment.</summary>
public static class AwsSessionFactory
{
    /// <param name="profileName">Explicit profile; null for the SDK's default chain.</param>
    /// <param name="region">Explicit region; null to take it from the environment or the profile.</param>
    public static AwsSession Create(string? profileName, string? region, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        SyncSdkSharedFilePaths();
        var config = AwsConfigFile.Load();
        AWSCredentials credentials;
        string source;
        string? effectiveProfile;

        if (!string.IsNullOrEmpty(profileName))
        {
            // A malformed region in the profile would otherwise surface as the SDK's own hostname error.
            if (config.Profile(profileName)?["region"] is { } profileRegion)
            {
                AwsRegionName.Validate(profileRegion);
            }

            // SSO profiles get role credentials from our CLI-compatible token cache, not the SDK's own SSO handling;
            // a role_arn profile (even with an SSO source profile) stays with the SDK.
            if (SsoCredentialsFor(config, profileName) is { } sso)
            {
                var (resolved, resolvedSource) = sso;
                var (ssoRegion, ssoRegionSource) = ResolveRegion(region, profileName, config, environment);
                return new AwsSession(resolved, ssoRegion, resolvedSource, ssoRegionSource, profileName, config, ResolveMaxAttempts(profileName, config, environment), environment);
            }

            var chain = new CredentialProfileStoreChain();
            try
            {
                if (!chain.TryGetProfile(profileName, out _))
                {
                    throw new AwsConfigurationException(
                        $"The AWS profile '{profileName}' was not found in {AwsConfigFile.DefaultPath} or the shared credentials file. Get-EksSsoProfile lists the profiles; New-EksSsoProfile creates one.",
                        "ProfileNotFound");
                }

                if (!chain.TryGetAWSCredentials(profileName, out credentials))
                {
                    throw new AwsConfigurationException(
                        $"The AWS profile '{profileName}' has no usable credentials (no keys, role, SSO or credential_process settings).",
                        "ProfileHasNoCredentials");
                }
            }
            catch (AmazonClientException e)
            {
                throw new AwsConfigurationException($"The AWS profile '{profileName}' cannot be used: {e.Message}", "InvalidProfile");
            }

            source = $"profile '{profileName}'";
            effectiveProfile = profileName;
        }
        else
        {
            var defaultProfile = NonEmpty(environment("AWS_PROFILE")) ?? NonEmpty(environment("AWS_DEFAULT_PROFILE")) ?? "default";
            if (NonEmpty(environment("AWS_ACCESS_KEY_ID")) is null && NonEmpty(environment("AWS_WEB_IDENTITY_TOKEN_FILE")) is null
                && SsoCredentialsFor(config, defaultProfile) is { } sso)
            {
                // The default profile (AWS_PROFILE) is an SSO profile and no environment keys come before it.
                var (resolved, resolvedSource) = sso;
                var (ssoRegion, ssoRegionSource) = ResolveRegion(region, defaultProfile, config, environment);
                return new AwsSession(resolved, ssoRegion, resolvedSource, ssoRegionSource, defaultProfile, config, ResolveMaxAttempts(defaultProfile, config, environment), environment);
            }

            try
            {
                credentials = DefaultChain.Resolve();
            }
            catch (Exception e)
            {
                throw new AwsCredentialsException(
                    "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or pass -ProfileName (Connect-EksSso signs in to an SSO profile). " + e.Message,
                    e);
            }

            effectiveProfile = NonEmpty(environment("AWS_PROFILE")) ?? NonEmpty(environment("AWS_DEFAULT_PROFILE")) ?? "default";
            source = DescribeDefaultSource(credentials, effectiveProfile);
            if (!source.StartsWith("profile", StringComparison.Ordinal))
            {
                // Credentials that did not come from a profile still honour the default profile's settings
                // (region, endpoint_url), as the SDKs do.
                effectiveProfile = config.Profile(effectiveProfile) is null ? null : effectiveProfile;
            }
        }

        var (resolvedRegion, regionSource) = ResolveRegion(region, effectiveProfile, config, environment);
        var maxAttempts = ResolveMaxAttempts(effectiveProfile, config, environment);
        return new AwsSession(credentials, resolvedRegion, source, regionSource, effectiveProfile, config, maxAttempts, environment);
    }

    /// <summary>
    /// A session that signs nothing (web identity federation needs no credentials to start from): the region and
    /// endpoint settings of the environment or of <paramref name="profileName"/>, anonymous credentials.
    /// </summary>
    public static AwsSession CreateAnonymous(string? profileName, string? region, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        SyncSdkSharedFilePaths();
        var config = AwsConfigFile.Load();
        var effectiveProfile = NonEmpty(profileName) ?? NonEmpty(environment("AWS_PROFILE")) ?? "default";
        effectiveProfile = config.Profile(effectiveProfile) is null ? null : effectiveProfile;
        var (resolvedRegion, regionSource) = ResolveRegion(region, effectiveProfile, config, environment);
        return new AwsSession(new AnonymousAWSCredentials(), resolvedRegion, "no credentials (web identity)", regionSource, effectiveProfile, config,
            ResolveMaxAttempts(effectiveProfile, config, environment), environment);
    }

    /// <summary>Our SSO credentials when the profile is an SSO profile (sso_session or sso_start_url) without role_arn.</summary>
    private static (AWSCredentials Credentials, string Source)? SsoCredentialsFor(AwsConfigFile config, string profileName)
    {
        var profile = config.Profile(profileName);
        if (!SsoConfig.IsSsoProfile(profile) || profile!["role_arn"] is not null)
        {
            return null;
        }

        var credentials = new SsoRoleCredentials(SsoConfig.FromProfile(config, profileName), config);
        return (credentials, $"profile '{profileName}': {credentials.Description}");
    }

    private static (string Region, string Source) ResolveRegion(string? explicitRegion, string? profileName, AwsConfigFile config, Func<string, string?> environment)
    {
        if (NonEmpty(explicitRegion) is { } r)
        {
            return (r, "-Region");
        }

        if (NonEmpty(environment("AWS_REGION")) is { } envRegion)
        {
            return (envRegion, "AWS_REGION");
        }

        if (NonEmpty(environment("AWS_DEFAULT_REGION")) is { } envDefault)
        {
            return (envDefault, "AWS_DEFAULT_REGION");
        }

        if (profileName is not null && config.Profile(profileName)?["region"] is { } profileRegion)
        {
            return (profileRegion, $"profile '{profileName}'");
        }

        throw new AwsConfigurationException(
            "No AWS region is set: pass -Region, set AWS_REGION, or add 'region' to the profile.",
            "RegionNotSet");
    }

    private static int ResolveMaxAttempts(string? profileName, AwsConfigFile config, Func<string, string?> environment)
    {
        var text = NonEmpty(environment("AWS_MAX_ATTEMPTS")) ?? (profileName is null ? null : config.Profile(profileName)?["max_attempts"]);
        return int.TryParse(text, out var n) && n >= 1 ? n : AwsRetryPolicy.DefaultMaxAttempts;
    }

    private static string DescribeDefaultSource(AWSCredentials credentials, string profileName) => credentials switch
    {
        EnvironmentVariablesAWSCredentials => "environment variables (AWS_ACCESS_KEY_ID)",
        AssumeRoleWithWebIdentityCredentials => "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
        GenericContainerCredentials => "container credentials endpoint",
        InstanceProfileAWSCredentials => "EC2 instance metadata",
        _ => $"profile '{profileName}'",
    };

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// The SDK's default credential chain. Its process-wide default instance caches what it resolved and watches the
    /// files it first read; a PowerShell session changes AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (a sandbox
    /// does), so keep one resolver per pair of files and start afresh when they change.
    /// </summary>
    private static class DefaultChain
    {
        private static readonly object s_gate = new();
        private static (string Config, string Credentials, DefaultAWSCredentialsIdentityResolver Resolver)? s_current;

        public static AWSCredentials Resolve()
        {
            var config = AwsConfigFile.DefaultPath;
            var credentials = AwsProfileNames.CredentialsFilePath;
            DefaultAWSCredentialsIdentityResolver resolver;
            lock (s_gate)
            {
                if (s_current is not { } current || current.Config != config || current.Credentials != credentials)
                {
                    s_current?.Resolver.Dispose();
                    s_current = current = (config, credentials, new DefaultAWSCredentialsIdentityResolver());
                }

                resolver = current.Resolver;
            }

            return resolver.ResolveIdentity(null);
        }
    }

    /// <summary>
    /// AWSSDK.Core reads AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE once per process into private statics,
    /// but a PowerShell session outlives many changes of those variables (and this copy of the SDK is ours alone,
    /// in the module's load context). Re-point the SDK at the files the variables name now.
    /// </summary>
    private static void SyncSdkSharedFilePaths()
    {
        const System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        var type = typeof(SharedCredentialsFile);
        type.GetProperty("DefaultConfigFilePath", flags)?.SetMethod?.Invoke(null, [AwsConfigFile.DefaultPath]);
        type.GetProperty("DefaultFilePath", flags)?.SetMethod?.Invoke(null, [AwsProfileNames.CredentialsFilePath]);
    }
}

public static class AwsRegionName
{
    public static string Validate(string region)
    {
        // The shape of every AWS region name: lowercase letters, digits and dashes, e.g. us-east-1, us-gov-west-1.
        if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2}(-[a-z]+)+-\\d{1,2}$"))
        {
            throw new AwsConfigurationException($"'{region}' is not an AWS region name (for example us-east-1).", "InvalidRegion");
        }

        return region;
    }
}
