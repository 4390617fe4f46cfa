using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

public sealed partial class IamService
{
    private const int MaxManagedPoliciesPerRole = 10;

    private static JsonObject CreateRole(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var name = ctx.RequiredString("RoleName");
        var path = PathOrDefault(ctx);
        var arn = EntityArn(ctx, "role", path, name);
        var tags = ReadTags(ctx);
        ctx.Authorize("iam:CreateRole", arn, TagConditions(tags));
        if (tags.Count > 0)
        {
            ctx.Authorize("iam:TagRole", arn, TagConditions(tags));
        }

        if (FindRole(account, name) is not null)
        {
            throw Errors.AlreadyExists($"Role with name {name} already exists.");
        }

        var maxSession = ctx.Int("MaxSessionDuration") ?? 3600;
        if (maxSession is < 3600 or > 43200)
        {
            throw Errors.Validation($"1 validation error detected: Value '{maxSession}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200");
        }

        var trust = ctx.RequiredString("AssumeRolePolicyDocument");
        ParseTrustPolicy(ctx, trust);
        RefusePermissionsBoundary(ctx);

        var role = ctx.Host.CreateRole(account, name, path, trust, ctx.String("Description"), maxSession);
        MergeTags(role.Tags, tags);
        var json = RoleJson(role, detailed: true);
        json.Remove("RoleLastUsed");
        return new JsonObject { ["Role"] = json };
    }

    private static JsonObject GetRole(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:GetRole");
        return new JsonObject { ["Role"] = RoleJson(role, detailed: true) };
    }

    private static JsonObject ListRoles(OperationContext ctx)
    {
        var prefix = ctx.String("PathPrefix") ?? "/";
        ctx.Authorize("iam:ListRoles", EntityArn(ctx, "role", prefix, ""));
        var roles = ctx.CallerAccount.Iam.Roles.Values.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal));

        // ListRoles leaves out tags, the permissions boundary and RoleLastUsed; GetRole has them.
        return Listing(ctx, "Roles", roles, r => r.Name, r => RoleJson(r, detailed: false));
    }

    private static JsonObject? UpdateAssumeRolePolicy(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:UpdateAssumeRolePolicy");
        RefuseServiceLinked(role);
        var document = ctx.RequiredString("PolicyDocument");
        ParseTrustPolicy(ctx, document);
        role.AssumeRolePolicyDocument = document;
        return null;
    }

    private static JsonObject? UpdateRole(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:UpdateRole");
        if (ctx.String("Description") is { } description)
        {
            role.Description = description;
        }

        if (ctx.Int("MaxSessionDuration") is { } max)
        {
            if (max is < 3600 or > 43200)
            {
                throw Errors.Validation($"1 validation error detected: Value '{max}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200");
            }

            role.MaxSessionDuration = max;
        }

        return null;
    }

    private static JsonObject? DeleteRole(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:DeleteRole");
        RefuseServiceLinked(role);
        if (role.AttachedPolicyArns.Count > 0)
        {
            throw Errors.DeleteConflict("Cannot delete entity, must detach all policies first.");
        }

        if (role.InlinePolicies.Count > 0)
        {
            throw Errors.DeleteConflict("Cannot delete entity, must delete policies first.");
        }

        var extras = IamExtras.Read(ctx.CallerAccount);
        if (extras.InstanceProfiles.Values.Any(p => p.Roles.Contains(role.Name, StringComparer.OrdinalIgnoreCase)))
        {
            throw Errors.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
        }

        ctx.CallerAccount.Iam.Roles.Remove(role.Name);
        return null;
    }

    private static JsonObject? TagRole(OperationContext ctx)
    {
        var tags = ReadTags(ctx);
        var role = AuthorizedRole(ctx, "iam:TagRole", TagConditions(tags));
        MergeTags(role.Tags, tags);
        return null;
    }

    private static JsonObject? UntagRole(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:UntagRole");
        foreach (var key in ctx.Strings("TagKeys"))
        {
            var existing = role.Tags.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                role.Tags.Remove(existing);
            }
        }

        return null;
    }

    private static JsonObject ListRoleTags(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:ListRoleTags");
        return Listing(ctx, "Tags", role.Tags, t => t.Key, t => new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value });
    }

    private static JsonObject? PutRolePolicy(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:PutRolePolicy");
        RefuseServiceLinked(role);
        var name = ctx.RequiredString("PolicyName");
        var document = ctx.RequiredString("PolicyDocument");
        ParseIdentityPolicy(document);
        var existing = role.InlinePolicies.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            role.InlinePolicies.Remove(existing);
        }

        // IAM caps the inline policies of a role at 10,240 characters in total (whitespace excluded).
        var size = role.InlinePolicies.Values.Append(document).Sum(d => d.Count(c => !char.IsWhiteSpace(c)));
        if (size > 10240)
        {
            throw Errors.LimitExceeded("Maximum policy size of 10240 bytes exceeded for role " + role.Name);
        }

        role.InlinePolicies[name] = document;
        return null;
    }

    private static JsonObject GetRolePolicy(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:GetRolePolicy");
        var name = ctx.RequiredString("PolicyName");
        var (policyName, document) = InlinePolicy(role.InlinePolicies, name)
            ?? throw Errors.NoSuchEntity($"The role policy with name {name} cannot be found.");
        return new JsonObject { ["RoleName"] = role.Name, ["PolicyName"] = policyName, ["PolicyDocument"] = Encode(document) };
    }

    private static JsonObject? DeleteRolePolicy(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:DeleteRolePolicy");
        RefuseServiceLinked(role);
        var name = ctx.RequiredString("PolicyName");
        var (policyName, _) = InlinePolicy(role.InlinePolicies, name)
            ?? throw Errors.NoSuchEntity($"The role policy with name {name} cannot be found.");
        role.InlinePolicies.Remove(policyName);
        return null;
    }

    private static JsonObject ListRolePolicies(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:ListRolePolicies");
        return Listing(ctx, "PolicyNames", role.InlinePolicies.Keys, k => k, k => JsonValue.Create(k));
    }

    private static JsonObject? AttachRolePolicy(OperationContext ctx)
    {
        var policyArn = ctx.RequiredString("PolicyArn");
        var role = AuthorizedRole(ctx, "iam:AttachRolePolicy", PolicyArnCondition(policyArn));
        RefuseServiceLinked(role);
        RequireAttachable(ctx, policyArn);
        if (!role.AttachedPolicyArns.Contains(policyArn))
        {
            if (role.AttachedPolicyArns.Count >= MaxManagedPoliciesPerRole)
            {
                throw Errors.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {MaxManagedPoliciesPerRole}");
            }

            role.AttachedPolicyArns.Add(policyArn);
        }

        return null;
    }

    private static JsonObject? DetachRolePolicy(OperationContext ctx)
    {
        var policyArn = ctx.RequiredString("PolicyArn");
        var role = AuthorizedRole(ctx, "iam:DetachRolePolicy", PolicyArnCondition(policyArn));
        RefuseServiceLinked(role);
        if (!role.AttachedPolicyArns.Remove(policyArn))
        {
            throw Errors.NoSuchEntity($"Policy {policyArn} was not found.");
        }

        return null;
    }

    private static JsonObject ListAttachedRolePolicies(OperationContext ctx)
    {
        var role = AuthorizedRole(ctx, "iam:ListAttachedRolePolicies");
        return AttachedPolicies(ctx, role.AttachedPolicyArns);
    }

    // ---- helpers ----

    /// <summary>Finds the role named by RoleName and authorises <paramref name="action"/> on its ARN (with path).</summary>
    private static IamRole AuthorizedRole(OperationContext ctx, string action, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null)
    {
        var name = ctx.RequiredString("RoleName");
        var role = FindRole(ctx.CallerAccount, name);
        ctx.Authorize(action, role?.Arn ?? EntityArn(ctx, "role", "/", name), conditions);
        return role ?? throw Errors.NoSuchEntity($"The role with name {name} cannot be found.");
    }

    /// <summary>The authorizer does not evaluate boundaries, so accepting one would grant more than AWS would.</summary>
    internal static void RefusePermissionsBoundary(OperationContext ctx)
    {
        if (ctx.String("PermissionsBoundary") is not null)
        {
            throw Errors.InvalidInput("The sandbox does not evaluate permissions boundaries; create the entity without PermissionsBoundary.");
        }
    }

    private static void RefuseServiceLinked(IamRole role)
    {
        if (role.Path.StartsWith("/aws-service-role/", StringComparison.Ordinal))
        {
            throw Errors.Unmodifiable($"Cannot perform the operation on the protected role '{role.Name}' - this role is only modifiable by AWS");
        }
    }

    internal static JsonObject RoleJson(IamRole role, bool detailed)
    {
        var json = new JsonObject
        {
            ["Path"] = role.Path,
            ["RoleName"] = role.Name,
            ["RoleId"] = role.RoleId,
            ["Arn"] = role.Arn,
            ["CreateDate"] = JsonValue.Create(role.CreateDate),
            ["AssumeRolePolicyDocument"] = Encode(role.AssumeRolePolicyDocument),
        };
        if (role.Description is not null)
        {
            json["Description"] = role.Description;
        }

        json["MaxSessionDuration"] = role.MaxSessionDuration;
        if (detailed)
        {
            if (role.Tags.Count > 0)
            {
                json["Tags"] = TagList(role.Tags);
            }

            json["RoleLastUsed"] = new JsonObject();
        }

        return json;
    }

    private static (string Name, string Document)? InlinePolicy(Dictionary<string, string> policies, string name)
    {
        foreach (var (key, document) in policies)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return (key, document);
            }
        }

        return null;
    }

    private static Dictionary<string, IReadOnlyList<string>> PolicyArnCondition(string policyArn) =>
        new(StringComparer.OrdinalIgnoreCase) { ["iam:PolicyARN"] = [policyArn] };

    private static Dictionary<string, IReadOnlyList<string>>? TagConditions(Dictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:TagKeys"] = [.. tags.Keys],
        };
        foreach (var (key, value) in tags)
        {
            conditions[$"aws:RequestTag/{key}"] = [value];
        }

        return conditions;
    }

    /// <summary>An AWS managed policy the sandbox knows, or a customer managed policy of the caller's account.</summary>
    private static void RequireAttachable(OperationContext ctx, string policyArn)
    {
        if (!ctx.Host.ManagedPolicies.ContainsKey(policyArn) && !ctx.CallerAccount.Iam.Policies.ContainsKey(policyArn))
        {
            throw Errors.NoSuchEntity($"Policy {policyArn} does not exist or is not attachable.");
        }
    }

    private static JsonObject AttachedPolicies(OperationContext ctx, IEnumerable<string> arns)
    {
        var prefix = ctx.String("PathPrefix") ?? "/";
        var attached = arns
            .Select(arn => (Arn: arn, Parsed: ParseIamArn(arn)))
            .Where(p => p.Parsed is null || p.Parsed.Path.StartsWith(prefix, StringComparison.Ordinal));
        return Listing(ctx, "AttachedPolicies", attached, p => p.Arn, p => new JsonObject
        {
            ["PolicyName"] = p.Parsed?.Name ?? p.Arn,
            ["PolicyArn"] = p.Arn,
        });
    }
}
