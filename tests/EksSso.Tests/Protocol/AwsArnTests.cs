using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class AwsArnTests
{
    private const string SsoRoleArn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef";
    private const string AssumedRoleArn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef/eksadmin";

    [Fact]
    public void Parse_SplitsTheSixParts_AndRoundTrips()
    {
        var arn = AwsArn.Parse("arn:aws:eks:eu-west-1:111122223333:cluster/prod");

        Assert.Equal("aws", arn.Partition);
        Assert.Equal("eks", arn.Service);
        Assert.Equal("eu-west-1", arn.Region);
        Assert.Equal("111122223333", arn.AccountId);
        Assert.Equal("cluster/prod", arn.Resource);
        Assert.Equal("cluster", arn.ResourceType);
        Assert.Equal("arn:aws:eks:eu-west-1:111122223333:cluster/prod", arn.ToString());
    }

    [Fact]
    public void Parse_KeepsColonsInsideTheResource()
    {
        var arn = AwsArn.Parse("arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/eks/prod:*");

        Assert.Equal("aws-cn", arn.Partition);
        Assert.Equal("log-group:/aws/eks/prod:*", arn.Resource);
        Assert.Equal("arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/eks/prod:*", arn.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-arn")]
    [InlineData("arn:aws:iam::111122223333")]
    [InlineData("arx:aws:iam::111122223333:role/x")]
    [InlineData("arn::iam::111122223333:role/x")]
    [InlineData("arn:aws:::111122223333:role/x")]
    [InlineData("arn:aws:iam::111122223333:")]
    public void TryParse_RejectsNonArns(string? text)
    {
        Assert.False(AwsArn.TryParse(text, out var arn));
        Assert.Null(arn);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionQuotingTheText()
    {
        var e = Assert.Throws<FormatException>(() => AwsArn.Parse("role/x"));

        Assert.Contains("'role/x'", e.Message);
    }

    [Fact]
    public void SsoRole_PathNameAndPermissionSet()
    {
        Assert.True(AwsArn.TryParse(SsoRoleArn, out var arn));

        Assert.Equal("role", arn!.ResourceType);
        Assert.Equal("/aws-reserved/sso.amazonaws.com/eu-west-1/", arn.Path);
        Assert.Equal("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", arn.Name);
        Assert.Equal("EKSClusterAdminAccess", arn.SsoPermissionSetName);
        Assert.False(arn.IsAssumedRole);
        Assert.Null(arn.SessionName);
        Assert.Equal("arn:aws:iam::111122223333:role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", arn.Canonical.ToString());
    }

    [Fact]
    public void AssumedRole_SessionPermissionSetAndCanonicalRole()
    {
        var arn = AwsArn.Parse(AssumedRoleArn);

        Assert.True(arn.IsAssumedRole);
        Assert.Equal("assumed-role", arn.ResourceType);
        Assert.Equal("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", arn.Name);
        Assert.Equal("eksadmin", arn.SessionName);
        Assert.Equal("EKSClusterAdminAccess", arn.SsoPermissionSetName);
        Assert.Equal("/", arn.Path);
        Assert.Equal("arn:aws:iam::111122223333:role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", arn.Canonical.ToString());
        Assert.Equal(AwsArn.Parse(SsoRoleArn).Canonical, arn.Canonical);
    }

    [Fact]
    public void AssumedRole_SessionNameWithEmailCharacters()
    {
        var arn = AwsArn.Parse("arn:aws-us-gov:sts::111122223333:assumed-role/Admin/jane.doe@example.com");

        Assert.Equal("jane.doe@example.com", arn.SessionName);
        Assert.Equal("Admin", arn.Name);
        Assert.Null(arn.SsoPermissionSetName);
        Assert.Equal("arn:aws-us-gov:iam::111122223333:role/Admin", arn.Canonical.ToString());
    }

    [Fact]
    public void RoleWithPath_IsCanonicalisedWithoutPath()
    {
        var arn = AwsArn.Parse("arn:aws:iam::111122223333:role/teams/platform/Deployer");

        Assert.Equal("/teams/platform/", arn.Path);
        Assert.Equal("Deployer", arn.Name);
        Assert.Equal("arn:aws:iam::111122223333:role/Deployer", arn.Canonical.ToString());
    }

    [Fact]
    public void RoleWithoutPath_CanonicalIsItself_AndPathIsRoot()
    {
        var arn = AwsArn.Parse("arn:aws:iam::111122223333:role/Deployer");

        Assert.Equal("/", arn.Path);
        Assert.Equal(arn, arn.Canonical);
    }

    [Fact]
    public void NonRoleArns_AreTheirOwnCanonicalForm()
    {
        var user = AwsArn.Parse("arn:aws:iam::111122223333:user/division/Bob");
        var cluster = AwsArn.Parse("arn:aws:eks:us-west-2:111122223333:cluster/prod");

        Assert.Equal("/division/", user.Path);
        Assert.Equal("Bob", user.Name);
        Assert.Same(user, user.Canonical);
        Assert.Same(cluster, cluster.Canonical);
        Assert.False(cluster.IsAssumedRole);
    }

    [Theory]
    [InlineData("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", "EKSClusterAdminAccess")]
    [InlineData("AWSReservedSSO_My_Perm_Set_0123456789ABCDEF", "My_Perm_Set")]
    [InlineData("AWSReservedSSO_Admin_0123456789abcdeg", null)]
    [InlineData("AWSReservedSSO_Admin_0123456789abcde", null)]
    [InlineData("AWSReservedSSO_Admin_0123456789abcdef0", null)]
    [InlineData("AWSReservedSSO__0123456789abcdef", null)]
    [InlineData("AWSReservedSSO_0123456789abcdef", null)]
    [InlineData("Admin_0123456789abcdef", null)]
    [InlineData("awsreservedsso_Admin_0123456789abcdef", null)]
    public void SsoPermissionSetName_RequiresPrefixAndSixteenHexSuffix(string roleName, string? expected)
    {
        Assert.Equal(expected, AwsArn.SsoPermissionSetNameOf(roleName));
        Assert.Equal(expected, AwsArn.Parse("arn:aws:iam::111122223333:role/" + roleName).SsoPermissionSetName);
    }
}
