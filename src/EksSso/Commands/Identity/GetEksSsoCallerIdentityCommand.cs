using System.Management.Automation;
using EksSso.Engine.Identity;

namespace EksSso.Commands.Identity;

/// <summary>Who the current credentials are; for an SSO role session also the permission set, user and role ARN.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoCallerIdentity")]
[OutputType(typeof(EksSsoCallerIdentity))]
public sealed class GetEksSsoCallerIdentityCommand : EksSsoAwsCmdlet
{
    protected override async Task ProcessRecordAsync()
    {
        var identity = await CallerIdentityService.GetAsync(Transport, CancellationToken);
        if (identity.RoleArnUnavailableReason is { } reason)
        {
            WriteWarning(reason);
        }

        WriteObject(new EksSsoCallerIdentity(identity.Account, identity.Arn, identity.UserId, identity.PermissionSetName, identity.SsoUserName, identity.RoleArn));
    }
}
