using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using EksSso.Engine.Aws.Services.Iam;
using Xunit;

namespace EksSso.Tests.Validation;

public sealed class RequestValidatorTests
{
    [Fact]
    public void Missing_top_level_required_member_is_named()
    {
        var ex = Assert.Throws<AwsRequestValidationException>(() =>
            AwsRequestValidator.Validate(IamOperations.CreateRole, new CreateRoleRequest { RoleName = "r" }));
        Assert.Equal("AssumeRolePolicyDocument", ex.ParamName);
        Assert.Contains("IAM CreateRole", ex.Message);
    }

    [Fact]
    public void Missing_required_member_inside_a_list_item_is_named_with_its_index()
    {
        var request = new CreateRoleRequest
        {
            RoleName = "r",
            AssumeRolePolicyDocument = "{}",
            Tags = [new Tag { Key = "a", Value = "1" }, new Tag { Key = "b" }],
        };
        var ex = Assert.Throws<AwsRequestValidationException>(() => AwsRequestValidator.Validate(IamOperations.CreateRole, request));
        Assert.Equal("Tags[1].Value", ex.ParamName);
    }

    [Fact]
    public void Complete_request_passes()
    {
        var request = new CreateRoleRequest { RoleName = "r", AssumeRolePolicyDocument = "{}", Tags = [new Tag { Key = "a", Value = "" + 1 }] };
        AwsRequestValidator.Validate(IamOperations.CreateRole, request);
        Assert.Equal("a", request.Tags[0].Key);
    }

    [Fact]
    public void Empty_idempotency_token_is_filled_once_and_a_given_one_is_kept()
    {
        var request = new CreateAccessEntryRequest { ClusterName = "demo", PrincipalArn = "arn:aws:iam::111122223333:role/x" };
        AwsRequestValidator.FillIdempotencyTokens(request);
        Assert.True(Guid.TryParse(request.ClientRequestToken, out _));
        var first = request.ClientRequestToken;
        AwsRequestValidator.FillIdempotencyTokens(request);
        Assert.Equal(first, request.ClientRequestToken);
    }
}
