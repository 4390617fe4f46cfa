using EksSso.Sandbox.Policy;
using Xunit;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class PolicyDocumentParseTests
{
    [Fact]
    public void ParsesStatementsAndElements()
    {
        var document = PolicyDocument.Parse("""
            {
              "Version": "2012-10-17",
              "Id": "Example",
              "Statement": [
                { "Sid": "One", "Effect": "Allow", "Action": "iam:GetRole", "Resource": ["arn:aws:iam::111122223333:role/A", "arn:aws:iam::111122223333:role/B"] },
                { "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "NotResource": "arn:aws:s3:::bucket",
                  "Condition": { "NumericLessThan": { "aws:MultiFactorAuthAge": 3600 }, "Bool": { "aws:SecureTransport": false } } }
              ]
            }
            """);

        Assert.Equal("2012-10-17", document.Version);
        Assert.Equal("Example", document.Id);
        Assert.True(document.SupportsPolicyVariables);
        Assert.Equal(PolicyKind.Identity, document.Kind);
        Assert.Equal(2, document.Statements.Count);

        var first = document.Statements[0];
        Assert.Equal("One", first.Sid);
        Assert.Equal(PolicyEffect.Allow, first.Effect);
        Assert.Equal(["iam:GetRole"], first.Actions!);
        Assert.Null(first.NotActions);
        Assert.Equal(2, first.Resources!.Count);
        Assert.Empty(first.Conditions);

        var second = document.Statements[1];
        Assert.Null(second.Sid);
        Assert.Equal(PolicyEffect.Deny, second.Effect);
        Assert.Null(second.Actions);
        Assert.Equal(["iam:*", "sts:*"], second.NotActions!);
        Assert.Equal(["arn:aws:s3:::bucket"], second.NotResources!);
        Assert.Collection(
            second.Conditions,
            c =>
            {
                Assert.Equal("NumericLessThan", c.Operator);
                Assert.Equal("aws:MultiFactorAuthAge", c.Key);
                Assert.Equal(["3600"], c.Values);
            },
            c =>
            {
                Assert.Equal("Bool", c.Operator);
                Assert.Equal(["false"], c.Values);
            });
    }

    [Fact]
    public void AcceptsASingleStatementObject()
    {
        var document = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        Assert.Single(document.Statements);
    }

    [Fact]
    public void AbsentVersionParsesWithLegacySemantics()
    {
        var document = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        Assert.Null(document.Version);
        Assert.Equal("2008-10-17", document.EffectiveVersion);
        Assert.False(document.SupportsPolicyVariables);
    }

    [Fact]
    public void AcceptsExplicitLegacyVersion()
    {
        var document = PolicyDocument.Parse("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        Assert.Equal("2008-10-17", document.EffectiveVersion);
    }

    [Fact]
    public void ParsesTrustPolicyPrincipals()
    {
        var document = PolicyDocument.Parse(
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/x/Deployer"],"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]},
              {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"},
              {"Effect":"Deny","Principal":"*","Action":"sts:*"},
              {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}
            ]}
            """,
            PolicyKind.Trust);

        Assert.Equal(PolicyKind.Trust, document.Kind);
        var principal = document.Statements[0].Principal!;
        Assert.False(principal.IsWildcard);
        Assert.Equal(["111122223333", "arn:aws:iam::444455556666:role/x/Deployer"], principal.Aws);
        Assert.Equal(["eks.amazonaws.com"], principal.Service);
        Assert.Empty(principal.Federated);
        Assert.Equal(["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"], document.Statements[1].Principal!.Federated);
        Assert.True(document.Statements[2].Principal!.IsWildcard);
        Assert.Null(document.Statements[3].Principal);
        Assert.Equal(["arn:aws:iam::111122223333:root"], document.Statements[3].NotPrincipal!.Aws);
    }

    [Fact]
    public void KeepsTheSourceText()
    {
        const string json = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        Assert.Same(json, PolicyDocument.Parse(json).Json);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}""", "Syntax errors in policy.")]
    [InlineData("not json", "Syntax errors in policy.")]
    [InlineData("""[{"Effect":"Allow","Action":"*","Resource":"*"}]""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17"}""", "Missing required field Statement")]
    [InlineData("""{"Version":"2012-10-17","Statement":"Allow"}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":["Allow"]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "Policy document must be version 2012-10-17 or greater.")]
    [InlineData("""{"Version":"2021-01-01","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "Policy document must be version 2012-10-17 or greater.")]
    [InlineData("""{"Version":20121017,"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "Policy document must be version 2012-10-17 or greater.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]}""", "Missing required field Effect")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}""", "The policy failed legacy parsing")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}""", "The policy failed legacy parsing")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""", "Policy statement must contain actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}""", "Policy statement must contain actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotAction":"iam:*","Resource":"*"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"arn:aws:s3:::b"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}""", "Policy statement must contain resources.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"bucket"}]}""", "Resource bucket must be in ARN format or \"*\".")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetRole","Resource":"*"}]}""", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:ec2:RunInstances","Resource":"*"}]}""", "Actions/Condition can contain only one colon.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]}""", "Policy document should not specify a principal.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Actions":"*","Resource":"*"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Extra":1}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":42,"Resource":"*"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]}""", "Statement IDs (SID) in a single policy must be unique.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"my sid","Effect":"Allow","Action":"*","Resource":"*"}]}""", "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}]}""", "Invalid Condition type : StringEqual")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"stringequals":{"aws:username":"a"}}}]}""", "Invalid Condition type : stringequals")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}]}""", "Invalid Condition type : NullIfExists")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForSomeValues:StringEquals":{"aws:TagKeys":"a"}}}]}""", "Invalid Condition type : ForSomeValues:StringEquals")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}]}""", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":"b"}}}}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":"aws:username"}}]}""", "Syntax errors in policy.")]
    public void RefusesMalformedIdentityPolicies(string json, string message)
    {
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Parse(json));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"}}]}""", "Policy statement must contain actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""", "Missing required field Principal")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}""", "Has prohibited field Resource")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","NotResource":"*"}]}""", "Has prohibited field NotResource")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"iam:PassRole"}]}""", "AssumeRolePolicy policy may only specify STS AssumeRole actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"sts:AssumeRole"}]}""", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:role/*\"")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"sts:AssumeRole"}]}""", "Invalid principal in policy: \"AWS\":\"alice\"")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:AssumeRole"}]}""", "Invalid principal in policy: \"Service\":\"*\"")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"User":"alice"},"Action":"sts:AssumeRole"}]}""", "Invalid principal in policy: \"User\":\"alice\"")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:root","Action":"sts:AssumeRole"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}""", "Syntax errors in policy.")]
    public void RefusesMalformedTrustPolicies(string json, string message)
    {
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Parse(json, PolicyKind.Trust));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ActionRequirementCanBeLifted()
    {
        const string json = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"}}]}""";
        var document = PolicyDocument.Parse(json, PolicyKind.Trust, requireAction: false);

        // A statement without actions then grants nothing.
        var decision = TrustPolicyEvaluator.Evaluate(document, new TrustRequest("sts:AssumeRole") { ServicePrincipal = "eks.amazonaws.com" });
        Assert.Equal(PolicyDecisionKind.ImplicitDeny, decision.Kind);
    }

    [Fact]
    public void MalformedPolicyExceptionCarriesTheIamErrorCode()
    {
        Assert.Equal("MalformedPolicyDocument", MalformedPolicyException.IamErrorCode);
    }
}
