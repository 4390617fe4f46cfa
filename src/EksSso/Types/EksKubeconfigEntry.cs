namespace EksSso;

/// <summary>The cluster, user and context Update-EksKubeconfig wrote (or found already up to date).</summary>
public sealed class EksKubeconfigEntry
{
    internal EksKubeconfigEntry(string clusterName, string context, string cluster, string user, string kubeconfigPath, string exec, bool changed)
    {
        ClusterName = clusterName;
        Context = context;
        Cluster = cluster;
        User = user;
        KubeconfigPath = kubeconfigPath;
        Exec = exec;
        Changed = changed;
    }

    public string ClusterName { get; }

    /// <summary>The context name (the cluster ARN, or -Alias); now the current context.</summary>
    public string Context { get; }

    /// <summary>The cluster entry's name (the cluster ARN).</summary>
    public string Cluster { get; }

    /// <summary>The user entry's name (the cluster ARN).</summary>
    public string User { get; }

    public string KubeconfigPath { get; }

    /// <summary>Native (the module's token helper) or Aws (aws eks get-token).</summary>
    public string Exec { get; }

    /// <summary>False when the file already had these entries and was not written.</summary>
    public bool Changed { get; }

    public override string ToString() => Context;
}
