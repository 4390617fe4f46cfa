using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Clusters;

namespace EksSso.Commands.Clusters;

/// <summary>
/// Creates an EKS cluster the way `eksctl create cluster` does by default, without CloudFormation: VPC, subnets,
/// gateways and routes (unless -SubnetId), the cluster and node roles, the cluster, a managed nodegroup. Creates only
/// what is missing, so a re-run after an interruption continues and a run on a finished cluster changes nothing.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksCluster", SupportsShouldProcess = true)]
[OutputType(typeof(EksCluster))]
public sealed class NewEksClusterCommand : EksSsoAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ClusterName")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubernetesVersion { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] SubnetId { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string NodeType { get; set; } = ClusterSpec.DefaultNodeType;

    [Parameter]
    public int NodeCount { get; set; } = ClusterSpec.DefaultNodeCount;

    [Parameter]
    [ValidateSet("API_AND_CONFIG_MAP", "API", "CONFIG_MAP")]
    public string AuthenticationMode { get; set; } = ClusterSpec.DefaultAuthenticationMode;

    [Parameter]
    public SwitchParameter NoWait { get; set; }

    protected override object? ErrorTarget => Name;

    protected override async Task ProcessRecordAsync()
    {
        var spec = ReadSpec();
        var builder = new ClusterBuilder(Transport, spec);
        var found = await builder.DiscoverAsync(CancellationToken);
        var plan = ClusterPlanner.Plan(spec, found);
        foreach (var step in plan.Steps)
        {
            WriteVerbose(step.ToString());
        }

        if (!plan.IsEmpty)
        {
            var header = $"New-EksCluster {spec.Name} in {spec.Region}: {plan.Steps.Count(s => s.Action == ClusterStepAction.Create)} to create, "
                + $"{plan.Steps.Count(s => s.Action == ClusterStepAction.Update)} to update, {plan.Steps.Count(s => s.Action == ClusterStepAction.Wait)} to wait for, "
                + $"{plan.Steps.Count(s => s.Action == ClusterStepAction.Exists)} existing";
            var text = header + Environment.NewLine + string.Join(Environment.NewLine, plan.Steps.Select(s => "  " + s));
            if (!ShouldProcess(text, $"Create EKS cluster {spec.Name} and the resources listed?" + Environment.NewLine + text, "New-EksCluster"))
            {
                return;
            }

            using var view = StartProgress($"New-EksCluster {spec.Name}");
        var progress = new ClusterProgressView(view);
            await builder.ApplyAsync(plan, NoWait.IsPresent, progress, CancellationToken);
        }
        else
        {
            WriteVerbose($"Cluster {spec.Name} and all its resources exist; nothing to create.");
        }

        var state = await ClusterReader.ReadAsync(Transport, spec.Name, CancellationToken)
            ?? throw new EksSsoException("ClusterNotFound", AwsErrorKind.NotFound, $"Cluster {spec.Name} was not found after it was created.");
        WriteObject(ClusterOutput.ToOutput(state));
    }

    private ClusterSpec ReadSpec()
    {
        try
        {
            ClusterInput.ValidateName(Name);
            var region = Session.Region;
            var spec = new ClusterSpec(
                Name,
                region,
                AwsPartition.ForRegion(region).Name,
                KubernetesVersion,
                [.. SubnetId.Distinct(StringComparer.Ordinal)],
                NodeType,
                NodeCount,
                AuthenticationMode);
            ClusterInput.Validate(spec);
            return spec;
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, Name);
            throw; // not reached
        }
    }
}
