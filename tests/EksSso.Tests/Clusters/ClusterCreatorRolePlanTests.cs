using System.Text.Json;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.Clusters;
using Xunit;

namespace EksSso.Tests.Clusters;

public sealed class ClusterCreatorRolePlanTests
{
    private const string SsoRole = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef";
    private static readonly CreatorRoleSpec s_spec = new(SsoRole, "EKSClusterCreator", "EKSClusterCreatorPolicy", CreatorPolicyKind.Broad);

    [Fact]
    public void NothingExists_CreateRolePolicyAndAttach()
    {
        var plan = ClusterCreatorRoles.Plan(s_spec, null, null, null, attached: false);

        Assert.Equal(
            [$"Create role EKSClusterCreator trusting {SsoRole}", "Create policy EKSClusterCreatorPolicy (Broad)", "Attach EKSClusterCreatorPolicy to EKSClusterCreator"],
            plan);
    }

    [Fact]
    public void EverythingMatches_InAnotherKeyOrderAndSpacing_NoChange()
    {
        var trust = $$"""{ "Statement": [ { "Action": ["sts:AssumeRole"], "Principal": { "AWS": "{{SsoRole}}" }, "Effect": "Allow" } ], "Version": "2012-10-17" }""";
        var role = new Role { RoleName = "EKSClusterCreator", AssumeRolePolicyDocument = trust };

        var plan = ClusterCreatorRoles.Plan(s_spec, role, "arn:aws:iam::444455556666:policy/EKSClusterCreatorPolicy", ClusterCreatorRoles.PolicyDocument(CreatorPolicyKind.Broad), attached: true);

        Assert.Empty(plan);
    }

    [Fact]
    public void DriftedTrust_AndOtherPolicyKind_AreConverged()
    {
        var role = new Role { RoleName = "EKSClusterCreator", AssumeRolePolicyDocument = ClusterCreatorRoles.TrustDocument("arn:aws:iam::444455556666:root") };
        var scoped = s_spec with { Policy = CreatorPolicyKind.Scoped };

        var plan = ClusterCreatorRoles.Plan(scoped, role, "arn:aws:iam::444455556666:policy/EKSClusterCreatorPolicy", ClusterCreatorRoles.PolicyDocument(CreatorPolicyKind.Broad), attached: true);

        Assert.Equal([$"Rewrite the trust policy of EKSClusterCreator to trust only {SsoRole}", "Set a new default version of EKSClusterCreatorPolicy (Scoped)"], plan);
    }

    [Fact]
    public void TrustDocument_NamesExactlyOnePrincipal_ForAssumeRoleOnly()
    {
        using var trust = JsonDocument.Parse(ClusterCreatorRoles.TrustDocument(SsoRole));

        var statement = Assert.Single(trust.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal(SsoRole, statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
    }

    [Fact]
    public void BroadPolicy_IsTheReferenceProcedures_AndScopedHasNoWildcardOrCloudFormation()
    {
        using var broad = JsonDocument.Parse(ClusterCreatorRoles.PolicyDocument(CreatorPolicyKind.Broad));
        Assert.Equal(
            ["eks:*", "iam:*", "cloudformation:*", "ec2:*", "autoscaling:*", "ssm:*", "kms:*", "sts:GetCallerIdentity"],
            broad.RootElement.GetProperty("Statement")[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));

        Assert.DoesNotContain(ClusterCreatorRoles.ScopedActions, a => a.EndsWith('*') || a.StartsWith("cloudformation:", StringComparison.Ordinal));
        Assert.Equal(ClusterCreatorRoles.ScopedActions.Count, ClusterCreatorRoles.ScopedActions.Distinct().Count());
    }
}
