namespace EksSso;

/// <summary>An Amazon EKS cluster with its managed nodegroups. <see cref="ClusterName"/> (same as <see cref="Name"/>) binds
/// by property name to the -ClusterName parameters of the kubeconfig and token cmdlets.</summary>
public sealed class EksCluster
{
    internal EksCluster(
        string name,
        string arn,
        string? endpoint,
        string? certificateAuthority,
        string? version,
        string status,
        string? authenticationMode,
        string? vpcId,
        string[] subnetIds,
        EksNodegroup[] nodegroups,
        string region,
        string? roleArn,
        string? platformVersion,
        DateTimeOffset? createdAt,
        IReadOnlyDictionary<string, string> tags)
    {
        Name = name;
        Arn = arn;
        Endpoint = endpoint;
        CertificateAuthority = certificateAuthority;
        Version = version;
        Status = status;
        AuthenticationMode = authenticationMode;
        VpcId = vpcId;
        SubnetIds = subnetIds;
        Nodegroups = nodegroups;
        Region = region;
        RoleArn = roleArn;
        PlatformVersion = platformVersion;
        CreatedAt = createdAt;
        Tags = tags;
    }

    public string Name { get; }

    /// <summary>Same as <see cref="Name"/>: what the next cmdlets bind by property name.</summary>
    public string ClusterName => Name;

    public string Arn { get; }

    public string? Endpoint { get; }

    /// <summary>The cluster CA certificate, base64 (certificate-authority-data in a kubeconfig).</summary>
    public string? CertificateAuthority { get; }

    public string? Version { get; }

    public string Status { get; }

    public string? AuthenticationMode { get; }

    public string? VpcId { get; }

    public string[] SubnetIds { get; }

    public EksNodegroup[] Nodegroups { get; }

    public string Region { get; }

    public string? RoleArn { get; }

    public string? PlatformVersion { get; }

    public DateTimeOffset? CreatedAt { get; }

    public IReadOnlyDictionary<string, string> Tags { get; }

    public override string ToString() => Name;
}

/// <summary>A managed nodegroup of an <see cref="EksCluster"/>.</summary>
public sealed class EksNodegroup
{
    internal EksNodegroup(string name, string status, string[] instanceTypes, int? desiredSize, int? minSize, int? maxSize, string? amiType, string? nodeRole, string[] subnetIds)
    {
        Name = name;
        Status = status;
        InstanceTypes = instanceTypes;
        DesiredSize = desiredSize;
        MinSize = minSize;
        MaxSize = maxSize;
        AmiType = amiType;
        NodeRole = nodeRole;
        SubnetIds = subnetIds;
    }

    public string Name { get; }

    public string Status { get; }

    public string[] InstanceTypes { get; }

    public int? DesiredSize { get; }

    public int? MinSize { get; }

    public int? MaxSize { get; }

    public string? AmiType { get; }

    public string? NodeRole { get; }

    public string[] SubnetIds { get; }

    public override string ToString() => $"{Name} ({DesiredSize} x {string.Join(",", InstanceTypes)}, {Status})";
}
