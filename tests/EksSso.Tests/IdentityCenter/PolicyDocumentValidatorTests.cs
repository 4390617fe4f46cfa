using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;
using Xunit;

namespace EksSso.Tests.IdentityCenter;

public sealed class PolicyDocumentValidatorTests
{
    // The custom permissions policy of the EKSClusterAdminAccess permission set in the reference procedure.
    private const string Reference = """
        {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "eks:*",
                    "sts:AssumeRole"
                ],
                "Resource": "*"
            }
          ]
        }
        """;

    [Fact]
    public void Reference_policy_is_valid_and_compacted()
    {
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*","sts:AssumeRole"],"Resource":"*"}]}""", PolicyDocumentValidator.Validate(Reference));
    }

    [Theory]
    [InlineData("""{"Version":"2008-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:iam::*:role/x"]}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}""")]
    public void Accepts_valid_documents(string document) => PolicyDocumentValidator.Validate(document);

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}""", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("""["Version"]""", "must be a JSON object")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""", "Version is missing")]
    [InlineData("""{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""", "\"2020-01-01\" is not a policy language version")]
    [InlineData("""{"Version":"2012-10-17"}""", "Statement is missing")]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""", "Statement is an empty array")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Action":"eks:*","Resource":"*"}]}""", "Statement[0] has no Effect")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"},{"Effect":"allow","Action":"eks:*","Resource":"*"}]}""", "Statement[1].Effect is \"allow\"")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","NotAction":"iam:*","Resource":"*"}]}""", "Statement[0] has both Action and NotAction")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""", "neither Action nor NotAction")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}""", "Statement[0].Action is an empty array")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*",3],"Resource":"*"}]}""", "Statement[0].Action must be a string or an array of strings")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*"}]}""", "neither Resource nor NotResource")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*","Principal":"*"}]}""", "must not name one")]
    public void Reports_the_first_problem(string document, string expected)
    {
        var e = Assert.Throws<EksSsoException>(() => PolicyDocumentValidator.Validate(document));
        Assert.Equal(PolicyDocumentValidator.ErrorId, e.ErrorId);
        Assert.Equal(AwsErrorKind.Validation, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equivalence_ignores_layout_member_order_and_single_values()
    {
        var same = """{"Statement":{"Resource":["*"],"Action":["sts:AssumeRole","eks:*"],"Effect":"Allow"},"Version":"2012-10-17"}""";
        Assert.True(PolicyDocumentValidator.AreEquivalent(Reference, same));
        Assert.False(PolicyDocumentValidator.AreEquivalent(Reference, Reference.Replace("eks:*", "eks:Describe*", StringComparison.Ordinal)));
        Assert.False(PolicyDocumentValidator.AreEquivalent(Reference, null));
        Assert.True(PolicyDocumentValidator.AreEquivalent("", null));
    }

    [Fact]
    public void Normalize_compacts_what_AWS_returns_and_maps_empty_to_null()
    {
        Assert.Null(PolicyDocumentValidator.Normalize(""));
        Assert.Equal(PolicyDocumentValidator.Validate(Reference), PolicyDocumentValidator.Normalize(Reference));
    }
}
