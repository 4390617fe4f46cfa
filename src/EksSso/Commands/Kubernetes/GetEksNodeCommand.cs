using System.Management.Automation;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.Kubernetes;

/// <summary>The nodes of a cluster as typed objects (kubectl get nodes), as the current identity sees them.</summary>
[Cmdlet(VerbsCommon.Get, "EksNode")]
[OutputType(typeof(EksNode))]
public sealed class GetEksNodeCommand : EksClusterCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        foreach (var node in await ClusterNodes.ListAsync(Transport, cluster, CancellationToken))
        {
            WriteObject(new EksNode(
                node.ClusterName,
                node.Name,
                node.Status,
                [.. node.Roles],
                node.InstanceType,
                node.Nodegroup,
                node.CapacityType,
                node.Zone,
                node.KubeletVersion,
                node.CreationTimestamp,
                node.Age,
                node.Age is { } age ? ClusterNodes.HumanDuration(age) : "<unknown>",
                node.InternalIP,
                node.ProviderId));
        }
    }
}
