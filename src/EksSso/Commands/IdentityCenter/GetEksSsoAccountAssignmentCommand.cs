using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>
/// Lists account assignments: of a group or user (in any account or one), of an account (optionally one permission
/// set), or of every account of the organization.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EksSsoAccountAssignment", DefaultParameterSetName = "Account")]
[OutputType(typeof(EksSsoAccountAssignment))]
public sealed class GetEksSsoAccountAssignmentCommand : AccountAssignmentCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^\d{12}$")]
    public string? AccountId { get; set; }

    /// <summary>Permission set name or ARN.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PermissionSetArn", "PermissionSetName")]
    [ArgumentCompleter(typeof(PermissionSetNameCompleter))]
    public string? PermissionSet { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Group", ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string? Group { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "User", ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string? User { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var instance = await GetInstanceAsync();
        var setArn = PermissionSet is null ? null : (await RequirePermissionSetAsync(PermissionSet)).PermissionSetArn;
        var assignments = new AccountAssignments(Transport, instance.InstanceArn);
        if (Group is not null || User is not null)
        {
            var (type, id, _) = await RequirePrincipalAsync(Group, User);
            await foreach (var key in assignments.ListForPrincipalAsync(type, id, AccountId, CancellationToken))
            {
                if (setArn is null || key.PermissionSetArn == setArn)
                {
                    WriteObject(await ToOutputAsync(key));
                }
            }

            return;
        }

        var accounts = AccountId is not null ? [AccountId]
            : setArn is not null ? await assignments.AccountsProvisionedWithAsync(setArn, CancellationToken)
            : await AccountAssignments.AccountIdsAsync(Transport, CancellationToken);
        foreach (var account in accounts)
        {
            var keys = setArn is null ? assignments.ListForAccountAsync(account, CancellationToken) : assignments.ListAsync(account, setArn, CancellationToken);
            await foreach (var key in keys)
            {
                WriteObject(await ToOutputAsync(key));
            }
        }
    }
}
