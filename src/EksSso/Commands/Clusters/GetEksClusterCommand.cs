using System.Management.Automation;
using EksSso.Engine.Clusters;

namespace EksSso.Commands.Clusters;

/// <summary>EKS clusters of the region with their managed nodegroups; -Name takes wildcards.</summary>
[Cmdlet(VerbsCommon.Get, "EksCluster")]
[OutputType(typeof(EksCluster))]
public sealed class GetEksClusterCommand : EksSsoAwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ClusterName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var filter = new NameFilter(Name);
        foreach (var name in await ClusterReader.ListNamesAsync(Transport, CancellationToken))
        {
            if (filter.IsMatch(name) && await ClusterReader.ReadAsync(Transport, name, CancellationToken) is { } state)
            {
                WriteObject(ClusterOutput.ToOutput(state));
            }
        }

        filter.WriteUnmatched(this, "ClusterNotFound", "EKS cluster");
    }
}
