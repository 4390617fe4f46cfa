using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Organizations;

namespace EksSso.Engine.Organizations;

/// <summary>What New-EksSsoMemberAccount asks for.</summary>
public sealed record MemberAccountSpec(string Name, string Email, string RoleName, IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>
/// Looking up, creating and waiting for member accounts. CreateAccount is not idempotent (a second call makes a second
/// request, which then fails with EMAIL_ALREADY_EXISTS), so creation always looks for the account and for a request
/// still in progress first.
/// </summary>
public static class MemberAccounts
{
    public const string NotFoundId = "MemberAccountNotFound";
    public const string ParentNotFoundId = "ParentNotFound";
    public const string ParentNotSupportedId = "ParentNotSupported";
    public const string EmailAlreadyExistsId = "EmailAlreadyExists";
    public const string AccountLimitExceededId = "AccountLimitExceeded";
    public const string CreateAccountFailedId = "CreateAccountFailed";

    /// <summary>Every account of the organization (the management account included).</summary>
    public static IAsyncEnumerable<Account> ListAsync(AwsTransport transport, CancellationToken cancellationToken) =>
        new OrganizationsClient(transport).ListAllAccountsAsync(new ListAccountsRequest(), cancellationToken);

    /// <summary>The account of the organization with this e-mail address (compared case-insensitively, as AWS does); null when there is none.</summary>
    public static async Task<Account?> FindByEmailAsync(AwsTransport transport, string email, CancellationToken cancellationToken)
    {
        await foreach (var account in ListAsync(transport, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                return account;
            }
        }

        return null;
    }

    /// <summary>DescribeAccount; an account outside the organization is an <see cref="EksSsoException"/> (MemberAccountNotFound).</summary>
    public static async Task<Account> GetAsync(AwsTransport transport, string accountId, CancellationToken cancellationToken)
    {
        try
        {
            return (await new OrganizationsClient(transport).DescribeAccountAsync(new DescribeAccountRequest { AccountId = accountId }, cancellationToken).ConfigureAwait(false)).Account
                ?? throw new InvalidDataException("DescribeAccount returned no account.");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AccountNotFoundException")
        {
            throw new EksSsoException(NotFoundId, AwsErrorKind.NotFound, $"Account {accountId} is not a member of the organization (AccountNotFoundException, request id {e.RequestId}). Get-EksSsoMemberAccount lists the accounts it has.", e);
        }
    }

    /// <summary>
    /// CreateAccount always places the account in the root; moving it needs MoveAccount, which this module does not
    /// call. A root ID is accepted when it is the organization's root; an organizational unit is refused.
    /// </summary>
    public static async Task RequireRootParentAsync(AwsTransport transport, string parentId, CancellationToken cancellationToken)
    {
        var roots = await new OrganizationsClient(transport).ListAllRootsAsync(new ListRootsRequest(), cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
        if (roots.Any(r => r.Id == parentId))
        {
            return;
        }

        var rootIds = string.Join(", ", roots.Select(r => r.Id));
        if (parentId.StartsWith("ou-", StringComparison.Ordinal))
        {
            throw new EksSsoException(ParentNotSupportedId, AwsErrorKind.Validation,
                $"New-EksSsoMemberAccount creates accounts in the organization's root ({rootIds}) only; it cannot place one in organizational unit {parentId}. " +
                "Leave out -ParentId (or pass the root ID), then move the account in the AWS Organizations console or with 'aws organizations move-account'.");
        }

        throw new EksSsoException(ParentNotFoundId, AwsErrorKind.NotFound, $"{parentId} is not the root of this organization; its root is {rootIds}. Leave out -ParentId to create the account in the root.");
    }

    /// <summary>An IN_PROGRESS CreateAccount request for an account with this name (e.g. of an interrupted earlier run); null when there is none.</summary>
    public static async Task<CreateAccountStatus?> FindPendingAsync(AwsTransport transport, string accountName, CancellationToken cancellationToken)
    {
        var request = new ListCreateAccountStatusRequest { States = [CreateAccountState.InProgress] };
        await foreach (var status in new OrganizationsClient(transport).ListAllCreateAccountStatusAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (status.State == CreateAccountState.InProgress && string.Equals(status.AccountName, accountName, StringComparison.Ordinal))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>CreateAccount: starts the request and returns its (usually IN_PROGRESS) status.</summary>
    public static async Task<CreateAccountStatus> StartAsync(AwsTransport transport, MemberAccountSpec spec, CancellationToken cancellationToken)
    {
        var request = new CreateAccountRequest
        {
            AccountName = spec.Name,
            Email = spec.Email,
            RoleName = spec.RoleName,
            Tags = spec.Tags.Count == 0 ? null : [.. spec.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
        };
        return (await new OrganizationsClient(transport).CreateAccountAsync(request, cancellationToken).ConfigureAwait(false)).CreateAccountStatus
            ?? throw new InvalidDataException("CreateAccount returned no status.");
    }

    /// <summary>DescribeCreateAccountStatus once.</summary>
    public static async Task<CreateAccountStatus> GetRequestAsync(AwsTransport transport, string requestId, CancellationToken cancellationToken) =>
        (await new OrganizationsClient(transport).DescribeCreateAccountStatusAsync(new DescribeCreateAccountStatusRequest { CreateAccountRequestId = requestId }, cancellationToken).ConfigureAwait(false)).CreateAccountStatus
            ?? throw new InvalidDataException("DescribeCreateAccountStatus returned no status.");

    /// <summary>
    /// Waits until a create request is SUCCEEDED and returns the new account. FAILED becomes an
    /// <see cref="EksSsoException"/> named after the reason (<see cref="Failure"/>).
    /// </summary>
    /// <param name="email">The address that was asked for, for the failure message; null when not known.</param>
    public static async Task<Account> WaitAsync(
        AwsTransport transport,
        CreateAccountStatus started,
        string? email,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken)
    {
        var requestId = started.Id ?? throw new InvalidDataException("The create account status has no request ID.");
        var done = await AwsWaiter.WaitAsync(
            AwsWaiterDefinition.OrganizationsCreateAccount,
            $"account '{started.AccountName}' (request {requestId})",
            async ct => started.State == CreateAccountState.InProgress ? await GetRequestAsync(transport, requestId, ct).ConfigureAwait(false) : started,
            // FAILED ends the wait too, so that its FailureReason reaches the error below.
            s => (s.State is CreateAccountState.Succeeded or CreateAccountState.Failed ? AwsWaitState.Success : AwsWaitState.Retry, s.State),
            progress,
            cancellationToken).ConfigureAwait(false);
        if (done.State == CreateAccountState.Failed || done.AccountId is null)
        {
            throw Failure(done, email);
        }

        return await GetAsync(transport, done.AccountId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The error for a FAILED create request: its own id for the reasons a user can act on, CreateAccountFailed otherwise.</summary>
    public static EksSsoException Failure(CreateAccountStatus status, string? email)
    {
        var reason = status.FailureReason ?? "no reason given";
        var what = $"AWS Organizations could not create account '{status.AccountName}'{(email is null ? "" : $" <{email}>")}: {reason} (request {status.Id}). ";
        return reason switch
        {
            CreateAccountFailureReason.EmailAlreadyExists => new EksSsoException(EmailAlreadyExistsId, AwsErrorKind.Conflict,
                what + "The e-mail address already belongs to another AWS account, possibly one outside this organization or one requested a moment ago. " +
                "Every account needs an address of its own: use another one (for example a plus address such as team+prod@example.com)."),
            // Throttling: the kind whose category is LimitsExceeded.
            CreateAccountFailureReason.AccountLimitExceeded => new EksSsoException(AccountLimitExceededId, AwsErrorKind.Throttling,
                what + "The organization has as many accounts as its quota allows. Close accounts it no longer needs, or ask for a higher 'Default maximum number of accounts' in Service Quotas (AWS Organizations)."),
            _ => new EksSsoException(CreateAccountFailedId, AwsErrorKind.Other, what + Advice(reason)),
        };
    }

    private static string Advice(string reason) => reason switch
    {
        CreateAccountFailureReason.InvalidEmail or CreateAccountFailureReason.InvalidAddress =>
            "AWS refused the e-mail or postal address: check them and run the command again.",
        CreateAccountFailureReason.ConcurrentAccountModification or CreateAccountFailureReason.InternalFailure =>
            "This is usually temporary: run the command again in a few minutes.",
        CreateAccountFailureReason.MissingPaymentInstrument or CreateAccountFailureReason.InvalidPaymentInstrument =>
            "Add a valid payment method to the management account in the Billing console, then run the command again.",
        _ when reason.Contains("BUSINESS_VALIDATION", StringComparison.Ordinal) =>
            "AWS has not validated the management account's business information yet: complete or wait for that validation (AWS Support can help), then run the command again.",
        _ => "See FailureReason in the AWS Organizations documentation of CreateAccountStatus, fix the cause, then run the command again.",
    };
}
