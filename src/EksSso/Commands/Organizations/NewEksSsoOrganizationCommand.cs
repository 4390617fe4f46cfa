using System.Management.Automation;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>
/// Makes the caller's account the management account of an organization: returns the organization it already
/// manages unchanged, refuses when the account is a member of another organization, creates one otherwise.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksSsoOrganization", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoOrganization))]
public sealed class NewEksSsoOrganizationCommand : EksSsoAwsCmdlet
{
    [Parameter]
    [ValidateSet("All", "ConsolidatedBilling")]
    public string FeatureSet { get; set; } = "All";

    protected override async Task ProcessRecordAsync()
    {
        var featureSet = FeatureSet.Equals("ConsolidatedBilling", StringComparison.OrdinalIgnoreCase)
            ? OrganizationFeatureSet.ConsolidatedBilling
            : OrganizationFeatureSet.All;
        var lookup = await OrganizationSetup.LookUpAsync(Transport, CancellationToken);
        if (lookup.Organization is { } existing)
        {
            OrganizationSetup.RequireManagementAccount(lookup);
            if (existing.FeatureSet != featureSet)
            {
                WriteWarning($"Organization {existing.Id} already exists with feature set {existing.FeatureSet}; it was left unchanged.");
            }

            WriteVerbose($"Account {lookup.CallerAccountId} already manages organization {existing.Id}; nothing to create.");
            WriteObject(OrganizationsOutput.From(existing));
            return;
        }

        var action = $"Create an AWS Organizations organization {OrganizationSetup.Describe(featureSet)}, with account {lookup.CallerAccountId} as its management account";
        if (!ShouldProcess(action, action + "?", "New-EksSsoOrganization"))
        {
            return;
        }

        WriteObject(OrganizationsOutput.From(await OrganizationSetup.CreateAsync(Transport, featureSet, CancellationToken)));
    }
}
