using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Aws.Services.Sts;

namespace EksSso.Engine.Organizations;

/// <summary>What DescribeOrganization and GetCallerIdentity say about the caller's account.</summary>
/// <param name="Organization">The organization the account belongs to; null when it belongs to none.</param>
/// <param name="CallerAccountId">The caller's account (STS GetCallerIdentity).</param>
public sealed record OrganizationLookup(Organization? Organization, string CallerAccountId)
{
    public bool IsManagementAccount => Organization?.MasterAccountId == CallerAccountId;
}

/// <summary>Finding or creating the organization the caller's account manages.</summary>
public static class OrganizationSetup
{
    public const string AccountInAnotherOrganizationId = "AccountInAnotherOrganization";

    public static async Task<OrganizationLookup> LookUpAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var caller = await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        return new OrganizationLookup(await DescribeAsync(transport, cancellationToken).ConfigureAwait(false), caller.Account);
    }

    /// <summary>The organization, or null when the account belongs to none (AWSOrganizationsNotInUseException).</summary>
    public static async Task<Organization?> DescribeAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return (await new OrganizationsClient(transport).DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false)).Organization
                ?? throw new InvalidDataException("DescribeOrganization returned no organization.");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AWSOrganizationsNotInUseException")
        {
            return null;
        }
    }

    /// <summary>An <see cref="EksSsoException"/> when the account is a member, not the management account, of an organization.</summary>
    public static void RequireManagementAccount(OrganizationLookup lookup)
    {
        if (lookup.Organization is { } org && !lookup.IsManagementAccount)
        {
            throw new EksSsoException(
                AccountInAnotherOrganizationId,
                AwsErrorKind.Conflict,
                $"Account {lookup.CallerAccountId} is a member of organization {org.Id}, whose management account is {org.MasterAccountId}" +
                (string.IsNullOrEmpty(org.MasterAccountEmail) ? "" : $" ({org.MasterAccountEmail})") +
                ". An account belongs to one organization only: run the command with credentials of the management account " +
                $"{org.MasterAccountId}, or have that organization remove account {lookup.CallerAccountId} before it creates an organization of its own.");
        }
    }

    /// <summary>
    /// CreateOrganization. When another caller created it in the meantime (AlreadyInOrganizationException), the
    /// organization that now exists is returned if this account manages it.
    /// </summary>
    public static async Task<Organization> CreateAsync(AwsTransport transport, string featureSet, CancellationToken cancellationToken)
    {
        try
        {
            var created = await new OrganizationsClient(transport).CreateOrganizationAsync(new CreateOrganizationRequest { FeatureSet = featureSet }, cancellationToken).ConfigureAwait(false);
            return created.Organization ?? throw new InvalidDataException("CreateOrganization returned no organization.");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AlreadyInOrganizationException")
        {
            var lookup = await LookUpAsync(transport, cancellationToken).ConfigureAwait(false);
            RequireManagementAccount(lookup);
            if (lookup.Organization is { } org)
            {
                return org;
            }

            throw;
        }
    }

    /// <summary>How a feature set reads in a sentence ("with all features").</summary>
    public static string Describe(string featureSet) =>
        featureSet == OrganizationFeatureSet.ConsolidatedBilling ? "with consolidated billing features only" : "with all features";
}
