using Amazon.Runtime;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Contexts;

/// <summary>
/// What one Use-EksSsoContext scope changed outside the runspace: the process environment (AWS_ACCESS_KEY_ID …)
/// and, for credentials that renew themselves (roles, web identity, SSO profiles), a timer that asks for them every
/// 30 seconds — which renews them within their renewal window even when no cmdlet does — and mirrors new keys into
/// the environment, so child processes started later never see expired keys. Dispose puts everything back.
/// </summary>
public sealed class EnvironmentMirror : IDisposable
{
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyDictionary<string, string?> _previous;
    private readonly AwsSession _session;
    private readonly RoleCredentials? _role;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private string _mirroredKeyId;
    private bool _disposed;

    private EnvironmentMirror(IReadOnlyDictionary<string, string?> previous, AwsSession session, string mirroredKeyId)
    {
        _previous = previous;
        _session = session;
        _mirroredKeyId = mirroredKeyId;
        _role = session.Credentials as RoleCredentials;
        if (_role is not null)
        {
            _role.Refreshed += OnRefreshed;
        }

        if (session.Credentials is RefreshingAWSCredentials)
        {
            _timer = new Timer(_ => Renew(), null, s_tick, s_tick);
        }
    }

    /// <summary>Mirrors the context's current credentials into the environment.</summary>
    public static async Task<EnvironmentMirror> StartAsync(AwsSession session)
    {
        var credentials = await session.GetSigningCredentialsAsync(CancellationToken.None).ConfigureAwait(false);
        var previous = ContextEnvironment.Apply(ToImmutable(credentials), session.Region, RoleCredentials.ExpirationOf(session));
        return new EnvironmentMirror(previous, session, credentials.AccessKeyId);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            if (_role is not null)
            {
                _role.Refreshed -= OnRefreshed;
            }

            ContextEnvironment.Restore(_previous);
        }
    }

    private void OnRefreshed(ImmutableCredentials credentials, DateTimeOffset expiration) => Mirror(credentials.AccessKey, credentials, expiration);

    private void Renew()
    {
        try
        {
            // No call unless the credentials are within their renewal window; a failure shows on the next real call.
            var current = _session.GetSigningCredentialsAsync(CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();
            Mirror(current.AccessKeyId, ToImmutable(current), RoleCredentials.ExpirationOf(_session));
        }
        catch (Exception)
        {
        }
    }

    private void Mirror(string keyId, ImmutableCredentials credentials, DateTimeOffset? expiration)
    {
        lock (_gate)
        {
            if (!_disposed && keyId != _mirroredKeyId)
            {
                ContextEnvironment.Update(credentials, expiration);
                _mirroredKeyId = keyId;
            }
        }
    }

    private static ImmutableCredentials ToImmutable(Aws.Signing.AwsSigningCredentials c) => new(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
}
