using System.Text.Json;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.IdentityStore;

namespace EksSso.Engine.IdentityCenter;

public sealed record IdentityStoreUser(
    string IdentityStoreId,
    string UserId,
    string UserName,
    string? DisplayName,
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? Status);

public sealed record IdentityStoreGroup(string IdentityStoreId, string GroupId, string GroupName, string? Description);

/// <summary>
/// Users, groups and memberships of one identity store, looked up by their unique names (userName, group
/// displayName) the way people refer to them. Lookups return null for "no such user/group"; every other error
/// propagates.
/// </summary>
public sealed class IdentityStoreDirectory(AwsTransport transport, string identityStoreId)
{
    private readonly IdentityStoreClient _client = new(transport);

    public string IdentityStoreId { get; } = identityStoreId;

    public async Task<IdentityStoreUser?> FindUserAsync(string userName, CancellationToken cancellationToken)
    {
        var id = await FindIdAsync(
            ct => _client.GetUserIdAsync(new GetUserIdRequest { IdentityStoreId = IdentityStoreId, AlternateIdentifier = AlternateIdentifier.ByAttribute("userName", userName) }, ct),
            r => r.UserId,
            cancellationToken).ConfigureAwait(false);
        return id is null ? null : await GetUserAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IdentityStoreUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var u = await _client.DescribeUserAsync(new DescribeUserRequest { IdentityStoreId = IdentityStoreId, UserId = userId }, cancellationToken).ConfigureAwait(false);
        return new IdentityStoreUser(IdentityStoreId, u.UserId ?? userId, u.UserName ?? "", u.DisplayName, u.Name?.GivenName, u.Name?.FamilyName, PrimaryEmail(u.Emails), u.UserStatus);
    }

    public async IAsyncEnumerable<IdentityStoreUser> ListUsersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var u in _client.ListAllUsersAsync(new ListUsersRequest { IdentityStoreId = IdentityStoreId }, cancellationToken).ConfigureAwait(false))
        {
            yield return new IdentityStoreUser(IdentityStoreId, u.UserId ?? "", u.UserName ?? "", u.DisplayName, u.Name?.GivenName, u.Name?.FamilyName, PrimaryEmail(u.Emails), u.UserStatus);
        }
    }

    public async Task<IdentityStoreUser> CreateUserAsync(string userName, string email, string givenName, string familyName, string displayName, CancellationToken cancellationToken)
    {
        var created = await _client.CreateUserAsync(
            new CreateUserRequest
            {
                IdentityStoreId = IdentityStoreId,
                UserName = userName,
                DisplayName = displayName,
                Name = new Name { GivenName = givenName, FamilyName = familyName },
                Emails = [new Email { Value = email, Type = "work", Primary = true }],
            },
            cancellationToken).ConfigureAwait(false);
        return await GetUserAsync(created.UserId ?? throw new InvalidDataException("CreateUser returned no UserId."), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The attribute operations that bring <paramref name="user"/> to the wanted values (null = leave alone).</summary>
    public static List<AttributeOperation> UserChanges(IdentityStoreUser user, string? email, string? givenName, string? familyName, string? displayName)
    {
        var changes = new List<AttributeOperation>();
        if (email is not null && !string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(new AttributeOperation { AttributePath = "emails", AttributeValue = JsonSerializer.SerializeToElement(new[] { new { value = email, type = "work", primary = true } }) });
        }

        Add("name.givenName", givenName, user.GivenName);
        Add("name.familyName", familyName, user.FamilyName);
        Add("displayName", displayName, user.DisplayName);
        return changes;

        void Add(string path, string? wanted, string? current)
        {
            if (wanted is not null && !string.Equals(wanted, current, StringComparison.Ordinal))
            {
                changes.Add(new AttributeOperation { AttributePath = path, AttributeValue = JsonSerializer.SerializeToElement(wanted) });
            }
        }
    }

    public async Task<IdentityStoreUser> UpdateUserAsync(IdentityStoreUser user, List<AttributeOperation> changes, CancellationToken cancellationToken)
    {
        await _client.UpdateUserAsync(new UpdateUserRequest { IdentityStoreId = IdentityStoreId, UserId = user.UserId, Operations = changes }, cancellationToken).ConfigureAwait(false);
        return await GetUserAsync(user.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IdentityStoreGroup?> FindGroupAsync(string displayName, CancellationToken cancellationToken)
    {
        var id = await FindIdAsync(
            ct => _client.GetGroupIdAsync(new GetGroupIdRequest { IdentityStoreId = IdentityStoreId, AlternateIdentifier = AlternateIdentifier.ByAttribute("displayName", displayName) }, ct),
            r => r.GroupId,
            cancellationToken).ConfigureAwait(false);
        return id is null ? null : await GetGroupAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IdentityStoreGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        var g = await _client.DescribeGroupAsync(new DescribeGroupRequest { IdentityStoreId = IdentityStoreId, GroupId = groupId }, cancellationToken).ConfigureAwait(false);
        return new IdentityStoreGroup(IdentityStoreId, g.GroupId ?? groupId, g.DisplayName ?? "", g.Description);
    }

    public async IAsyncEnumerable<IdentityStoreGroup> ListGroupsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var g in _client.ListAllGroupsAsync(new ListGroupsRequest { IdentityStoreId = IdentityStoreId }, cancellationToken).ConfigureAwait(false))
        {
            yield return new IdentityStoreGroup(IdentityStoreId, g.GroupId ?? "", g.DisplayName ?? "", g.Description);
        }
    }

    public async Task<IdentityStoreGroup> CreateGroupAsync(string displayName, string? description, CancellationToken cancellationToken)
    {
        var created = await _client.CreateGroupAsync(new CreateGroupRequest { IdentityStoreId = IdentityStoreId, DisplayName = displayName, Description = description }, cancellationToken).ConfigureAwait(false);
        return await GetGroupAsync(created.GroupId ?? throw new InvalidDataException("CreateGroup returned no GroupId."), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IdentityStoreGroup> UpdateGroupDescriptionAsync(IdentityStoreGroup group, string description, CancellationToken cancellationToken)
    {
        await _client.UpdateGroupAsync(
            new UpdateGroupRequest
            {
                IdentityStoreId = IdentityStoreId,
                GroupId = group.GroupId,
                Operations = [new AttributeOperation { AttributePath = "description", AttributeValue = JsonSerializer.SerializeToElement(description) }],
            },
            cancellationToken).ConfigureAwait(false);
        return await GetGroupAsync(group.GroupId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The membership id of the user in the group; null when the user is not a member.</summary>
    public Task<string?> FindMembershipAsync(string groupId, string userId, CancellationToken cancellationToken) =>
        FindIdAsync(
            ct => _client.GetGroupMembershipIdAsync(new GetGroupMembershipIdRequest { IdentityStoreId = IdentityStoreId, GroupId = groupId, MemberId = new MemberId { UserId = userId } }, ct),
            r => r.MembershipId,
            cancellationToken);

    public async Task<string> CreateMembershipAsync(string groupId, string userId, CancellationToken cancellationToken) =>
        (await _client.CreateGroupMembershipAsync(new CreateGroupMembershipRequest { IdentityStoreId = IdentityStoreId, GroupId = groupId, MemberId = new MemberId { UserId = userId } }, cancellationToken).ConfigureAwait(false)).MembershipId
        ?? throw new InvalidDataException("CreateGroupMembership returned no MembershipId.");

    public Task DeleteMembershipAsync(string membershipId, CancellationToken cancellationToken) =>
        _client.DeleteGroupMembershipAsync(new DeleteGroupMembershipRequest { IdentityStoreId = IdentityStoreId, MembershipId = membershipId }, cancellationToken);

    /// <summary>(membership id, user id) of every member of the group.</summary>
    public async IAsyncEnumerable<(string MembershipId, string UserId)> ListMembersAsync(string groupId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var m in _client.ListAllGroupMembershipsAsync(new ListGroupMembershipsRequest { IdentityStoreId = IdentityStoreId, GroupId = groupId }, cancellationToken).ConfigureAwait(false))
        {
            if (m.MembershipId is { } id && m.MemberId?.UserId is { } userId)
            {
                yield return (id, userId);
            }
        }
    }

    private static string? PrimaryEmail(List<Email>? emails) =>
        emails?.FirstOrDefault(e => e.Primary == true)?.Value ?? emails?.FirstOrDefault()?.Value;

    private static async Task<string?> FindIdAsync<T>(Func<CancellationToken, Task<T>> call, Func<T, string?> id, CancellationToken cancellationToken)
    {
        try
        {
            return id(await call(cancellationToken).ConfigureAwait(false));
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }
}
