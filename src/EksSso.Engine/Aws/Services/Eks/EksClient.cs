using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Eks;

/// <summary>Operations of Amazon EKS (REST-JSON).</summary>
public static class EksOperations
{
    private static readonly AwsServiceInfo s_service = AwsServiceInfo.Eks;

    public static readonly AwsOperation<CreateClusterRequest, CreateClusterResponse> CreateCluster = new(s_service, "CreateCluster", "POST", "/clusters");

    public static readonly AwsOperation<DescribeClusterRequest, DescribeClusterResponse> DescribeCluster = new(s_service, "DescribeCluster", "GET", "/clusters/{name}");

    public static readonly AwsOperation<ListClustersRequest, ListClustersResponse> ListClusters = new(s_service, "ListClusters", "GET", "/clusters");

    public static readonly AwsOperation<DeleteClusterRequest, DeleteClusterResponse> DeleteCluster = new(s_service, "DeleteCluster", "DELETE", "/clusters/{name}");

    public static readonly AwsOperation<UpdateClusterConfigRequest, UpdateClusterConfigResponse> UpdateClusterConfig = new(s_service, "UpdateClusterConfig", "POST", "/clusters/{name}/update-config");

    public static readonly AwsOperation<DescribeUpdateRequest, DescribeUpdateResponse> DescribeUpdate = new(s_service, "DescribeUpdate", "GET", "/clusters/{name}/updates/{updateId}");

    public static readonly AwsOperation<CreateNodegroupRequest, CreateNodegroupResponse> CreateNodegroup = new(s_service, "CreateNodegroup", "POST", "/clusters/{name}/node-groups");

    public static readonly AwsOperation<DescribeNodegroupRequest, DescribeNodegroupResponse> DescribeNodegroup = new(s_service, "DescribeNodegroup", "GET", "/clusters/{name}/node-groups/{nodegroupName}");

    public static readonly AwsOperation<ListNodegroupsRequest, ListNodegroupsResponse> ListNodegroups = new(s_service, "ListNodegroups", "GET", "/clusters/{name}/node-groups");

    public static readonly AwsOperation<DeleteNodegroupRequest, DeleteNodegroupResponse> DeleteNodegroup = new(s_service, "DeleteNodegroup", "DELETE", "/clusters/{name}/node-groups/{nodegroupName}");

    public static readonly AwsOperation<CreateAccessEntryRequest, CreateAccessEntryResponse> CreateAccessEntry = new(s_service, "CreateAccessEntry", "POST", "/clusters/{name}/access-entries");

    public static readonly AwsOperation<DescribeAccessEntryRequest, DescribeAccessEntryResponse> DescribeAccessEntry = new(s_service, "DescribeAccessEntry", "GET", "/clusters/{name}/access-entries/{principalArn}");

    public static readonly AwsOperation<ListAccessEntriesRequest, ListAccessEntriesResponse> ListAccessEntries = new(s_service, "ListAccessEntries", "GET", "/clusters/{name}/access-entries");

    public static readonly AwsOperation<UpdateAccessEntryRequest, UpdateAccessEntryResponse> UpdateAccessEntry = new(s_service, "UpdateAccessEntry", "POST", "/clusters/{name}/access-entries/{principalArn}");

    public static readonly AwsOperation<DeleteAccessEntryRequest, DeleteAccessEntryResponse> DeleteAccessEntry = new(s_service, "DeleteAccessEntry", "DELETE", "/clusters/{name}/access-entries/{principalArn}");

    public static readonly AwsOperation<AssociateAccessPolicyRequest, AssociateAccessPolicyResponse> AssociateAccessPolicy = new(s_service, "AssociateAccessPolicy", "POST", "/clusters/{name}/access-entries/{principalArn}/access-policies");

    public static readonly AwsOperation<DisassociateAccessPolicyRequest, DisassociateAccessPolicyResponse> DisassociateAccessPolicy = new(s_service, "DisassociateAccessPolicy", "DELETE", "/clusters/{name}/access-entries/{principalArn}/access-policies/{policyArn}");

    public static readonly AwsOperation<ListAssociatedAccessPoliciesRequest, ListAssociatedAccessPoliciesResponse> ListAssociatedAccessPolicies = new(s_service, "ListAssociatedAccessPolicies", "GET", "/clusters/{name}/access-entries/{principalArn}/access-policies");

    public static readonly AwsOperation<ListAccessPoliciesRequest, ListAccessPoliciesResponse> ListAccessPolicies = new(s_service, "ListAccessPolicies", "GET", "/access-policies");
}

/// <summary>Typed thin client for Amazon EKS.</summary>
public sealed class EksClient(AwsTransport transport)
{
    private readonly RestJsonClient _rest = new(transport, AwsServiceInfo.Eks);

    public Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.CreateCluster, request, cancellationToken);

    public Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DescribeCluster, request, cancellationToken);

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.ListClusters, request, cancellationToken);

    /// <summary>Every item of ListClusters, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListClustersAsync(new ListClustersRequest { MaxResults = request.MaxResults, Include = request.Include, NextToken = token }, ct),
            page => page.NextToken,
            page => page.Clusters,
            cancellationToken);

    public Task<DeleteClusterResponse> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DeleteCluster, request, cancellationToken);

    public Task<UpdateClusterConfigResponse> UpdateClusterConfigAsync(UpdateClusterConfigRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.UpdateClusterConfig, request, cancellationToken);

    public Task<DescribeUpdateResponse> DescribeUpdateAsync(DescribeUpdateRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DescribeUpdate, request, cancellationToken);

    public Task<CreateNodegroupResponse> CreateNodegroupAsync(CreateNodegroupRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.CreateNodegroup, request, cancellationToken);

    public Task<DescribeNodegroupResponse> DescribeNodegroupAsync(DescribeNodegroupRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DescribeNodegroup, request, cancellationToken);

    public Task<ListNodegroupsResponse> ListNodegroupsAsync(ListNodegroupsRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.ListNodegroups, request, cancellationToken);

    /// <summary>Every item of ListNodegroups, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllNodegroupsAsync(ListNodegroupsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListNodegroupsAsync(
                new ListNodegroupsRequest
                {
                    ClusterName = request.ClusterName,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.Nodegroups,
            cancellationToken);

    public Task<DeleteNodegroupResponse> DeleteNodegroupAsync(DeleteNodegroupRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DeleteNodegroup, request, cancellationToken);

    public Task<CreateAccessEntryResponse> CreateAccessEntryAsync(CreateAccessEntryRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.CreateAccessEntry, request, cancellationToken);

    public Task<DescribeAccessEntryResponse> DescribeAccessEntryAsync(DescribeAccessEntryRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DescribeAccessEntry, request, cancellationToken);

    public Task<ListAccessEntriesResponse> ListAccessEntriesAsync(ListAccessEntriesRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.ListAccessEntries, request, cancellationToken);

    /// <summary>Every item of ListAccessEntries, following NextToken across pages.</summary>
    public IAsyncEnumerable<string> ListAllAccessEntriesAsync(ListAccessEntriesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccessEntriesAsync(
                new ListAccessEntriesRequest
                {
                    ClusterName = request.ClusterName,
                    AssociatedPolicyArn = request.AssociatedPolicyArn,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AccessEntries,
            cancellationToken);

    public Task<UpdateAccessEntryResponse> UpdateAccessEntryAsync(UpdateAccessEntryRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.UpdateAccessEntry, request, cancellationToken);

    public Task<DeleteAccessEntryResponse> DeleteAccessEntryAsync(DeleteAccessEntryRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DeleteAccessEntry, request, cancellationToken);

    public Task<AssociateAccessPolicyResponse> AssociateAccessPolicyAsync(AssociateAccessPolicyRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.AssociateAccessPolicy, request, cancellationToken);

    public Task<DisassociateAccessPolicyResponse> DisassociateAccessPolicyAsync(DisassociateAccessPolicyRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.DisassociateAccessPolicy, request, cancellationToken);

    public Task<ListAssociatedAccessPoliciesResponse> ListAssociatedAccessPoliciesAsync(ListAssociatedAccessPoliciesRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.ListAssociatedAccessPolicies, request, cancellationToken);

    /// <summary>Every item of ListAssociatedAccessPolicies, following NextToken across pages.</summary>
    public IAsyncEnumerable<AssociatedAccessPolicy> ListAllAssociatedAccessPoliciesAsync(ListAssociatedAccessPoliciesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAssociatedAccessPoliciesAsync(
                new ListAssociatedAccessPoliciesRequest
                {
                    ClusterName = request.ClusterName,
                    PrincipalArn = request.PrincipalArn,
                    MaxResults = request.MaxResults,
                    NextToken = token,
                },
                ct),
            page => page.NextToken,
            page => page.AssociatedAccessPolicies,
            cancellationToken);

    public Task<ListAccessPoliciesResponse> ListAccessPoliciesAsync(ListAccessPoliciesRequest request, CancellationToken cancellationToken) =>
        _rest.InvokeAsync(EksOperations.ListAccessPolicies, request, cancellationToken);

    /// <summary>Every item of ListAccessPolicies, following NextToken across pages.</summary>
    public IAsyncEnumerable<AccessPolicy> ListAllAccessPoliciesAsync(ListAccessPoliciesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAccessPoliciesAsync(new ListAccessPoliciesRequest { MaxResults = request.MaxResults, NextToken = token }, ct),
            page => page.NextToken,
            page => page.AccessPolicies,
            cancellationToken);
}
