using EksSso.Sandbox.Policy;
using Xunit;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class ManagedPoliciesTests
{
    private const string ViewOnlyAccessArn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
    private const string InlineEksPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*","sts:AssumeRole"],"Resource":"*"}]}""";

    private static readonly Lazy<IReadOnlyDictionary<string, ManagedPolicy>> s_loaded = new(() => ManagedPolicies.Load(PolicyTestHelpers.ManagedPolicyDirectory));

    [Fact]
    public void LoadsEveryReplyPlusAdministratorAccess()
    {
        var policies = s_loaded.Value;
        Assert.Equal(
            [
                "arn:aws:iam::aws:policy/AdministratorAccess",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
                "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
                ViewOnlyAccessArn,
            ],
            policies.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ViewOnlyAccessLivesUnderJobFunction()
    {
        var policy = s_loaded.Value[ViewOnlyAccessArn];
        Assert.Equal("ViewOnlyAccess", policy.Name);
        Assert.Equal("/job-function/", policy.Path);
        Assert.Equal("v45", policy.VersionId);
        Assert.Equal(new DateTimeOffset(2026, 4, 22, 18, 12, 21, TimeSpan.Zero), policy.CreateDate);
        Assert.Equal(2, policy.Document.Statements.Count);
        Assert.Equal("GeneralViewOnlyAccessStatement", policy.Document.Statements[0].Sid);
    }

    [Fact]
    public void DocumentJsonIsIndentedAndReparses()
    {
        var policy = s_loaded.Value[ViewOnlyAccessArn];
        Assert.StartsWith("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"GeneralViewOnlyAccessStatement\"", policy.DocumentJson.ReplaceLineEndings("\n"));
        var reparsed = PolicyDocument.Parse(policy.DocumentJson);
        Assert.Equal(policy.Document.Statements[0].Actions!.Count, reparsed.Statements[0].Actions!.Count);
    }

    [Theory]
    [InlineData("AmazonEKSClusterPolicy", "v10")]
    [InlineData("AmazonEKSWorkerNodePolicy", "v3")]
    [InlineData("AmazonEKS_CNI_Policy", "v6")]
    [InlineData("AmazonEC2ContainerRegistryReadOnly", "v3")]
    [InlineData("ViewOnlyAccess", "v45")]
    public void EveryShippedPolicyParses(string name, string version)
    {
        var file = Path.Combine(PolicyTestHelpers.ManagedPolicyDirectory, name + ".json");
        var policy = ManagedPolicies.FromGetPolicyVersionReply(name, File.ReadAllText(file));
        Assert.Equal(ManagedPolicies.ArnFor(name), policy.Arn);
        Assert.Equal(version, policy.VersionId);
        Assert.NotEmpty(policy.Document.Statements);
        Assert.All(policy.Document.Statements, s => Assert.Equal(PolicyEffect.Allow, s.Effect));
    }

    [Fact]
    public void ClusterPolicyConditionsAreEvaluated()
    {
        var policy = s_loaded.Value["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"].Document;
        var slr = new PolicyRequest("iam:CreateServiceLinkedRole", "*", null, PolicyTestHelpers.Ctx(("iam:AWSServiceName", ["elasticloadbalancing.amazonaws.com"])));
        Assert.True(PolicyEvaluator.Evaluate([policy], slr).Allowed);
        var other = new PolicyRequest("iam:CreateServiceLinkedRole", "*", null, PolicyTestHelpers.Ctx(("iam:AWSServiceName", ["rds.amazonaws.com"])));
        Assert.False(PolicyEvaluator.Evaluate([policy], other).Allowed);
    }

    [Fact]
    public void CniPolicyScopesCreateTagsToNetworkInterfaces()
    {
        var policy = s_loaded.Value["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"].Document;
        Assert.True(PolicyEvaluator.Evaluate([policy], new PolicyRequest("ec2:CreateTags", "arn:aws:ec2:us-east-1:111122223333:network-interface/eni-0abc")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate([policy], new PolicyRequest("ec2:CreateTags", "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc")).Allowed);
    }

    [Fact]
    public void AdministratorAccessIsBuiltIn()
    {
        var admin = s_loaded.Value[ManagedPolicies.AdministratorAccessArn];
        Assert.Equal("AdministratorAccess", admin.Name);
        Assert.Equal("/", admin.Path);
        Assert.Equal("v1", admin.VersionId);
        Assert.True(PolicyEvaluator.Evaluate([admin.Document], new PolicyRequest("iam:CreateRole", "arn:aws:iam::111122223333:role/X")).Allowed);
        Assert.True(PolicyEvaluator.Evaluate([PolicyDocument.Parse(admin.DocumentJson)], new PolicyRequest("organizations:CreateAccount", "*")).Allowed);
    }

    [Fact]
    public void LoadsEmbeddedResources()
    {
        var policies = ManagedPolicies.LoadEmbedded(typeof(PolicyDocument).Assembly);
        Assert.Equal("v45", policies[ViewOnlyAccessArn].VersionId);
        Assert.Contains(ManagedPolicies.AdministratorAccessArn, policies.Keys);
        Assert.Contains("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy", policies.Keys);
    }

    [Fact]
    public void ArnsFollowThePartition()
    {
        Assert.Equal("arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess", ManagedPolicies.ArnFor("ViewOnlyAccess", "aws-cn"));
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", ManagedPolicies.ArnFor("AmazonEKSClusterPolicy"));
    }

    [Fact]
    public void AcceptsAnUrlEncodedDocument()
    {
        const string reply = """{"PolicyVersion":{"Document":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22eks%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D","VersionId":"v2"}}""";
        var policy = ManagedPolicies.FromGetPolicyVersionReply("Custom", reply);
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""", policy.DocumentJson);
        Assert.True(PolicyEvaluator.Evaluate([policy.Document], new PolicyRequest("eks:ListClusters", "*")).Allowed);
    }

    [Fact]
    public void RefusesRepliesWithoutAValidDocument()
    {
        Assert.Throws<InvalidDataException>(() => ManagedPolicies.FromGetPolicyVersionReply("Broken", """{"Policy":{}}"""));
        Assert.Throws<InvalidDataException>(() => ManagedPolicies.FromGetPolicyVersionReply("Broken", "not json"));
        var error = Assert.Throws<InvalidDataException>(() => ManagedPolicies.FromGetPolicyVersionReply(
            "Broken", """{"PolicyVersion":{"Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]},"VersionId":"v1"}}"""));
        var inner = Assert.IsType<MalformedPolicyException>(error.InnerException);
        Assert.Equal("Policy statement must contain actions.", inner.Message);
    }

    // The permission-set scenario: ViewOnlyAccess attached plus an inline policy granting eks:* and sts:AssumeRole.
    [Theory]
    [InlineData("iam:CreateRole", "arn:aws:iam::111122223333:role/EKSClusterCreator", PolicyDecisionKind.ImplicitDeny, null)]
    [InlineData("iam:PassRole", "arn:aws:iam::111122223333:role/EKSClusterCreator", PolicyDecisionKind.ImplicitDeny, null)]
    [InlineData("iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/EKSClusterCreator", PolicyDecisionKind.ImplicitDeny, null)]
    [InlineData("eks:ListClusters", "*", PolicyDecisionKind.Allowed, "GeneralViewOnlyAccessStatement")]
    [InlineData("eks:CreateCluster", "arn:aws:eks:us-east-1:111122223333:cluster/demo", PolicyDecisionKind.Allowed, null)]
    [InlineData("sts:AssumeRole", "arn:aws:iam::111122223333:role/EKSClusterCreator", PolicyDecisionKind.Allowed, null)]
    [InlineData("iam:ListRoles", "*", PolicyDecisionKind.Allowed, "GeneralViewOnlyAccessStatement")]
    [InlineData("iam:GetRole", "arn:aws:iam::111122223333:role/EKSClusterCreator", PolicyDecisionKind.ImplicitDeny, null)]
    [InlineData("ec2:DescribeVpcs", "*", PolicyDecisionKind.Allowed, "GeneralViewOnlyAccessStatement")]
    [InlineData("ec2:DescribeSubnets", "*", PolicyDecisionKind.Allowed, "GeneralViewOnlyAccessStatement")]
    [InlineData("ec2:CreateVpc", "*", PolicyDecisionKind.ImplicitDeny, null)]
    [InlineData("apigateway:GET", "arn:aws:apigateway:us-east-1::/restapis/abc/stages", PolicyDecisionKind.Allowed, "APIGatewayAccess")]
    [InlineData("apigateway:GET", "arn:aws:apigateway:us-east-1::/apikeys", PolicyDecisionKind.ImplicitDeny, null)]
    public void ViewOnlyAccessPlusInlineEksPolicy(string action, string resource, PolicyDecisionKind kind, string? sid)
    {
        // Straight from the reference file, as the brief for this scenario asks.
        var reply = File.ReadAllText(Path.Combine(PolicyTestHelpers.ManagedPolicyDirectory, "ViewOnlyAccess.json"));
        var viewOnly = PolicyDocument.Parse(ManagedPolicies.FromGetPolicyVersionReply("ViewOnlyAccess", reply).DocumentJson);
        var inline = PolicyDocument.Parse(InlineEksPolicy);
        var decision = PolicyEvaluator.Evaluate(
            [viewOnly, inline],
            new PolicyRequest(action, resource, "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_EKSClusterAdmin_0123456789abcdef/alice"));

        Assert.Equal(kind, decision.Kind);
        Assert.Equal(kind == PolicyDecisionKind.Allowed, decision.Allowed);
        Assert.Equal(sid, decision.MatchedStatementSid);
    }

    [Fact]
    public void ViewOnlyAccessDenialMessage()
    {
        var policies = new[] { s_loaded.Value[ViewOnlyAccessArn].Document, PolicyDocument.Parse(InlineEksPolicy) };
        const string caller = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_EKSClusterAdmin_0123456789abcdef/alice";
        var request = new PolicyRequest("iam:CreateRole", "arn:aws:iam::111122223333:role/EKSClusterCreator", caller);
        var decision = PolicyEvaluator.Evaluate(policies, request);
        Assert.Equal(
            "User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_EKSClusterAdmin_0123456789abcdef/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/EKSClusterCreator because no identity-based policy allows the iam:CreateRole action",
            DenialMessage.For(request, decision));
    }
}
