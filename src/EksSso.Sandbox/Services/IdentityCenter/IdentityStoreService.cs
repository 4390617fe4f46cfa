using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// The Identity Center identity store: users, groups and memberships, with Identity Center's own rules on top of
/// the model (UserName, DisplayName and Name.GivenName/FamilyName required; unique user names and group display
/// names, case-insensitively; reserved names refused).
/// </summary>
public sealed class IdentityStoreService : ISandboxService
{
    private const int DefaultPageSize = 100;

    private static readonly HashSet<string> s_reservedNames = new(["Administrator", "AWSAdministrators"], StringComparer.OrdinalIgnoreCase);

    public string ModelName => "identitystore";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["CreateUser"] = SsoAdminService.Handle(CreateUser);
        handlers["DescribeUser"] = SsoAdminService.Handle(DescribeUser);
        handlers["ListUsers"] = SsoAdminService.Handle(ListUsers);
        handlers["GetUserId"] = SsoAdminService.Handle(GetUserId);
        handlers["UpdateUser"] = SsoAdminService.Handle(UpdateUser);
        handlers["DeleteUser"] = SsoAdminService.Handle(DeleteUser);
        handlers["CreateGroup"] = SsoAdminService.Handle(CreateGroup);
        handlers["DescribeGroup"] = SsoAdminService.Handle(DescribeGroup);
        handlers["ListGroups"] = SsoAdminService.Handle(ListGroups);
        handlers["GetGroupId"] = SsoAdminService.Handle(GetGroupId);
        handlers["UpdateGroup"] = SsoAdminService.Handle(UpdateGroup);
        handlers["DeleteGroup"] = SsoAdminService.Handle(DeleteGroup);
        handlers["CreateGroupMembership"] = SsoAdminService.Handle(CreateGroupMembership);
        handlers["DescribeGroupMembership"] = SsoAdminService.Handle(DescribeGroupMembership);
        handlers["GetGroupMembershipId"] = SsoAdminService.Handle(GetGroupMembershipId);
        handlers["ListGroupMemberships"] = SsoAdminService.Handle(ListGroupMemberships);
        handlers["ListGroupMembershipsForMember"] = SsoAdminService.Handle(ListGroupMembershipsForMember);
        handlers["IsMemberInGroups"] = SsoAdminService.Handle(IsMemberInGroups);
        handlers["DeleteGroupMembership"] = SsoAdminService.Handle(DeleteGroupMembership);
    }

    private static JsonObject CreateUser(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:CreateUser");
        var attributes = new JsonObject();
        foreach (var (name, value) in ctx.Input)
        {
            if (name != "IdentityStoreId" && value is not null)
            {
                attributes[name] = value.DeepClone();
            }
        }

        var now = ctx.Clock.Now;
        var user = new IdentityStoreUser
        {
            UserId = NewId(instance),
            Attributes = attributes,
            CreatedAt = now,
            CreatedBy = ctx.RequiredCaller.Arn,
            UpdatedAt = now,
            UpdatedBy = ctx.RequiredCaller.Arn,
        };
        CheckUser(ctx, state, user);
        state.Users[user.UserId] = user;
        return new JsonObject { ["IdentityStoreId"] = instance.IdentityStoreId, ["UserId"] = user.UserId };
    }

    private static JsonObject DescribeUser(OperationContext ctx, IdentityCenterState state)
    {
        var userId = ctx.RequiredString("UserId");
        var instance = RequireStore(ctx, state, "identitystore:DescribeUser", UserArn(ctx, userId));
        var user = RequireUser(ctx, state, userId);
        return User(instance, user, ctx.Strings("Extensions").ToHashSet(StringComparer.Ordinal));
    }

    private static JsonObject ListUsers(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:ListUsers");
        var userName = Filter(ctx, "UserName");
        var extensions = ctx.Strings("Extensions").ToHashSet(StringComparer.Ordinal);
        var users = state.Users.Values
            .Where(u => userName is null || string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(u => u.CreatedAt)
            .Select(u => (JsonNode)User(instance, u, extensions))
            .ToList();
        var (page, next) = Paging.Page(users, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["Users"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject GetUserId(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:GetUserId");
        var (path, value) = UniqueAttribute(ctx);
        IdentityStoreUser? user = path?.ToLowerInvariant() switch
        {
            null => null,
            "username" => state.UserByName(value!),
            "emails.value" => state.Users.Values.FirstOrDefault(u => (u.Attributes["Emails"] as JsonArray ?? [])
                .Any(e => string.Equals(ServiceState.AsString(e?["Value"]), value, StringComparison.OrdinalIgnoreCase))),
            _ => throw ctx.Error("ValidationException", $"AttributePath {path} is not supported: use userName or emails.value."),
        };
        return user is null
            ? throw ctx.Error("ResourceNotFoundException", "USER not found.")
            : new JsonObject { ["IdentityStoreId"] = instance.IdentityStoreId, ["UserId"] = user.UserId };
    }

    private static JsonObject? UpdateUser(OperationContext ctx, IdentityCenterState state)
    {
        var userId = ctx.RequiredString("UserId");
        RequireStore(ctx, state, "identitystore:UpdateUser", UserArn(ctx, userId));
        var user = RequireUser(ctx, state, userId);
        var updated = (JsonObject)user.Attributes.DeepClone();
        foreach (var operation in ctx.Array("Operations")?.OfType<JsonObject>() ?? [])
        {
            var path = ServiceState.AsString(operation["AttributePath"]) ?? "";
            var segments = path.Split('.');
            if (segments.Length > 2 || segments.Any(s => s.Length == 0))
            {
                throw ctx.Error("ValidationException", $"AttributePath {path} is not a user attribute.");
            }

            var parent = updated;
            var name = UpperFirst(segments[0]);
            if (segments.Length == 2)
            {
                if (updated[name] is not JsonObject child)
                {
                    updated[name] = child = [];
                }

                parent = child;
                name = UpperFirst(segments[1]);
            }

            if (operation["AttributeValue"] is { } value)
            {
                parent[name] = Normalize(value.DeepClone());
            }
            else
            {
                parent.Remove(name);
            }
        }

        var candidate = new IdentityStoreUser { UserId = user.UserId, Attributes = updated };
        CheckUser(ctx, state, candidate);
        user.Attributes = updated;
        user.UserName = candidate.UserName;
        user.UpdatedAt = ctx.Clock.Now;
        user.UpdatedBy = ctx.RequiredCaller.Arn;
        return null;
    }

    private static JsonObject? DeleteUser(OperationContext ctx, IdentityCenterState state)
    {
        var userId = ctx.RequiredString("UserId");
        RequireStore(ctx, state, "identitystore:DeleteUser", UserArn(ctx, userId));
        RequireUser(ctx, state, userId);
        state.Users.Remove(userId);
        RemovePrincipalTraces(ctx, state, "USER", userId);
        return null;
    }

    /// <summary>A deleted user or group takes its memberships and account assignments with it, as in Identity Center.</summary>
    private static void RemovePrincipalTraces(OperationContext ctx, IdentityCenterState state, string principalType, string principalId)
    {
        foreach (var membership in state.Memberships.Values.Where(m => (principalType == "USER" ? m.UserId : m.GroupId) == principalId).ToList())
        {
            state.Memberships.Remove(membership.MembershipId);
        }

        SsoAdminService.RemoveAssignments(ctx.Host, state, a => a.PrincipalType == principalType && a.PrincipalId == principalId);
    }

    private static JsonObject CreateGroup(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:CreateGroup");
        var displayName = ctx.String("DisplayName")
            ?? throw ctx.Error("ValidationException", "DisplayName is required for groups of an IAM Identity Center identity store.");
        CheckGroupName(ctx, state, displayName, null);
        var now = ctx.Clock.Now;
        var group = new IdentityStoreGroup
        {
            GroupId = NewId(instance),
            DisplayName = displayName,
            Description = ctx.String("Description"),
            CreatedAt = now,
            CreatedBy = ctx.RequiredCaller.Arn,
            UpdatedAt = now,
            UpdatedBy = ctx.RequiredCaller.Arn,
        };
        state.Groups[group.GroupId] = group;
        return new JsonObject { ["GroupId"] = group.GroupId, ["IdentityStoreId"] = instance.IdentityStoreId };
    }

    private static JsonObject DescribeGroup(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        var instance = RequireStore(ctx, state, "identitystore:DescribeGroup", GroupArn(ctx, groupId));
        return Group(instance, RequireGroup(ctx, state, groupId));
    }

    private static JsonObject ListGroups(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:ListGroups");
        var displayName = Filter(ctx, "DisplayName");
        var groups = state.Groups.Values
            .Where(g => displayName is null || string.Equals(g.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(g => g.CreatedAt)
            .Select(g => (JsonNode)Group(instance, g))
            .ToList();
        var (page, next) = Paging.Page(groups, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["Groups"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject GetGroupId(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:GetGroupId");
        var (path, value) = UniqueAttribute(ctx);
        IdentityStoreGroup? group = path?.ToLowerInvariant() switch
        {
            null => null,
            "displayname" => state.Groups.Values.FirstOrDefault(g => string.Equals(g.DisplayName, value, StringComparison.OrdinalIgnoreCase)),
            _ => throw ctx.Error("ValidationException", $"AttributePath {path} is not supported: use displayName."),
        };
        return group is null
            ? throw ctx.Error("ResourceNotFoundException", "GROUP not found.")
            : new JsonObject { ["GroupId"] = group.GroupId, ["IdentityStoreId"] = instance.IdentityStoreId };
    }

    private static JsonObject? UpdateGroup(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        RequireStore(ctx, state, "identitystore:UpdateGroup", GroupArn(ctx, groupId));
        var group = RequireGroup(ctx, state, groupId);
        var displayName = group.DisplayName;
        var description = group.Description;
        foreach (var operation in ctx.Array("Operations")?.OfType<JsonObject>() ?? [])
        {
            var path = ServiceState.AsString(operation["AttributePath"]) ?? "";
            var value = operation["AttributeValue"];
            switch (path.ToLowerInvariant())
            {
                case "displayname":
                    displayName = ServiceState.AsString(value) ?? throw ctx.Error("ValidationException", "displayName must be a non-empty string.");
                    break;
                case "description":
                    description = value is null ? null : ServiceState.AsString(value) ?? throw ctx.Error("ValidationException", "description must be a string.");
                    break;
                default:
                    throw ctx.Error("ValidationException", $"AttributePath {path} is not a group attribute.");
            }
        }

        CheckGroupName(ctx, state, displayName, groupId);
        group.DisplayName = displayName;
        group.Description = description;
        group.UpdatedAt = ctx.Clock.Now;
        group.UpdatedBy = ctx.RequiredCaller.Arn;
        return null;
    }

    private static JsonObject? DeleteGroup(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        RequireStore(ctx, state, "identitystore:DeleteGroup", GroupArn(ctx, groupId));
        RequireGroup(ctx, state, groupId);
        state.Groups.Remove(groupId);
        RemovePrincipalTraces(ctx, state, "GROUP", groupId);
        return null;
    }

    private static JsonObject CreateGroupMembership(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        var instance = RequireStore(ctx, state, "identitystore:CreateGroupMembership", GroupArn(ctx, groupId));
        RequireGroup(ctx, state, groupId);
        var userId = MemberUserId(ctx);
        RequireUser(ctx, state, userId);
        if (state.Memberships.Values.Any(m => m.GroupId == groupId && m.UserId == userId))
        {
            throw ctx.Error("ConflictException", "Member and Group relationship already exists.");
        }

        var membership = new GroupMembershipRecord
        {
            MembershipId = NewId(instance),
            GroupId = groupId,
            UserId = userId,
            CreatedAt = ctx.Clock.Now,
            CreatedBy = ctx.RequiredCaller.Arn,
        };
        state.Memberships[membership.MembershipId] = membership;
        return new JsonObject { ["MembershipId"] = membership.MembershipId, ["IdentityStoreId"] = instance.IdentityStoreId };
    }

    private static JsonObject DescribeGroupMembership(OperationContext ctx, IdentityCenterState state)
    {
        var membershipId = ctx.RequiredString("MembershipId");
        var instance = RequireStore(ctx, state, "identitystore:DescribeGroupMembership", MembershipArn(ctx, membershipId));
        var membership = state.Memberships.GetValueOrDefault(membershipId)
            ?? throw ctx.Error("ResourceNotFoundException", "GROUP_MEMBERSHIP not found.");
        return Membership(instance, membership);
    }

    private static JsonObject GetGroupMembershipId(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        var instance = RequireStore(ctx, state, "identitystore:GetGroupMembershipId", GroupArn(ctx, groupId));
        var userId = MemberUserId(ctx);
        var membership = state.Memberships.Values.FirstOrDefault(m => m.GroupId == groupId && m.UserId == userId)
            ?? throw ctx.Error("ResourceNotFoundException", "GROUP_MEMBERSHIP not found.");
        return new JsonObject { ["MembershipId"] = membership.MembershipId, ["IdentityStoreId"] = instance.IdentityStoreId };
    }

    private static JsonObject ListGroupMemberships(OperationContext ctx, IdentityCenterState state)
    {
        var groupId = ctx.RequiredString("GroupId");
        var instance = RequireStore(ctx, state, "identitystore:ListGroupMemberships", GroupArn(ctx, groupId));
        RequireGroup(ctx, state, groupId);
        var memberships = state.Memberships.Values
            .Where(m => m.GroupId == groupId)
            .OrderBy(m => m.CreatedAt)
            .Select(m => (JsonNode)Membership(instance, m))
            .ToList();
        var (page, next) = Paging.Page(memberships, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["GroupMemberships"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject ListGroupMembershipsForMember(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireStore(ctx, state, "identitystore:ListGroupMembershipsForMember");
        var userId = MemberUserId(ctx);
        RequireUser(ctx, state, userId);
        var memberships = state.Memberships.Values
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt)
            .Select(m => (JsonNode)Membership(instance, m))
            .ToList();
        var (page, next) = Paging.Page(memberships, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["GroupMemberships"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject IsMemberInGroups(OperationContext ctx, IdentityCenterState state)
    {
        RequireStore(ctx, state, "identitystore:IsMemberInGroups");
        var userId = MemberUserId(ctx);
        RequireUser(ctx, state, userId);
        var results = ctx.Strings("GroupIds")
            .Select(groupId => (JsonNode)new JsonObject
            {
                ["GroupId"] = groupId,
                ["MemberId"] = new JsonObject { ["UserId"] = userId },
                ["MembershipExists"] = state.Memberships.Values.Any(m => m.GroupId == groupId && m.UserId == userId),
            })
            .ToList();
        return new JsonObject { ["Results"] = new JsonArray([.. results]) };
    }

    private static JsonObject? DeleteGroupMembership(OperationContext ctx, IdentityCenterState state)
    {
        var membershipId = ctx.RequiredString("MembershipId");
        RequireStore(ctx, state, "identitystore:DeleteGroupMembership", MembershipArn(ctx, membershipId));
        if (!state.Memberships.Remove(membershipId))
        {
            throw ctx.Error("ResourceNotFoundException", "GROUP_MEMBERSHIP not found.");
        }

        return null;
    }

    /// <summary>
    /// Authorises the action on the identity store (and on the user, group or membership when given) and returns
    /// the instance whose store it is.
    /// </summary>
    private static IdentityCenterInstance RequireStore(OperationContext ctx, IdentityCenterState state, string action, string? resourceArn = null)
    {
        var id = ctx.RequiredString("IdentityStoreId");
        var owner = state.Instance is { } known && known.IdentityStoreId == id ? known.OwnerAccountId : ctx.RequiredCaller.AccountId;
        ctx.Authorize(action, $"arn:{ctx.Partition}:identitystore::{owner}:identitystore/{id}");
        if (resourceArn is not null)
        {
            ctx.Authorize(action, resourceArn);
        }

        if (state.Instance is not { } instance || instance.IdentityStoreId != id)
        {
            throw ctx.Error("ResourceNotFoundException", $"IDENTITY_STORE {id} not found.");
        }

        if (instance.OwnerAccountId != ctx.RequiredCaller.AccountId)
        {
            throw ctx.Error("AccessDeniedException", $"User: {ctx.RequiredCaller.Arn} is not authorized to perform: {action} on identity store {id}");
        }

        return instance;
    }

    private static IdentityStoreUser RequireUser(OperationContext ctx, IdentityCenterState state, string userId) =>
        state.Users.GetValueOrDefault(userId) ?? throw ctx.Error("ResourceNotFoundException", $"USER {userId} not found.");

    private static IdentityStoreGroup RequireGroup(OperationContext ctx, IdentityCenterState state, string groupId) =>
        state.Groups.GetValueOrDefault(groupId) ?? throw ctx.Error("ResourceNotFoundException", $"GROUP {groupId} not found.");

    /// <summary>
    /// Validates a user as Identity Center does, after the model: the attribute document must fit the model's user
    /// shape (UpdateUser values are documents the model cannot check), required attributes present, unique user
    /// name, no reserved names.
    /// </summary>
    private static void CheckUser(OperationContext ctx, IdentityCenterState state, IdentityStoreUser user)
    {
        var candidate = (JsonObject)user.Attributes.DeepClone();
        candidate["IdentityStoreId"] = state.Instance!.IdentityStoreId;
        var violations = ctx.Service.Codec.CheckShape("CreateUserRequest", candidate);
        if (violations.Count > 0)
        {
            throw ctx.Service.Codec.CreateException(violations);
        }

        var attributes = user.Attributes;
        var userName = ServiceState.AsString(attributes["UserName"])
            ?? throw ctx.Error("ValidationException", "UserName is required for users of an IAM Identity Center identity store.");
        if (ServiceState.AsString(attributes["DisplayName"]) is null)
        {
            throw ctx.Error("ValidationException", "DisplayName is required for users of an IAM Identity Center identity store.");
        }

        if (attributes["Name"] is not JsonObject name || ServiceState.AsString(name["GivenName"]) is null || ServiceState.AsString(name["FamilyName"]) is null)
        {
            throw ctx.Error("ValidationException", "Name.GivenName and Name.FamilyName are required for users of an IAM Identity Center identity store.");
        }

        if (s_reservedNames.Contains(userName))
        {
            throw ctx.Error("ValidationException", $"{userName} is a reserved name and can't be used for users or groups.");
        }

        if (state.Users.Values.Any(u => u.UserId != user.UserId && string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            throw ctx.Error("ConflictException", "Duplicate UserName");
        }

        user.UserName = userName;
    }

    private static void CheckGroupName(OperationContext ctx, IdentityCenterState state, string displayName, string? groupId)
    {
        if (s_reservedNames.Contains(displayName))
        {
            throw ctx.Error("ValidationException", $"{displayName} is a reserved name and can't be used for users or groups.");
        }

        if (state.Groups.Values.Any(g => g.GroupId != groupId && string.Equals(g.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)))
        {
            throw ctx.Error("ConflictException", "Duplicate GroupDisplayName");
        }
    }

    /// <summary>The value of the one supported ListUsers/ListGroups filter (deprecated by AWS but still served).</summary>
    private static string? Filter(OperationContext ctx, string attribute)
    {
        string? value = null;
        foreach (var filter in ctx.Array("Filters")?.OfType<JsonObject>() ?? [])
        {
            var path = ServiceState.AsString(filter["AttributePath"]);
            if (!string.Equals(path, attribute, StringComparison.OrdinalIgnoreCase))
            {
                throw ctx.Error("ValidationException", $"Filtering on {path} is not supported: only {attribute} can be filtered.");
            }

            value = ServiceState.AsString(filter["AttributeValue"]);
        }

        return value;
    }

    /// <summary>The AlternateIdentifier: (path, value) of a UniqueAttribute, or (null, null) for an ExternalId (none exist here).</summary>
    private static (string? Path, string? Value) UniqueAttribute(OperationContext ctx)
    {
        var identifier = ctx.Object("AlternateIdentifier");
        if (identifier?["UniqueAttribute"] is not JsonObject unique)
        {
            return (null, null);
        }

        var path = ServiceState.AsString(unique["AttributePath"]) ?? "";
        var value = ServiceState.AsString(unique["AttributeValue"])
            ?? throw ctx.Error("ValidationException", "AttributeValue must be a string.");
        return (path, value);
    }

    private static string MemberUserId(OperationContext ctx) =>
        ServiceState.AsString(ctx.Object("MemberId")?["UserId"]) ?? throw ctx.Error("ValidationException", "MemberId.UserId is required.");

    private static JsonObject User(IdentityCenterInstance instance, IdentityStoreUser user, IReadOnlySet<string> extensions)
    {
        var output = new JsonObject
        {
            ["IdentityStoreId"] = instance.IdentityStoreId,
            ["UserId"] = user.UserId,
        };
        foreach (var (name, value) in user.Attributes)
        {
            if (name != "Extensions")
            {
                output[name] = value?.DeepClone();
            }
        }

        if (user.Attributes["Extensions"] is JsonObject stored && extensions.Count > 0)
        {
            var selected = new JsonObject();
            foreach (var (name, value) in stored)
            {
                if (extensions.Contains(name))
                {
                    selected[name] = value?.DeepClone();
                }
            }

            output["Extensions"] = selected;
        }

        output["UserStatus"] = "ENABLED";
        output["CreatedAt"] = user.CreatedAt;
        output["CreatedBy"] = user.CreatedBy;
        output["UpdatedAt"] = user.UpdatedAt;
        output["UpdatedBy"] = user.UpdatedBy;
        return output;
    }

    private static JsonObject Group(IdentityCenterInstance instance, IdentityStoreGroup group) => new()
    {
        ["GroupId"] = group.GroupId,
        ["DisplayName"] = group.DisplayName,
        ["Description"] = group.Description,
        ["CreatedAt"] = group.CreatedAt,
        ["CreatedBy"] = group.CreatedBy,
        ["UpdatedAt"] = group.UpdatedAt,
        ["UpdatedBy"] = group.UpdatedBy,
        ["IdentityStoreId"] = instance.IdentityStoreId,
    };

    private static JsonObject Membership(IdentityCenterInstance instance, GroupMembershipRecord membership) => new()
    {
        ["IdentityStoreId"] = instance.IdentityStoreId,
        ["MembershipId"] = membership.MembershipId,
        ["GroupId"] = membership.GroupId,
        ["MemberId"] = new JsonObject { ["UserId"] = membership.UserId },
        ["CreatedAt"] = membership.CreatedAt,
        ["CreatedBy"] = membership.CreatedBy,
        ["UpdatedAt"] = membership.CreatedAt,
        ["UpdatedBy"] = membership.CreatedBy,
    };

    /// <summary>Resource ids as AWS forms them for a new identity store: the store's 10 hex digits, '-', a UUID.</summary>
    private static string NewId(IdentityCenterInstance instance) => $"{instance.IdentityStoreId[2..]}-{Guid.NewGuid()}";

    /// <summary>UpdateUser values are documents in attribute-path spelling (value, type, primary): use member names.</summary>
    private static JsonNode Normalize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    result[UpperFirst(key)] = value is null ? null : Normalize(value);
                }

                return result;
            case JsonArray array:
                var items = array.Select(item => item is null ? null : Normalize(item.DeepClone())).ToArray();
                return new JsonArray(items);
            default:
                return node;
        }
    }

    private static string UpperFirst(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string UserArn(OperationContext ctx, string userId) => $"arn:{ctx.Partition}:identitystore:::user/{userId}";

    private static string GroupArn(OperationContext ctx, string groupId) => $"arn:{ctx.Partition}:identitystore:::group/{groupId}";

    private static string MembershipArn(OperationContext ctx, string membershipId) => $"arn:{ctx.Partition}:identitystore:::membership/{membershipId}";

    private static SandboxException InvalidToken(OperationContext ctx) => ctx.Error("ValidationException", "The NextToken is invalid.");
}
