using System.Collections;
using System.Management.Automation;
using EksSso.Engine.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>
/// Creates an AWS account in the organization (Organizations CreateAccount) and waits for it, unless an account with
/// that e-mail address, or a request in progress for that name, already exists: CreateAccount is not idempotent.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksSsoMemberAccount", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoMemberAccount))]
[OutputType(typeof(EksSsoAccountCreationStatus))]
public sealed class NewEksSsoMemberAccountCommand : EksSsoMemberAccountCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("AccountName")]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Email { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string RoleName { get; set; } = MemberAccountInput.DefaultRoleName;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ParentId { get; set; }

    [Parameter]
    public Hashtable? Tag { get; set; }

    [Parameter]
    public SwitchParameter NoWait { get; set; }

    protected override object? ErrorTarget => Name;

    protected override async Task ProcessRecordAsync()
    {
        MemberAccountInput.Validate(Name, Email, RoleName, ParentId);
        if (ParentId is not null)
        {
            await MemberAccounts.RequireRootParentAsync(Transport, ParentId, CancellationToken);
        }

        if (await MemberAccounts.FindByEmailAsync(Transport, Email, CancellationToken) is { } existing)
        {
            if (!string.Equals(existing.Name, Name, StringComparison.Ordinal))
            {
                WriteWarning($"The address {Email} already belongs to account {existing.Id} named '{existing.Name}', not '{Name}'; that account is returned unchanged.");
            }

            WriteVerbose($"Account {existing.Id} with the address {Email} is already in the organization; nothing to create.");
            WriteObject(OrganizationsOutput.From(existing));
            return;
        }

        if (await MemberAccounts.FindPendingAsync(Transport, Name, CancellationToken) is { } pending)
        {
            WriteVerbose($"Request {pending.Id} for an account named '{Name}' is still in progress (an earlier run); using it instead of creating another account.");
            if (NoWait)
            {
                WriteObject(OrganizationsOutput.From(pending));
                return;
            }

            // The status does not say which address was asked for: only an account with ours is the one wanted.
            var resumed = await WaitForAccountAsync(pending, email: null);
            if (string.Equals(resumed.Email, Email, StringComparison.OrdinalIgnoreCase))
            {
                WriteObject(resumed);
                return;
            }

            WriteVerbose($"Request {pending.Id} created account {resumed.AccountId} with the address {resumed.Email}, not {Email}.");
        }

        if (!ShouldProcess($"account '{Name}' <{Email}>", $"Create an AWS account in the organization, with the IAM role {RoleName} for the management account"))
        {
            return;
        }

        var started = await MemberAccounts.StartAsync(Transport, new MemberAccountSpec(Name, Email, RoleName, Tags()), CancellationToken);
        WriteVerbose($"CreateAccount request {started.Id} for '{Name}' is {started.State}.");
        WriteObject(NoWait ? OrganizationsOutput.From(started) : await WaitForAccountAsync(started, Email));
    }

    private List<KeyValuePair<string, string>> Tags() =>
        Tag is null
            ? []
            : [.. Tag.Cast<DictionaryEntry>()
                .Select(e => new KeyValuePair<string, string>(e.Key.ToString() ?? "", e.Value?.ToString() ?? ""))
                .OrderBy(t => t.Key, StringComparer.Ordinal)];
}
