using System.Text;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Tokens;

namespace EksSso.Engine.Kubeconfig;

/// <summary>What kubectl runs for a token: the module's own helper, or <c>aws eks get-token</c>.</summary>
public enum KubeconfigExec
{
    Native,
    Aws,
}

/// <summary>The facts of a cluster a kubeconfig needs: DescribeCluster's name, ARN, endpoint and CA data.</summary>
public sealed record KubeconfigCluster(string Name, string Arn, string Endpoint, string CertificateAuthorityData)
{
    /// <summary>The region in the cluster's ARN (as the AWS CLI takes it).</summary>
    public string Region => AwsArn.TryParse(Arn, out var arn) && arn.Region.Length > 0
        ? arn.Region
        : throw new EksSsoException("ClusterArnNotValid", AwsErrorKind.Validation, $"'{Arn}' is not an EKS cluster ARN: the region cannot be read from it.");
}

/// <summary>The entries written and whether the file changed.</summary>
public sealed record KubeconfigUpdateResult(string Path, string ContextName, string ClusterEntryName, string UserEntryName, KubeconfigExec Exec, bool Changed, string Yaml);

/// <summary>
/// Writes a cluster, user and context into a kubeconfig as <c>aws eks update-kubeconfig</c> does (each named by the
/// cluster ARN; the context by an alias when given), sets current-context, and merges into the existing file without
/// losing anything else. The file is written atomically with mode 0600, and only when its content changes.
/// </summary>
public static class KubeconfigUpdate
{
    /// <summary>kubectl's rule: the first path of KUBECONFIG, else ~/.kube/config.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("KUBECONFIG") is { Length: > 0 } list
            && list.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first)
        {
            return first;
        }

        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return System.IO.Path.Combine(home, ".kube", "config");
    }

    public static YamlMap ClusterEntry(KubeconfigCluster cluster) => new()
    {
        { "cluster", new YamlMap { { "certificate-authority-data", cluster.CertificateAuthorityData }, { "server", cluster.Endpoint } } },
        { "name", cluster.Arn },
    };

    public static YamlMap ContextEntry(KubeconfigCluster cluster, string contextName) => new()
    {
        { "context", new YamlMap { { "cluster", cluster.Arn }, { "user", cluster.Arn } } },
        { "name", contextName },
    };

    /// <param name="helperPath">The token helper's absolute path (for <see cref="KubeconfigExec.Native"/>).</param>
    public static YamlMap UserEntry(KubeconfigCluster cluster, KubeconfigExec exec, string? profileName, string? helperPath)
    {
        var region = cluster.Region;
        var execEntry = new YamlMap { { "apiVersion", EksTokenMinter.DefaultExecApiVersion } };
        if (exec == KubeconfigExec.Aws)
        {
            execEntry.Add("args", new List<object> { "--region", region, "eks", "get-token", "--cluster-name", cluster.Name, "--output", "json" });
            execEntry.Add("command", "aws");
            if (profileName is not null)
            {
                execEntry.Add("env", new List<object> { new YamlMap { { "name", "AWS_PROFILE" }, { "value", profileName } } });
            }
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(helperPath);
            var args = new List<object> { "token", "--cluster-name", cluster.Name, "--region", region };
            if (profileName is not null)
            {
                args.Add("--profile");
                args.Add(profileName);
            }

            execEntry.Add("args", args);
            execEntry.Add("command", helperPath);
        }

        return new YamlMap { { "name", cluster.Arn }, { "user", new YamlMap { { "exec", execEntry } } } };
    }

    /// <summary>The merged kubeconfig (nothing written): <see cref="KubeconfigUpdateResult.Changed"/> says whether it differs.</summary>
    public static KubeconfigUpdateResult Plan(string path, KubeconfigCluster cluster, KubeconfigExec exec, string? profileName, string? contextAlias, string? helperPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(cluster);
        path = System.IO.Path.GetFullPath(path);
        var exists = File.Exists(path);
        var document = KubeconfigDocument.Parse(exists ? File.ReadAllText(path) : string.Empty);
        var contextName = string.IsNullOrEmpty(contextAlias) ? cluster.Arn : contextAlias;
        document.SetEntry("clusters", cluster.Arn, ClusterEntry(cluster));
        document.SetEntry("contexts", contextName, ContextEntry(cluster, contextName));
        document.SetEntry("users", cluster.Arn, UserEntry(cluster, exec, profileName, helperPath));
        document.SetScalar("current-context", contextName);
        return new KubeconfigUpdateResult(path, contextName, cluster.Arn, cluster.Arn, exec, document.Changed || !exists, document.ToYaml());
    }

    /// <summary>Writes a planned kubeconfig atomically, owner-only (kubectl warns about kubeconfigs others can read).</summary>
    public static void Write(KubeconfigUpdateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PrivateFile.WriteAtomic(result.Path, Encoding.UTF8.GetBytes(result.Yaml));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(result.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>The cluster facts a kubeconfig needs, from EKS DescribeCluster.</summary>
public static class KubeconfigClusters
{
    public static async Task<KubeconfigCluster> DescribeAsync(AwsTransport transport, string clusterName, CancellationToken cancellationToken)
    {
        var reply = await new EksClient(transport).DescribeClusterAsync(new DescribeClusterRequest { Name = clusterName }, cancellationToken).ConfigureAwait(false);
        var cluster = reply.Cluster ?? throw new EksSsoException("ClusterNotFound", AwsErrorKind.NotFound, $"EKS did not describe the cluster '{clusterName}'.");
        if (string.IsNullOrEmpty(cluster.Endpoint) || string.IsNullOrEmpty(cluster.CertificateAuthority?.Data))
        {
            throw new EksSsoException(
                "ClusterNotActive", AwsErrorKind.Conflict,
                $"The cluster '{clusterName}' has no endpoint or certificate authority yet (status {cluster.Status}): wait until it is ACTIVE, then run Update-EksKubeconfig again.");
        }

        return new KubeconfigCluster(cluster.Name ?? clusterName, cluster.Arn!, cluster.Endpoint, cluster.CertificateAuthority.Data);
    }
}
