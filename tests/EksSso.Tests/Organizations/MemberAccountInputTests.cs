using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Organizations;
using Xunit;

namespace EksSso.Tests.Organizations;

public sealed class MemberAccountInputTests
{
    [Theory]
    [InlineData("a@b.co")]
    [InlineData("dev-team+prod@example.com")]
    [InlineData("first.last@sub.example.org")]
    public void Accepts_addresses_Organizations_accepts(string email) => MemberAccountInput.ValidateEmail(email);

    [Theory]
    [InlineData("")]
    [InlineData("bad")]
    [InlineData("a@b.c")] // 5 characters: below the minimum of 6
    [InlineData("no-at.example.com")]
    [InlineData("two@@example.com")]
    [InlineData("space @example.com")]
    [InlineData("user@nodot")]
    [InlineData("user@example.com\n")]
    public void Refuses_other_addresses_with_InvalidEmail(string email) =>
        AssertInvalid(MemberAccountInput.InvalidEmailId, () => MemberAccountInput.ValidateEmail(email));

    [Fact]
    public void Refuses_an_address_longer_than_64_characters()
    {
        var local = new string('a', 64 - "@example.com".Length);
        MemberAccountInput.ValidateEmail(local + "@example.com");
        AssertInvalid(MemberAccountInput.InvalidEmailId, () => MemberAccountInput.ValidateEmail("a" + local + "@example.com"));
    }

    [Theory]
    [InlineData("d")]
    [InlineData("Production workloads (EU) #1")]
    [InlineData("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Accepts_printable_ascii_names(string name) => MemberAccountInput.ValidateAccountName(name);

    [Fact]
    public void Accepts_50_characters_and_refuses_51()
    {
        MemberAccountInput.ValidateAccountName(new string('n', 50));
        var error = AssertInvalid(MemberAccountInput.InvalidAccountNameId, () => MemberAccountInput.ValidateAccountName(new string('n', 51)));
        Assert.Contains("51 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tname")]
    [InlineData("café")]
    [InlineData("line\nbreak")]
    public void Refuses_empty_and_non_printable_names(string name) =>
        AssertInvalid(MemberAccountInput.InvalidAccountNameId, () => MemberAccountInput.ValidateAccountName(name));

    [Theory]
    [InlineData("OrganizationAccountAccessRole")]
    [InlineData("a")]
    [InlineData("Admin+=,.@_-Role")]
    public void Accepts_IAM_role_names(string role) => MemberAccountInput.ValidateRoleName(role);

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("path/Role")]
    [InlineData("Rôle")] // IAM's \w is ASCII
    public void Refuses_other_role_names_with_InvalidRoleName(string role) =>
        AssertInvalid(MemberAccountInput.InvalidRoleNameId, () => MemberAccountInput.ValidateRoleName(role));

    [Fact]
    public void Refuses_a_role_name_longer_than_64_characters()
    {
        MemberAccountInput.ValidateRoleName(new string('r', 64));
        AssertInvalid(MemberAccountInput.InvalidRoleNameId, () => MemberAccountInput.ValidateRoleName(new string('r', 65)));
    }

    [Theory]
    [InlineData("r-ab12")]
    [InlineData("ou-ab12-abcd1234")]
    public void Accepts_root_and_ou_ids(string parentId) => MemberAccountInput.ValidateParentId(parentId);

    [Theory]
    [InlineData("r-ab1")]
    [InlineData("R-AB12")]
    [InlineData("ou-ab12-abc1234")]
    [InlineData("o-abcdefghij")]
    [InlineData("r-ab12 ")]
    public void Refuses_other_parent_ids_with_InvalidParentId(string parentId) =>
        AssertInvalid(MemberAccountInput.InvalidParentIdId, () => MemberAccountInput.ValidateParentId(parentId));

    [Theory]
    [InlineData("car-12345678", true)]
    [InlineData("car-5daf5a98699e6fc7eece7cbbbeeb8947", true)]
    [InlineData("car-1234567", false)]
    [InlineData("CAR-12345678", false)]
    [InlineData("o-abcdefghij", false)]
    public void Checks_create_account_request_ids(string requestId, bool valid)
    {
        if (valid)
        {
            MemberAccountInput.ValidateRequestId(requestId);
        }
        else
        {
            AssertInvalid(MemberAccountInput.InvalidRequestIdId, () => MemberAccountInput.ValidateRequestId(requestId));
        }
    }

    [Fact]
    public void Validate_checks_name_then_email_then_role_and_parent_only_when_given()
    {
        MemberAccountInput.Validate("dev", "dev@example.com", MemberAccountInput.DefaultRoleName, null);
        AssertInvalid(MemberAccountInput.InvalidAccountNameId, () => MemberAccountInput.Validate(new string('x', 51), "bad", "bad role", "bad"));
        AssertInvalid(MemberAccountInput.InvalidEmailId, () => MemberAccountInput.Validate("dev", "bad", "bad role", "bad"));
        AssertInvalid(MemberAccountInput.InvalidRoleNameId, () => MemberAccountInput.Validate("dev", "dev@example.com", "bad role", "bad"));
        AssertInvalid(MemberAccountInput.InvalidParentIdId, () => MemberAccountInput.Validate("dev", "dev@example.com", "Role", "bad"));
    }

    private static EksSsoException AssertInvalid(string errorId, Action validate)
    {
        var error = Assert.Throws<EksSsoException>(validate);
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(AwsErrorKind.Validation, error.Kind);
        return error;
    }
}

public sealed class MemberAccountFailureTests
{
    private static CreateAccountStatus Failed(string reason) =>
        new() { Id = "car-12345678", AccountName = "dev", State = CreateAccountState.Failed, FailureReason = reason };

    [Theory]
    [InlineData(CreateAccountFailureReason.EmailAlreadyExists, MemberAccounts.EmailAlreadyExistsId, AwsErrorKind.Conflict)]
    [InlineData(CreateAccountFailureReason.AccountLimitExceeded, MemberAccounts.AccountLimitExceededId, AwsErrorKind.Throttling)]
    [InlineData(CreateAccountFailureReason.ConcurrentAccountModification, MemberAccounts.CreateAccountFailedId, AwsErrorKind.Other)]
    [InlineData(CreateAccountFailureReason.MissingPaymentInstrument, MemberAccounts.CreateAccountFailedId, AwsErrorKind.Other)]
    [InlineData(CreateAccountFailureReason.PendingBusinessValidation, MemberAccounts.CreateAccountFailedId, AwsErrorKind.Other)]
    public void Failure_reason_becomes_a_specific_error_that_quotes_it(string reason, string errorId, AwsErrorKind kind)
    {
        var error = MemberAccounts.Failure(Failed(reason), "dev@example.com");
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("car-12345678", error.Message, StringComparison.Ordinal);
        Assert.Contains("<dev@example.com>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_without_a_known_address_or_reason_still_says_which_request()
    {
        var error = MemberAccounts.Failure(new CreateAccountStatus { Id = "car-12345678", AccountName = "dev", State = CreateAccountState.Failed }, null);
        Assert.Equal(MemberAccounts.CreateAccountFailedId, error.ErrorId);
        Assert.Contains("'dev': no reason given (request car-12345678)", error.Message, StringComparison.Ordinal);
    }
}

public sealed class OrganizationSetupTests
{
    private static Organization Org(string management) =>
        new() { Id = "o-abcdefghij", MasterAccountId = management, MasterAccountEmail = "root@example.com" };

    [Fact]
    public void The_management_account_and_an_account_outside_any_organization_pass()
    {
        OrganizationSetup.RequireManagementAccount(new OrganizationLookup(Org("111122223333"), "111122223333"));
        OrganizationSetup.RequireManagementAccount(new OrganizationLookup(null, "111122223333"));
        Assert.True(new OrganizationLookup(Org("111122223333"), "111122223333").IsManagementAccount);
    }

    [Fact]
    public void A_member_of_another_organization_is_refused_naming_the_organization_and_its_management_account()
    {
        var lookup = new OrganizationLookup(Org("111122223333"), "444455556666");
        Assert.False(lookup.IsManagementAccount);
        var error = Assert.Throws<EksSsoException>(() => OrganizationSetup.RequireManagementAccount(lookup));
        Assert.Equal(OrganizationSetup.AccountInAnotherOrganizationId, error.ErrorId);
        Assert.Contains("o-abcdefghij", error.Message, StringComparison.Ordinal);
        Assert.Contains("111122223333 (root@example.com)", error.Message, StringComparison.Ordinal);
        Assert.Contains("444455556666", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrganizationFeatureSet.All, "with all features")]
    [InlineData(OrganizationFeatureSet.ConsolidatedBilling, "with consolidated billing features only")]
    public void Describes_the_feature_set(string featureSet, string text) => Assert.Equal(text, OrganizationSetup.Describe(featureSet));
}
