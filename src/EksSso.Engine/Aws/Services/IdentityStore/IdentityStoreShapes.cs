using System.Text.Json;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.IdentityStore;

public sealed class CreateUserRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    public string? UserName { get; set; }

    public Name? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? NickName { get; set; }

    public string? ProfileUrl { get; set; }

    public List<Email>? Emails { get; set; }

    public List<Address>? Addresses { get; set; }

    public List<PhoneNumber>? PhoneNumbers { get; set; }

    public string? UserType { get; set; }

    public string? Title { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? Locale { get; set; }

    public string? Timezone { get; set; }

    public List<Photo>? Photos { get; set; }

    public string? Website { get; set; }

    public string? Birthdate { get; set; }

    public List<Role>? Roles { get; set; }

    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

public sealed class CreateUserResponse
{
    public string? IdentityStoreId { get; set; }

    public string? UserId { get; set; }
}

public sealed class DescribeUserRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? UserId { get; set; }

    public List<string>? Extensions { get; set; }
}

public sealed class DescribeUserResponse
{
    public string? IdentityStoreId { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public List<ExternalId>? ExternalIds { get; set; }

    public Name? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? NickName { get; set; }

    public string? ProfileUrl { get; set; }

    public List<Email>? Emails { get; set; }

    public List<Address>? Addresses { get; set; }

    public List<PhoneNumber>? PhoneNumbers { get; set; }

    public string? UserType { get; set; }

    public string? Title { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? Locale { get; set; }

    public string? Timezone { get; set; }

    [AwsEnum(typeof(UserStatus))]
    public string? UserStatus { get; set; }

    public List<Photo>? Photos { get; set; }

    public string? Website { get; set; }

    public string? Birthdate { get; set; }

    public List<Role>? Roles { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

public sealed class ListUsersRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    public List<string>? Extensions { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListUsersResponse
{
    public List<User>? Users { get; set; }

    public string? NextToken { get; set; }
}

public sealed class GetUserIdRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public AlternateIdentifier? AlternateIdentifier { get; set; }
}

public sealed class GetUserIdResponse
{
    public string? IdentityStoreId { get; set; }

    public string? UserId { get; set; }
}

public sealed class UpdateUserRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? UserId { get; set; }

    [AwsRequired]
    public List<AttributeOperation>? Operations { get; set; }
}

public sealed class UpdateUserResponse;

public sealed class CreateGroupRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    public string? DisplayName { get; set; }

    public string? Description { get; set; }
}

public sealed class CreateGroupResponse
{
    public string? GroupId { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class DescribeGroupRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? GroupId { get; set; }
}

public sealed class DescribeGroupResponse
{
    public string? GroupId { get; set; }

    public string? DisplayName { get; set; }

    public List<ExternalId>? ExternalIds { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class ListGroupsRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListGroupsResponse
{
    public List<Group>? Groups { get; set; }

    public string? NextToken { get; set; }
}

public sealed class GetGroupIdRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public AlternateIdentifier? AlternateIdentifier { get; set; }
}

public sealed class GetGroupIdResponse
{
    public string? GroupId { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class UpdateGroupRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? GroupId { get; set; }

    [AwsRequired]
    public List<AttributeOperation>? Operations { get; set; }
}

public sealed class UpdateGroupResponse;

public sealed class CreateGroupMembershipRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? GroupId { get; set; }

    [AwsRequired]
    public MemberId? MemberId { get; set; }
}

public sealed class CreateGroupMembershipResponse
{
    public string? MembershipId { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class GetGroupMembershipIdRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? GroupId { get; set; }

    [AwsRequired]
    public MemberId? MemberId { get; set; }
}

public sealed class GetGroupMembershipIdResponse
{
    public string? MembershipId { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class ListGroupMembershipsRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? GroupId { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListGroupMembershipsResponse
{
    public List<GroupMembership>? GroupMemberships { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListGroupMembershipsForMemberRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public MemberId? MemberId { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListGroupMembershipsForMemberResponse
{
    public List<GroupMembership>? GroupMemberships { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DeleteGroupMembershipRequest
{
    [AwsRequired]
    public string? IdentityStoreId { get; set; }

    [AwsRequired]
    public string? MembershipId { get; set; }
}

public sealed class DeleteGroupMembershipResponse;

public sealed class Name
{
    public string? Formatted { get; set; }

    public string? FamilyName { get; set; }

    public string? GivenName { get; set; }

    public string? MiddleName { get; set; }

    public string? HonorificPrefix { get; set; }

    public string? HonorificSuffix { get; set; }
}

public sealed class Email
{
    public string? Value { get; set; }

    public string? Type { get; set; }

    public bool? Primary { get; set; }
}

public sealed class Address
{
    public string? StreetAddress { get; set; }

    public string? Locality { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }

    public string? Formatted { get; set; }

    public string? Type { get; set; }

    public bool? Primary { get; set; }
}

public sealed class PhoneNumber
{
    public string? Value { get; set; }

    public string? Type { get; set; }

    public bool? Primary { get; set; }
}

public sealed class Photo
{
    [AwsRequired]
    public string? Value { get; set; }

    public string? Type { get; set; }

    public string? Display { get; set; }

    public bool? Primary { get; set; }
}

public sealed class Role
{
    public string? Value { get; set; }

    public string? Type { get; set; }

    public bool? Primary { get; set; }
}

/// <summary>A union: set exactly one of <see cref="ExternalId"/> and <see cref="UniqueAttribute"/>.</summary>
public sealed class AlternateIdentifier
{
    public ExternalId? ExternalId { get; set; }

    public UniqueAttribute? UniqueAttribute { get; set; }

    /// <summary>Identifies a user or group by a unique attribute, e.g. <c>("userName", "jdoe")</c> for a user or <c>("displayName", "Admins")</c> for a group.</summary>
    public static AlternateIdentifier ByAttribute(string attributePath, string value) =>
        new() { UniqueAttribute = new UniqueAttribute { AttributePath = attributePath, AttributeValue = JsonSerializer.SerializeToElement(value) } };
}

public sealed class ExternalId
{
    [AwsRequired]
    public string? Issuer { get; set; }

    [AwsRequired]
    public string? Id { get; set; }
}

public sealed class UniqueAttribute
{
    [AwsRequired]
    public string? AttributePath { get; set; }

    [AwsRequired]
    public JsonElement? AttributeValue { get; set; }
}

/// <summary>One change for UpdateUser: the attribute path (e.g. <c>displayName</c>, <c>name.givenName</c>) and its new value.</summary>
public sealed class AttributeOperation
{
    [AwsRequired]
    public string? AttributePath { get; set; }

    public JsonElement? AttributeValue { get; set; }
}

/// <summary>A union with a single member today: the member is a user.</summary>
public sealed class MemberId
{
    public string? UserId { get; set; }
}

public sealed class User
{
    public string? IdentityStoreId { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public List<ExternalId>? ExternalIds { get; set; }

    public Name? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? NickName { get; set; }

    public string? ProfileUrl { get; set; }

    public List<Email>? Emails { get; set; }

    public List<Address>? Addresses { get; set; }

    public List<PhoneNumber>? PhoneNumbers { get; set; }

    public string? UserType { get; set; }

    public string? Title { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? Locale { get; set; }

    public string? Timezone { get; set; }

    [AwsEnum(typeof(UserStatus))]
    public string? UserStatus { get; set; }

    public List<Photo>? Photos { get; set; }

    public string? Website { get; set; }

    public string? Birthdate { get; set; }

    public List<Role>? Roles { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

public sealed class Group
{
    public string? GroupId { get; set; }

    public string? DisplayName { get; set; }

    public List<ExternalId>? ExternalIds { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }

    public string? IdentityStoreId { get; set; }
}

public sealed class GroupMembership
{
    public string? IdentityStoreId { get; set; }

    public string? MembershipId { get; set; }

    public string? GroupId { get; set; }

    public MemberId? MemberId { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>Values of the model enum UserStatus.</summary>
public static class UserStatus
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}
