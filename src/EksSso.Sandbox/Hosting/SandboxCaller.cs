using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Hosting;

/// <summary>The authenticated principal of a request.</summary>
public sealed class SandboxCaller
{
    public required AccessKeyState Key { get; init; }

    public string AccountId => Key.AccountId;

    /// <summary>The ARN STS GetCallerIdentity reports (assumed-role/NAME/session for role sessions).</summary>
    public required string Arn { get; init; }

    public required string UserId { get; init; }

    /// <summary>The IAM principal behind it: the user, or the role with its path for a role session.</summary>
    public required string PrincipalArn { get; init; }

    public bool IsRoot => Key.Kind == PrincipalKind.Root;

    public IamRole? Role { get; init; }

    public IamUser? User { get; init; }

    public static SandboxCaller From(AccessKeyState key, SandboxState state)
    {
        var account = state.Account(key.AccountId);
        var partition = state.Partition;
        switch (key.Kind)
        {
            case PrincipalKind.User:
                var user = account.Iam.Users.GetValueOrDefault(key.PrincipalName)
                    ?? throw new SandboxException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
                return new SandboxCaller { Key = key, Arn = user.Arn, UserId = user.UserId, PrincipalArn = user.Arn, User = user };
            case PrincipalKind.AssumedRole:
                var role = account.Iam.Roles.GetValueOrDefault(key.PrincipalName)
                    ?? throw new SandboxException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
                return new SandboxCaller
                {
                    Key = key,
                    Arn = $"arn:{partition}:sts::{key.AccountId}:assumed-role/{role.Name}/{key.SessionName}",
                    UserId = $"{role.RoleId}:{key.SessionName}",
                    PrincipalArn = role.Arn,
                    Role = role,
                };
            default:
                return new SandboxCaller { Key = key, Arn = $"arn:{partition}:iam::{key.AccountId}:root", UserId = key.AccountId, PrincipalArn = $"arn:{partition}:iam::{key.AccountId}:root" };
        }
    }

    /// <summary>The identity-based policy documents (JSON) in force for this caller, read fresh from state.</summary>
    public IEnumerable<string> PolicyDocuments(SandboxState state, Func<string, string?> managedPolicyDocument)
    {
        var attached = Role?.AttachedPolicyArns ?? User?.AttachedPolicyArns ?? [];
        var inline = Role?.InlinePolicies ?? User?.InlinePolicies ?? [];
        foreach (var arn in attached)
        {
            if (managedPolicyDocument(arn) is { } doc)
            {
                yield return doc;
            }
        }

        foreach (var doc in inline.Values)
        {
            yield return doc;
        }
    }
}
