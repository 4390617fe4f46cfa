using EksSso.Commands.Clusters;

namespace EksSso;

/// <summary>The role that creates EKS clusters, the one principal it trusts, and its policy.</summary>
public sealed class EksClusterCreatorRole
{
    internal EksClusterCreatorRole(string roleName, string arn, string trustedPrincipal, string policyArn, CreatorPolicy policy, string[] changes)
    {
        RoleName = roleName;
        Arn = arn;
        TrustedPrincipal = trustedPrincipal;
        PolicyArn = policyArn;
        Policy = policy;
        Changes = changes;
    }

    public string RoleName { get; }

    public string Arn { get; }

    /// <summary>The same ARN: pipes into Use-EksSsoContext (Role set; the type has no AccountId, so no other set matches).</summary>
    public string RoleArn => Arn;

    /// <summary>The IAM ARN (with path) of the only role allowed to assume this one.</summary>
    public string TrustedPrincipal { get; }

    public string PolicyArn { get; }

    public CreatorPolicy Policy { get; }

    /// <summary>What this call changed (empty when the role already matched).</summary>
    public string[] Changes { get; }

    public override string ToString() => Arn;
}
