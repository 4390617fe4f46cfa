using System.Management.Automation;
using EksSso.Engine.Access;
using EksSso.Engine.Aws;

namespace EksSso.Commands.Access;

/// <summary>-Principal of the access entry cmdlets (and -Cluster from the base), and what they resolve to.</summary>
public abstract class AccessEntryCmdlet : EksClusterCmdlet
{
    /// <summary>The ARN in a -Principal value: an EksSsoRole (its IAM ARN with path), an EksAccessEntry, an object with Arn/RoleArn/PrincipalArn, or text.</summary>
    protected static string PrincipalText(object value)
    {
        var text = ArnText(value);
        return string.IsNullOrWhiteSpace(text)
            ? throw new EksSsoException(AccessEntryInput.InvalidPrincipalErrorId, AwsErrorKind.Validation, "-Principal takes an EksSsoRole (Get-EksSsoRole), an object with an Arn property, or an IAM role or user ARN.")
            : text.Trim();
    }

    /// <summary>The cluster name (<see cref="EksClusterCmdlet.ValidClusterName"/>) and the principal's shape, checked before any call; terminating errors for bad input.</summary>
    private protected (string Cluster, AwsArn? Principal) ValidateInput(object? principal)
    {
        var cluster = ValidClusterName();
        try
        {
            return (cluster, principal is null ? null : AccessEntryInput.ValidatePrincipal(PrincipalText(principal)));
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, principal);
            throw;
        }
    }

    /// <summary>The entry's principal ARN: as given, or (assumed-role ARN) its role's IAM ARN.</summary>
    private protected Task<string> ResolvePrincipalAsync(AwsArn arn) =>
        AccessEntries.ResolvePrincipalAsync(Transport, arn, async ct => (await Engine.Identity.CallerIdentityService.GetAsync(Transport, ct, resolveRole: false)).Account, CancellationToken);

    private protected static EksAccessEntry ToOutput(AccessEntryState state, IEnumerable<string> changes) => new(
        state.ClusterName,
        state.PrincipalArn,
        [.. state.KubernetesGroups],
        state.UserName,
        state.Type,
        [.. state.AccessPolicies.Select(p => new EksAccessPolicyAssociation(p.PolicyArn, p.ScopeType, [.. p.Namespaces]))],
        state.AccessEntryArn,
        state.CreatedAt,
        [.. changes]);
}
