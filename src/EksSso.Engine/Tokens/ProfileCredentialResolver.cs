using System.Globalization;
using Amazon.Runtime;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Signing;
using EksSso.Engine.Contexts;
using EksSso.Engine.Sso;

namespace EksSso.Engine.Tokens;

/// <summary>Credentials to sign a token with, the STS endpoint to presign for, and where they came from.</summary>
public sealed record TokenSigningContext(AwsSigningCredentials Credentials, AwsEndpoint Sts, string Region, string Source);

/// <summary>
/// Credentials for the token helper, resolved the AWS CLI's way and quickly: environment keys, or the profile's static
/// keys, or its role credentials from the CLI's cache (<see cref="CliCredentialCache"/>) so that a warm call reads two
/// small files and makes no network call. On a cache miss, role_arn profiles are assumed (their source profile resolved
/// the same way) and SSO profiles get their role credentials through the token cache; both are then cached. Any other
/// kind of profile (credential_process, web identity) goes through <see cref="AwsSessionFactory"/> uncached.
/// </summary>
public sealed class ProfileCredentialResolver(CliCredentialCache cache, Func<string, string?>? environment = null, TimeProvider? time = null)
{
    private const int MaxSourceDepth = 8;

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="profileName">The profile named in the kubeconfig; null for the environment's keys or AWS_PROFILE.</param>
    /// <param name="region">The cluster's region; null to take it from the environment or the profile.</param>
    public async Task<TokenSigningContext> ResolveAsync(string? profileName, string? region, CancellationToken cancellationToken)
    {
        var config = AwsConfigFile.Load();
        var credentialsFile = AwsConfigFile.Load(AwsProfileNames.CredentialsFilePath);
        var files = new ProfileFiles(config, credentialsFile);
        var envKeys = EnvironmentKeys();

        // An explicit profile wins over environment keys (as --profile does for the CLI); otherwise the keys come first.
        var effectiveProfile = NonEmpty(profileName) ?? NonEmpty(_environment("AWS_PROFILE")) ?? NonEmpty(_environment("AWS_DEFAULT_PROFILE")) ?? "default";
        var resolvedRegion = NonEmpty(region) ?? NonEmpty(_environment("AWS_REGION")) ?? NonEmpty(_environment("AWS_DEFAULT_REGION"))
            ?? config.Profile(effectiveProfile)?["region"]
            ?? throw new AwsConfigurationException("No AWS region is set: pass --region, set AWS_REGION, or add 'region' to the profile.", "RegionNotSet");
        AwsRegionName.Validate(resolvedRegion);

        AwsSigningCredentials credentials;
        string source;
        if (NonEmpty(profileName) is null && envKeys is not null)
        {
            (credentials, source) = (envKeys, "environment variables (AWS_ACCESS_KEY_ID)");
        }
        else
        {
            (credentials, source) = await ForProfileAsync(files, effectiveProfile, resolvedRegion, 0, cancellationToken).ConfigureAwait(false);
        }

        var sts = AwsEndpointResolver.Resolve(AwsServiceInfo.Sts, resolvedRegion, config.Profile(effectiveProfile), config, _environment);
        return new TokenSigningContext(credentials, sts, resolvedRegion, source);
    }

    private async Task<(AwsSigningCredentials Credentials, string Source)> ForProfileAsync(
        ProfileFiles files, string name, string region, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxSourceDepth)
        {
            throw new AwsConfigurationException($"The AWS profile '{name}' is part of a source_profile loop.", "InvalidProfile");
        }

        if (files.Get(name, "role_arn") is { } roleArn)
        {
            return await AssumeRoleProfileAsync(files, name, roleArn, region, depth, cancellationToken).ConfigureAwait(false);
        }

        if (files.Get(name, "aws_access_key_id") is { } keyId && files.Get(name, "aws_secret_access_key") is { } secret)
        {
            return (new AwsSigningCredentials(keyId, secret, files.Get(name, "aws_session_token")), $"profile '{name}' (static keys)");
        }

        var profile = files.Config.Profile(name);
        if (SsoConfig.IsSsoProfile(profile))
        {
            return await SsoProfileAsync(files.Config, name, cancellationToken).ConfigureAwait(false);
        }

        if (profile is null && files.Credentials.Section("", name) is null)
        {
            throw new AwsConfigurationException($"The AWS profile '{name}' was not found in {AwsConfigFile.DefaultPath} or {AwsProfileNames.CredentialsFilePath}.", "ProfileNotFound");
        }

        // credential_process, web identity and the rest: the SDK's providers, uncached.
        var session = AwsSessionFactory.Create(name, region, _environment);
        return (await session.GetSigningCredentialsAsync(cancellationToken).ConfigureAwait(false), session.CredentialSource);
    }

    private async Task<(AwsSigningCredentials, string)> AssumeRoleProfileAsync(
        ProfileFiles files, string name, string roleArn, string region, int depth, CancellationToken cancellationToken)
    {
        if (files.Get(name, "mfa_serial") is not null)
        {
            throw new AwsConfigurationException($"The AWS profile '{name}' needs an MFA code (mfa_serial), which an exec plugin cannot ask for.", "InvalidProfile");
        }

        var sessionName = files.Get(name, "role_session_name");
        var externalId = files.Get(name, "external_id");
        int? duration = int.TryParse(files.Get(name, "duration_seconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        var key = CliCredentialCache.AssumeRoleKey(roleArn, sessionName, externalId, null, duration);
        if (cache.Read(key, _time.GetUtcNow()) is { } cached)
        {
            return (Signing(cached), $"profile '{name}' (role {roleArn}, cached)");
        }

        AwsSigningCredentials outer;
        if (files.Get(name, "source_profile") is { } sourceProfile)
        {
            // A profile that names itself as its source uses its own static keys (botocore's rule).
            outer = sourceProfile == name && files.Get(name, "aws_access_key_id") is { } selfKey && files.Get(name, "aws_secret_access_key") is { } selfSecret
                ? new AwsSigningCredentials(selfKey, selfSecret, files.Get(name, "aws_session_token"))
                : (await ForProfileAsync(files, sourceProfile, region, depth + 1, cancellationToken).ConfigureAwait(false)).Credentials;
        }
        else if (string.Equals(files.Get(name, "credential_source"), "Environment", StringComparison.OrdinalIgnoreCase))
        {
            outer = EnvironmentKeys() ?? throw new AwsCredentialsException($"The AWS profile '{name}' takes its source credentials from the environment, but AWS_ACCESS_KEY_ID is not set.");
        }
        else
        {
            var session = AwsSessionFactory.Create(name, region, _environment);
            return (await session.GetSigningCredentialsAsync(cancellationToken).ConfigureAwait(false), session.CredentialSource);
        }

        AWSCredentials sdkOuter = outer.SessionToken is null
            ? new BasicAWSCredentials(outer.AccessKeyId, outer.SecretAccessKey)
            : new SessionAWSCredentials(outer.AccessKeyId, outer.SecretAccessKey, outer.SessionToken);
        var outerSession = new AwsSession(sdkOuter, region, $"source of profile '{name}'", "--region", name, files.Config, environment: _environment);
        var (roleSession, assumedArn) = await RoleCredentials.StartAsync(
            outerSession, roleArn, sessionName ?? $"botocore-session-{_time.GetUtcNow().ToUnixTimeSeconds()}", externalId, duration).ConfigureAwait(false);
        var fresh = await roleSession.GetSigningCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var expiration = RoleCredentials.ExpirationOf(roleSession) ?? _time.GetUtcNow().AddHours(1);
        cache.Write(key, new CachedCredentials(fresh.AccessKeyId, fresh.SecretAccessKey, fresh.SessionToken ?? "", expiration), assumedRoleArn: assumedArn);
        return (fresh, $"profile '{name}' (role {roleArn}, assumed)");
    }

    private async Task<(AwsSigningCredentials, string)> SsoProfileAsync(AwsConfigFile config, string name, CancellationToken cancellationToken)
    {
        var sso = SsoConfig.FromProfile(config, name);
        var role = new SsoRoleCredentials(sso, config);
        var key = CliCredentialCache.SsoKey(sso.AccountId ?? "", sso.RoleName ?? "", sso.SessionName, sso.StartUrl);
        if (cache.Read(key, _time.GetUtcNow()) is { } cached)
        {
            return (Signing(cached), $"profile '{name}' (IAM Identity Center role {sso.RoleName}, cached)");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fresh = await role.GetCredentialsAsync().ConfigureAwait(false);
        if (role.Expiration is { } expiration)
        {
            cache.Write(key, new CachedCredentials(fresh.AccessKey, fresh.SecretKey, fresh.Token, new DateTimeOffset(expiration.ToUniversalTime(), TimeSpan.Zero)), providerType: "sso");
        }

        return (new AwsSigningCredentials(fresh.AccessKey, fresh.SecretKey, fresh.Token), $"profile '{name}': {role.Description}");
    }

    private AwsSigningCredentials? EnvironmentKeys() =>
        NonEmpty(_environment("AWS_ACCESS_KEY_ID")) is { } id && NonEmpty(_environment("AWS_SECRET_ACCESS_KEY")) is { } secret
            ? new AwsSigningCredentials(id, secret, NonEmpty(_environment("AWS_SESSION_TOKEN")))
            : null;

    private static AwsSigningCredentials Signing(CachedCredentials c) => new(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The config file and the credentials file; a key in the credentials file wins, as in botocore.</summary>
    private sealed record ProfileFiles(AwsConfigFile Config, AwsConfigFile Credentials)
    {
        public string? Get(string profile, string key) => Credentials.Section("", profile)?[key] ?? Config.Profile(profile)?[key];
    }
}
