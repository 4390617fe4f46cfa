using EksSso.Sandbox.Policy;
using Xunit;
using static EksSso.Sandbox.Tests.Policy.PolicyTestHelpers;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static PolicyDocument Allow(string action, string resource = "\"*\"") => PolicyDocument.Parse(
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Grant","Effect":"Allow","Action":{{action}},"Resource":{{resource}}}]}""");

    [Theory]
    [InlineData("\"iam:GetRole\"", "iam:GetRole", true)]
    [InlineData("\"iam:GetRole\"", "iam:GetRolePolicy", false)]
    [InlineData("\"iam:Get*\"", "iam:GetRole", true)]
    [InlineData("\"iam:Get*\"", "iam:ListRoles", false)]
    [InlineData("\"iam:*Role\"", "iam:CreateRole", true)]
    [InlineData("\"iam:*Role\"", "iam:CreateRolePolicy", false)]
    [InlineData("\"iam:*Role*\"", "iam:PutRolePolicy", true)]
    [InlineData("\"iam:?etRole\"", "iam:GetRole", true)]
    [InlineData("\"iam:?etRole\"", "iam:GGetRole", false)]
    [InlineData("\"iam:*\"", "iam:CreateRole", true)]
    [InlineData("\"iam:*\"", "sts:AssumeRole", false)]
    [InlineData("\"*\"", "eks:CreateCluster", true)]
    [InlineData("\"IAM:getrole\"", "iam:GetRole", true)]
    [InlineData("\"iam:GetRole\"", "IAM:GETROLE", true)]
    [InlineData("\"Iam:Get*\"", "iAM:getROLE", true)]
    [InlineData("[\"ec2:Describe*\",\"eks:ListClusters\"]", "eks:ListClusters", true)]
    [InlineData("[\"ec2:Describe*\",\"eks:ListClusters\"]", "ec2:DescribeVpcs", true)]
    [InlineData("[\"ec2:Describe*\",\"eks:ListClusters\"]", "eks:DescribeCluster", false)]
    public void MatchesActionsCaseInsensitivelyWithWildcards(string actions, string action, bool allowed)
    {
        Assert.Equal(allowed, Evaluate(Allow(actions), action, "*").Allowed);
    }

    [Theory]
    [InlineData("\"arn:aws:iam::111122223333:role/Admin\"", "arn:aws:iam::111122223333:role/Admin", true)]
    [InlineData("\"arn:aws:iam::111122223333:role/Admin\"", "arn:aws:iam::111122223333:role/admin", false)]
    [InlineData("\"arn:aws:iam::111122223333:role/*\"", "arn:aws:iam::111122223333:role/team/ops/Admin", true)]
    [InlineData("\"arn:aws:iam::111122223333:role/*\"", "arn:aws:iam::111122223333:user/alice", false)]
    [InlineData("\"arn:aws:iam::*:role/Admin\"", "arn:aws:iam::444455556666:role/Admin", true)]
    [InlineData("\"arn:aws:eks:*\"", "arn:aws:eks:us-east-1:111122223333:cluster/prod", true)]
    [InlineData("\"arn:aws:eks:us-east-1:111122223333:cluster/prod-?\"", "arn:aws:eks:us-east-1:111122223333:cluster/prod-a", true)]
    [InlineData("\"arn:aws:eks:us-east-1:111122223333:cluster/prod-?\"", "arn:aws:eks:us-east-1:111122223333:cluster/prod-ab", false)]
    [InlineData("\"arn:aws:iam::111122223333:role/*\"", "*", false)]
    [InlineData("\"*\"", "*", true)]
    [InlineData("[\"arn:aws:s3:::a\",\"arn:aws:s3:::b/*\"]", "arn:aws:s3:::b/key", true)]
    [InlineData("[\"arn:aws:s3:::a\",\"arn:aws:s3:::b/*\"]", "arn:aws:s3:::c", false)]
    public void MatchesResourcesCaseSensitivelyWithWildcards(string resources, string resource, bool allowed)
    {
        Assert.Equal(allowed, Evaluate(Allow("\"iam:GetRole\"", resources), "iam:GetRole", resource).Allowed);
    }

    [Fact]
    public void NotActionAllowsEverythingElse()
    {
        var policy = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}""");
        Assert.True(Evaluate(policy, "ec2:DescribeVpcs", "*").Allowed);
        Assert.True(Evaluate(policy, "eks:CreateCluster", "*").Allowed);
        Assert.False(Evaluate(policy, "iam:CreateRole", "*").Allowed);
        Assert.False(Evaluate(policy, "Organizations:ListAccounts", "*").Allowed);
    }

    [Fact]
    public void NotResourceAllowsEverywhereElse()
    {
        var policy = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::111122223333:role/Protected*"}]}""");
        Assert.True(Evaluate(policy, "iam:DeleteRole", "arn:aws:iam::111122223333:role/Scratch").Allowed);
        Assert.True(Evaluate(policy, "iam:ListRoles", "*").Allowed);
        Assert.False(Evaluate(policy, "iam:DeleteRole", "arn:aws:iam::111122223333:role/ProtectedAdmin").Allowed);
    }

    [Fact]
    public void ExplicitDenyInAnotherPolicyWins()
    {
        var admin = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}""");
        var guard = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"NoRoles","Effect":"Deny","Action":"iam:CreateRole","Resource":"*"}]}""");
        var request = new PolicyRequest("iam:CreateRole", "arn:aws:iam::111122223333:role/X", "arn:aws:iam::111122223333:user/alice");

        foreach (var order in new[] { new[] { admin, guard }, [guard, admin] })
        {
            var decision = PolicyEvaluator.Evaluate(order, request);
            Assert.False(decision.Allowed);
            Assert.Equal(PolicyDecisionKind.ExplicitDeny, decision.Kind);
            Assert.Equal("NoRoles", decision.MatchedStatementSid);
            Assert.Same(guard, decision.MatchedPolicy);
        }

        var other = PolicyEvaluator.Evaluate([admin, guard], new PolicyRequest("iam:GetRole", "*"));
        Assert.Equal(PolicyDecisionKind.Allowed, other.Kind);
        Assert.Equal("All", other.MatchedStatementSid);
    }

    [Fact]
    public void DenyWithNotActionDeniesEverythingElse()
    {
        var policies = new[]
        {
            PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""),
            PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"OnlyEks","Effect":"Deny","NotAction":"eks:*","Resource":"*"}]}"""),
        };
        Assert.True(PolicyEvaluator.Evaluate(policies, new PolicyRequest("eks:CreateCluster", "*")).Allowed);
        Assert.Equal(PolicyDecisionKind.ExplicitDeny, PolicyEvaluator.Evaluate(policies, new PolicyRequest("iam:CreateRole", "*")).Kind);
    }

    [Fact]
    public void DenyThatDoesNotMatchDoesNotDeny()
    {
        var policies = new[]
        {
            PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"""),
            PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::111122223333:role/Protected"}]}"""),
        };
        Assert.True(PolicyEvaluator.Evaluate(policies, new PolicyRequest("iam:CreateRole", "arn:aws:iam::111122223333:role/Other")).Allowed);
    }

    [Fact]
    public void NothingMatchingIsAnImplicitDeny()
    {
        var decision = Evaluate(Allow("\"eks:*\""), "iam:CreateRole", "*");
        Assert.False(decision.Allowed);
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, decision.Kind);
        Assert.Null(decision.MatchedStatementSid);
        Assert.Null(decision.MatchedStatement);
    }

    [Fact]
    public void NoPoliciesIsAnImplicitDeny()
    {
        var decision = PolicyEvaluator.Evaluate([], new PolicyRequest("sts:GetCallerIdentity", "*"));
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, decision.Kind);
    }

    [Fact]
    public void AllowReportsTheMatchedSid()
    {
        var decision = Evaluate(Allow("\"eks:*\""), "eks:ListClusters", "*");
        Assert.True(decision.Allowed);
        Assert.Equal(PolicyDecisionKind.Allowed, decision.Kind);
        Assert.Equal("Grant", decision.MatchedStatementSid);
    }

    [Fact]
    public void SubstitutesUsernameInResource()
    {
        var policy = Allow("\"iam:*AccessKey*\"", "\"arn:aws:iam::111122223333:user/${aws:username}\"");
        Assert.True(Evaluate(policy, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/alice", Ctx(("aws:username", ["alice"]))).Allowed);
        Assert.False(Evaluate(policy, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob", Ctx(("aws:username", ["alice"]))).Allowed);
    }

    [Fact]
    public void MissingVariableMakesResourceNotMatch()
    {
        var policy = Allow("\"iam:*\"", "\"arn:aws:iam::111122223333:user/${aws:username}\"");
        Assert.False(Evaluate(policy, "iam:GetUser", "arn:aws:iam::111122223333:user/${aws:username}").Allowed);
        Assert.False(Evaluate(policy, "iam:GetUser", "arn:aws:iam::111122223333:user/alice").Allowed);
    }

    [Fact]
    public void VariableDefaultIsUsedWhenKeyIsMissing()
    {
        var policy = Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username, 'guest'}/*\"");
        Assert.True(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::home/guest/file").Allowed);
        Assert.True(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::home/alice/file", Ctx(("aws:username", ["alice"]))).Allowed);
        Assert.False(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::home/guest/file", Ctx(("aws:username", ["alice"]))).Allowed);
    }

    [Fact]
    public void SubstitutedTextIsLiteralNotAWildcard()
    {
        var policy = Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username}/file\"");
        var context = Ctx(("aws:username", ["*"]));
        Assert.False(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::home/alice/file", context).Allowed);
        Assert.True(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::home/*/file", context).Allowed);
    }

    [Fact]
    public void EscapedWildcardIsLiteral()
    {
        var policy = Allow("\"s3:GetObject\"", "\"arn:aws:s3:::literal${*}star\"");
        Assert.True(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::literal*star").Allowed);
        Assert.False(Evaluate(policy, "s3:GetObject", "arn:aws:s3:::literalXstar").Allowed);
    }

    [Fact]
    public void LegacyVersionDoesNotSubstituteVariables()
    {
        var policy = PolicyDocument.Parse("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}]}""");
        var context = Ctx(("aws:username", ["alice"]));
        Assert.False(Evaluate(policy, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context).Allowed);
        Assert.True(Evaluate(policy, "iam:GetUser", "arn:aws:iam::111122223333:user/${aws:username}", context).Allowed);
    }

    [Fact]
    public void SubstitutesPrincipalArnAndUserIdInConditions()
    {
        var policy = PolicyDocument.Parse(
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagRole","Resource":"*","Condition":{
              "StringEquals":{"iam:ResourceTag/owner":"${aws:PrincipalArn}"},
              "StringLike":{"aws:RequestTag/session":"${aws:userid}*"}
            }}]}
            """);
        var owner = "arn:aws:iam::111122223333:role/Deployer";
        var good = Ctx(("iam:ResourceTag/owner", [owner]), ("aws:PrincipalArn", [owner]), ("aws:userid", ["AROAEXAMPLE:ci"]), ("aws:RequestTag/session", ["AROAEXAMPLE:ci-42"]));
        Assert.True(Evaluate(policy, "iam:TagRole", "*", good).Allowed);

        var otherOwner = Ctx(("iam:ResourceTag/owner", ["arn:aws:iam::111122223333:role/Other"]), ("aws:PrincipalArn", [owner]), ("aws:userid", ["AROAEXAMPLE:ci"]), ("aws:RequestTag/session", ["AROAEXAMPLE:ci-42"]));
        Assert.False(Evaluate(policy, "iam:TagRole", "*", otherOwner).Allowed);

        var noPrincipal = Ctx(("iam:ResourceTag/owner", [owner]), ("aws:userid", ["AROAEXAMPLE:ci"]), ("aws:RequestTag/session", ["AROAEXAMPLE:ci-42"]));
        Assert.False(Evaluate(policy, "iam:TagRole", "*", noPrincipal).Allowed);
    }

    [Fact]
    public void ContextKeysAreCaseInsensitive()
    {
        var policy = AllowWithCondition("""{"StringEquals":{"AWS:Username":"alice"}}""");
        Assert.True(Allows(policy, Ctx(("aws:username", ["alice"]))));
        Assert.False(Allows(policy, Ctx(("aws:username", ["Alice"]))));

        var request = new PolicyRequest("s3:GetObject", "*", null, Ctx(("aws:UserName", ["alice"])));
        Assert.True(request.Context.ContainsKey("AWS:USERNAME"));
    }

    [Fact]
    public void PolicyRequestKeepsItsFields()
    {
        var request = new PolicyRequest("iam:CreateRole", "arn:aws:iam::111122223333:role/X", "arn:aws:iam::111122223333:user/alice");
        Assert.Equal("iam:CreateRole", request.Action);
        Assert.Equal("arn:aws:iam::111122223333:role/X", request.Resource);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", request.PrincipalArn);
        Assert.Empty(request.Context);
    }

    [Fact]
    public void ParsedDocumentsCanBeEvaluatedConcurrently()
    {
        var policy = Allow("[\"ec2:Describe*\",\"eks:*\"]", "[\"arn:aws:eks:*:111122223333:cluster/*\",\"*\"]");
        Parallel.For(0, 2000, i =>
        {
            Assert.True(Evaluate(policy, i % 2 == 0 ? "ec2:DescribeVpcs" : "eks:ListClusters", "*").Allowed);
            Assert.False(Evaluate(policy, "iam:CreateRole", "*").Allowed);
        });
    }
}
