using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.Kubernetes;

/// <summary>
/// Who the cluster thinks the current identity is (SelfSubjectReview) and whether it may list nodes, read aws-auth
/// and use namespaces (SelfSubjectAccessReview). An identity the cluster does not know is an answer
/// (Authenticated false, with the reason), not an error.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "EksClusterAccess")]
[OutputType(typeof(EksClusterAccess))]
public sealed class TestEksClusterAccessCommand : EksClusterCmdlet
{
    /// <summary>The namespaces to check; without it, every namespace when the identity may list them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Namespace { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var cluster = ValidClusterName();
        try
        {
            AccessEntryInput.ValidateNamespaces(Namespace ?? []);
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, Namespace);
        }

        var report = await ClusterAccessCheck.RunAsync(Transport, cluster, Namespace, CancellationToken);
        WriteObject(new EksClusterAccess(
            report.ClusterName,
            report.Endpoint,
            report.AuthenticationMode,
            report.Authenticated,
            report.UserName,
            [.. report.Groups],
            report.Uid,
            report.Extra.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            report.CanListNodes,
            report.CanReadAwsAuth,
            report.CanListNamespaces,
            [.. report.Namespaces],
            report.Reason));
    }
}
