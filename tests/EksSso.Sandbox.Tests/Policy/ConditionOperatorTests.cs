using Xunit;
using static EksSso.Sandbox.Tests.Policy.PolicyTestHelpers;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class ConditionOperatorTests
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> One(string key, params string[] values) => Ctx((key, values));

    // ---- String ----
    [Theory]
    [InlineData("alice", true)]
    [InlineData("Alice", false)]
    [InlineData("alice2", false)]
    public void StringEqualsIsExactAndCaseSensitive(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringEquals":{"aws:username":"alice"}}""", One("aws:username", value)));

    [Fact]
    public void StringEqualsValuesAreOred() =>
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:username":["bob","alice"]}}""", One("aws:username", "alice")));

    [Fact]
    public void StringEqualsWithMissingKeyIsFalse() =>
        Assert.False(ConditionHolds("""{"StringEquals":{"aws:username":"alice"}}"""));

    [Theory]
    [InlineData("bob", true)]
    [InlineData("alice", false)]
    [InlineData("carol", false)]
    public void StringNotEqualsIsTheNorOfItsValues(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringNotEquals":{"aws:username":["alice","carol"]}}""", One("aws:username", value)));

    [Fact]
    public void NegatedOperatorWithMissingKeyIsTrue()
    {
        // AWS: "If the policy condition requires that the key is not matched ... and the right key is not present, the condition returns true."
        Assert.True(ConditionHolds("""{"StringNotEquals":{"aws:username":"alice"}}"""));
        Assert.True(ConditionHolds("""{"StringNotLike":{"aws:username":"a*"}}"""));
        Assert.True(ConditionHolds("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:iam::*:role/x"}}"""));
        Assert.True(ConditionHolds("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"""));
    }

    [Theory]
    [InlineData("ALICE", true)]
    [InlineData("alice", true)]
    [InlineData("alicia", false)]
    public void StringEqualsIgnoreCase(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringEqualsIgnoreCase":{"aws:username":"Alice"}}""", One("aws:username", value)));

    [Theory]
    [InlineData("ALICE", false)]
    [InlineData("bob", true)]
    public void StringNotEqualsIgnoreCase(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringNotEqualsIgnoreCase":{"aws:username":"Alice"}}""", One("aws:username", value)));

    [Theory]
    [InlineData("repo:octo/app:ref:refs/heads/main", true)]
    [InlineData("repo:octo/app:pull_request", true)]
    [InlineData("repo:octo/other:ref:refs/heads/main", false)]
    [InlineData("repo:OCTO/app:pull_request", false)]
    public void StringLikeUsesWildcards(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/app:*"}}""", One("token.actions.githubusercontent.com:sub", value)));

    [Theory]
    [InlineData("ab1", true)]
    [InlineData("ab12", false)]
    public void StringLikeQuestionMarkIsOneCharacter(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringLike":{"aws:username":"ab?"}}""", One("aws:username", value)));

    [Theory]
    [InlineData("temp-1", false)]
    [InlineData("perm-1", true)]
    public void StringNotLike(string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringNotLike":{"aws:username":"temp-*"}}""", One("aws:username", value)));

    // ---- ARN ----
    [Theory]
    [InlineData("ArnEquals", "arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Admin", true)]
    [InlineData("ArnEquals", "arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/admin", false)]
    [InlineData("ArnEquals", "arn:aws:iam::*:role/Admin", "arn:aws:iam::444455556666:role/Admin", true)]
    [InlineData("ArnLike", "arn:aws:iam::*:role/Admin*", "arn:aws:iam::444455556666:role/AdminTeam", true)]
    [InlineData("ArnLike", "arn:aws:iam::111122223333:*", "arn:aws:iam::111122223333:role/path/x", true)]
    [InlineData("ArnLike", "arn:aws:iam::111122223333:*", "arn:aws:iam::444455556666:role/x", false)]
    [InlineData("ArnLike", "arn:aws:*:*:111122223333:*", "arn:aws:eks:us-east-1:111122223333:cluster/x", true)]
    [InlineData("ArnLike", "arn:aws:eks:us-east-?:111122223333:cluster/*", "arn:aws:eks:us-east-1:111122223333:cluster/x", true)]
    [InlineData("ArnLike", "arn:aws:eks:us-east-?:111122223333:cluster/*", "arn:aws:eks:us-west-2:111122223333:cluster/x", false)]
    [InlineData("ArnLike", "arn:aws:eks:*:*:cluster/a:b", "arn:aws:eks:us-east-1:111122223333:cluster/a:b", true)]
    [InlineData("ArnLike", "*", "arn:aws:iam::111122223333:role/x", true)]
    [InlineData("ArnLike", "*", "not-an-arn", false)]
    [InlineData("ArnLike", "arn:aws:iam::*", "arn:aws:iam::111122223333:role/x", false)]
    [InlineData("ArnLike", "arn:*:role/x", "arn:aws:iam::111122223333:role/x", false)]
    [InlineData("ArnLike", "arn:aws:iam::111122223333:role/*", "role/x", false)]
    public void ArnOperatorsCompareSegmentBySegment(string op, string pattern, string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceArn":"{{{pattern}}}"}}""", One("aws:SourceArn", value)));

    [Fact]
    public void StringLikeSpansSegmentsWhereArnLikeDoesNot()
    {
        var context = One("aws:SourceArn", "arn:aws:iam::111122223333:role/x");
        Assert.True(ConditionHolds("""{"StringLike":{"aws:SourceArn":"arn:*:role/x"}}""", context));
        Assert.False(ConditionHolds("""{"ArnLike":{"aws:SourceArn":"arn:*:role/x"}}""", context));
    }

    [Theory]
    [InlineData("ArnNotEquals", "arn:aws:iam::111122223333:role/Admin", false)]
    [InlineData("ArnNotEquals", "arn:aws:iam::111122223333:role/Other", true)]
    [InlineData("ArnNotLike", "arn:aws:iam::111122223333:role/Adm*", false)]
    [InlineData("ArnNotLike", "arn:aws:iam::444455556666:*", true)]
    public void NegatedArnOperators(string op, string pattern, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:PrincipalArn":"{{{pattern}}}"}}""", One("aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin")));

    [Fact]
    public void ArnLikeSubstitutesVariablesBeforeSplitting()
    {
        const string condition = """{"ArnEquals":{"aws:SourceArn":"${aws:PrincipalArn}"}}""";
        var arn = "arn:aws:iam::111122223333:role/Admin";
        Assert.True(ConditionHolds(condition, Ctx(("aws:SourceArn", [arn]), ("aws:PrincipalArn", [arn]))));
        Assert.False(ConditionHolds(condition, Ctx(("aws:SourceArn", [arn]), ("aws:PrincipalArn", ["arn:aws:iam::111122223333:role/Other"]))));
        Assert.False(ConditionHolds(condition, Ctx(("aws:SourceArn", [arn]))));
    }

    // ---- Bool / Null ----
    [Theory]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "true", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "TRUE", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":true}}""", "true", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "false", false)]
    [InlineData("""{"Bool":{"aws:SecureTransport":false}}""", "false", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "yes", false)]
    public void BoolComparesBooleans(string condition, string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds(condition, One("aws:SecureTransport", value)));

    [Fact]
    public void BoolWithMissingKeyIsFalseUnlessIfExists()
    {
        Assert.False(ConditionHolds("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"""));
        Assert.True(ConditionHolds("""{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"""));
        Assert.False(ConditionHolds("""{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}""", One("aws:MultiFactorAuthPresent", "false")));
    }

    [Fact]
    public void NullTestsKeyPresence()
    {
        Assert.True(ConditionHolds("""{"Null":{"aws:TokenIssueTime":"true"}}"""));
        Assert.False(ConditionHolds("""{"Null":{"aws:TokenIssueTime":"true"}}""", One("aws:TokenIssueTime", "2024-01-01T00:00:00Z")));
        Assert.True(ConditionHolds("""{"Null":{"aws:TokenIssueTime":false}}""", One("aws:TokenIssueTime", "2024-01-01T00:00:00Z")));
        Assert.False(ConditionHolds("""{"Null":{"aws:TokenIssueTime":"false"}}"""));
        Assert.True(ConditionHolds("""{"Null":{"aws:TokenIssueTime":"true"}}""", Ctx(("aws:TokenIssueTime", []))));
    }

    // ---- Numeric ----
    [Theory]
    [InlineData("NumericEquals", "10", true)]
    [InlineData("NumericEquals", "10.0", true)]
    [InlineData("NumericEquals", "11", false)]
    [InlineData("NumericNotEquals", "11", true)]
    [InlineData("NumericNotEquals", "10", false)]
    [InlineData("NumericLessThan", "9", true)]
    [InlineData("NumericLessThan", "10", false)]
    [InlineData("NumericLessThanEquals", "10", true)]
    [InlineData("NumericLessThanEquals", "11", false)]
    [InlineData("NumericGreaterThan", "11", true)]
    [InlineData("NumericGreaterThan", "10", false)]
    [InlineData("NumericGreaterThanEquals", "10", true)]
    [InlineData("NumericGreaterThanEquals", "9.5", false)]
    [InlineData("NumericEquals", "ten", false)]
    public void NumericOperators(string op, string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:MultiFactorAuthAge":10}}""", One("aws:MultiFactorAuthAge", value)));

    [Fact]
    public void NumericWithMissingKeyIsFalse() =>
        Assert.False(ConditionHolds("""{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"""));

    // ---- Date ----
    [Theory]
    [InlineData("DateLessThan", "2024-06-01T00:00:00Z", true)]
    [InlineData("DateLessThan", "2025-01-01T00:00:00Z", false)]
    [InlineData("DateLessThanEquals", "2025-01-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "2025-06-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "2024-06-01T00:00:00Z", false)]
    [InlineData("DateGreaterThanEquals", "2025-01-01T00:00:00Z", true)]
    [InlineData("DateEquals", "2025-01-01T01:00:00+01:00", true)]
    [InlineData("DateNotEquals", "2025-01-01T00:00:01Z", true)]
    [InlineData("DateLessThan", "1704067200", true)]
    [InlineData("DateGreaterThan", "1767225600", true)]
    [InlineData("DateLessThan", "someday", false)]
    public void DateOperators(string op, string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", One("aws:CurrentTime", value)));

    [Fact]
    public void DatePolicyValueMayBeEpochSeconds() =>
        Assert.True(ConditionHolds("""{"DateGreaterThan":{"aws:EpochTime":1735689600}}""", One("aws:EpochTime", "1735689601")));

    // ---- IP / Binary ----
    [Theory]
    [InlineData("IpAddress", "203.0.113.7", true)]
    [InlineData("IpAddress", "203.0.114.7", false)]
    [InlineData("IpAddress", "2001:db8::1", true)]
    [InlineData("NotIpAddress", "198.51.100.1", true)]
    [InlineData("NotIpAddress", "203.0.113.200", false)]
    [InlineData("IpAddress", "not-an-ip", false)]
    public void IpOperators(string op, string value, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}""", One("aws:SourceIp", value)));

    [Fact]
    public void BinaryEqualsComparesBase64Text()
    {
        Assert.True(ConditionHolds("""{"BinaryEquals":{"aws:Binary":"QmluYXJ5"}}""", One("aws:Binary", "QmluYXJ5")));
        Assert.False(ConditionHolds("""{"BinaryEquals":{"aws:Binary":"QmluYXJ5"}}""", One("aws:Binary", "qmluyxj5")));
    }

    // ---- IfExists ----
    [Fact]
    public void IfExistsHoldsForMissingKeyAndTestsPresentOne()
    {
        const string condition = """{"StringEqualsIfExists":{"ec2:InstanceType":["t3.micro","t3.small"]}}""";
        Assert.True(ConditionHolds(condition));
        Assert.True(ConditionHolds(condition, One("ec2:InstanceType", "t3.micro")));
        Assert.False(ConditionHolds(condition, One("ec2:InstanceType", "m5.large")));
    }

    [Theory]
    [InlineData("""{"StringNotEqualsIfExists":{"aws:username":"alice"}}""")]
    [InlineData("""{"StringLikeIfExists":{"aws:username":"a*"}}""")]
    [InlineData("""{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:iam::*:role/x"}}""")]
    [InlineData("""{"NumericLessThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}""")]
    [InlineData("""{"DateLessThanIfExists":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""")]
    [InlineData("""{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}""")]
    public void EveryFamilyAcceptsIfExists(string condition) => Assert.True(ConditionHolds(condition));

    // ---- Set qualifiers ----
    [Fact]
    public void ForAnyValueNeedsOneMatchingValue()
    {
        const string condition = """{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}""";
        Assert.True(ConditionHolds(condition, One("aws:TagKeys", "cost", "team")));
        Assert.False(ConditionHolds(condition, One("aws:TagKeys", "cost", "owner")));
        Assert.False(ConditionHolds(condition));
        Assert.False(ConditionHolds(condition, Ctx(("aws:TagKeys", []))));
    }

    [Fact]
    public void ForAllValuesNeedsEveryValueToMatch()
    {
        const string condition = """{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}""";
        Assert.True(ConditionHolds(condition, One("aws:TagKeys", "env", "team")));
        Assert.True(ConditionHolds(condition, One("aws:TagKeys", "env")));
        Assert.False(ConditionHolds(condition, One("aws:TagKeys", "env", "owner")));

        // Vacuously true with no values, as AWS documents.
        Assert.True(ConditionHolds(condition));
    }

    [Fact]
    public void ForAnyValueWithNegatedOperator()
    {
        const string condition = """{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env","team"]}}""";
        Assert.True(ConditionHolds(condition, One("aws:TagKeys", "env", "owner")));
        Assert.False(ConditionHolds(condition, One("aws:TagKeys", "env", "team")));
        Assert.False(ConditionHolds(condition));
    }

    [Fact]
    public void ForAllValuesWithNegatedOperator()
    {
        const string condition = """{"ForAllValues:StringNotLike":{"aws:TagKeys":["aws:*","secret*"]}}""";
        Assert.True(ConditionHolds(condition, One("aws:TagKeys", "env", "team")));
        Assert.False(ConditionHolds(condition, One("aws:TagKeys", "env", "secret-key")));
        Assert.True(ConditionHolds(condition));
    }

    [Fact]
    public void ForAnyValueStringLikeAndIfExists()
    {
        Assert.True(ConditionHolds("""{"ForAnyValue:StringLike":{"aws:TagKeys":"team-*"}}""", One("aws:TagKeys", "env", "team-a")));
        Assert.True(ConditionHolds("""{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"team-*"}}"""));
        Assert.True(ConditionHolds("""{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"env"}}"""));
    }

    [Fact]
    public void ForAnyValueArnLike() =>
        Assert.True(ConditionHolds(
            """{"ForAnyValue:ArnLike":{"aws:PrincipalServiceNamesList":"arn:aws:iam::*:role/ci-*"}}""",
            One("aws:PrincipalServiceNamesList", "arn:aws:iam::111122223333:user/x", "arn:aws:iam::111122223333:role/ci-runner")));

    [Fact]
    public void UnqualifiedOperatorMatchesAnyOfSeveralRequestValues()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:TagKeys":"team"}}""", One("aws:TagKeys", "env", "team")));
        Assert.False(ConditionHolds("""{"StringNotEquals":{"aws:TagKeys":"team"}}""", One("aws:TagKeys", "env", "team")));
    }

    // ---- Combination ----
    [Fact]
    public void KeysInOneOperatorAreAnded()
    {
        const string condition = """{"StringEquals":{"aws:username":"alice","aws:RequestedRegion":"us-east-1"}}""";
        Assert.True(ConditionHolds(condition, Ctx(("aws:username", ["alice"]), ("aws:RequestedRegion", ["us-east-1"]))));
        Assert.False(ConditionHolds(condition, Ctx(("aws:username", ["alice"]), ("aws:RequestedRegion", ["eu-west-1"]))));
        Assert.False(ConditionHolds(condition, Ctx(("aws:username", ["alice"]))));
    }

    [Fact]
    public void OperatorsAreAnded()
    {
        const string condition = """{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}""";
        Assert.True(ConditionHolds(condition, Ctx(("aws:username", ["alice"]), ("aws:SecureTransport", ["true"]))));
        Assert.False(ConditionHolds(condition, Ctx(("aws:username", ["alice"]), ("aws:SecureTransport", ["false"]))));
    }

    [Fact]
    public void ConditionsOnDenyStatementsOnlyDenyWhenTheyHold()
    {
        var policy = EksSso.Sandbox.Policy.PolicyDocument.Parse(
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Sid":"NoPlainHttp","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}
            ]}
            """);
        Assert.True(Allows(policy, One("aws:SecureTransport", "true")));
        var denied = Evaluate(policy, "s3:GetObject", "*", One("aws:SecureTransport", "false"));
        Assert.Equal(EksSso.Sandbox.Policy.PolicyDecisionKind.ExplicitDeny, denied.Kind);
        Assert.Equal("NoPlainHttp", denied.MatchedStatementSid);
    }

    [Fact]
    public void PassedToServiceCondition()
    {
        var policy = EksSso.Sandbox.Policy.PolicyDocument.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/eks-*","Condition":{"StringEquals":{"iam:PassedToService":"eks.amazonaws.com"}}}]}""");
        Assert.True(Evaluate(policy, "iam:PassRole", "arn:aws:iam::111122223333:role/eks-cluster", One("iam:PassedToService", "eks.amazonaws.com")).Allowed);
        Assert.False(Evaluate(policy, "iam:PassRole", "arn:aws:iam::111122223333:role/eks-cluster", One("iam:PassedToService", "ec2.amazonaws.com")).Allowed);
        Assert.False(Evaluate(policy, "iam:PassRole", "arn:aws:iam::111122223333:role/admin", One("iam:PassedToService", "eks.amazonaws.com")).Allowed);
    }
}
