using EksSso.Engine.Aws.Services.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>The one mapping from AWS Organizations shapes to the module's output types.</summary>
internal static class OrganizationsOutput
{
    public static EksSsoOrganization From(Organization org) =>
        new(org.Id ?? "", org.Arn ?? "", org.FeatureSet ?? "", org.MasterAccountId ?? "", org.MasterAccountArn ?? "", org.MasterAccountEmail ?? "");

    // State replaces the deprecated Status (and has more values); older answers carry only Status.
    public static EksSsoMemberAccount From(Account account) =>
        new(account.Id ?? "", account.Name ?? "", account.Email ?? "", account.Arn ?? "", account.State ?? account.Status ?? "", account.JoinedMethod ?? "", account.JoinedTimestamp);

    public static EksSsoAccountCreationStatus From(CreateAccountStatus status) =>
        new(status.Id ?? "", status.AccountName ?? "", status.AccountId, status.State ?? "", status.FailureReason, status.RequestedTimestamp, status.CompletedTimestamp);
}
