using EksSso.Sandbox.Model;
using Xunit;

namespace EksSso.Sandbox.Tests.Model;

public sealed class ServiceModelTests
{
    [Theory]
    [InlineData("organizations", 63, "json")]
    [InlineData("sso-admin", 79, "json")]
    [InlineData("identitystore", 19, "json")]
    [InlineData("iam", 176, "query")]
    [InlineData("sts", 11, "query")]
    [InlineData("eks", 65, "rest-json")]
    [InlineData("sso", 4, "rest-json")]
    [InlineData("sso-oidc", 4, "rest-json")]
    [InlineData("ec2", 800, "ec2")]
    public void Loads_every_operation_of_each_model(string service, int operations, string protocol)
    {
        var model = ModelFiles.Load(service);

        Assert.Equal(operations, model.Operations.Count);
        Assert.Equal(protocol, model.Metadata.Protocol);
        // Every operation's shapes are resolved at load time.
        Assert.All(model.Operations.Values, op =>
        {
            Assert.Equal(op.InputShape, op.Input?.Name);
            Assert.Equal(op.OutputShape, op.Output?.Name);
        });
    }

    [Fact]
    public void Reads_metadata_with_botocore_defaults()
    {
        var ssoAdmin = ModelFiles.Load("sso-admin").Metadata;
        Assert.Equal("SWBExternalService", ssoAdmin.TargetPrefix);
        Assert.Equal("sso", ssoAdmin.SigningName);
        Assert.Equal("SSO Admin", ssoAdmin.ServiceId);

        // No signingName in the Organizations model: it defaults to the endpoint prefix.
        var organizations = ModelFiles.Load("organizations").Metadata;
        Assert.Equal("organizations", organizations.SigningName);
        Assert.Equal("AWSOrganizationsV20161128", organizations.TargetPrefix);
        Assert.Null(organizations.XmlNamespace);

        Assert.Equal("awsssoportal", ModelFiles.Load("sso").Metadata.SigningName);
        Assert.Equal("portal.sso", ModelFiles.Load("sso").Metadata.EndpointPrefix);
        Assert.Equal("sso-oauth", ModelFiles.Load("sso-oidc").Metadata.SigningName);
        Assert.Equal("https://iam.amazonaws.com/doc/2010-05-08/", ModelFiles.Load("iam").Metadata.XmlNamespace);
        Assert.Equal("2011-06-15", ModelFiles.Load("sts").Metadata.ApiVersion);

        // The EC2 model spells its namespace without the trailing slash the service writes.
        Assert.Equal("http://ec2.amazonaws.com/doc/2016-11-15/", ModelFiles.Load("ec2").Metadata.XmlNamespace);
    }

    [Fact]
    public void Reads_operation_bindings()
    {
        var createRole = ModelFiles.Load("iam").Operation("CreateRole");
        Assert.Equal("POST", createRole.HttpMethod);
        Assert.Equal("/", createRole.RequestUri);
        Assert.Equal("CreateRoleRequest", createRole.InputShape);
        Assert.Equal("CreateRoleResponse", createRole.OutputShape);
        Assert.Equal("CreateRoleResult", createRole.ResultWrapper);
        Assert.Contains("EntityAlreadyExistsException", createRole.Errors);

        var deleteRole = ModelFiles.Load("iam").Operation("DeleteRole");
        Assert.Null(deleteRole.OutputShape);
        Assert.Null(deleteRole.ResultWrapper);

        var withIam = ModelFiles.Load("sso-oidc").Operation("CreateTokenWithIAM");
        Assert.Equal("/token?aws_iam=t", withIam.RequestUri);
        Assert.Equal("/token", withIam.RequestUriPath);
        Assert.Equal(new KeyValuePair<string, string?>("aws_iam", "t"), Assert.Single(withIam.LiteralQuery));

        Assert.Equal("/clusters/{name}/access-entries/{principalArn}", ModelFiles.Load("eks").Operation("DescribeAccessEntry").RequestUri);
        Assert.Throws<KeyNotFoundException>(() => ModelFiles.Load("eks").Operation("NoSuchOperation"));
    }

    [Fact]
    public void Reads_shape_constraints_and_member_traits()
    {
        var iam = ModelFiles.Load("iam");
        var roleName = iam.Shape("roleNameType");
        Assert.Equal("string", roleName.Type);
        Assert.Equal(1m, roleName.Min);
        Assert.Equal(64m, roleName.Max);
        Assert.Equal(@"[\w+=,.@-]+", roleName.Pattern);
        Assert.NotNull(roleName.PatternRegex);

        var createRole = iam.Shape("CreateRoleRequest");
        Assert.Equal(["RoleName", "AssumeRolePolicyDocument"], createRole.Required);
        Assert.True(createRole.FindMember("RoleName")!.IsRequired);
        Assert.False(createRole.FindMember("Tags")!.IsRequired);
        var tags = createRole.FindMember("Tags")!.Shape;
        Assert.Equal("list", tags.Type);
        Assert.Equal(50m, tags.Max);
        Assert.Equal("Tag", tags.Member!.ShapeName);
        Assert.Same(iam.Shape("Tag"), tags.Member.Shape);

        var exists = iam.Shape("EntityAlreadyExistsException");
        Assert.True(exists.IsException);
        Assert.Equal("EntityAlreadyExists", exists.ErrorCode);
        Assert.Equal(409, exists.ErrorHttpStatusCode);
        Assert.True(exists.ErrorSenderFault);
        Assert.Equal("timestamp", iam.Shape("dateType").Type);
        Assert.True(iam.Shape("passwordType").Sensitive);

        Assert.Equal(["ALL", "CONSOLIDATED_BILLING"], ModelFiles.Load("organizations").Shape("OrganizationFeatureSet").Enum);

        var eks = ModelFiles.Load("eks");
        var clusterName = eks.Shape("DescribeClusterRequest").FindMember("name")!;
        Assert.Equal("uri", clusterName.Location);
        Assert.Equal("name", clusterName.LocationName);
        Assert.True(eks.Shape("CreateClusterRequest").FindMember("clientRequestToken")!.IdempotencyToken);
        var labels = eks.Shape("CreateNodegroupRequest").FindMember("labels")!.Shape;
        Assert.Equal("map", labels.Type);
        Assert.Equal("string", labels.Key!.Shape.Type);

        var bearer = ModelFiles.Load("sso").Shape("GetRoleCredentialsRequest").FindMember("accessToken")!;
        Assert.Equal("header", bearer.Location);
        Assert.Equal("x-amz-sso_bearer_token", bearer.LocationName);
        Assert.True(bearer.Shape.Sensitive);

        var ec2 = ModelFiles.Load("ec2");
        var ipv6 = ec2.Shape("InstanceNetworkInterfaceSpecification").FindMember("Ipv6Addresses")!;
        Assert.Equal("Ipv6Addresses", ipv6.QueryName);
        Assert.Equal("ipv6AddressesSet", ipv6.LocationName);
        Assert.Equal("Ipv6Addresses", ipv6.Ec2WireName);
        var dryRun = ec2.Shape("CreateVpcRequest").FindMember("DryRun")!;
        Assert.Equal("DryRun", dryRun.Ec2WireName);
        Assert.Equal("dryRun", dryRun.Ec2XmlName);
        Assert.Equal("Filter", ec2.Shape("DescribeVpcsRequest").FindMember("Filters")!.Ec2WireName);
        Assert.Equal(0.001m, ec2.Shape("DoubleWithConstraints").Min);

        Assert.True(ModelFiles.Load("identitystore").Shape("AlternateIdentifier").IsUnion);
        Assert.True(ModelFiles.Load("identitystore").Shape("AttributeValue").IsDocument);
    }

    [Fact]
    public void Shape_lookups_are_cached_instances()
    {
        var model = ModelFiles.Load("eks");
        Assert.Same(model.Shape("Cluster"), model.Shape("Cluster"));
        Assert.Throws<KeyNotFoundException>(() => model.Shape("NoSuchShape"));
        Assert.False(model.TryGetShape("NoSuchShape", out _));
    }

    [Theory]
    [InlineData("GET", "/clusters/demo", "DescribeCluster", "name", "demo")]
    [InlineData("POST", "/clusters/demo/node-groups", "CreateNodegroup", "name", "demo")]
    [InlineData("GET", "/clusters/demo/access-entries/arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx", "DescribeAccessEntry", "principalArn", "arn:aws:iam::1:role/x")]
    [InlineData("GET", "/clusters", "ListClusters", null, null)]
    [InlineData("GET", "/clusters?maxResults=5", "ListClusters", null, null)]
    [InlineData("DELETE", "/clusters/demo", "DeleteCluster", "name", "demo")]
    [InlineData("POST", "/clusters/demo/node-groups/ng-1/update-config", "UpdateNodegroupConfig", "nodegroupName", "ng-1")]
    [InlineData("GET", "/clusters/demo/access-entries/arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx/access-policies", "ListAssociatedAccessPolicies", "principalArn", "arn:aws:iam::1:role/x")]
    [InlineData("GET", "/tags/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fdemo", "ListTagsForResource", "resourceArn", "arn:aws:eks:us-east-1:1:cluster/demo")]
    public void MatchRest_finds_EKS_operations(string method, string path, string operation, string? label, string? value)
    {
        var match = ModelFiles.Load("eks").MatchRest(method, path);

        Assert.NotNull(match);
        Assert.Equal(operation, match.Operation.Name);
        if (label is not null)
        {
            Assert.Equal(value, match.Labels[label]);
        }
    }

    [Fact]
    public void MatchRest_binds_every_label_of_DisassociateAccessPolicy()
    {
        var match = ModelFiles.Load("eks").MatchRest(
            "DELETE",
            "/clusters/demo/access-entries/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fadmin/access-policies/arn%3Aaws%3Aeks%3A%3Aaws%3Acluster-access-policy%2FAmazonEKSClusterAdminPolicy");

        Assert.NotNull(match);
        Assert.Equal("DisassociateAccessPolicy", match.Operation.Name);
        Assert.Equal("demo", match.Labels["name"]);
        Assert.Equal("arn:aws:iam::111122223333:role/admin", match.Labels["principalArn"]);
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", match.Labels["policyArn"]);
        Assert.Equal(3, match.Labels.Count);
    }

    [Theory]
    [InlineData("PUT", "/clusters/demo")]
    [InlineData("GET", "/clusters/demo/unknown")]
    [InlineData("GET", "/nothing")]
    [InlineData("GET", "/clusters/")]
    [InlineData("GET", "/clusters//access-entries")]
    public void MatchRest_returns_null_when_nothing_matches(string method, string path) =>
        Assert.Null(ModelFiles.Load("eks").MatchRest(method, path));

    [Fact]
    public void MatchRest_finds_SSO_portal_and_OIDC_operations()
    {
        var sso = ModelFiles.Load("sso");
        Assert.Equal("GetRoleCredentials", sso.MatchRest("GET", "/federation/credentials?role_name=Admin&account_id=111122223333")!.Operation.Name);
        Assert.Equal("ListAccounts", sso.MatchRest("GET", "/assignment/accounts")!.Operation.Name);
        Assert.Equal("Logout", sso.MatchRest("POST", "/logout")!.Operation.Name);

        var oidc = ModelFiles.Load("sso-oidc");
        Assert.Equal("CreateToken", oidc.MatchRest("POST", "/token")!.Operation.Name);
        Assert.Equal("RegisterClient", oidc.MatchRest("POST", "/client/register")!.Operation.Name);
        Assert.Equal("StartDeviceAuthorization", oidc.MatchRest("POST", "/device_authorization")!.Operation.Name);

        // Same path as CreateToken: only the literal query tells CreateTokenWithIAM apart.
        Assert.Equal("CreateTokenWithIAM", oidc.MatchRest("POST", "/token?aws_iam=t")!.Operation.Name);
        Assert.Equal("CreateTokenWithIAM", oidc.MatchRest("POST", "/token", [new("aws_iam", "t")])!.Operation.Name);
    }

    [Fact]
    public void MatchRest_handles_greedy_labels_and_prefers_literal_segments()
    {
        var model = ModelFiles.FromJson("""
            {
              "metadata": { "protocol": "rest-json", "endpointPrefix": "x", "serviceId": "X", "apiVersion": "2020-01-01" },
              "operations": {
                "GetObject": { "name": "GetObject", "http": { "method": "GET", "requestUri": "/{Bucket}/{Key+}" }, "input": { "shape": "In" } },
                "GetAcl": { "name": "GetAcl", "http": { "method": "GET", "requestUri": "/{Bucket}/acl" }, "input": { "shape": "In" } },
                "GetThing": { "name": "GetThing", "http": { "method": "GET", "requestUri": "/things/{id}" } }
              },
              "shapes": {
                "In": { "type": "structure", "required": ["Bucket"], "members": {
                  "Bucket": { "shape": "S", "location": "uri", "locationName": "Bucket" },
                  "Key": { "shape": "S", "location": "uri", "locationName": "Key" } } },
                "S": { "type": "string" }
              }
            }
            """);

        var greedy = model.MatchRest("GET", "/bucket/a/b%20c/d.txt")!;
        Assert.Equal("GetObject", greedy.Operation.Name);
        Assert.Equal("bucket", greedy.Labels["Bucket"]);
        Assert.Equal("a/b c/d.txt", greedy.Labels["Key"]);

        // Both templates match "/bucket/acl"; the literal segment wins.
        Assert.Equal("GetAcl", model.MatchRest("GET", "/bucket/acl")!.Operation.Name);
        Assert.Equal("GetThing", model.MatchRest("GET", "/things/t-1")!.Operation.Name);
        Assert.Equal("GetObject", model.MatchRest("GET", "/things/t-1/x")!.Operation.Name);
        Assert.Null(model.MatchRest("GET", "/bucket"));
    }

    [Fact]
    public void Embedded_models_load_when_the_assembly_carries_them()
    {
        var assembly = typeof(ServiceModel).Assembly;
        if (assembly.GetManifestResourceNames().Contains("EksSso.Sandbox.Models.sts.json"))
        {
            Assert.Equal(11, ServiceModel.Embedded("sts").Operations.Count);
            Assert.Same(ServiceModel.Embedded("sts"), ServiceModel.Embedded("sts"));
        }

        Assert.Throws<FileNotFoundException>(() => ServiceModel.Embedded("no-such-service"));
    }
}
