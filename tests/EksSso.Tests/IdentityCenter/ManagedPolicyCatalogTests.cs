using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;
using Xunit;

namespace EksSso.Tests.IdentityCenter;

public sealed class ManagedPolicyCatalogTests
{
    [Theory]
    [InlineData("ViewOnlyAccess", "aws", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")]
    [InlineData("viewonlyaccess", "aws", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")]
    [InlineData("SystemAdministrator", "aws", "arn:aws:iam::aws:policy/job-function/SystemAdministrator")]
    [InlineData("Billing", "aws-us-gov", "arn:aws-us-gov:iam::aws:policy/job-function/Billing")]
    [InlineData("AdministratorAccess", "aws", "arn:aws:iam::aws:policy/AdministratorAccess")]
    [InlineData("AmazonEKSClusterPolicy", "aws-cn", "arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy")]
    [InlineData(" ReadOnlyAccess ", "aws", "arn:aws:iam::aws:policy/ReadOnlyAccess")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AmazonEKSServiceRolePolicy", "aws", "arn:aws:iam::aws:policy/service-role/AmazonEKSServiceRolePolicy")]
    public void Resolves_names_and_AWS_managed_ARNs(string input, string partition, string expected) =>
        Assert.Equal(expected, ManagedPolicyCatalog.Resolve(input, partition));

    [Theory]
    [InlineData("NoSuchPolicyAnywhere", ManagedPolicyCatalog.UnknownErrorId, "full ARN")]
    [InlineData("job-function/ViewOnlyAccess", ManagedPolicyCatalog.UnknownErrorId, "full ARN")]
    [InlineData("arn:aws:iam::111122223333:policy/EksAdmins", ManagedPolicyCatalog.CustomerManagedErrorId, "customer managed")]
    [InlineData("arn:aws:iam::aws:role/ViewOnlyAccess", ManagedPolicyCatalog.InvalidArnErrorId, "not an IAM managed policy ARN")]
    [InlineData("arn:aws:s3:::bucket", ManagedPolicyCatalog.InvalidArnErrorId, "not an IAM managed policy ARN")]
    [InlineData("arn:aws:iam::aws:policy/", ManagedPolicyCatalog.InvalidArnErrorId, "not an IAM managed policy ARN")]
    public void Rejects_what_it_cannot_resolve(string input, string errorId, string message)
    {
        var e = Assert.Throws<EksSsoException>(() => ManagedPolicyCatalog.Resolve(input, "aws"));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveAll_removes_duplicates()
    {
        Assert.Equal(["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"], ManagedPolicyCatalog.ResolveAll(["ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"], "aws"));
    }
}
