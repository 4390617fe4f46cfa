using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

public sealed partial class IamService
{
    private const int MaxAccessKeysPerUser = 2;
    private const int MaxManagedPoliciesPerUser = 10;

    private static JsonObject CreateUser(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var name = ctx.RequiredString("UserName");
        var path = PathOrDefault(ctx);
        var arn = EntityArn(ctx, "user", path, name);
        var tags = ReadTags(ctx);
        ctx.Authorize("iam:CreateUser", arn, TagConditions(tags));
        if (tags.Count > 0)
        {
            ctx.Authorize("iam:TagUser", arn, TagConditions(tags));
        }

        RefusePermissionsBoundary(ctx);
        if (FindUser(account, name) is not null)
        {
            throw Errors.AlreadyExists($"User with name {name} already exists.");
        }

        var user = ctx.Host.CreateUser(account, name, path);
        MergeTags(user.Tags, tags);
        return new JsonObject { ["User"] = UserJson(user, detailed: true) };
    }

    private static JsonObject GetUser(OperationContext ctx)
    {
        var user = AuthorizedUser(ctx, "iam:GetUser");
        return new JsonObject { ["User"] = UserJson(user, detailed: true) };
    }

    private static JsonObject ListUsers(OperationContext ctx)
    {
        var prefix = ctx.String("PathPrefix") ?? "/";
        ctx.Authorize("iam:ListUsers", EntityArn(ctx, "user", prefix, ""));
        var users = ctx.CallerAccount.Iam.Users.Values.Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal));
        return Listing(ctx, "Users", users, u => u.Name, u => UserJson(u, detailed: false));
    }

    private static JsonObject? DeleteUser(OperationContext ctx)
    {
        var user = AuthorizedUser(ctx, "iam:DeleteUser");
        if (ctx.State.AccessKeys.Values.Any(k => OwnedBy(k, ctx.CallerAccount, user)))
        {
            throw Errors.DeleteConflict("Cannot delete entity, must delete access keys first.");
        }

        if (user.AttachedPolicyArns.Count > 0)
        {
            throw Errors.DeleteConflict("Cannot delete entity, must detach all policies first.");
        }

        if (user.InlinePolicies.Count > 0)
        {
            throw Errors.DeleteConflict("Cannot delete entity, must delete policies first.");
        }

        ctx.CallerAccount.Iam.Users.Remove(user.Name);
        return null;
    }

    private static JsonObject? AttachUserPolicy(OperationContext ctx)
    {
        var policyArn = ctx.RequiredString("PolicyArn");
        var user = AuthorizedUser(ctx, "iam:AttachUserPolicy", PolicyArnCondition(policyArn));
        RequireAttachable(ctx, policyArn);
        if (!user.AttachedPolicyArns.Contains(policyArn))
        {
            if (user.AttachedPolicyArns.Count >= MaxManagedPoliciesPerUser)
            {
                throw Errors.LimitExceeded($"Cannot exceed quota for PoliciesPerUser: {MaxManagedPoliciesPerUser}");
            }

            user.AttachedPolicyArns.Add(policyArn);
        }

        return null;
    }

    private static JsonObject? DetachUserPolicy(OperationContext ctx)
    {
        var policyArn = ctx.RequiredString("PolicyArn");
        var user = AuthorizedUser(ctx, "iam:DetachUserPolicy", PolicyArnCondition(policyArn));
        if (!user.AttachedPolicyArns.Remove(policyArn))
        {
            throw Errors.NoSuchEntity($"Policy {policyArn} was not found.");
        }

        return null;
    }

    private static JsonObject ListAttachedUserPolicies(OperationContext ctx)
    {
        var user = AuthorizedUser(ctx, "iam:ListAttachedUserPolicies");
        return AttachedPolicies(ctx, user.AttachedPolicyArns);
    }

    private static JsonObject? PutUserPolicy(OperationContext ctx)
    {
        var user = AuthorizedUser(ctx, "iam:PutUserPolicy");
        var name = ctx.RequiredString("PolicyName");
        var document = ctx.RequiredString("PolicyDocument");
        ParseIdentityPolicy(document);
        if (InlinePolicy(user.InlinePolicies, name) is { } existing)
        {
            user.InlinePolicies.Remove(existing.Name);
        }

        user.InlinePolicies[name] = document;
        return null;
    }

    private static JsonObject? DeleteUserPolicy(OperationContext ctx)
    {
        var user = AuthorizedUser(ctx, "iam:DeleteUserPolicy");
        var name = ctx.RequiredString("PolicyName");
        var (policyName, _) = InlinePolicy(user.InlinePolicies, name)
            ?? throw Errors.NoSuchEntity($"The user policy with name {name} cannot be found.");
        user.InlinePolicies.Remove(policyName);
        return null;
    }

    private static JsonObject CreateAccessKey(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var user = AuthorizedUser(ctx, "iam:CreateAccessKey");
        if (ctx.State.AccessKeys.Values.Count(k => OwnedBy(k, account, user)) >= MaxAccessKeysPerUser)
        {
            throw Errors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}");
        }

        var key = ctx.Host.IssueUserKey(account.Id, user.Name);
        var extras = IamExtras.Read(account);
        extras.AccessKeyCreated[key.AccessKeyId] = ctx.Clock.Now;
        extras.Write(account);

        // The only reply that ever carries the secret.
        return new JsonObject
        {
            ["AccessKey"] = new JsonObject
            {
                ["UserName"] = user.Name,
                ["AccessKeyId"] = key.AccessKeyId,
                ["Status"] = "Active",
                ["SecretAccessKey"] = key.SecretAccessKey,
                ["CreateDate"] = JsonValue.Create(ctx.Clock.Now),
            },
        };
    }

    private static JsonObject ListAccessKeys(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var user = AuthorizedUser(ctx, "iam:ListAccessKeys");
        var extras = IamExtras.Read(account);
        var keys = ctx.State.AccessKeys.Values.Where(k => OwnedBy(k, account, user));
        return Listing(ctx, "AccessKeyMetadata", keys, k => k.AccessKeyId, k =>
        {
            var json = new JsonObject { ["UserName"] = user.Name, ["AccessKeyId"] = k.AccessKeyId, ["Status"] = "Active" };
            json["CreateDate"] = JsonValue.Create(extras.AccessKeyCreated.TryGetValue(k.AccessKeyId, out var created) ? created : user.CreateDate);
            return json;
        });
    }

    private static JsonObject? DeleteAccessKey(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var user = AuthorizedUser(ctx, "iam:DeleteAccessKey");
        var id = ctx.RequiredString("AccessKeyId");
        if (!ctx.State.AccessKeys.TryGetValue(id, out var key) || !OwnedBy(key, account, user))
        {
            throw Errors.NoSuchEntity($"The Access Key with id {id} cannot be found.");
        }

        ctx.State.AccessKeys.Remove(id);
        var extras = IamExtras.Read(account);
        extras.AccessKeyCreated.Remove(id);
        extras.Write(account);
        return null;
    }

    // ---- helpers ----

    /// <summary>The user named by UserName, or the calling user when the operation allows leaving it out.</summary>
    private static IamUser AuthorizedUser(OperationContext ctx, string action, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null)
    {
        var name = ctx.String("UserName");
        if (name is null)
        {
            var caller = ctx.RequiredCaller;
            if (caller.User is not { } self)
            {
                ctx.Authorize(action, caller.PrincipalArn, conditions);
                throw Errors.Validation("Must specify userName when calling with non-User credentials");
            }

            ctx.Authorize(action, self.Arn, conditions);
            return self;
        }

        var user = FindUser(ctx.CallerAccount, name);
        ctx.Authorize(action, user?.Arn ?? EntityArn(ctx, "user", "/", name), conditions);
        return user ?? throw Errors.NoSuchEntity($"The user with name {name} cannot be found.");
    }

    private static bool OwnedBy(AccessKeyState key, AccountState account, IamUser user) =>
        key.Kind == PrincipalKind.User && key.AccountId == account.Id && key.PrincipalName == user.Name;

    private static JsonObject UserJson(IamUser user, bool detailed)
    {
        var json = new JsonObject
        {
            ["Path"] = user.Path,
            ["UserName"] = user.Name,
            ["UserId"] = user.UserId,
            ["Arn"] = user.Arn,
            ["CreateDate"] = JsonValue.Create(user.CreateDate),
        };
        if (detailed && user.Tags.Count > 0)
        {
            json["Tags"] = TagList(user.Tags);
        }

        return json;
    }
}
