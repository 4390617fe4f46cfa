using EksSso.Sandbox.Policy;
using Xunit;
using static EksSso.Sandbox.Tests.Policy.PolicyTestHelpers;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class TrustPolicyEvaluatorTests
{
    private const string GitHubProvider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    private const string SamlProvider = "arn:aws:iam::111122223333:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE";

    private static PolicyDocument Trust(string statements) =>
        PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""", PolicyKind.Trust);

    private static TrustRequest AssumeRoleBy(string callerArn, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null) =>
        new("sts:AssumeRole", context) { CallerPrincipalArn = callerArn };

    [Fact]
    public void RoleArnPrincipalMatchesASessionOfThatRole()
    {
        var trust = Trust("""{"Sid":"Deployer","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci/Deployer"},"Action":"sts:AssumeRole"}""");

        var session = TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Deployer/gh-run-42"));
        Assert.True(session.Allowed);
        Assert.Equal("Deployer", session.MatchedStatementSid);
        Assert.Equal("arn:aws:iam::111122223333:role/ci/Deployer", session.MatchedPrincipal);
        Assert.False(session.MatchedAccountPrincipal);

        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:role/ci/Deployer")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Other/gh-run-42")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::444455556666:assumed-role/Deployer/gh-run-42")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/Deployer")).Allowed);
    }

    [Fact]
    public void RoleAndUserNamesMatchRegardlessOfCase()
    {
        // IAM keeps the principal as the entity's unique ID, and role/user names are unique ignoring case.
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/deployer","arn:aws:iam::111122223333:user/ALICE"]},"Action":"sts:AssumeRole"}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Deployer/s")).Allowed);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/alice")).Allowed);
    }

    [Fact]
    public void SessionArnPrincipalMatchesOnlyThatSession()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/Deployer/fixed"},"Action":"sts:AssumeRole"}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Deployer/fixed")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Deployer/other")).Allowed);
    }

    [Fact]
    public void UserArnPrincipalMatchesThatUser()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:user/bob"]},"Action":"sts:AssumeRole"}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/bob")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/carol")).Allowed);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:root")]
    [InlineData("111122223333")]
    public void AccountPrincipalMatchesAnyPrincipalOfThatAccount(string principal)
    {
        var trust = Trust($$"""{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"sts:AssumeRole"}""");
        foreach (var caller in new[] { "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/Any/session", "arn:aws:iam::111122223333:root" })
        {
            var decision = TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(caller));
            Assert.True(decision.Allowed, caller);
            Assert.Equal(principal, decision.MatchedPrincipal);
            Assert.True(decision.MatchedAccountPrincipal);
        }

        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/alice")).Allowed);
    }

    [Fact]
    public void CallerAccountIdAloneIdentifiesTheAccount()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { CallerAccountId = Account }).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { CallerAccountId = OtherAccount }).Allowed);
    }

    [Fact]
    public void WildcardPrincipalMatchesEveryone()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]}""");
        var decision = TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/anyone"));
        Assert.True(decision.Allowed);
        Assert.Equal("*", decision.MatchedPrincipal);
        Assert.True(decision.MatchedAccountPrincipal);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRoleWithWebIdentity") { FederatedProvider = GitHubProvider }).Allowed);
    }

    [Fact]
    public void AwsWildcardMatchesAwsPrincipalsOnly()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/anyone")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRoleWithWebIdentity") { FederatedProvider = GitHubProvider }).Allowed);
    }

    [Fact]
    public void GitHubOidcFederationWithSubAndAudConditions()
    {
        var trust = Trust(
            $$"""
            {"Sid":"GitHub","Effect":"Allow","Principal":{"Federated":"{{GitHubProvider}}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{
              "StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},
              "StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/app:*"} } }
            """);

        TrustRequest Request(string? sub, string? aud, string provider = GitHubProvider, string action = "sts:AssumeRoleWithWebIdentity")
        {
            var context = new Dictionary<string, IReadOnlyList<string>>();
            if (sub is not null)
            {
                context["token.actions.githubusercontent.com:sub"] = [sub];
            }

            if (aud is not null)
            {
                context["token.actions.githubusercontent.com:aud"] = [aud];
            }

            return new TrustRequest(action, context) { FederatedProvider = provider };
        }

        var allowed = TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/app:ref:refs/heads/main", "sts.amazonaws.com"));
        Assert.True(allowed.Allowed);
        Assert.Equal("GitHub", allowed.MatchedStatementSid);
        Assert.Equal(GitHubProvider, allowed.MatchedPrincipal);

        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/other:ref:refs/heads/main", "sts.amazonaws.com")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/app:ref:refs/heads/main", "https://example.com")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request(null, "sts.amazonaws.com")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/app:ref:refs/heads/main", null)).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/app:ref:refs/heads/main", "sts.amazonaws.com", "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com")).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, Request("repo:octo/app:ref:refs/heads/main", "sts.amazonaws.com", action: "sts:AssumeRole")).Allowed);
    }

    [Fact]
    public void SamlProviderFederation()
    {
        var trust = Trust(
            $$"""
            {"Effect":"Allow","Principal":{"Federated":"{{SamlProvider}}"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],
             "Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"} } }
            """);
        var context = Ctx(("SAML:aud", ["https://signin.aws.amazon.com/saml"]));
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRoleWithSAML", context) { FederatedProvider = SamlProvider }).Allowed);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:TagSession", context) { FederatedProvider = SamlProvider }).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRoleWithSAML", Ctx(("saml:aud", ["https://evil.example"]))) { FederatedProvider = SamlProvider }).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:SetSourceIdentity", context) { FederatedProvider = SamlProvider }).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRoleWithSAML", context) { FederatedProvider = GitHubProvider }).Allowed);
    }

    [Fact]
    public void ServicePrincipal()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"Service":["eks.amazonaws.com","eks-nodegroup.amazonaws.com"]},"Action":"sts:AssumeRole"}""");
        var decision = TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { ServicePrincipal = "eks.amazonaws.com" });
        Assert.True(decision.Allowed);
        Assert.Equal("eks.amazonaws.com", decision.MatchedPrincipal);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { ServicePrincipal = "ec2.amazonaws.com" }).Allowed);

        // A service principal statement says nothing about IAM callers.
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/alice")).Allowed);
    }

    [Fact]
    public void ExternalIdCondition()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique-1234"}}}""");
        const string caller = "arn:aws:sts::444455556666:assumed-role/Vendor/integration";
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(caller, Ctx(("sts:ExternalId", ["Unique-1234"])))).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(caller, Ctx(("sts:ExternalId", ["wrong"])))).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(caller)).Allowed);
    }

    [Fact]
    public void DenyWithMatchingPrincipalWins()
    {
        var trust = Trust(
            """
            {"Sid":"Account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"},
            {"Sid":"NotInterns","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/Intern"},"Action":"sts:AssumeRole"}
            """);
        var denied = TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Intern/s"));
        Assert.Equal(PolicyDecisionKind.ExplicitDeny, denied.Kind);
        Assert.Equal("NotInterns", denied.MatchedStatementSid);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:sts::111122223333:assumed-role/Engineer/s")).Allowed);
    }

    [Fact]
    public void DenyWithConditionDeniesOnlyWhenItHolds()
    {
        var trust = Trust(
            """
            {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
            {"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}
            """);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/a", Ctx(("aws:PrincipalOrgID", ["o-abc123"])))).Allowed);
        Assert.Equal(PolicyDecisionKind.ExplicitDeny, TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/a", Ctx(("aws:PrincipalOrgID", ["o-other"])))).Kind);
        Assert.Equal(PolicyDecisionKind.ExplicitDeny, TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::444455556666:user/a")).Kind);
    }

    [Fact]
    public void NotPrincipalDenyExemptsOnlyTheNamedPrincipal()
    {
        var trust = Trust(
            """
            {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
            {"Sid":"OnlyBreakGlass","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/breakglass"},"Action":"sts:AssumeRole"}
            """);
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/breakglass")).Allowed);
        Assert.Equal(PolicyDecisionKind.ExplicitDeny, TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/alice")).Kind);
    }

    [Fact]
    public void PrincipalArnConditionKey()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*"}}}""");
        const string session = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice";
        var principal = Ctx(("aws:PrincipalArn", ["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_Admin_0123456789abcdef"]));
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(session, principal)).Allowed);
        Assert.False(TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy(session, Ctx(("aws:PrincipalArn", ["arn:aws:iam::111122223333:role/Other"])))).Allowed);
    }

    [Fact]
    public void TagSessionNeedsItsOwnGrant()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Deployer"},"Action":"sts:AssumeRole"}""");
        var session = "arn:aws:sts::111122223333:assumed-role/Deployer/s";
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { CallerPrincipalArn = session }).Allowed);
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:TagSession") { CallerPrincipalArn = session }).Kind);
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:SetSourceIdentity") { CallerPrincipalArn = session }).Kind);
    }

    [Fact]
    public void ActionWildcardInTrustPolicy()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:*"}""");
        Assert.True(TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:TagSession") { ServicePrincipal = "eks.amazonaws.com" }).Allowed);
    }

    [Fact]
    public void NoMatchIsAnImplicitDeny()
    {
        var trust = Trust("""{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}""");
        var decision = TrustPolicyEvaluator.Evaluate(trust, AssumeRoleBy("arn:aws:iam::111122223333:user/alice"));
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, decision.Kind);
        Assert.Null(decision.MatchedPrincipal);
    }
}
