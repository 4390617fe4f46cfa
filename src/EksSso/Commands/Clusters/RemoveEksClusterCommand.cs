using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Clusters;

namespace EksSso.Commands.Clusters;

/// <summary>
/// Deletes what New-EksCluster created for a cluster: its nodegroups, the cluster, the two roles and the network, and
/// only resources carrying the ownership tag (others are left alone and reported as warnings). Re-runnable.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "EksCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveEksClusterCommand : EksSsoAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ClusterName")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    protected override object? ErrorTarget => Name;

    protected override async Task ProcessRecordAsync()
    {
        try
        {
            ClusterInput.ValidateName(Name);
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, Name);
        }

        var removal = new ClusterRemoval(Transport, Name);
        var plan = await removal.DiscoverAsync(CancellationToken);
        if (plan.NothingFound)
        {
            WriteError(new EksSsoException("ClusterNotFound", AwsErrorKind.NotFound,
                $"No EKS cluster named '{Name}' and no resource tagged {ClusterNaming.ClusterTagKey}={Name} in {Session.Region}."), Name);
            return;
        }

        foreach (var kept in plan.Steps.Where(s => s.Action == ClusterStepAction.Keep))
        {
            WriteWarning($"{kept.Resource} {kept.Name} does not carry the tag {ClusterNaming.ClusterTagKey}={Name}; Remove-EksCluster leaves it alone.");
        }

        foreach (var step in plan.Steps)
        {
            WriteVerbose(step.ToString());
        }

        var text = $"Remove-EksCluster {Name} in {Session.Region}: {plan.DeleteCount} resources to delete" + Environment.NewLine
            + string.Join(Environment.NewLine, plan.Steps.Select(s => "  " + s));
        if (plan.DeleteCount == 0 || !ShouldProcess(text, $"Delete EKS cluster {Name} and the resources listed?" + Environment.NewLine + text, "Remove-EksCluster"))
        {
            return;
        }

        using var view = StartProgress($"Remove-EksCluster {Name}");
        var progress = new ClusterProgressView(view);
        await removal.ApplyAsync(plan, progress, CancellationToken);
    }
}
