using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Iam;

public sealed class CreateRoleRequest
{
    public string? Path { get; set; }

    [AwsRequired]
    public string? RoleName { get; set; }

    [AwsRequired]
    public string? AssumeRolePolicyDocument { get; set; }

    public string? Description { get; set; }

    public int? MaxSessionDuration { get; set; }

    public string? PermissionsBoundary { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class CreateRoleResponse
{
    public Role? Role { get; set; }
}

public sealed class GetRoleRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }
}

public sealed class GetRoleResponse
{
    public Role? Role { get; set; }
}

public sealed class ListRolesRequest
{
    public string? PathPrefix { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }
}

public sealed class ListRolesResponse
{
    public List<Role>? Roles { get; set; }

    public bool? IsTruncated { get; set; }

    public string? Marker { get; set; }
}

public sealed class UpdateAssumeRolePolicyRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    [AwsRequired]
    public string? PolicyDocument { get; set; }
}

public sealed class UpdateAssumeRolePolicyResponse;

public sealed class DeleteRoleRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }
}

public sealed class DeleteRoleResponse;

public sealed class TagRoleRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    [AwsRequired]
    public List<Tag>? Tags { get; set; }
}

public sealed class TagRoleResponse;

public sealed class CreatePolicyRequest
{
    [AwsRequired]
    public string? PolicyName { get; set; }

    public string? Path { get; set; }

    [AwsRequired]
    public string? PolicyDocument { get; set; }

    public string? Description { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class CreatePolicyResponse
{
    public Policy? Policy { get; set; }
}

public sealed class GetPolicyRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }
}

public sealed class GetPolicyResponse
{
    public Policy? Policy { get; set; }
}

public sealed class GetPolicyVersionRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }

    [AwsRequired]
    public string? VersionId { get; set; }
}

public sealed class GetPolicyVersionResponse
{
    public PolicyVersion? PolicyVersion { get; set; }
}

public sealed class CreatePolicyVersionRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }

    [AwsRequired]
    public string? PolicyDocument { get; set; }

    public bool? SetAsDefault { get; set; }
}

public sealed class CreatePolicyVersionResponse
{
    public PolicyVersion? PolicyVersion { get; set; }
}

public sealed class ListPolicyVersionsRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }
}

public sealed class ListPolicyVersionsResponse
{
    public List<PolicyVersion>? Versions { get; set; }

    public bool? IsTruncated { get; set; }

    public string? Marker { get; set; }
}

public sealed class DeletePolicyVersionRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }

    [AwsRequired]
    public string? VersionId { get; set; }
}

public sealed class DeletePolicyVersionResponse;

public sealed class DeletePolicyRequest
{
    [AwsRequired]
    public string? PolicyArn { get; set; }
}

public sealed class DeletePolicyResponse;

public sealed class AttachRolePolicyRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    [AwsRequired]
    public string? PolicyArn { get; set; }
}

public sealed class AttachRolePolicyResponse;

public sealed class DetachRolePolicyRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    [AwsRequired]
    public string? PolicyArn { get; set; }
}

public sealed class DetachRolePolicyResponse;

public sealed class ListAttachedRolePoliciesRequest
{
    [AwsRequired]
    public string? RoleName { get; set; }

    public string? PathPrefix { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }
}

public sealed class ListAttachedRolePoliciesResponse
{
    public List<AttachedPolicy>? AttachedPolicies { get; set; }

    public bool? IsTruncated { get; set; }

    public string? Marker { get; set; }
}

public sealed class Tag
{
    [AwsRequired]
    public string? Key { get; set; }

    [AwsRequired]
    public string? Value { get; set; }
}

public sealed class Role
{
    public string? Path { get; set; }

    public string? RoleName { get; set; }

    public string? RoleId { get; set; }

    public string? Arn { get; set; }

    public DateTimeOffset? CreateDate { get; set; }

    public string? AssumeRolePolicyDocument { get; set; }

    public string? Description { get; set; }

    public int? MaxSessionDuration { get; set; }

    public AttachedPermissionsBoundary? PermissionsBoundary { get; set; }

    public List<Tag>? Tags { get; set; }

    public RoleLastUsed? RoleLastUsed { get; set; }
}

public sealed class AttachedPermissionsBoundary
{
    [AwsEnum(typeof(PermissionsBoundaryAttachmentType))]
    public string? PermissionsBoundaryType { get; set; }

    public string? PermissionsBoundaryArn { get; set; }
}

public sealed class RoleLastUsed
{
    public DateTimeOffset? LastUsedDate { get; set; }

    public string? Region { get; set; }
}

public sealed class Policy
{
    public string? PolicyName { get; set; }

    public string? PolicyId { get; set; }

    public string? Arn { get; set; }

    public string? Path { get; set; }

    public string? DefaultVersionId { get; set; }

    public int? AttachmentCount { get; set; }

    public int? PermissionsBoundaryUsageCount { get; set; }

    public bool? IsAttachable { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreateDate { get; set; }

    public DateTimeOffset? UpdateDate { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class PolicyVersion
{
    public string? Document { get; set; }

    public string? VersionId { get; set; }

    public bool? IsDefaultVersion { get; set; }

    public DateTimeOffset? CreateDate { get; set; }
}

public sealed class AttachedPolicy
{
    public string? PolicyName { get; set; }

    public string? PolicyArn { get; set; }
}

/// <summary>Values of the model enum PermissionsBoundaryAttachmentType.</summary>
public static class PermissionsBoundaryAttachmentType
{
    public const string PermissionsBoundaryPolicy = "PermissionsBoundaryPolicy";
}
