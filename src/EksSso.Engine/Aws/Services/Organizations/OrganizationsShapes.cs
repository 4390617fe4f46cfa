using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Organizations;

public sealed class CreateOrganizationRequest
{
    [AwsEnum(typeof(OrganizationFeatureSet))]
    public string? FeatureSet { get; set; }
}

public sealed class CreateOrganizationResponse
{
    public Organization? Organization { get; set; }
}

public sealed class DescribeOrganizationRequest;

public sealed class DescribeOrganizationResponse
{
    public Organization? Organization { get; set; }
}

public sealed class ListRootsRequest
{
    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class ListRootsResponse
{
    public List<Root>? Roots { get; set; }

    public string? NextToken { get; set; }
}

public sealed class CreateAccountRequest
{
    [AwsRequired]
    public string? Email { get; set; }

    [AwsRequired]
    public string? AccountName { get; set; }

    public string? RoleName { get; set; }

    [AwsEnum(typeof(IamUserAccessToBilling))]
    public string? IamUserAccessToBilling { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class CreateAccountResponse
{
    public CreateAccountStatus? CreateAccountStatus { get; set; }
}

public sealed class DescribeCreateAccountStatusRequest
{
    [AwsRequired]
    public string? CreateAccountRequestId { get; set; }
}

public sealed class DescribeCreateAccountStatusResponse
{
    public CreateAccountStatus? CreateAccountStatus { get; set; }
}

public sealed class ListCreateAccountStatusRequest
{
    [AwsEnum(typeof(CreateAccountState))]
    public List<string>? States { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class ListCreateAccountStatusResponse
{
    public List<CreateAccountStatus>? CreateAccountStatuses { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListAccountsRequest
{
    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

public sealed class ListAccountsResponse
{
    public List<Account>? Accounts { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeAccountRequest
{
    [AwsRequired]
    public string? AccountId { get; set; }
}

public sealed class DescribeAccountResponse
{
    public Account? Account { get; set; }
}

public sealed class Tag
{
    [AwsRequired]
    public string? Key { get; set; }

    [AwsRequired]
    public string? Value { get; set; }
}

public sealed class Organization
{
    public string? Id { get; set; }

    public string? Arn { get; set; }

    [AwsEnum(typeof(OrganizationFeatureSet))]
    public string? FeatureSet { get; set; }

    public string? MasterAccountArn { get; set; }

    public string? MasterAccountId { get; set; }

    public string? MasterAccountEmail { get; set; }
}

public sealed class Root
{
    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? Name { get; set; }

    public List<PolicyTypeSummary>? PolicyTypes { get; set; }
}

public sealed class PolicyTypeSummary
{
    [AwsEnum(typeof(PolicyType))]
    public string? Type { get; set; }

    [AwsEnum(typeof(PolicyTypeStatus))]
    public string? Status { get; set; }
}

public sealed class CreateAccountStatus
{
    public string? Id { get; set; }

    public string? AccountName { get; set; }

    [AwsEnum(typeof(CreateAccountState))]
    public string? State { get; set; }

    public DateTimeOffset? RequestedTimestamp { get; set; }

    public DateTimeOffset? CompletedTimestamp { get; set; }

    public string? AccountId { get; set; }

    public string? GovCloudAccountId { get; set; }

    [AwsEnum(typeof(CreateAccountFailureReason))]
    public string? FailureReason { get; set; }
}

public sealed class Account
{
    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    [AwsEnum(typeof(AccountStatus))]
    public string? Status { get; set; }

    [AwsEnum(typeof(AccountState))]
    public string? State { get; set; }

    public List<string>? Paths { get; set; }

    [AwsEnum(typeof(AccountJoinedMethod))]
    public string? JoinedMethod { get; set; }

    public DateTimeOffset? JoinedTimestamp { get; set; }
}

/// <summary>Values of the model enum AccountJoinedMethod.</summary>
public static class AccountJoinedMethod
{
    public const string Invited = "INVITED";
    public const string Created = "CREATED";
}

/// <summary>Values of the model enum AccountState.</summary>
public static class AccountState
{
    public const string PendingActivation = "PENDING_ACTIVATION";
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string PendingClosure = "PENDING_CLOSURE";
    public const string Closed = "CLOSED";
}

/// <summary>Values of the model enum AccountStatus.</summary>
public static class AccountStatus
{
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string PendingClosure = "PENDING_CLOSURE";
}

/// <summary>Values of the model enum CreateAccountFailureReason.</summary>
public static class CreateAccountFailureReason
{
    public const string AccountLimitExceeded = "ACCOUNT_LIMIT_EXCEEDED";
    public const string EmailAlreadyExists = "EMAIL_ALREADY_EXISTS";
    public const string InvalidAddress = "INVALID_ADDRESS";
    public const string InvalidEmail = "INVALID_EMAIL";
    public const string ConcurrentAccountModification = "CONCURRENT_ACCOUNT_MODIFICATION";
    public const string InternalFailure = "INTERNAL_FAILURE";
    public const string GovCloudAccountAlreadyExists = "GOVCLOUD_ACCOUNT_ALREADY_EXISTS";
    public const string MissingBusinessValidation = "MISSING_BUSINESS_VALIDATION";
    public const string FailedBusinessValidation = "FAILED_BUSINESS_VALIDATION";
    public const string PendingBusinessValidation = "PENDING_BUSINESS_VALIDATION";
    public const string InvalidIdentityForBusinessValidation = "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION";
    public const string UnknownBusinessValidation = "UNKNOWN_BUSINESS_VALIDATION";
    public const string MissingPaymentInstrument = "MISSING_PAYMENT_INSTRUMENT";
    public const string InvalidPaymentInstrument = "INVALID_PAYMENT_INSTRUMENT";
    public const string UpdateExistingResourcePolicyWithTagsNotSupported = "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED";
}

/// <summary>Values of the model enum CreateAccountState.</summary>
public static class CreateAccountState
{
    public const string InProgress = "IN_PROGRESS";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
}

/// <summary>Values of the model enum IAMUserAccessToBilling.</summary>
public static class IamUserAccessToBilling
{
    public const string Allow = "ALLOW";
    public const string Deny = "DENY";
}

/// <summary>Values of the model enum OrganizationFeatureSet.</summary>
public static class OrganizationFeatureSet
{
    public const string All = "ALL";
    public const string ConsolidatedBilling = "CONSOLIDATED_BILLING";
}

/// <summary>Values of the model enum PolicyType.</summary>
public static class PolicyType
{
    public const string ServiceControlPolicy = "SERVICE_CONTROL_POLICY";
    public const string ResourceControlPolicy = "RESOURCE_CONTROL_POLICY";
    public const string TagPolicy = "TAG_POLICY";
    public const string BackupPolicy = "BACKUP_POLICY";
    public const string AiServicesOptOutPolicy = "AISERVICES_OPT_OUT_POLICY";
    public const string ChatbotPolicy = "CHATBOT_POLICY";
    public const string DeclarativePolicyEc2 = "DECLARATIVE_POLICY_EC2";
    public const string SecurityHubPolicy = "SECURITYHUB_POLICY";
    public const string InspectorPolicy = "INSPECTOR_POLICY";
    public const string UpgradeRolloutPolicy = "UPGRADE_ROLLOUT_POLICY";
    public const string BedrockPolicy = "BEDROCK_POLICY";
    public const string S3Policy = "S3_POLICY";
    public const string NetworkSecurityDirectorPolicy = "NETWORK_SECURITY_DIRECTOR_POLICY";
}

/// <summary>Values of the model enum PolicyTypeStatus.</summary>
public static class PolicyTypeStatus
{
    public const string Enabled = "ENABLED";
    public const string PendingEnable = "PENDING_ENABLE";
    public const string PendingDisable = "PENDING_DISABLE";
}
