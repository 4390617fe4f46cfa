using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>The organization the caller's account belongs to (Organizations DescribeOrganization).</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoOrganization")]
[OutputType(typeof(EksSsoOrganization))]
public sealed class GetEksSsoOrganizationCommand : EksSsoAwsCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        Organization? org;
        try
        {
            org = (await new OrganizationsClient(Transport).DescribeOrganizationAsync(CancellationToken)).Organization;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AWSOrganizationsNotInUseException")
        {
            WriteError(new ErrorRecord(e, "OrganizationNotInUse", ErrorCategory.ObjectNotFound, null)
            {
                ErrorDetails = new ErrorDetails($"The account is not a member of an organization. New-EksSsoOrganization creates one. ({e.ErrorCode}, request id {e.RequestId})"),
            });
            return;
        }

        if (org?.Id is null)
        {
            WriteError(new InvalidDataException("DescribeOrganization returned no organization."), null);
            return;
        }

        WriteObject(OrganizationsOutput.From(org));
    }
}
