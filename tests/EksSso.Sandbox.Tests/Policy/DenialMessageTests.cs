using EksSso.Sandbox.Policy;
using Xunit;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class DenialMessageTests
{
    private const string Caller = "arn:aws:iam::111122223333:user/alice";
    private const string Role = "arn:aws:iam::111122223333:role/EKSClusterCreator";

    [Fact]
    public void ImplicitDeny() => Assert.Equal(
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/EKSClusterCreator because no identity-based policy allows the iam:CreateRole action",
        DenialMessage.ImplicitDeny(Caller, "iam:CreateRole", Role));

    [Fact]
    public void ExplicitDeny() => Assert.Equal(
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/EKSClusterCreator with an explicit deny in an identity-based policy",
        DenialMessage.ExplicitDeny(Caller, "iam:CreateRole", Role));

    [Fact]
    public void ForPicksTheWordingFromTheDecision()
    {
        var deny = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}""");
        var explicitDecision = PolicyEvaluator.Evaluate([deny], new PolicyRequest("iam:CreateRole", Role));
        var implicitDecision = PolicyEvaluator.Evaluate([], new PolicyRequest("iam:CreateRole", Role));

        Assert.EndsWith("with an explicit deny in an identity-based policy", DenialMessage.For(Caller, "iam:CreateRole", Role, explicitDecision));
        Assert.EndsWith("because no identity-based policy allows the iam:CreateRole action", DenialMessage.For(Caller, "iam:CreateRole", Role, implicitDecision));
        Assert.StartsWith($"User: {Caller} is not authorized to perform: iam:CreateRole on resource: {Role} ", DenialMessage.For(Caller, "iam:CreateRole", Role, implicitDecision));

        var allow = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}""");
        var allowed = PolicyEvaluator.Evaluate([allow], new PolicyRequest("iam:CreateRole", Role));
        Assert.Throws<ArgumentException>(() => DenialMessage.For(Caller, "iam:CreateRole", Role, allowed));
    }

    [Fact]
    public void ForRequestNeedsACaller()
    {
        var decision = PolicyEvaluator.Evaluate([], new PolicyRequest("iam:CreateRole", Role));
        Assert.Throws<ArgumentException>(() => DenialMessage.For(new PolicyRequest("iam:CreateRole", Role), decision));
        Assert.Equal(DenialMessage.ImplicitDeny(Caller, "iam:CreateRole", Role), DenialMessage.For(new PolicyRequest("iam:CreateRole", Role, Caller), decision));
    }

    [Fact]
    public void AssumeRole() => Assert.Equal(
        "User: arn:aws:sts::111122223333:assumed-role/Dev/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/EKSClusterCreator",
        DenialMessage.AssumeRole("arn:aws:sts::111122223333:assumed-role/Dev/alice", Role));

    [Theory]
    [InlineData("sts:AssumeRoleWithWebIdentity", null, "Not authorized to perform sts:AssumeRoleWithWebIdentity")]
    [InlineData("sts:AssumeRoleWithSAML", null, "Not authorized to perform sts:AssumeRoleWithSAML")]
    [InlineData("sts:AssumeRole", Caller, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/EKSClusterCreator")]
    [InlineData("sts:TagSession", Caller, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:TagSession on resource: arn:aws:iam::111122223333:role/EKSClusterCreator")]
    public void TrustDenied(string action, string? caller, string message) =>
        Assert.Equal(message, DenialMessage.TrustDenied(action, caller, Role));
}
