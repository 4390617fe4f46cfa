using EksSso.Engine.Aws;
using EksSso.Engine.Tokens;

namespace EksSso.TokenHelper;

/// <summary>
/// <c>eksso-token token --cluster-name N [--region R] [--profile P]</c>: the ExecCredential for kubectl on stdout,
/// in the apiVersion that KUBERNETES_EXEC_INFO asks for. Errors go to stderr with exit code 1 (kubectl shows them).
/// </summary>
internal static class TokenCommand
{
    private const string Usage = "usage: eksso-token token --cluster-name NAME [--region REGION] [--profile PROFILE]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] != "token")
        {
            error.WriteLine(Usage);
            return 2;
        }

        string? cluster = null, region = null, profile = null;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"eksso-token: {name} needs a value. {Usage}");
                return 2;
            }

            var value = args[++i];
            switch (name)
            {
                case "--cluster-name": cluster = value; break;
                case "--region": region = value; break;
                case "--profile": profile = value; break;
                default:
                    error.WriteLine($"eksso-token: unknown option {name}. {Usage}");
                    return 2;
            }
        }

        if (string.IsNullOrEmpty(cluster))
        {
            error.WriteLine($"eksso-token: --cluster-name is required. {Usage}");
            return 2;
        }

        try
        {
            var resolver = new ProfileCredentialResolver(CliCredentialCache.Default);
            var context = await resolver.ResolveAsync(profile, region, CancellationToken.None).ConfigureAwait(false);
            var token = EksTokenMinter.Mint(context.Credentials, context.Sts, cluster, DateTimeOffset.UtcNow);
            output.WriteLine(EksTokenMinter.ExecCredentialJson(token, Environment.GetEnvironmentVariable(EksTokenMinter.ExecInfoVariable)));
            return 0;
        }
        catch (Exception e) when (e is AwsConfigurationException or AwsCredentialsException or EksSsoException or AwsServiceException or IOException or ArgumentException or HttpRequestException)
        {
            // The message names the profile and what to do; never a secret.
            error.WriteLine($"eksso-token: {e.Message}");
            return 1;
        }
    }
}
