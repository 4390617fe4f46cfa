using System.Management.Automation;
using EksSso.Engine.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>Waits for a CreateAccount request (for example one New-EksSsoMemberAccount -NoWait started) and returns the account.</summary>
[Cmdlet(VerbsLifecycle.Wait, "EksSsoMemberAccount")]
[OutputType(typeof(EksSsoMemberAccount))]
public sealed class WaitEksSsoMemberAccountCommand : EksSsoMemberAccountCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CreateAccountRequestId", "Id")]
    public string RequestId { get; set; } = "";

    protected override object? ErrorTarget => RequestId;

    protected override async Task ProcessRecordAsync()
    {
        MemberAccountInput.ValidateRequestId(RequestId);
        var status = await MemberAccounts.GetRequestAsync(Transport, RequestId, CancellationToken);
        WriteObject(await WaitForAccountAsync(status, email: null));
    }
}
