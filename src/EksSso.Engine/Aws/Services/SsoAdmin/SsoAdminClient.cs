using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.SsoAdmin;

/// <summary>Operations of IAM Identity Center administration, "SSO Admin" (JSON 1.1, target prefix SWBExternalService).</summary>
public static class SsoAdminOperations
{
    private static readonly AwsServiceInfo s_service = AwsServiceInfo.SsoAdmin;

    public static readonly AwsOperation<ListInstancesRequest, ListInstancesResponse> ListInstances = new(s_service, "ListInstances");

    public static readonly AwsOperation<DescribeInstanceRequest, DescribeInstanceResponse> DescribeInstance = new(s_service, "DescribeInstance");

    public static readonly AwsOperation<CreatePermissionSetRequest, CreatePermissionSetResponse> CreatePermissionSet = new(s_service, "CreatePermissionSet");

    public static readonly AwsOperation<DescribePermissionSetRequest, DescribePermissionSetResponse> DescribePermissionSet = new(s_service, "DescribePermissionSet");

    public static readonly AwsOperation<ListPermissionSetsRequest, ListPermissionSetsResponse> ListPermissionSets = new(s_service, "ListPermissionSets");

    public static readonly AwsOperation<UpdatePermissionSetRequest, UpdatePermissionSetResponse> UpdatePermissionSet = new(s_service, "UpdatePermissionSet");

    public static readonly AwsOperation<AttachManagedPolicyToPermissionSetRequest, AttachManagedPolicyToPermissionSetResponse> AttachManagedPolicyToPermissionSet = new(s_service, "AttachManagedPolicyToPermissionSet");

    public static readonly AwsOperation<DetachManagedPolicyFromPermissionSetRequest, DetachManagedPolicyFromPermissionSetResponse> DetachManagedPolicyFromPermissionSet = new(s_service, "DetachManagedPolicyFromPermissionSet");

    public static readonly AwsOperation<ListManagedPoliciesInPermissionSetRequest, ListManagedPoliciesInPermissionSetResponse> ListManagedPoliciesInPermissionSet = new(s_service, "ListManagedPoliciesInPermissionSet");

    public static readonly AwsOperation<PutInlinePolicyToPermissionSetRequest, PutInlinePolicyToPermissionSetResponse> PutInlinePolicyToPermissionSet = new(s_service, "PutInlinePolicyToPermissionSet");

    public static readonly AwsOperation<GetInlinePolicyForPermissionSetRequest, GetInlinePolicyForPermissionSetResponse> GetInlinePolicyForPermissionSet = new(s_service, "GetInlinePolicyForPermissionSet");

    public static readonly AwsOperation<DeleteInlinePolicyFromPermissionSetRequest, DeleteInlinePolicyFromPermissionSetResponse> DeleteInlinePolicyFromPermissionSet = new(s_service, "DeleteInlinePolicyFromPermissionSet");

    public static readonly AwsOperation<ListAccountsForProvisionedPermissionSetRequest, ListAccountsForProvisionedPermissionSetResponse> ListAccountsForProvisionedPermissionSet = new(s_service, "ListAccountsForProvisionedPermissionSet");

    public static readonly AwsOperation<ProvisionPermissionSetRequest, ProvisionPermissionSetResponse> ProvisionPermissionSet = new(s_service, "ProvisionPermissionSet");

    public static readonly AwsOperation<DescribePermissionSetProvisioningStatusRequest, DescribePermissionSetProvisioningStatusResponse> DescribePermissionSetProvisioningStatus = new(s_service, "DescribePermissionSetProvisioningStatus");

    public static readonly AwsOperation<ListPermissionSetsProvisionedToAccountRequest, ListPermissionSetsProvisionedToAccountResponse> ListPermissionSetsProvisionedToAccount = new(s_service, "ListPermissionSetsProvisionedToAccount");

    public static readonly AwsOperation<CreateAccountAssignmentRequest, CreateAccountAssignmentResponse> CreateAccountAssignment = new(s_service, "CreateAccountAssignment");

    public static readonly AwsOperation<DescribeAccountAssignmentCreationStatusRequest, DescribeAccountAssignmentCreationStatusResponse> DescribeAccountAssignmentCreationStatus = new(s_service, "DescribeAccountAssignmentCreationStatus");

    public static readonly AwsOperation<ListAccountAssignmentsRequest, ListAccountAssignmentsResponse> ListAccountAssignments = new(s_service, "ListAccountAssignments");

    public static readonly AwsOperation<DeleteAccountAssignmentRequest, DeleteAccountAssignmentResponse> DeleteAccountAssignment = new(s_service, "DeleteAccountAssignment");

    public static readonly AwsOperation<DescribeAccountAssignmentDeletionStatusRequest, DescribeAccountAssignmentDeletionStatusResponse> DescribeAccountAssignmentDeletionStatus = new(s_service, "DescribeAccountAssignmentDeletionStatus");

    public static readonly AwsOperation<ListAccountAssignmentsForPrincipalRequest, ListAccountAssignmentsForPrincipalResponse> ListAccountAssignmentsForPrincipal = new(s_service, "ListAccountAssignmentsForPrincipal");
}

/// <summary>Typed thin client for IAM Identity Center administration, "SSO Admin".</summary>
public sealed class SsoAdminClient(AwsTransport transport)
{
    private readonly JsonRpcClient _rpc = new(transport, AwsServiceInfo.SsoAdmin);

    public Task<ListInstancesResponse> ListInstancesAsync(ListInstancesRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListInstances, request, cancellationToken);

    /// <summary>Every item of ListInstances, following NextToken across pages.</summary>
    public IAsyncEnumerable<InstanceMetadata> ListAllInstancesAsync(ListInstancesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListInstancesAsync(new ListInstancesRequest { MaxResults = request.MaxResults, NextToken = token }, ct),
            page => page.NextToken,
            page => page.Instances,
            cancellationToken);

    public Task<DescribeInstanceResponse> DescribeInstanceAsync(DescribeInstanceRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DescribeInstance, request, cancellationToken);

    public Task<CreatePermissionSetResponse> CreatePermissionSetAsync(CreatePermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.CreatePermissionSet, request, cancellationToken);

    public Task<DescribePermissionSetResponse> DescribePermissionSetAsync(DescribePermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DescribePermissionSet, request, cancellationToken);

    public Task<ListPermissionSetsResponse> ListPermissionSetsAsync(ListPermissionSetsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListPermissionSets, request, cancellationToken);

    /// <summary>Every item of ListPermissionSets, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllPermissionSetsAsync(ListPermissionSetsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListPermissionSetsAsync(
                new ListPermissionSetsRequest
                {
                    InstanceArn = request.InstanceArn,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.PermissionSets,
            cancellationToken);

    public Task<UpdatePermissionSetResponse> UpdatePermissionSetAsync(UpdatePermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.UpdatePermissionSet, request, cancellationToken);

    public Task<AttachManagedPolicyToPermissionSetResponse> AttachManagedPolicyToPermissionSetAsync(AttachManagedPolicyToPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.AttachManagedPolicyToPermissionSet, request, cancellationToken);

    public Task<DetachManagedPolicyFromPermissionSetResponse> DetachManagedPolicyFromPermissionSetAsync(DetachManagedPolicyFromPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DetachManagedPolicyFromPermissionSet, request, cancellationToken);

    public Task<ListManagedPoliciesInPermissionSetResponse> ListManagedPoliciesInPermissionSetAsync(ListManagedPoliciesInPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListManagedPoliciesInPermissionSet, request, cancellationToken);

    /// <summary>Every item of ListManagedPoliciesInPermissionSet, following NextToken across pages.</summary>
    public IAsyncEnumerable<AttachedManagedPolicy> ListAllManagedPoliciesInPermissionSetAsync(ListManagedPoliciesInPermissionSetRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListManagedPoliciesInPermissionSetAsync(
                new ListManagedPoliciesInPermissionSetRequest
                {
                    InstanceArn = request.InstanceArn,
                    PermissionSetArn = request.PermissionSetArn,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AttachedManagedPolicies,
            cancellationToken);

    public Task<PutInlinePolicyToPermissionSetResponse> PutInlinePolicyToPermissionSetAsync(PutInlinePolicyToPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.PutInlinePolicyToPermissionSet, request, cancellationToken);

    public Task<GetInlinePolicyForPermissionSetResponse> GetInlinePolicyForPermissionSetAsync(GetInlinePolicyForPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.GetInlinePolicyForPermissionSet, request, cancellationToken);

    public Task<DeleteInlinePolicyFromPermissionSetResponse> DeleteInlinePolicyFromPermissionSetAsync(DeleteInlinePolicyFromPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DeleteInlinePolicyFromPermissionSet, request, cancellationToken);

    public Task<ListAccountsForProvisionedPermissionSetResponse> ListAccountsForProvisionedPermissionSetAsync(ListAccountsForProvisionedPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListAccountsForProvisionedPermissionSet, request, cancellationToken);

    /// <summary>Every item of ListAccountsForProvisionedPermissionSet, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllAccountsForProvisionedPermissionSetAsync(ListAccountsForProvisionedPermissionSetRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccountsForProvisionedPermissionSetAsync(
                new ListAccountsForProvisionedPermissionSetRequest
                {
                    InstanceArn = request.InstanceArn,
                    PermissionSetArn = request.PermissionSetArn,
                    ProvisioningStatus = request.ProvisioningStatus,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AccountIds,
            cancellationToken);

    public Task<ProvisionPermissionSetResponse> ProvisionPermissionSetAsync(ProvisionPermissionSetRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ProvisionPermissionSet, request, cancellationToken);

    public Task<DescribePermissionSetProvisioningStatusResponse> DescribePermissionSetProvisioningStatusAsync(DescribePermissionSetProvisioningStatusRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DescribePermissionSetProvisioningStatus, request, cancellationToken);

    public Task<ListPermissionSetsProvisionedToAccountResponse> ListPermissionSetsProvisionedToAccountAsync(ListPermissionSetsProvisionedToAccountRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListPermissionSetsProvisionedToAccount, request, cancellationToken);

    /// <summary>Every item of ListPermissionSetsProvisionedToAccount, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllPermissionSetsProvisionedToAccountAsync(ListPermissionSetsProvisionedToAccountRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListPermissionSetsProvisionedToAccountAsync(
                new ListPermissionSetsProvisionedToAccountRequest
                {
                    InstanceArn = request.InstanceArn,
                    AccountId = request.AccountId,
                    ProvisioningStatus = request.ProvisioningStatus,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.PermissionSets,
            cancellationToken);

    public Task<CreateAccountAssignmentResponse> CreateAccountAssignmentAsync(CreateAccountAssignmentRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.CreateAccountAssignment, request, cancellationToken);

    public Task<DescribeAccountAssignmentCreationStatusResponse> DescribeAccountAssignmentCreationStatusAsync(DescribeAccountAssignmentCreationStatusRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DescribeAccountAssignmentCreationStatus, request, cancellationToken);

    public Task<ListAccountAssignmentsResponse> ListAccountAssignmentsAsync(ListAccountAssignmentsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListAccountAssignments, request, cancellationToken);

    /// <summary>Every item of ListAccountAssignments, following NextToken across pages.</summary>
    public IAsyncEnumerable<AccountAssignment> ListAllAccountAssignmentsAsync(ListAccountAssignmentsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccountAssignmentsAsync(
                new ListAccountAssignmentsRequest
                {
                    InstanceArn = request.InstanceArn,
                    AccountId = request.AccountId,
                    PermissionSetArn = request.PermissionSetArn,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AccountAssignments,
            cancellationToken);

    public Task<DeleteAccountAssignmentResponse> DeleteAccountAssignmentAsync(DeleteAccountAssignmentRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DeleteAccountAssignment, request, cancellationToken);

    public Task<DescribeAccountAssignmentDeletionStatusResponse> DescribeAccountAssignmentDeletionStatusAsync(DescribeAccountAssignmentDeletionStatusRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.DescribeAccountAssignmentDeletionStatus, request, cancellationToken);

    public Task<ListAccountAssignmentsForPrincipalResponse> ListAccountAssignmentsForPrincipalAsync(ListAccountAssignmentsForPrincipalRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(SsoAdminOperations.ListAccountAssignmentsForPrincipal, request, cancellationToken);

    /// <summary>Every item of ListAccountAssignmentsForPrincipal, following NextToken across pages.</summary>
    public IAsyncEnumerable<AccountAssignmentForPrincipal> ListAllAccountAssignmentsForPrincipalAsync(ListAccountAssignmentsForPrincipalRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccountAssignmentsForPrincipalAsync(
                new ListAccountAssignmentsForPrincipalRequest
                {
                    InstanceArn = request.InstanceArn,
                    PrincipalId = request.PrincipalId,
                    PrincipalType = request.PrincipalType,
                    Filter = request.Filter,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AccountAssignments,
            cancellationToken);
}
