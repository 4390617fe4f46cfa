using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Eks;
using Xunit;

namespace EksSso.Tests.Conformance;

/// <summary>Every operation descriptor and its request/response types agree with the official AWS service models.</summary>
public sealed class ModelConformanceTests
{
    /// <summary>The operations the module needs, per service; dropping or renaming one fails <see cref="Declared_operations_are_exactly_the_required_ones"/>.</summary>
    private static readonly Dictionary<string, string[]> s_required = new(StringComparer.Ordinal)
    {
        [AwsServiceInfo.Organizations.ServiceId] =
        [
            "CreateOrganization", "DescribeOrganization", "ListRoots", "CreateAccount", "DescribeCreateAccountStatus",
            "ListCreateAccountStatus", "ListAccounts", "DescribeAccount",
        ],
        [AwsServiceInfo.SsoAdmin.ServiceId] =
        [
            "ListInstances", "DescribeInstance", "CreatePermissionSet", "DescribePermissionSet", "ListPermissionSets",
            "UpdatePermissionSet", "AttachManagedPolicyToPermissionSet", "DetachManagedPolicyFromPermissionSet",
            "ListManagedPoliciesInPermissionSet", "PutInlinePolicyToPermissionSet", "GetInlinePolicyForPermissionSet",
            "ProvisionPermissionSet", "DescribePermissionSetProvisioningStatus", "CreateAccountAssignment",
            "DescribeAccountAssignmentCreationStatus", "ListAccountAssignments", "DeleteAccountAssignment",
            "DescribeAccountAssignmentDeletionStatus", "ListAccountAssignmentsForPrincipal", "DeleteInlinePolicyFromPermissionSet",
            "ListAccountsForProvisionedPermissionSet", "ListPermissionSetsProvisionedToAccount",
        ],
        [AwsServiceInfo.IdentityStore.ServiceId] =
        [
            "CreateUser", "DescribeUser", "ListUsers", "GetUserId", "UpdateUser", "CreateGroup", "DescribeGroup", "ListGroups",
            "GetGroupId", "CreateGroupMembership", "GetGroupMembershipId", "ListGroupMemberships", "ListGroupMembershipsForMember",
            "DeleteGroupMembership", "UpdateGroup",
        ],
        [AwsServiceInfo.Iam.ServiceId] =
        [
            "CreateRole", "GetRole", "ListRoles", "UpdateAssumeRolePolicy", "DeleteRole", "TagRole", "CreatePolicy", "GetPolicy",
            "GetPolicyVersion", "CreatePolicyVersion", "ListPolicyVersions", "DeletePolicyVersion", "DeletePolicy",
            "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies",
        ],
        [AwsServiceInfo.Eks.ServiceId] =
        [
            "CreateCluster", "DescribeCluster", "ListClusters", "DeleteCluster", "UpdateClusterConfig", "DescribeUpdate",
            "CreateNodegroup", "DescribeNodegroup", "ListNodegroups", "DeleteNodegroup", "CreateAccessEntry", "DescribeAccessEntry",
            "ListAccessEntries", "UpdateAccessEntry", "DeleteAccessEntry", "AssociateAccessPolicy", "DisassociateAccessPolicy",
            "ListAssociatedAccessPolicies", "ListAccessPolicies",
        ],
    };

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var (_, operation) in AwsModels.DeclaredOperations())
        {
            data.Add(operation.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_matches_the_official_model(string operation)
    {
        var matches = AwsModels.DeclaredOperations().Where(o => o.Operation.ToString() == operation).ToList();
        Assert.Single(matches);

        var problems = ModelConformanceChecker.Check(matches[0].Operation);

        Assert.True(problems.Count == 0, $"{operation} disagrees with the model:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    [Fact]
    public void Declared_operations_are_exactly_the_required_ones()
    {
        var declared = AwsModels.DeclaredOperations();
        var problems = new List<string>();

        foreach (var (field, operation) in declared)
        {
            if (field.Name != operation.Name)
            {
                problems.Add($"{field.DeclaringType!.Name}.{field.Name} describes the operation '{operation.Name}'; name the field after it.");
            }
        }

        foreach (var duplicate in declared.GroupBy(d => d.Operation.ToString()).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key} is declared {duplicate.Count()} times.");
        }

        foreach (var (service, required) in s_required)
        {
            var found = declared.Where(d => d.Operation.Service.ServiceId == service).Select(d => d.Operation.Name).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(required.Except(found).Select(name => $"{service} {name} is required but not declared."));
            problems.AddRange(found.Except(required).Select(name => $"{service} {name} is declared but not in the required list (add it there)."));
        }

        problems.AddRange(declared.Where(d => !s_required.ContainsKey(d.Operation.Service.ServiceId)).Select(d => $"{d.Operation} belongs to a service the list does not cover."));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(s_required.Values.Sum(v => v.Length), declared.Count);
    }

    [Fact]
    public void Every_declared_service_has_a_model_file()
    {
        foreach (var service in AwsModels.DeclaredOperations().Select(d => d.Operation.Service).Distinct())
        {
            var file = AwsModels.FileFor(service);
            Assert.NotNull(file);
            Assert.True(File.Exists(Path.Combine(AwsModels.Directory, file)), $"Missing {file} in {AwsModels.Directory}.");
        }
    }

    [Fact]
    public void Checker_reports_misspelt_members_and_missing_required_ones()
    {
        var operation = new AwsOperation<MisspeltDescribeClusterRequest, MisspeltDescribeClusterResponse>(AwsServiceInfo.Eks, "DescribeCluster", "GET", "/clusters/{name}");

        var problems = ModelConformanceChecker.Check(operation);

        Assert.Contains(problems, p => p.Contains("'nmae'", StringComparison.Ordinal) && p.Contains("not a member", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("requires 'name'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'clusterr'", StringComparison.Ordinal) && p.Contains("not a member", StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Checker_reports_wrong_http_bindings_and_required_flags()
    {
        var operation = new AwsOperation<WrongListNodegroupsRequest, ListNodegroupsResponse>(AwsServiceInfo.Eks, "ListNodegroups", "POST", "/clusters/{cluster}/node-groups");

        var problems = ModelConformanceChecker.Check(operation);

        Assert.Contains(problems, p => p.StartsWith("http.method", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("http.requestUri", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".clusterName", StringComparison.Ordinal) && p.Contains("to uri 'name', the property to querystring 'cluster'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".nextToken", StringComparison.Ordinal) && p.Contains("no [AwsLocation]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".maxResults", StringComparison.Ordinal) && p.Contains("does not require", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".maxResults", StringComparison.Ordinal) && p.Contains("does not fit", StringComparison.Ordinal));
        Assert.Equal(6, problems.Count);
    }

    [Fact]
    public void Checker_reports_wrong_types_and_enum_values_in_responses()
    {
        var operation = new AwsOperation<DescribeNodegroupRequest, WrongDescribeNodegroupResponse>(AwsServiceInfo.Eks, "DescribeNodegroup", "GET", "/clusters/{name}/node-groups/{nodegroupName}");

        var problems = ModelConformanceChecker.Check(operation);

        Assert.Contains(problems, p => p.Contains(".status", StringComparison.Ordinal) && p.Contains("'BOGUS'", StringComparison.Ordinal) && p.Contains("does not have", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".status", StringComparison.Ordinal) && p.Contains("lacks the value 'DELETING'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".capacityType", StringComparison.Ordinal) && p.Contains("no [AwsEnum]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".nodegroupName", StringComparison.Ordinal) && p.Contains("neither an enum", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(".diskSize", StringComparison.Ordinal) && p.Contains("does not fit", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_reports_a_type_that_is_not_from_the_model_when_the_operation_has_no_output()
    {
        var operation = new AwsOperation<Engine.Aws.Services.Iam.DeleteRoleRequest, MisspeltDescribeClusterResponse>(AwsServiceInfo.Iam, "DeleteRole");

        var problems = ModelConformanceChecker.Check(operation);

        Assert.Equal(["MisspeltDescribeClusterResponse (output): the operation has no output shape, so the type must declare no properties."], problems);
    }

    private sealed class MisspeltDescribeClusterRequest
    {
        [AwsLocation(AwsLocation.Uri, "name")]
        public string? Nmae { get; set; }
    }

    private sealed class MisspeltDescribeClusterResponse
    {
        public Cluster? Clusterr { get; set; }
    }

    private sealed class WrongListNodegroupsRequest
    {
        [AwsRequired]
        [AwsLocation(AwsLocation.QueryString, "cluster")]
        public string? ClusterName { get; set; }

        [AwsRequired]
        [AwsLocation(AwsLocation.QueryString, "maxResults")]
        public string? MaxResults { get; set; }

        public string? NextToken { get; set; }
    }

    private sealed class WrongDescribeNodegroupResponse
    {
        public WrongNodegroup? Nodegroup { get; set; }
    }

    private sealed class WrongNodegroup
    {
        [AwsEnum(typeof(WrongNodegroupStatus))]
        public string? NodegroupName { get; set; }

        [AwsEnum(typeof(WrongNodegroupStatus))]
        public string? Status { get; set; }

        public string? CapacityType { get; set; }

        public string? DiskSize { get; set; }
    }

    private static class WrongNodegroupStatus
    {
        public const string Creating = "CREATING";
        public const string Bogus = "BOGUS";
    }
}
