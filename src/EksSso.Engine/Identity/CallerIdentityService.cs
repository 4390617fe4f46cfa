using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.Aws.Services.Sts;

namespace EksSso.Engine.Identity;

/// <summary>Who the credentials are; for an IAM Identity Center role session, also which permission set and user.</summary>
public sealed record CallerIdentity(
    string Account,
    string Arn,
    string UserId,
    string? PermissionSetName,
    string? SsoUserName,
    string? RoleArn,
    string? RoleArnUnavailableReason);

public static class CallerIdentityService
{
    /// <summary>
    /// Who the credentials are, one STS call; with <paramref name="resolveRole"/> (Get-EksSsoCallerIdentity) an Identity
    /// Center role session also gets its role ARN with path from IAM. Callers that need only the account or the session
    /// ARN leave it off: an SSO role may not read IAM, and asking costs calls on every context.
    /// </summary>
    public static async Task<CallerIdentity> GetAsync(AwsTransport transport, CancellationToken cancellationToken, bool resolveRole = true)
    {
        var reply = await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        var arn = AwsArn.Parse(reply.Arn);
        if (!arn.IsAssumedRole || arn.SsoPermissionSetName is not { } permissionSet)
        {
            return new CallerIdentity(reply.Account, reply.Arn, reply.UserId, null, null, null, null);
        }

        if (!resolveRole)
        {
            return new CallerIdentity(reply.Account, reply.Arn, reply.UserId, permissionSet, arn.SessionName, null, null);
        }

        // The STS ARN drops the role's path; the role ARN with its path (what trust policies need) is only known to IAM.
        string? roleArn = null;
        string? reason = null;
        try
        {
            var role = await new IamClient(transport).GetRoleAsync(new GetRoleRequest { RoleName = arn.Name }, cancellationToken).ConfigureAwait(false);
            roleArn = role.Role?.Arn;
        }
        catch (AwsServiceException e) when (e.Kind is AwsErrorKind.NotFound)
        {
            reason = $"iam:GetRole on {arn.Name} failed ({e.ErrorCode}); the role ARN with its path could not be resolved.";
        }
        catch (AwsServiceException e) when (e.Kind is AwsErrorKind.AccessDenied)
        {
            // A permission set may allow iam:List* but not iam:GetRole (ViewOnlyAccess does): ListRoles under the
            // reserved path finds the same role.
            try
            {
                roleArn = (await IdentityCenter.SsoRoles.FindByNameAsync(transport, arn.Name, cancellationToken).ConfigureAwait(false))?.Arn;
                reason = roleArn is null ? $"iam:ListRoles found no role {arn.Name} under {IdentityCenter.SsoRoles.ReservedPathPrefix}; the role ARN with its path could not be resolved." : null;
            }
            catch (AwsServiceException list)
            {
                reason = $"Neither iam:GetRole ({e.ErrorCode}) nor iam:ListRoles ({list.ErrorCode}) is allowed for {arn.Name}; the role ARN with its path could not be resolved.";
            }
        }

        return new CallerIdentity(reply.Account, reply.Arn, reply.UserId, permissionSet, arn.SessionName, roleArn, reason);
    }
}
