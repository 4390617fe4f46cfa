using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Organizations;
using EksSso.Engine.Aws.Services.SsoAdmin;
using EksSso.Engine.Aws.Services.Sts;

namespace EksSso.Engine.IdentityCenter;

/// <summary>One account assignment: a principal (USER or GROUP) gets a permission set in an account.</summary>
public sealed record AssignmentKey(string AccountId, string PermissionSetArn, string PrincipalType, string PrincipalId);

/// <summary>Account assignments: find, create and delete (each waited for), and provisioning a stale permission set.</summary>
public sealed class AccountAssignments(AwsTransport transport, string instanceArn)
{
    private readonly SsoAdminClient _client = new(transport);

    public async Task<bool> ExistsAsync(AssignmentKey key, CancellationToken cancellationToken)
    {
        await foreach (var a in _client.ListAllAccountAssignmentsAsync(new ListAccountAssignmentsRequest { InstanceArn = instanceArn, AccountId = key.AccountId, PermissionSetArn = key.PermissionSetArn }, cancellationToken).ConfigureAwait(false))
        {
            if (a.PrincipalType == key.PrincipalType && a.PrincipalId == key.PrincipalId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every assignment of the permission sets provisioned to the account.</summary>
    public async IAsyncEnumerable<AssignmentKey> ListForAccountAsync(string accountId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sets = await _client.ListAllPermissionSetsProvisionedToAccountAsync(new ListPermissionSetsProvisionedToAccountRequest { InstanceArn = instanceArn, AccountId = accountId }, cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false);
        foreach (var set in sets)
        {
            await foreach (var a in ListAsync(accountId, set, cancellationToken).ConfigureAwait(false))
            {
                yield return a;
            }
        }
    }

    public async IAsyncEnumerable<AssignmentKey> ListAsync(string accountId, string permissionSetArn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var a in _client.ListAllAccountAssignmentsAsync(new ListAccountAssignmentsRequest { InstanceArn = instanceArn, AccountId = accountId, PermissionSetArn = permissionSetArn }, cancellationToken).ConfigureAwait(false))
        {
            if (a.PrincipalType is { } type && a.PrincipalId is { } id)
            {
                yield return new AssignmentKey(a.AccountId ?? accountId, a.PermissionSetArn ?? permissionSetArn, type, id);
            }
        }
    }

    /// <summary>Every assignment of one principal, in any account (or one account).</summary>
    public async IAsyncEnumerable<AssignmentKey> ListForPrincipalAsync(string principalType, string principalId, string? accountId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListAccountAssignmentsForPrincipalRequest
        {
            InstanceArn = instanceArn,
            PrincipalType = principalType,
            PrincipalId = principalId,
            Filter = accountId is null ? null : new ListAccountAssignmentsFilter { AccountId = accountId },
        };
        await foreach (var a in _client.ListAllAccountAssignmentsForPrincipalAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (a.AccountId is { } account && a.PermissionSetArn is { } set)
            {
                yield return new AssignmentKey(account, set, principalType, principalId);
            }
        }
    }

    /// <summary>Every account of the organization, where assignments can be; just the caller's own account when it is in none.</summary>
    public static async Task<List<string>> AccountIdsAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await new OrganizationsClient(transport).ListAllAccountsAsync(new ListAccountsRequest(), cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false))
                .Select(a => a.Id).OfType<string>()];
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AWSOrganizationsNotInUseException")
        {
            return [(await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account];
        }
    }

    /// <summary>The accounts the permission set is provisioned to: the only ones where it can be assigned.</summary>
    public Task<List<string>> AccountsProvisionedWithAsync(string permissionSetArn, CancellationToken cancellationToken) =>
        _client.ListAllAccountsForProvisionedPermissionSetAsync(new ListAccountsForProvisionedPermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = permissionSetArn }, cancellationToken)
            .CollectAsync(cancellationToken);

    /// <summary>True when the account holds an older version of the permission set than the instance (it changed since).</summary>
    public async Task<bool> IsStaleAsync(string accountId, string permissionSetArn, CancellationToken cancellationToken)
    {
        var stale = await _client.ListAllPermissionSetsProvisionedToAccountAsync(
            new ListPermissionSetsProvisionedToAccountRequest { InstanceArn = instanceArn, AccountId = accountId, ProvisioningStatus = ProvisioningStatus.LatestPermissionSetNotProvisioned },
            cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
        return stale.Contains(permissionSetArn, StringComparer.Ordinal);
    }

    /// <summary>CreateAccountAssignment (which also provisions the permission set into the account) and wait for it.</summary>
    public async Task CreateAsync(AssignmentKey key, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        var started = (await _client.CreateAccountAssignmentAsync(
            new CreateAccountAssignmentRequest
            {
                InstanceArn = instanceArn,
                TargetId = key.AccountId,
                TargetType = TargetType.AwsAccount,
                PermissionSetArn = key.PermissionSetArn,
                PrincipalType = key.PrincipalType,
                PrincipalId = key.PrincipalId,
            },
            cancellationToken).ConfigureAwait(false)).AccountAssignmentCreationStatus;
        await WaitAsync(
            "creating", key, started,
            async (id, ct) => (await _client.DescribeAccountAssignmentCreationStatusAsync(new DescribeAccountAssignmentCreationStatusRequest { InstanceArn = instanceArn, AccountAssignmentCreationRequestId = id }, ct).ConfigureAwait(false)).AccountAssignmentCreationStatus,
            progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(AssignmentKey key, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        var started = (await _client.DeleteAccountAssignmentAsync(
            new DeleteAccountAssignmentRequest
            {
                InstanceArn = instanceArn,
                TargetId = key.AccountId,
                TargetType = TargetType.AwsAccount,
                PermissionSetArn = key.PermissionSetArn,
                PrincipalType = key.PrincipalType,
                PrincipalId = key.PrincipalId,
            },
            cancellationToken).ConfigureAwait(false)).AccountAssignmentDeletionStatus;
        await WaitAsync(
            "deleting", key, started,
            async (id, ct) => (await _client.DescribeAccountAssignmentDeletionStatusAsync(new DescribeAccountAssignmentDeletionStatusRequest { InstanceArn = instanceArn, AccountAssignmentDeletionRequestId = id }, ct).ConfigureAwait(false)).AccountAssignmentDeletionStatus,
            progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitAsync(
        string verb,
        AssignmentKey key,
        AccountAssignmentOperationStatus? started,
        Func<string, CancellationToken, Task<AccountAssignmentOperationStatus?>> describe,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken)
    {
        await SsoAdminRequests.WaitAsync(
            AwsWaiterDefinition.SsoAdminAssignment,
            $"{verb} the assignment of {key.PrincipalType.ToLowerInvariant()} {key.PrincipalId} to account {key.AccountId}",
            started ?? throw new InvalidDataException($"No request status came back {verb} the account assignment."),
            s => (s.Status, s.RequestId, s.FailureReason),
            describe,
            "AccountAssignmentFailed",
            progress,
            cancellationToken).ConfigureAwait(false);
    }
}
