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
    public static async Task<CallerIdentity> GetAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var reply = await new StsClient(transport).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        var arn = AwsArn.Parse(reply.Arn);
        if (!arn.IsAssumedRole || arn.SsoPermissionSetName is not { } permissionSet)
        {
            return new CallerIdentity(reply.Account, reply.Arn, reply.UserId, null, null, null, null);
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
                await foreach (var role in new IamClient(transport).ListAllRolesAsync(new ListRolesRequest { PathPrefix = IdentityCenter.SsoRoles.ReservedPathPrefix }, cancellationToken).ConfigureAwait(false))
                {
                    if (string.Equals(role.RoleName, arn.Name, StringComparison.Ordinal))
                    {
                        roleArn = role.Arn;
                        break;
                    }
                }

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
