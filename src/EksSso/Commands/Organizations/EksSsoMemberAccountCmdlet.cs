using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Organizations;

namespace EksSso.Commands.Organizations;

/// <summary>What New- and Wait-EksSsoMemberAccount share: waiting for a CreateAccount request with Write-Progress.</summary>
public abstract class EksSsoMemberAccountCmdlet : EksSsoAwsCmdlet
{
    /// <summary>Waits until the request SUCCEEDED and returns the account; FAILED is an engine error named after the reason.</summary>
    private protected async Task<EksSsoMemberAccount> WaitForAccountAsync(CreateAccountStatus status, string? email)
    {
        using var progress = StartProgress("Waiting for AWS Organizations to create the account");
        var account = await MemberAccounts.WaitAsync(Transport, status, email, new Progress<AwsWaitProgress>(progress.Report), CancellationToken);
        return OrganizationsOutput.From(account);
    }
}
