using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.IdentityStore;

/// <summary>Operations of the IAM Identity Center identity store (JSON 1.1, target prefix AWSIdentityStore).</summary>
public static class IdentityStoreOperations
{
    private static readonly AwsServiceInfo s_service = AwsServiceInfo.IdentityStore;

    public static readonly AwsOperation<CreateUserRequest, CreateUserResponse> CreateUser = new(s_service, "CreateUser");

    public static readonly AwsOperation<DescribeUserRequest, DescribeUserResponse> DescribeUser = new(s_service, "DescribeUser");

    public static readonly AwsOperation<ListUsersRequest, ListUsersResponse> ListUsers = new(s_service, "ListUsers");

    public static readonly AwsOperation<GetUserIdRequest, GetUserIdResponse> GetUserId = new(s_service, "GetUserId");

    public static readonly AwsOperation<UpdateUserRequest, UpdateUserResponse> UpdateUser = new(s_service, "UpdateUser");

    public static readonly AwsOperation<CreateGroupRequest, CreateGroupResponse> CreateGroup = new(s_service, "CreateGroup");

    public static readonly AwsOperation<DescribeGroupRequest, DescribeGroupResponse> DescribeGroup = new(s_service, "DescribeGroup");

    public static readonly AwsOperation<ListGroupsRequest, ListGroupsResponse> ListGroups = new(s_service, "ListGroups");

    public static readonly AwsOperation<GetGroupIdRequest, GetGroupIdResponse> GetGroupId = new(s_service, "GetGroupId");

    public static readonly AwsOperation<UpdateGroupRequest, UpdateGroupResponse> UpdateGroup = new(s_service, "UpdateGroup");

    public static readonly AwsOperation<CreateGroupMembershipRequest, CreateGroupMembershipResponse> CreateGroupMembership = new(s_service, "CreateGroupMembership");

    public static readonly AwsOperation<GetGroupMembershipIdRequest, GetGroupMembershipIdResponse> GetGroupMembershipId = new(s_service, "GetGroupMembershipId");

    public static readonly AwsOperation<ListGroupMembershipsRequest, ListGroupMembershipsResponse> ListGroupMemberships = new(s_service, "ListGroupMemberships");

    public static readonly AwsOperation<ListGroupMembershipsForMemberRequest, ListGroupMembershipsForMemberResponse> ListGroupMembershipsForMember = new(s_service, "ListGroupMembershipsForMember");

    public static readonly AwsOperation<DeleteGroupMembershipRequest, DeleteGroupMembershipResponse> DeleteGroupMembership = new(s_service, "DeleteGroupMembership");
}

/// <summary>Typed thin client for the IAM Identity Center identity store.</summary>
public sealed class IdentityStoreClient(AwsTransport transport)
{
    private readonly JsonRpcClient _rpc = new(transport, AwsServiceInfo.IdentityStore);

    public Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.CreateUser, request, cancellationToken);

    public Task<DescribeUserResponse> DescribeUserAsync(DescribeUserRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.DescribeUser, request, cancellationToken);

    public Task<ListUsersResponse> ListUsersAsync(ListUsersRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.ListUsers, request, cancellationToken);

    /// <summary>Every item of ListUsers, following NextToken across pages.</summary>
    public IAsyncEnumerable<User> ListAllUsersAsync(ListUsersRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListUsersAsync(
                new ListUsersRequest
                {
                    IdentityStoreId = request.IdentityStoreId,
                    Extensions = request.Extensions,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.Users,
            cancellationToken);

    public Task<GetUserIdResponse> GetUserIdAsync(GetUserIdRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.GetUserId, request, cancellationToken);

    public Task<UpdateUserResponse> UpdateUserAsync(UpdateUserRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.UpdateUser, request, cancellationToken);

    public Task<CreateGroupResponse> CreateGroupAsync(CreateGroupRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.CreateGroup, request, cancellationToken);

    public Task<DescribeGroupResponse> DescribeGroupAsync(DescribeGroupRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.DescribeGroup, request, cancellationToken);

    public Task<ListGroupsResponse> ListGroupsAsync(ListGroupsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.ListGroups, request, cancellationToken);

    /// <summary>Every item of ListGroups, following NextToken across pages.</summary>
    public IAsyncEnumerable<Group> ListAllGroupsAsync(ListGroupsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListGroupsAsync(
                new ListGroupsRequest
                {
                    IdentityStoreId = request.IdentityStoreId,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.Groups,
            cancellationToken);

    public Task<GetGroupIdResponse> GetGroupIdAsync(GetGroupIdRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.GetGroupId, request, cancellationToken);

    public Task<UpdateGroupResponse> UpdateGroupAsync(UpdateGroupRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.UpdateGroup, request, cancellationToken);

    public Task<CreateGroupMembershipResponse> CreateGroupMembershipAsync(CreateGroupMembershipRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.CreateGroupMembership, request, cancellationToken);

    public Task<GetGroupMembershipIdResponse> GetGroupMembershipIdAsync(GetGroupMembershipIdRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.GetGroupMembershipId, request, cancellationToken);

    public Task<ListGroupMembershipsResponse> ListGroupMembershipsAsync(ListGroupMembershipsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.ListGroupMemberships, request, cancellationToken);

    /// <summary>Every item of ListGroupMemberships, following NextToken across pages.</summary>
    public IAsyncEnumerable<GroupMembership> ListAllGroupMembershipsAsync(ListGroupMembershipsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListGroupMembershipsAsync(
                new ListGroupMembershipsRequest
                {
                    IdentityStoreId = request.IdentityStoreId,
                    GroupId = request.GroupId,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.GroupMemberships,
            cancellationToken);

    public Task<ListGroupMembershipsForMemberResponse> ListGroupMembershipsForMemberAsync(ListGroupMembershipsForMemberRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.ListGroupMembershipsForMember, request, cancellationToken);

    /// <summary>Every item of ListGroupMembershipsForMember, following NextToken across pages.</summary>
    public IAsyncEnumerable<GroupMembership> ListAllGroupMembershipsForMemberAsync(ListGroupMembershipsForMemberRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListGroupMembershipsForMemberAsync(
                new ListGroupMembershipsForMemberRequest
                {
                    IdentityStoreId = request.IdentityStoreId,
                    MemberId = request.MemberId,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.GroupMemberships,
            cancellationToken);

    public Task<DeleteGroupMembershipResponse> DeleteGroupMembershipAsync(DeleteGroupMembershipRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(IdentityStoreOperations.DeleteGroupMembership, request, cancellationToken);
}
