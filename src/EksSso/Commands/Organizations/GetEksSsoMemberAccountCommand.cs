using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>Accounts of the organization (DescribeAccount for an ID, ListAccounts otherwise), filtered by name and address.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoMemberAccount")]
[OutputType(typeof(EksSsoMemberAccount))]
public sealed class GetEksSsoMemberAccountCommand : EksSsoAwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^\d{12}$")]
    public string? AccountId { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Email { get; set; }

    protected override object? ErrorTarget => (object?)AccountId ?? Name ?? Email;

    protected override async Task ProcessRecordAsync()
    {
        var name = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        bool Wanted(Account a) =>
            (name is null || name.IsMatch(a.Name ?? "")) && (Email is null || string.Equals(a.Email, Email, StringComparison.OrdinalIgnoreCase));

        var found = false;
        if (AccountId is not null)
        {
            var account = await MemberAccounts.GetAsync(Transport, AccountId, CancellationToken);
            found = Wanted(account);
            if (found)
            {
                WriteObject(OrganizationsOutput.From(account));
            }
        }
        else
        {
            await foreach (var account in MemberAccounts.ListAsync(Transport, CancellationToken))
            {
                if (Wanted(account))
                {
                    found = true;
                    WriteObject(OrganizationsOutput.From(account));
                }
            }
        }

        // Like Get-Item: a pattern that matches nothing is not an error, an exact name or address is.
        if (!found && (AccountId is not null || Email is not null || (Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name))))
        {
            WriteError(new EksSsoException(MemberAccounts.NotFoundId, AwsErrorKind.NotFound,
                $"The organization has no account{Describe()}. Get-EksSsoMemberAccount without parameters lists every account."), ErrorTarget);
        }
    }

    private string Describe() =>
        (AccountId is null ? "" : $" {AccountId}") + (Name is null ? "" : $" named '{Name}'") + (Email is null ? "" : $" with the address {Email}");
}
