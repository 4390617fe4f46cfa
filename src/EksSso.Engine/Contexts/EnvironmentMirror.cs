using Amazon.Runtime;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Contexts;

/// <summary>
/// What one Use-EksSsoContext scope changed outside the runspace: the process environment (AWS_ACCESS_KEY_ID …,
/// kept current when the credentials renew) and a timer that renews role credentials before they expire even when
/// no cmdlet asks for them, so child processes never see expired keys. Dispose puts everything back.
/// </summary>
public sealed class EnvironmentMirror : IDisposable
{
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyDictionary<string, string?> _previous;
    private readonly RoleCredentials? _role;
    private readonly Timer? _timer;
    private bool _disposed;

    private EnvironmentMirror(IReadOnlyDictionary<string, string?> previous, RoleCredentials? role)
    {
        _previous = previous;
        _role = role;
        if (role is not null)
        {
            role.Refreshed += OnRefreshed;
            _timer = new Timer(_ => Renew(), null, s_tick, s_tick);
        }
    }

    /// <summary>Mirrors the context's current credentials into the environment.</summary>
    public static async Task<EnvironmentMirror> StartAsync(AwsSession session)
    {
        var credentials = await session.GetSigningCredentialsAsync(CancellationToken.None).ConfigureAwait(false);
        var previous = ContextEnvironment.Apply(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            session.Region,
            RoleCredentials.ExpirationOf(session));
        return new EnvironmentMirror(previous, session.Credentials as RoleCredentials);
    }

    public void Dispose()
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

    private void OnRefreshed(ImmutableCredentials credentials, DateTimeOffset expiration)
    {
        if (!_disposed)
        {
            ContextEnvironment.Update(credentials, expiration);
        }
    }

    private void Renew()
    {
        try
        {
            // No call unless the credentials are within their renewal window; a failure shows on the next real call.
            _role?.CurrentAsync().ConfigureAwait(false).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
        }
    }
}
