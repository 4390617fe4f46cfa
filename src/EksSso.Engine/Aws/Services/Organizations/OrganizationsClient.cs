using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Organizations;

/// <summary>Operations of AWS Organizations (JSON 1.1, target prefix AWSOrganizationsV20161128).</summary>
public static class OrganizationsOperations
{
    private static readonly AwsServiceInfo s_service = AwsServiceInfo.Organizations;

    public static readonly AwsOperation<CreateOrganizationRequest, CreateOrganizationResponse> CreateOrganization = new(s_service, "CreateOrganization");

    public static readonly AwsOperation<DescribeOrganizationRequest, DescribeOrganizationResponse> DescribeOrganization = new(s_service, "DescribeOrganization");

    public static readonly AwsOperation<ListRootsRequest, ListRootsResponse> ListRoots = new(s_service, "ListRoots");

    public static readonly AwsOperation<CreateAccountRequest, CreateAccountResponse> CreateAccount = new(s_service, "CreateAccount");

    public static readonly AwsOperation<DescribeCreateAccountStatusRequest, DescribeCreateAccountStatusResponse> DescribeCreateAccountStatus = new(s_service, "DescribeCreateAccountStatus");

    public static readonly AwsOperation<ListCreateAccountStatusRequest, ListCreateAccountStatusResponse> ListCreateAccountStatus = new(s_service, "ListCreateAccountStatus");

    public static readonly AwsOperation<ListAccountsRequest, ListAccountsResponse> ListAccounts = new(s_service, "ListAccounts");

    public static readonly AwsOperation<DescribeAccountRequest, DescribeAccountResponse> DescribeAccount = new(s_service, "DescribeAccount");
}

/// <summary>Typed thin client for AWS Organizations.</summary>
public sealed class OrganizationsClient(AwsTransport transport)
{
    private readonly JsonRpcClient _rpc = new(transport, AwsServiceInfo.Organizations);

    public Task<CreateOrganizationResponse> CreateOrganizationAsync(CreateOrganizationRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.CreateOrganization, request, cancellationToken);

    public Task<DescribeOrganizationResponse> DescribeOrganizationAsync(CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.DescribeOrganization, new DescribeOrganizationRequest(), cancellationToken);

    public Task<ListRootsResponse> ListRootsAsync(ListRootsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.ListRoots, request, cancellationToken);

    /// <summary>Every item of ListRoots, following NextToken across pages.</summary>
    public IAsyncEnumerable<Root> ListAllRootsAsync(ListRootsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListRootsAsync(new ListRootsRequest { MaxResults = request.MaxResults, NextToken = token }, ct),
            page => page.NextToken,
            page => page.Roots,
            cancellationToken);

    public Task<CreateAccountResponse> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.CreateAccount, request, cancellationToken);

    public Task<DescribeCreateAccountStatusResponse> DescribeCreateAccountStatusAsync(DescribeCreateAccountStatusRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.DescribeCreateAccountStatus, request, cancellationToken);

    public Task<ListCreateAccountStatusResponse> ListCreateAccountStatusAsync(ListCreateAccountStatusRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.ListCreateAccountStatus, request, cancellationToken);

    /// <summary>Every item of ListCreateAccountStatus, following NextToken across pages.</summary>
    public IAsyncEnumerable<CreateAccountStatus> ListAllCreateAccountStatusAsync(ListCreateAccountStatusRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListCreateAccountStatusAsync(
                new ListCreateAccountStatusRequest
                {
                    States = request.States,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.CreateAccountStatuses,
            cancellationToken);

    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.ListAccounts, request, cancellationToken);

    /// <summary>Every item of ListAccounts, following NextToken across pages.</summary>
    public IAsyncEnumerable<Account> ListAllAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccountsAsync(new ListAccountsRequest { MaxResults = request.MaxResults, NextToken = token }, ct),
            page => page.NextToken,
            page => page.Accounts,
            cancellationToken);

    public Task<DescribeAccountResponse> DescribeAccountAsync(DescribeAccountRequest request, CancellationToken cancellationToken) =>
        _rpc.InvokeAsync(OrganizationsOperations.DescribeAccount, request, cancellationToken);
}
