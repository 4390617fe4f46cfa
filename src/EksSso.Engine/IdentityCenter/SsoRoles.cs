using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.Aws.Services.Sts;

namespace EksSso.Engine.IdentityCenter;

/// <summary>The IAM role that provisioning a permission set created in one account.</summary>
public sealed record SsoRole(string RoleName, string Arn, string Path, string RoleId, DateTimeOffset? CreateDate, string PermissionSetName, string AccountId);

/// <summary>
/// Finds the AWSReservedSSO_&lt;PermissionSet&gt;_&lt;16 hex&gt; role of a permission set in an account. Its ARN carries
/// the path /aws-reserved/sso.amazonaws.com/[region/], which only IAM knows, so it is read from ListRoles and never
/// assembled. In another account than the caller's, IAM is asked through an assumed access role.
/// </summary>
public static class SsoRoles
{
    public const string NotFoundErrorId = "SsoRoleNotFound";
    public const string AccessRoleErrorId = "AccessRoleUnavailable";
    public const string DefaultAccessRoleName = "OrganizationAccountAccessRole";
    public const string ReservedPathPrefix = "/aws-reserved/sso.amazonaws.com/";

    private const int PollDelaySeconds = 2;

    /// <summary>The account of the credentials (and their partition).</summary>
    public static async Task<AwsArn> CallerAsync(AwsTransport transport, CancellationToken cancellationToken) =>
        AwsArn.Parse((await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Arn);

    /// <summary>
    /// A transport whose IAM calls reach <paramref name="accountId"/>: the caller's own when it is that account, else one
    /// with credentials of arn:…:iam::<paramref name="accountId"/>:role/<paramref name="accessRoleName"/> from sts:AssumeRole.
    /// </summary>
    public static async Task<AwsTransport> TransportForAccountAsync(AwsTransport transport, AwsArn caller, string accountId, string accessRoleName, CancellationToken cancellationToken)
    {
        if (caller.AccountId == accountId)
        {
            return transport;
        }

        var roleArn = $"arn:{caller.Partition}:iam::{accountId}:role/{accessRoleName}";
        AssumeRoleResponse assumed;
        try
        {
            assumed = await new StsClient(transport).AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "EksSso-GetRole", DurationSeconds = 900 }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.Kind is AwsErrorKind.AccessDenied or AwsErrorKind.NotFound or AwsErrorKind.Validation)
        {
            throw new EksSsoException(AccessRoleErrorId, e.Kind,
                $"Could not assume {roleArn} to read IAM roles in account {accountId} ({e.ErrorCode}: {e.AwsMessage}). Run the command with credentials of that account, or pass -AccessRoleName with a role there that the caller may assume.", e);
        }

        var c = assumed.Credentials;
        var credentials = new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        return new AwsTransport(transport.Session.WithCredentials(credentials, $"assumed role {roleArn}"), transport.Observer);
    }

    /// <summary>Every AWSReservedSSO_ role of the account <paramref name="transport"/> reaches (ListRoles under the reserved path).</summary>
    private static IAsyncEnumerable<Role> ListReservedAsync(AwsTransport transport, CancellationToken cancellationToken) =>
        new IamClient(transport).ListAllRolesAsync(new ListRolesRequest { PathPrefix = ReservedPathPrefix }, cancellationToken);

    /// <summary>The reserved role of that exact name, through ListRoles (for callers allowed iam:List* but not iam:GetRole); null when there is none.</summary>
    public static async Task<Role?> FindByNameAsync(AwsTransport transport, string roleName, CancellationToken cancellationToken)
    {
        await foreach (var role in ListReservedAsync(transport, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(role.RoleName, roleName, StringComparison.Ordinal))
            {
                return role;
            }
        }

        return null;
    }

    /// <summary>The role of <paramref name="permissionSetName"/> in the account <paramref name="transport"/> reaches; null when there is none.</summary>
    public static async Task<SsoRole?> FindAsync(AwsTransport transport, string permissionSetName, string accountId, CancellationToken cancellationToken)
    {
        Role? found = null;
        await foreach (var role in ListReservedAsync(transport, cancellationToken).ConfigureAwait(false))
        {
            // Exact name match: Admin must not find AWSReservedSSO_Admin_Read_<hex> of the permission set Admin_Read.
            if (role.RoleName is { } name && string.Equals(AwsArn.SsoPermissionSetNameOf(name), permissionSetName, StringComparison.Ordinal)
                && (found is null || role.CreateDate > found.CreateDate))
            {
                found = role;
            }
        }

        return found is { RoleName: { } roleName, Arn: { } arn }
            ? new SsoRole(roleName, arn, found.Path ?? AwsArn.Parse(arn).Path, found.RoleId ?? "", found.CreateDate, permissionSetName, accountId)
            : null;
    }

    /// <summary>
    /// <see cref="FindAsync"/>, polling for up to <paramref name="timeout"/> while provisioning may still be creating the
    /// role; then an <see cref="EksSsoException"/> (SsoRoleNotFound).
    /// </summary>
    public static async Task<SsoRole> WaitAsync(AwsTransport transport, string permissionSetName, string accountId, TimeSpan timeout, IProgress<AwsWaitProgress>? progress, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds / PollDelaySeconds) + 1);
        var definition = new AwsWaiterDefinition("SsoRoleExists", PollDelaySeconds, attempts);
        try
        {
            return (await AwsWaiter.WaitAsync(
                definition,
                $"role of permission set {permissionSetName} in account {accountId}",
                ct => FindAsync(transport, permissionSetName, accountId, ct),
                r => r is null ? (AwsWaitState.Retry, "not created yet") : (AwsWaitState.Success, r.RoleName),
                progress,
                cancellationToken).ConfigureAwait(false))!;
        }
        catch (AwsWaiterException)
        {
            throw new EksSsoException(NotFoundErrorId, AwsErrorKind.NotFound,
                $"Account {accountId} has no role {AwsArn.SsoRolePrefix}{permissionSetName}_<hex> under {ReservedPathPrefix}: the permission set {permissionSetName} may not be assigned to that account, or its provisioning has not finished or failed. Assign it (Grant-EksSsoAccountAssignment) and run the command again.");
        }
    }
}
