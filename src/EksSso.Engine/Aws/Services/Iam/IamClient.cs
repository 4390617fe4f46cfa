using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Iam;

/// <summary>Operations of IAM (Query protocol, API version 2010-05-08).</summary>
public static class IamOperations
{
    private static readonly AwsServiceInfo s_service = AwsServiceInfo.Iam;

    public static readonly AwsOperation<CreateRoleRequest, CreateRoleResponse> CreateRole = new(s_service, "CreateRole");

    public static readonly AwsOperation<GetRoleRequest, GetRoleResponse> GetRole = new(s_service, "GetRole");

    public static readonly AwsOperation<ListRolesRequest, ListRolesResponse> ListRoles = new(s_service, "ListRoles");

    public static readonly AwsOperation<UpdateAssumeRolePolicyRequest, UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicy = new(s_service, "UpdateAssumeRolePolicy");

    public static readonly AwsOperation<DeleteRoleRequest, DeleteRoleResponse> DeleteRole = new(s_service, "DeleteRole");

    public static readonly AwsOperation<TagRoleRequest, TagRoleResponse> TagRole = new(s_service, "TagRole");

    public static readonly AwsOperation<CreatePolicyRequest, CreatePolicyResponse> CreatePolicy = new(s_service, "CreatePolicy");

    public static readonly AwsOperation<GetPolicyRequest, GetPolicyResponse> GetPolicy = new(s_service, "GetPolicy");

    public static readonly AwsOperation<GetPolicyVersionRequest, GetPolicyVersionResponse> GetPolicyVersion = new(s_service, "GetPolicyVersion");

    public static readonly AwsOperation<CreatePolicyVersionRequest, CreatePolicyVersionResponse> CreatePolicyVersion = new(s_service, "CreatePolicyVersion");

    public static readonly AwsOperation<ListPolicyVersionsRequest, ListPolicyVersionsResponse> ListPolicyVersions = new(s_service, "ListPolicyVersions");

    public static readonly AwsOperation<DeletePolicyVersionRequest, DeletePolicyVersionResponse> DeletePolicyVersion = new(s_service, "DeletePolicyVersion");

    public static readonly AwsOperation<DeletePolicyRequest, DeletePolicyResponse> DeletePolicy = new(s_service, "DeletePolicy");

    public static readonly AwsOperation<AttachRolePolicyRequest, AttachRolePolicyResponse> AttachRolePolicy = new(s_service, "AttachRolePolicy");

    public static readonly AwsOperation<DetachRolePolicyRequest, DetachRolePolicyResponse> DetachRolePolicy = new(s_service, "DetachRolePolicy");

    public static readonly AwsOperation<ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse> ListAttachedRolePolicies = new(s_service, "ListAttachedRolePolicies");
}

/// <summary>
/// Typed thin client for IAM. IAM returns policy documents URL-encoded (RFC 3986); the methods that return a role's
/// trust policy or a policy version's document decode it, so callers always see the JSON text.
/// </summary>
public sealed class IamClient(AwsTransport transport)
{
    private readonly QueryClient _query = new(transport, AwsServiceInfo.Iam);

    public async Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.CreateRole, request, cancellationToken).ConfigureAwait(false);
        DecodeRole(response.Role);
        return response;
    }

    public async Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.GetRole, request, cancellationToken).ConfigureAwait(false);
        DecodeRole(response.Role);
        return response;
    }

    public async Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.ListRoles, request, cancellationToken).ConfigureAwait(false);
        response.Roles?.ForEach(DecodeRole);
        return response;
    }

    /// <summary>Every item of ListRoles, following Marker across pages.</summary>
    public IAsyncEnumerable<Role> ListAllRolesAsync(ListRolesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListRolesAsync(new ListRolesRequest { PathPrefix = request.PathPrefix, MaxItems = request.MaxItems, Marker = token }, ct),
            page => page.IsTruncated == true ? page.Marker : null,
            page => page.Roles,
            cancellationToken);

    public Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.UpdateAssumeRolePolicy, request, cancellationToken);

    public Task<DeleteRoleResponse> DeleteRoleAsync(DeleteRoleRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.DeleteRole, request, cancellationToken);

    public Task<TagRoleResponse> TagRoleAsync(TagRoleRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.TagRole, request, cancellationToken);

    public Task<CreatePolicyResponse> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.CreatePolicy, request, cancellationToken);

    public Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.GetPolicy, request, cancellationToken);

    public async Task<GetPolicyVersionResponse> GetPolicyVersionAsync(GetPolicyVersionRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.GetPolicyVersion, request, cancellationToken).ConfigureAwait(false);
        DecodeVersion(response.PolicyVersion);
        return response;
    }

    public async Task<CreatePolicyVersionResponse> CreatePolicyVersionAsync(CreatePolicyVersionRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.CreatePolicyVersion, request, cancellationToken).ConfigureAwait(false);
        DecodeVersion(response.PolicyVersion);
        return response;
    }

    public async Task<ListPolicyVersionsResponse> ListPolicyVersionsAsync(ListPolicyVersionsRequest request, CancellationToken cancellationToken)
    {
        var response = await _query.InvokeAsync(IamOperations.ListPolicyVersions, request, cancellationToken).ConfigureAwait(false);
        response.Versions?.ForEach(DecodeVersion);
        return response;
    }

    /// <summary>Every item of ListPolicyVersions, following Marker across pages.</summary>
    public IAsyncEnumerable<PolicyVersion> ListAllPolicyVersionsAsync(ListPolicyVersionsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListPolicyVersionsAsync(
                new ListPolicyVersionsRequest
                {
                    PolicyArn = request.PolicyArn,
                    MaxItems = request.MaxItems,
                    Marker = token,
                },
                ct),
            page => page.IsTruncated == true ? page.Marker : null,
            page => page.Versions,
            cancellationToken);

    public Task<DeletePolicyVersionResponse> DeletePolicyVersionAsync(DeletePolicyVersionRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.DeletePolicyVersion, request, cancellationToken);

    public Task<DeletePolicyResponse> DeletePolicyAsync(DeletePolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.DeletePolicy, request, cancellationToken);

    public Task<AttachRolePolicyResponse> AttachRolePolicyAsync(AttachRolePolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.AttachRolePolicy, request, cancellationToken);

    public Task<DetachRolePolicyResponse> DetachRolePolicyAsync(DetachRolePolicyRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.DetachRolePolicy, request, cancellationToken);

    public Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken) =>
        _query.InvokeAsync(IamOperations.ListAttachedRolePolicies, request, cancellationToken);

    /// <summary>Every item of ListAttachedRolePolicies, following Marker across pages.</summary>
    public IAsyncEnumerable<AttachedPolicy> ListAllAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaginator.PaginateAsync(
            (token, ct) => ListAttachedRolePoliciesAsync(
                new ListAttachedRolePoliciesRequest
                {
                    RoleName = request.RoleName,
                    PathPrefix = request.PathPrefix,
                    MaxItems = request.MaxItems,
                    Marker = token,
                },
                ct),
            page => page.IsTruncated == true ? page.Marker : null,
            page => page.AttachedPolicies,
            cancellationToken);

    private static void DecodeRole(Role? role)
    {
        if (role?.AssumeRolePolicyDocument is { } document)
        {
            role.AssumeRolePolicyDocument = DecodePolicyDocument(document);
        }
    }

    private static void DecodeVersion(PolicyVersion? version)
    {
        if (version?.Document is { } document)
        {
            version.Document = DecodePolicyDocument(document);
        }
    }

    /// <summary>Undoes IAM's URL-encoding of a policy document; text that is already JSON is left as it is.</summary>
    internal static string DecodePolicyDocument(string document) =>
        document.TrimStart().StartsWith('{') ? document : Uri.UnescapeDataString(document);
}
