using System.Management.Automation;

namespace EksSso.Commands.IdentityCenter;

/// <summary>The IAM Identity Center instance of the organization (sso-admin ListInstances).</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoInstance")]
[OutputType(typeof(EksSsoInstance))]
public sealed class GetEksSsoInstanceCommand : EksSsoIdentityCenterCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var i = await GetInstanceAsync();
        WriteObject(new EksSsoInstance(i.InstanceArn, i.IdentityStoreId, i.HomeRegion, i.OwnerAccountId, i.Status, i.Name, i.CreatedDate));
    }
}
