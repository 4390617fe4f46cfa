using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.SsoAdmin;

public sealed class ListInstancesRequest
{
    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListInstancesResponse
{
    public List<InstanceMetadata>? Instances { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeInstanceRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }
}

public sealed class DescribeInstanceResponse
{
    public string? InstanceArn { get; set; }

    public string? IdentityStoreId { get; set; }

    public string? OwnerAccountId { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    [AwsEnum(typeof(InstanceStatus))]
    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public EncryptionConfigurationDetails? EncryptionConfigurationDetails { get; set; }

    public bool? PermissionSetsEnabled { get; set; }
}

public sealed class CreatePermissionSetRequest
{
    [AwsRequired]
    public string? Name { get; set; }

    public string? Description { get; set; }

    [AwsRequired]
    public string? InstanceArn { get; set; }

    public string? SessionDuration { get; set; }

    public string? RelayState { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class CreatePermissionSetResponse
{
    public PermissionSet? PermissionSet { get; set; }
}

public sealed class DescribePermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }
}

public sealed class DescribePermissionSetResponse
{
    public PermissionSet? PermissionSet { get; set; }
}

public sealed class ListPermissionSetsRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class ListPermissionSetsResponse
{
    public List<string>? PermissionSets { get; set; }

    public string? NextToken { get; set; }
}

public sealed class UpdatePermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    public string? Description { get; set; }

    public string? SessionDuration { get; set; }

    public string? RelayState { get; set; }
}

public sealed class UpdatePermissionSetResponse;

public sealed class AttachManagedPolicyToPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsRequired]
    public string? ManagedPolicyArn { get; set; }
}

public sealed class AttachManagedPolicyToPermissionSetResponse;

public sealed class DetachManagedPolicyFromPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsRequired]
    public string? ManagedPolicyArn { get; set; }
}

public sealed class DetachManagedPolicyFromPermissionSetResponse;

public sealed class ListManagedPoliciesInPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListManagedPoliciesInPermissionSetResponse
{
    public List<AttachedManagedPolicy>? AttachedManagedPolicies { get; set; }

    public string? NextToken { get; set; }
}

public sealed class PutInlinePolicyToPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsRequired]
    public string? InlinePolicy { get; set; }
}

public sealed class PutInlinePolicyToPermissionSetResponse;

public sealed class GetInlinePolicyForPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }
}

public sealed class GetInlinePolicyForPermissionSetResponse
{
    public string? InlinePolicy { get; set; }
}

public sealed class DeleteInlinePolicyFromPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }
}

public sealed class DeleteInlinePolicyFromPermissionSetResponse;

public sealed class ListAccountsForProvisionedPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsEnum(typeof(ProvisioningStatus))]
    public string? ProvisioningStatus { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListAccountsForProvisionedPermissionSetResponse
{
    public List<string>? AccountIds { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ProvisionPermissionSetRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    public string? TargetId { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(ProvisionTargetType))]
    public string? TargetType { get; set; }
}

public sealed class ProvisionPermissionSetResponse
{
    public PermissionSetProvisioningStatus? PermissionSetProvisioningStatus { get; set; }
}

public sealed class DescribePermissionSetProvisioningStatusRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? ProvisionPermissionSetRequestId { get; set; }
}

public sealed class DescribePermissionSetProvisioningStatusResponse
{
    public PermissionSetProvisioningStatus? PermissionSetProvisioningStatus { get; set; }
}

public sealed class ListPermissionSetsProvisionedToAccountRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? AccountId { get; set; }

    [AwsEnum(typeof(ProvisioningStatus))]
    public string? ProvisioningStatus { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListPermissionSetsProvisionedToAccountResponse
{
    public string? NextToken { get; set; }

    public List<string>? PermissionSets { get; set; }
}

public sealed class CreateAccountAssignmentRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? TargetId { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(TargetType))]
    public string? TargetType { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }

    [AwsRequired]
    public string? PrincipalId { get; set; }
}

public sealed class CreateAccountAssignmentResponse
{
    public AccountAssignmentOperationStatus? AccountAssignmentCreationStatus { get; set; }
}

public sealed class DescribeAccountAssignmentCreationStatusRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? AccountAssignmentCreationRequestId { get; set; }
}

public sealed class DescribeAccountAssignmentCreationStatusResponse
{
    public AccountAssignmentOperationStatus? AccountAssignmentCreationStatus { get; set; }
}

public sealed class ListAccountAssignmentsRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? AccountId { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListAccountAssignmentsResponse
{
    public List<AccountAssignment>? AccountAssignments { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DeleteAccountAssignmentRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? TargetId { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(TargetType))]
    public string? TargetType { get; set; }

    [AwsRequired]
    public string? PermissionSetArn { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }

    [AwsRequired]
    public string? PrincipalId { get; set; }
}

public sealed class DeleteAccountAssignmentResponse
{
    public AccountAssignmentOperationStatus? AccountAssignmentDeletionStatus { get; set; }
}

public sealed class DescribeAccountAssignmentDeletionStatusRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? AccountAssignmentDeletionRequestId { get; set; }
}

public sealed class DescribeAccountAssignmentDeletionStatusResponse
{
    public AccountAssignmentOperationStatus? AccountAssignmentDeletionStatus { get; set; }
}

public sealed class ListAccountAssignmentsForPrincipalRequest
{
    [AwsRequired]
    public string? InstanceArn { get; set; }

    [AwsRequired]
    public string? PrincipalId { get; set; }

    [AwsRequired]
    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }

    public ListAccountAssignmentsFilter? Filter { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class ListAccountAssignmentsForPrincipalResponse
{
    public List<AccountAssignmentForPrincipal>? AccountAssignments { get; set; }

    public string? NextToken { get; set; }
}

public sealed class Tag
{
    [AwsRequired]
    public string? Key { get; set; }

    [AwsRequired]
    public string? Value { get; set; }
}

public sealed class ListAccountAssignmentsFilter
{
    public string? AccountId { get; set; }
}

public sealed class InstanceMetadata
{
    public string? InstanceArn { get; set; }

    public string? IdentityStoreId { get; set; }

    public string? OwnerAccountId { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    [AwsEnum(typeof(InstanceStatus))]
    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public string? PrimaryRegion { get; set; }

    public List<RegionMetadata>? Regions { get; set; }
}

public sealed class RegionMetadata
{
    public string? RegionName { get; set; }

    [AwsEnum(typeof(RegionStatus))]
    public string? Status { get; set; }

    public DateTimeOffset? AddedDate { get; set; }

    public bool? IsPrimaryRegion { get; set; }
}

public sealed class EncryptionConfigurationDetails
{
    [AwsEnum(typeof(KmsKeyType))]
    public string? KeyType { get; set; }

    public string? KmsKeyArn { get; set; }

    [AwsEnum(typeof(KmsKeyStatus))]
    public string? EncryptionStatus { get; set; }

    public string? EncryptionStatusReason { get; set; }
}

public sealed class PermissionSet
{
    public string? Name { get; set; }

    public string? PermissionSetArn { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    public string? SessionDuration { get; set; }

    public string? RelayState { get; set; }
}

public sealed class AttachedManagedPolicy
{
    public string? Name { get; set; }

    public string? Arn { get; set; }
}

public sealed class PermissionSetProvisioningStatus
{
    [AwsEnum(typeof(StatusValues))]
    public string? Status { get; set; }

    public string? RequestId { get; set; }

    public string? AccountId { get; set; }

    public string? PermissionSetArn { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }
}

public sealed class AccountAssignmentOperationStatus
{
    [AwsEnum(typeof(StatusValues))]
    public string? Status { get; set; }

    public string? RequestId { get; set; }

    public string? FailureReason { get; set; }

    public string? TargetId { get; set; }

    [AwsEnum(typeof(TargetType))]
    public string? TargetType { get; set; }

    public string? PermissionSetArn { get; set; }

    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }

    public string? PrincipalId { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }
}

public sealed class AccountAssignment
{
    public string? AccountId { get; set; }

    public string? PermissionSetArn { get; set; }

    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }

    public string? PrincipalId { get; set; }
}

public sealed class AccountAssignmentForPrincipal
{
    public string? AccountId { get; set; }

    public string? PermissionSetArn { get; set; }

    public string? PrincipalId { get; set; }

    [AwsEnum(typeof(PrincipalType))]
    public string? PrincipalType { get; set; }
}

/// <summary>Values of the model enum InstanceStatus.</summary>
public static class InstanceStatus
{
    public const string CreateInProgress = "CREATE_IN_PROGRESS";
    public const string CreateFailed = "CREATE_FAILED";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string Active = "ACTIVE";
}

/// <summary>Values of the model enum KmsKeyStatus.</summary>
public static class KmsKeyStatus
{
    public const string Updating = "UPDATING";
    public const string Enabled = "ENABLED";
    public const string UpdateFailed = "UPDATE_FAILED";
}

/// <summary>Values of the model enum KmsKeyType.</summary>
public static class KmsKeyType
{
    public const string AwsOwnedKmsKey = "AWS_OWNED_KMS_KEY";
    public const string CustomerManagedKey = "CUSTOMER_MANAGED_KEY";
}

/// <summary>Values of the model enum PrincipalType.</summary>
public static class PrincipalType
{
    public const string User = "USER";
    public const string Group = "GROUP";
}

/// <summary>Values of the model enum ProvisioningStatus.</summary>
public static class ProvisioningStatus
{
    public const string LatestPermissionSetProvisioned = "LATEST_PERMISSION_SET_PROVISIONED";
    public const string LatestPermissionSetNotProvisioned = "LATEST_PERMISSION_SET_NOT_PROVISIONED";
}

/// <summary>Values of the model enum ProvisionTargetType.</summary>
public static class ProvisionTargetType
{
    public const string AwsAccount = "AWS_ACCOUNT";
    public const string AllProvisionedAccounts = "ALL_PROVISIONED_ACCOUNTS";
}

/// <summary>Values of the model enum RegionStatus.</summary>
public static class RegionStatus
{
    public const string Active = "ACTIVE";
    public const string Adding = "ADDING";
    public const string Removing = "REMOVING";
}

/// <summary>Values of the model enum StatusValues.</summary>
public static class StatusValues
{
    public const string InProgress = "IN_PROGRESS";
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
}

/// <summary>Values of the model enum TargetType.</summary>
public static class TargetType
{
    public const string AwsAccount = "AWS_ACCOUNT";
}
