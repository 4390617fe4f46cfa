using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Sts;

namespace EksSso.Engine.Contexts;

/// <summary>What one STS role call returned: the credentials, until when, and who they are.</summary>
public sealed record RoleSession(ImmutableCredentials Credentials, DateTimeOffset Expiration, string AssumedRoleArn);

/// <summary>
/// Temporary credentials of a role that re-assume themselves before they expire: AssumeRole signed with the
/// outer session's credentials (which refresh themselves the same way, so a whole chain stays valid), or
/// AssumeRoleWithWebIdentity with a token that is read again (from its file) at each refresh. Refreshes happen
/// when a call needs credentials within <see cref="RefreshingAWSCredentials.PreemptExpiryTime"/> of expiry (a
/// quarter of the session, at most 5 minutes), when <see cref="AwsTransport"/> is told the token expired, and
/// when a context scope's timer asks (so that child processes never see expired keys).
/// </summary>
public sealed class RoleCredentials : RefreshingAWSCredentials
{
    private static readonly TimeSpan s_maxPreempt = TimeSpan.FromMinutes(5);
    private readonly Func<CancellationToken, Task<RoleSession>> _assume;

    private RoleCredentials(string roleArn, Func<CancellationToken, Task<RoleSession>> assume)
    {
        RoleArn = roleArn;
        _assume = assume;
        // Our own renewal window (PreemptExpiryTime, set per session) replaces the SDK's fixed margin, which would
        // treat any session shorter than it as expired on arrival.
        ExpirationBuffer = TimeSpan.Zero;
    }

    public string RoleArn { get; }

    /// <summary>The STS ARN of the current session (arn:…:sts::…:assumed-role/Role/session); null before the first call.</summary>
    public string? AssumedRoleArn { get; private set; }

    /// <summary>When the current credentials expire; null before the first call.</summary>
    public DateTimeOffset? SessionExpiration { get; private set; }

    /// <summary>Raised after every refresh with the new credentials (a scope mirrors them into the environment).</summary>
    public event Action<ImmutableCredentials, DateTimeOffset>? Refreshed;

    /// <summary>AssumeRole with the credentials of <paramref name="outer"/>.</summary>
    public static RoleCredentials AssumeRole(AwsSession outer, string roleArn, string sessionName, string? externalId, int? durationSeconds) =>
        new(roleArn, async ct =>
        {
            var reply = await new StsClient(new AwsTransport(outer)).AssumeRoleAsync(
                new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, ExternalId = externalId, DurationSeconds = durationSeconds },
                ct).ConfigureAwait(false);
            return ToSession(reply.Credentials, reply.AssumedRoleUser?.Arn, roleArn);
        });

    /// <summary>AssumeRoleWithWebIdentity (unsigned) with a token string, or the token in a file read at each refresh.</summary>
    public static RoleCredentials AssumeRoleWithWebIdentity(AwsSession anonymous, string roleArn, string sessionName, Func<string> token, int? durationSeconds) =>
        new(roleArn, async ct =>
        {
            var reply = await new StsClient(new AwsTransport(anonymous)).AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = sessionName, WebIdentityToken = token(), DurationSeconds = durationSeconds },
                ct).ConfigureAwait(false);
            return ToSession(reply.Credentials, reply.AssumedRoleUser?.Arn, roleArn);
        });

    /// <summary>
    /// A session whose credentials are the role's (renewing themselves), after the first AssumeRole succeeded so that
    /// a role that cannot be assumed fails now; with the assumed-role ARN. Callers outside the engine use this and never
    /// touch AWSSDK types (the cmdlet assembly cannot load them).
    /// </summary>
    public static async Task<(AwsSession Session, string AssumedRoleArn)> StartAsync(AwsSession outer, string roleArn, string sessionName, string? externalId, int? durationSeconds)
    {
        var role = AssumeRole(outer, roleArn, sessionName, externalId, durationSeconds);
        await role.CurrentAsync().ConfigureAwait(false);
        return (outer.WithCredentials(role, $"role {roleArn} assumed with {outer.CredentialSource}"), role.AssumedRoleArn ?? roleArn);
    }

    /// <summary>As <see cref="StartAsync"/>, by web identity federation.</summary>
    public static async Task<(AwsSession Session, string AssumedRoleArn)> StartWithWebIdentityAsync(AwsSession anonymous, string roleArn, string sessionName, Func<string> token, int? durationSeconds)
    {
        var role = AssumeRoleWithWebIdentity(anonymous, roleArn, sessionName, token, durationSeconds);
        await role.CurrentAsync().ConfigureAwait(false);
        return (anonymous.WithCredentials(role, $"web identity federation into {roleArn}"), role.AssumedRoleArn ?? roleArn);
    }

    /// <summary>When the session's temporary credentials expire (they renew themselves); null for long-term keys.</summary>
    public static DateTimeOffset? ExpirationOf(AwsSession session) => session.Credentials switch
    {
        RoleCredentials role => role.SessionExpiration,
        RefreshingAWSCredentials refreshing when refreshing.Expiration is { } e => new DateTimeOffset(e.ToUniversalTime(), TimeSpan.Zero),
        _ => null,
    };

    /// <summary>The current credentials, refreshing them first when they are close to expiry.</summary>
    public Task<ImmutableCredentials> CurrentAsync() => GetCredentialsAsync();

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var session = await _assume(CancellationToken.None).ConfigureAwait(false);
        var lifetime = session.Expiration - DateTimeOffset.UtcNow;
        PreemptExpiryTime = lifetime <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(s_maxPreempt.Ticks, lifetime.Ticks / 4));
        AssumedRoleArn = session.AssumedRoleArn;
        SessionExpiration = session.Expiration;
        Refreshed?.Invoke(session.Credentials, session.Expiration);
        return new CredentialsRefreshState(session.Credentials, session.Expiration.UtcDateTime);
    }

    private static RoleSession ToSession(Amazon.SecurityToken.Model.Credentials? c, string? assumedArn, string roleArn)
    {
        if (c?.AccessKeyId is null || c.SecretAccessKey is null || c.SessionToken is null)
        {
            throw new InvalidDataException($"STS returned no credentials for {roleArn}.");
        }

        var expiration = c.Expiration is { } e
            ? new DateTimeOffset(e.Kind == DateTimeKind.Local ? e.ToUniversalTime() : DateTime.SpecifyKind(e, DateTimeKind.Utc))
            : DateTimeOffset.UtcNow.AddHours(1);
        return new RoleSession(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expiration, assumedArn ?? roleArn);
    }
}
