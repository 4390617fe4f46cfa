using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.SsoAdmin;

namespace EksSso.Engine.IdentityCenter;

/// <summary>Finding permission sets by name or ARN, and provisioning them into accounts (with the one waiter).</summary>
public static class PermissionSets
{
    /// <summary>A permission set ARN (arn:…:sso:::permissionSet/ssoins-…/ps-…) rather than a name.</summary>
    public static bool IsArn(string nameOrArn) =>
        AwsArn.TryParse(nameOrArn, out var arn) && arn.Service == "sso" && arn.ResourceType == "permissionSet";

    /// <summary>The permission set with this name (names are unique per instance) or ARN; null when there is none.</summary>
    public static async Task<PermissionSet?> FindAsync(AwsTransport transport, string instanceArn, string nameOrArn, CancellationToken cancellationToken)
    {
        var client = new SsoAdminClient(transport);
        if (IsArn(nameOrArn))
        {
            try
            {
                return (await client.DescribePermissionSetAsync(new DescribePermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = nameOrArn }, cancellationToken).ConfigureAwait(false)).PermissionSet;
            }
            catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
            {
                return null;
            }
        }

        await foreach (var set in ListAsync(transport, instanceArn, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(set.Name, nameOrArn, StringComparison.Ordinal))
            {
                return set;
            }
        }

        return null;
    }

    /// <summary>Every permission set of the instance, described (ListPermissionSets only returns ARNs).</summary>
    public static async IAsyncEnumerable<PermissionSet> ListAsync(AwsTransport transport, string instanceArn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = new SsoAdminClient(transport);
        await foreach (var arn in client.ListAllPermissionSetsAsync(new ListPermissionSetsRequest { InstanceArn = instanceArn }, cancellationToken).ConfigureAwait(false))
        {
            var described = (await client.DescribePermissionSetAsync(new DescribePermissionSetRequest { InstanceArn = instanceArn, PermissionSetArn = arn }, cancellationToken).ConfigureAwait(false)).PermissionSet;
            if (described is not null)
            {
                yield return described;
            }
        }
    }

    /// <summary>
    /// ProvisionPermissionSet into one account (or every account it is provisioned to, when <paramref name="accountId"/>
    /// is null) and waits until the request SUCCEEDED; FAILED becomes an <see cref="EksSsoException"/> with the reason.
    /// </summary>
    public static async Task<PermissionSetProvisioningStatus> ProvisionAsync(
        AwsTransport transport,
        string instanceArn,
        string permissionSetArn,
        string? accountId,
        IProgress<AwsWaitProgress>? progress,
        CancellationToken cancellationToken)
    {
        var client = new SsoAdminClient(transport);
        var started = (await client.ProvisionPermissionSetAsync(
            new ProvisionPermissionSetRequest
            {
                InstanceArn = instanceArn,
                PermissionSetArn = permissionSetArn,
                TargetId = accountId,
                TargetType = accountId is null ? ProvisionTargetType.AllProvisionedAccounts : ProvisionTargetType.AwsAccount,
            },
            cancellationToken).ConfigureAwait(false)).PermissionSetProvisioningStatus
            ?? throw new InvalidDataException("ProvisionPermissionSet returned no status.");
        return await SsoAdminRequests.WaitAsync(
            AwsWaiterDefinition.SsoAdminProvisioning,
            $"provisioning {permissionSetArn} to {accountId ?? "its accounts"}",
            started,
            s => (s.Status, s.RequestId, s.FailureReason),
            async (id, ct) => (await client.DescribePermissionSetProvisioningStatusAsync(new DescribePermissionSetProvisioningStatusRequest { InstanceArn = instanceArn, ProvisionPermissionSetRequestId = id }, ct).ConfigureAwait(false)).PermissionSetProvisioningStatus,
            "PermissionSetProvisioningFailed",
            progress,
            cancellationToken).ConfigureAwait(false);
    }
}
