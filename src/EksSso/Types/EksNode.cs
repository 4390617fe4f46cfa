namespace EksSso;

/// <summary>A Kubernetes node of an EKS cluster: what <c>kubectl get nodes</c> shows, plus what EKS's labels say.</summary>
public sealed class EksNode
{
    internal EksNode(
        string clusterName,
        string name,
        string status,
        string[] roles,
        string? instanceType,
        string? nodegroup,
        string? capacityType,
        string? zone,
        string? kubeletVersion,
        DateTimeOffset? creationTimestamp,
        TimeSpan? age,
        string ageText,
        string? internalIP,
        string? providerId)
    {
        ClusterName = clusterName;
        Name = name;
        Status = status;
        Roles = roles;
        InstanceType = instanceType;
        Nodegroup = nodegroup;
        CapacityType = capacityType;
        Zone = zone;
        KubeletVersion = kubeletVersion;
        CreationTimestamp = creationTimestamp;
        Age = age;
        AgeText = ageText;
        InternalIP = internalIP;
        ProviderId = providerId;
    }

    /// <summary>The cluster; binds by property name to -Cluster of the next cmdlets.</summary>
    public string ClusterName { get; }

    /// <summary>The node name (on EKS, the instance's private DNS name).</summary>
    public string Name { get; }

    /// <summary>Ready or NotReady from the Ready condition (Unknown without one), plus ",SchedulingDisabled" when cordoned.</summary>
    public string Status { get; }

    /// <summary>node-role.kubernetes.io/&lt;role&gt; labels (empty on EKS managed nodes: kubectl shows &lt;none&gt;).</summary>
    public string[] Roles { get; }

    /// <summary>Label node.kubernetes.io/instance-type.</summary>
    public string? InstanceType { get; }

    /// <summary>Label eks.amazonaws.com/nodegroup (null for a node of no managed nodegroup).</summary>
    public string? Nodegroup { get; }

    /// <summary>Label eks.amazonaws.com/capacityType: ON_DEMAND or SPOT.</summary>
    public string? CapacityType { get; }

    /// <summary>Label topology.kubernetes.io/zone.</summary>
    public string? Zone { get; }

    public string? KubeletVersion { get; }

    public DateTimeOffset? CreationTimestamp { get; }

    /// <summary>How old the node was when it was read.</summary>
    public TimeSpan? Age { get; }

    /// <summary>The age as kubectl writes it (45s, 5m30s, 3h20m, 2d5h, 40d).</summary>
    public string AgeText { get; }

    /// <summary>The node's InternalIP address.</summary>
    public string? InternalIP { get; }

    /// <summary>aws:///&lt;zone&gt;/&lt;instance id&gt;.</summary>
    public string? ProviderId { get; }

    public override string ToString() => Name;
}
