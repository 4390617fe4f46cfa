using Amazon.Runtime;

namespace EksSso.Engine.Contexts;

/// <summary>
/// Mirrors a context into the process environment for child processes (aws, kubectl, terraform…):
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_DEFAULT_REGION, with
/// AWS_PROFILE and AWS_DEFAULT_PROFILE cleared so that no profile competes with the keys. Process-wide: every
/// runspace of the process sees it while the scope lasts.
/// </summary>
public static class ContextEnvironment
{
    public static readonly IReadOnlyList<string> Names =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CREDENTIAL_EXPIRATION",
    ];

    private static readonly object s_gate = new();

    /// <summary>Sets the variables; returns what they were, for <see cref="Restore"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Apply(ImmutableCredentials credentials, string region, DateTimeOffset? expiration)
    {
        lock (s_gate)
        {
            var previous = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
            Environment.SetEnvironmentVariable("AWS_PROFILE", null);
            Environment.SetEnvironmentVariable("AWS_DEFAULT_PROFILE", null);
            Environment.SetEnvironmentVariable("AWS_REGION", region);
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", region);
            SetKeys(credentials, expiration);
            return previous;
        }
    }

    /// <summary>New keys of the same context (after a refresh).</summary>
    public static void Update(ImmutableCredentials credentials, DateTimeOffset? expiration)
    {
        lock (s_gate)
        {
            SetKeys(credentials, expiration);
        }
    }

    public static void Restore(IReadOnlyDictionary<string, string?> previous)
    {
        lock (s_gate)
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static void SetKeys(ImmutableCredentials credentials, DateTimeOffset? expiration)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credentials.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credentials.SecretKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", string.IsNullOrEmpty(credentials.Token) ? null : credentials.Token);
        // The AWS CLI v2 and the SDKs read the expiry of environment credentials from here.
        Environment.SetEnvironmentVariable("AWS_CREDENTIAL_EXPIRATION", expiration?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }
}
