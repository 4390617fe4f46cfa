using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Model;
using Xunit;

namespace EksSso.Sandbox.Tests.Model;

public sealed class ModelCodecReadTests
{
    private static Func<string, string?> NoHeaders => _ => null;

    [Fact]
    public void ReadQuery_reads_IAM_CreateRole_with_tags_by_member_name()
    {
        var codec = ModelFiles.Codec("iam");
        var op = codec.Model.Operation("CreateRole");

        var input = codec.ReadQuery(op, ModelFiles.Form(
            ("Action", "CreateRole"),
            ("Version", "2010-05-08"),
            ("X-Amz-Date", "20240101T000000Z"),
            ("RoleName", "deployer"),
            ("AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"),
            ("MaxSessionDuration", "7200"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "platform"),
            ("Tags.member.2.Key", "env"),
            ("Tags.member.2.Value", "dev")));

        Assert.Equal("deployer", (string?)input["RoleName"]);
        Assert.Equal("{\"Version\":\"2012-10-17\"}", (string?)input["AssumeRolePolicyDocument"]);
        Assert.Equal(7200L, (long)input["MaxSessionDuration"]!);
        var tags = input["Tags"]!.AsArray();
        Assert.Equal(2, tags.Count);
        Assert.Equal("team", (string?)tags[0]!["Key"]);
        Assert.Equal("platform", (string?)tags[0]!["Value"]);
        Assert.Equal("env", (string?)tags[1]!["Key"]);
        Assert.False(input.ContainsKey("Action"));
        Assert.False(input.ContainsKey("Version"));
        Assert.False(input.ContainsKey("X-Amz-Date"));
        codec.Validate(op, input);
    }

    [Fact]
    public void ReadQuery_orders_list_entries_by_index_and_reads_empty_lists()
    {
        var codec = ModelFiles.Codec("iam");
        var op = codec.Model.Operation("CreateRole");

        var input = codec.ReadQuery(op, ModelFiles.Form(
            ("RoleName", "r"),
            ("AssumeRolePolicyDocument", "{}"),
            ("Tags.member.10.Key", "ten"),
            ("Tags.member.10.Value", "10"),
            ("Tags.member.2.Key", "two"),
            ("Tags.member.2.Value", "2")));
        Assert.Equal(["two", "ten"], input["Tags"]!.AsArray().Select(t => (string)t!["Key"]!));

        var empty = codec.ReadQuery(op, ModelFiles.Form(("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"), ("Tags", "")));
        Assert.Empty(empty["Tags"]!.AsArray());
    }

    [Fact]
    public void ReadQuery_reads_IAM_maps_as_entry_key_value()
    {
        var model = ModelFiles.FromJson("""
            {
              "metadata": { "protocol": "query", "endpointPrefix": "q", "serviceId": "Q", "apiVersion": "2020-01-01", "xmlNamespace": "https://q/doc/" },
              "operations": { "Put": { "name": "Put", "http": { "method": "POST", "requestUri": "/" }, "input": { "shape": "PutRequest" } } },
              "shapes": {
                "PutRequest": { "type": "structure", "members": { "Attributes": { "shape": "AttributeMap" }, "Flat": { "shape": "Names", "flattened": true } } },
                "AttributeMap": { "type": "map", "key": { "shape": "S" }, "value": { "shape": "S" } },
                "Names": { "type": "list", "member": { "shape": "S" } },
                "S": { "type": "string" }
              }
            }
            """);
        var codec = new ModelCodec(model);

        var input = codec.ReadQuery(model.Operation("Put"), ModelFiles.Form(
            ("Attributes.entry.1.key", "color"),
            ("Attributes.entry.1.value", "blue"),
            ("Attributes.entry.2.key", "size"),
            ("Attributes.entry.2.value", "L"),
            ("Flat.1", "a"),
            ("Flat.2", "b")));

        Assert.Equal("blue", (string?)input["Attributes"]!["color"]);
        Assert.Equal("L", (string?)input["Attributes"]!["size"]);
        Assert.Equal(["a", "b"], input["Flat"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void ReadQuery_rejects_keys_that_do_not_fit_the_list_layout()
    {
        var codec = ModelFiles.Codec("iam");
        var op = codec.Model.Operation("CreateRole");

        var error = Assert.Throws<ModelValidationException>(() => codec.ReadQuery(op, ModelFiles.Form(
            ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"), ("Tags.1.Key", "k"), ("Tags.member.x.Key", "k"))));

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(2, error.Violations.Count);
        Assert.All(error.Violations, v => Assert.Equal(ViolationKind.Malformed, v.Kind));
    }

    [Fact]
    public void ReadQuery_keeps_unknown_parameters_for_Validate()
    {
        var codec = ModelFiles.Codec("sts");
        var op = codec.Model.Operation("GetCallerIdentity");

        var input = codec.ReadQuery(op, ModelFiles.Form(("Action", "GetCallerIdentity"), ("Bogus", "1")));

        Assert.Equal("1", (string?)input["Bogus"]);
        var error = Assert.Throws<ModelValidationException>(() => codec.Validate(op, input));
        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(ViolationKind.Unknown, Assert.Single(error.Violations).Kind);
    }

    [Fact]
    public void ReadQuery_reads_EC2_CreateVpc_with_tag_specifications()
    {
        var codec = ModelFiles.Codec("ec2");
        var op = codec.Model.Operation("CreateVpc");

        var input = codec.ReadQuery(op, ModelFiles.Form(
            ("Action", "CreateVpc"),
            ("Version", "2016-11-15"),
            ("CidrBlock", "10.0.0.0/16"),
            ("InstanceTenancy", "default"),
            ("DryRun", "false"),
            ("TagSpecification.1.ResourceType", "vpc"),
            ("TagSpecification.1.Tag.1.Key", "Name"),
            ("TagSpecification.1.Tag.1.Value", "main"),
            ("TagSpecification.1.Tag.2.Key", "env"),
            ("TagSpecification.1.Tag.2.Value", "dev")));

        Assert.Equal("10.0.0.0/16", (string?)input["CidrBlock"]);
        Assert.Equal("default", (string?)input["InstanceTenancy"]);
        Assert.False((bool)input["DryRun"]!);
        var spec = Assert.Single(input["TagSpecifications"]!.AsArray())!;
        Assert.Equal("vpc", (string?)spec["ResourceType"]);
        var tags = spec["Tags"]!.AsArray();
        Assert.Equal("Name", (string?)tags[0]!["Key"]);
        Assert.Equal("main", (string?)tags[0]!["Value"]);
        Assert.Equal("env", (string?)tags[1]!["Key"]);
        codec.Validate(op, input);
    }

    [Fact]
    public void ReadQuery_reads_EC2_DescribeVpcs_filters_and_ids()
    {
        var codec = ModelFiles.Codec("ec2");
        var op = codec.Model.Operation("DescribeVpcs");

        var input = codec.ReadQuery(op, ModelFiles.Form(
            ("Action", "DescribeVpcs"),
            ("Filter.1.Name", "tag:Name"),
            ("Filter.1.Value.1", "main"),
            ("Filter.1.Value.2", "other"),
            ("Filter.2.Name", "is-default"),
            ("Filter.2.Value.1", "false"),
            ("VpcId.1", "vpc-1"),
            ("MaxResults", "5")));

        var filters = input["Filters"]!.AsArray();
        Assert.Equal(2, filters.Count);
        Assert.Equal("tag:Name", (string?)filters[0]!["Name"]);
        Assert.Equal(["main", "other"], filters[0]!["Values"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("is-default", (string?)filters[1]!["Name"]);
        Assert.Equal(["vpc-1"], input["VpcIds"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(5L, (long)input["MaxResults"]!);
        codec.Validate(op, input);
    }

    [Fact]
    public void ReadQuery_uses_queryName_for_EC2_members_that_have_one()
    {
        var codec = ModelFiles.Codec("ec2");
        var op = codec.Model.Operation("RunInstances");

        var input = codec.ReadQuery(op, ModelFiles.Form(
            ("MinCount", "1"),
            ("MaxCount", "1"),
            ("NetworkInterface.1.DeviceIndex", "0"),
            ("NetworkInterface.1.Ipv6Addresses.1.Ipv6Address", "2001:db8::1")));

        var nic = Assert.Single(input["NetworkInterfaces"]!.AsArray())!;
        Assert.Equal(0L, (long)nic["DeviceIndex"]!);
        Assert.Equal("2001:db8::1", (string?)nic["Ipv6Addresses"]![0]!["Ipv6Address"]);
    }

    [Fact]
    public void ReadJson_maps_an_empty_body_to_an_empty_object()
    {
        var codec = ModelFiles.Codec("organizations");
        var op = codec.Model.Operation("DescribeOrganization");

        Assert.Empty(codec.ReadJson(op, []));
        Assert.Empty(codec.ReadJson(op, "  \n"u8));
        Assert.Empty(codec.ReadJson(op, "{}"u8));
    }

    [Fact]
    public void ReadJson_reads_members_and_types()
    {
        var codec = ModelFiles.Codec("organizations");
        var op = codec.Model.Operation("ListAccounts");

        var input = codec.ReadJson(op, """{"MaxResults": 5, "NextToken": "abc"}"""u8);

        Assert.Equal(5L, (long)input["MaxResults"]!);
        Assert.Equal("abc", (string?)input["NextToken"]);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("{\"MaxResults\": 1, \"MaxResults\": 2}")]
    [InlineData("{\"MaxResults\": 1} trailing")]
    public void ReadJson_rejects_unreadable_bodies_with_SerializationException(string body)
    {
        var codec = ModelFiles.Codec("organizations");
        var op = codec.Model.Operation("ListAccounts");

        var error = Assert.Throws<ModelValidationException>(() => codec.ReadJson(op, Encoding.UTF8.GetBytes(body)));

        Assert.Equal("SerializationException", error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void ReadJson_keeps_documents_as_sent()
    {
        var codec = ModelFiles.Codec("identitystore");
        var op = codec.Model.Operation("GetUserId");

        var input = codec.ReadJson(op, """
            {"IdentityStoreId": "d-1234567890", "AlternateIdentifier": {"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": {"any": ["thing", 1]}}}}
            """u8);

        Assert.Equal(1L, (long)input["AlternateIdentifier"]!["UniqueAttribute"]!["AttributeValue"]!["any"]![1]!);
        codec.Validate(op, input);
    }

    [Fact]
    public void ReadRest_binds_labels_and_the_body()
    {
        var codec = ModelFiles.Codec("eks");
        var match = codec.Model.MatchRest("POST", "/clusters/demo/node-groups")!;

        var input = codec.ReadRest(match.Operation, match.Labels, [], NoHeaders, """
            {"nodegroupName": "ng", "subnets": ["subnet-1"], "nodeRole": "arn:aws:iam::111122223333:role/node",
             "scalingConfig": {"minSize": 1, "maxSize": 3, "desiredSize": 2}, "labels": {"team": "a"}}
            """u8);

        Assert.Equal("demo", (string?)input["clusterName"]);
        Assert.Equal("ng", (string?)input["nodegroupName"]);
        Assert.Equal(3L, (long)input["scalingConfig"]!["maxSize"]!);
        Assert.Equal("a", (string?)input["labels"]!["team"]);
        codec.Validate(match.Operation, input);
    }

    [Fact]
    public void ReadRest_converts_query_parameters_to_member_types()
    {
        var codec = ModelFiles.Codec("eks");
        var op = codec.Model.Operation("ListClusters");

        var input = codec.ReadRest(op, new Dictionary<string, string>(), ModelFiles.Form(
            ("maxResults", "10"), ("include", "all"), ("include", "other"), ("X-Amz-Signature", "abc")), NoHeaders, []);

        Assert.Equal(10L, (long)input["maxResults"]!);
        Assert.Equal(["all", "other"], input["include"]!.AsArray().Select(v => (string)v!));
        codec.Validate(op, input);

        var deleteAddon = codec.ReadRest(codec.Model.Operation("DeleteAddon"), new Dictionary<string, string> { ["name"] = "demo", ["addonName"] = "vpc-cni" }, ModelFiles.Form(("preserve", "true")), NoHeaders, []);
        Assert.True((bool)deleteAddon["preserve"]!);
        Assert.Equal("demo", (string?)deleteAddon["clusterName"]);
    }

    [Fact]
    public void ReadRest_reads_SSO_portal_query_and_header_members()
    {
        var codec = ModelFiles.Codec("sso");
        var match = codec.Model.MatchRest("GET", "/federation/credentials?role_name=Admin&account_id=111122223333")!;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-amz-sso_bearer_token"] = "token-1" };

        var input = codec.ReadRest(match.Operation, match.Labels, ModelFiles.Form(("role_name", "Admin"), ("account_id", "111122223333")), h => headers.GetValueOrDefault(h), []);

        Assert.Equal("Admin", (string?)input["roleName"]);
        Assert.Equal("111122223333", (string?)input["accountId"]);
        Assert.Equal("token-1", (string?)input["accessToken"]);
        codec.Validate(match.Operation, input);

        // Without the bearer header the required member is missing.
        var missing = codec.ReadRest(match.Operation, match.Labels, ModelFiles.Form(("role_name", "Admin"), ("account_id", "111122223333")), NoHeaders, []);
        var error = Assert.Throws<ModelValidationException>(() => codec.Validate(match.Operation, missing));
        Assert.Equal("1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public void ReadRest_ignores_the_literal_query_of_the_operation()
    {
        var codec = ModelFiles.Codec("sso-oidc");
        var match = codec.Model.MatchRest("POST", "/token?aws_iam=t")!;

        var input = codec.ReadRest(match.Operation, match.Labels, ModelFiles.Form(("aws_iam", "t")), NoHeaders,
            """{"clientId": "arn:aws:sso::111122223333:application/ssoins-1/apl-1", "grantType": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "jwt"}"""u8);

        Assert.Equal("CreateTokenWithIAM", match.Operation.Name);
        Assert.False(input.ContainsKey("aws_iam"));
        codec.Validate(match.Operation, input);
    }

    [Fact]
    public void ReadRest_rejects_unknown_query_parameters_and_misplaced_body_members()
    {
        var codec = ModelFiles.Codec("eks");
        var match = codec.Model.MatchRest("GET", "/clusters/demo")!;

        var unknown = Assert.Throws<ModelValidationException>(() => codec.ReadRest(match.Operation, match.Labels, ModelFiles.Form(("verbose", "1")), NoHeaders, []));
        Assert.Equal("ValidationException", unknown.Code);
        Assert.Contains("verbose", unknown.Message, StringComparison.Ordinal);

        var inBody = Assert.Throws<ModelValidationException>(() => codec.ReadRest(match.Operation, match.Labels, [], NoHeaders, """{"name": "other"}"""u8));
        Assert.Equal(ViolationKind.Unknown, Assert.Single(inBody.Violations).Kind);

        var badJson = Assert.Throws<ModelValidationException>(() => codec.ReadRest(codec.Model.Operation("CreateCluster"), new Dictionary<string, string>(), [], NoHeaders, "{nope"u8));
        Assert.Equal("SerializationException", badJson.Code);
    }

    [Fact]
    public void ReadRest_keeps_unparsable_values_as_strings_for_Validate()
    {
        var codec = ModelFiles.Codec("eks");
        var op = codec.Model.Operation("ListClusters");

        var input = codec.ReadRest(op, new Dictionary<string, string>(), ModelFiles.Form(("maxResults", "ten")), NoHeaders, []);

        Assert.Equal("ten", (string?)input["maxResults"]);
        var error = Assert.Throws<ModelValidationException>(() => codec.Validate(op, input));
        Assert.Equal(ViolationKind.Type, Assert.Single(error.Violations).Kind);
        Assert.Equal("1 validation error detected: Value 'ten' at 'maxResults' failed to satisfy constraint: Member must be of type integer", error.Message);
    }

    [Fact]
    public void ParseQueryString_decodes_pairs_in_order()
    {
        var pairs = ModelCodec.ParseQueryString("?a=1&b=x%2Fy&a=2&c&d=a+b&&e=");

        Assert.Equal(
            new[] { ("a", "1"), ("b", "x/y"), ("a", "2"), ("c", ""), ("d", "a b"), ("e", "") },
            pairs.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void TryGetTimestamp_accepts_the_wire_forms()
    {
        var expected = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create(1704164645), out var epoch));
        Assert.Equal(expected, epoch);
        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create(1704164645.5), out var fractional));
        Assert.Equal(expected.AddMilliseconds(500), fractional);
        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create("2024-01-02T03:04:05Z"), out var iso));
        Assert.Equal(expected, iso);
        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create("2024-01-02T05:04:05.000+02:00"), out var offset));
        Assert.Equal(expected, offset);
        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create("Tue, 02 Jan 2024 03:04:05 GMT"), out var http));
        Assert.Equal(expected, http);
        Assert.True(ModelCodec.TryGetTimestamp(JsonValue.Create(expected), out var clr));
        Assert.Equal(expected, clr);
        Assert.False(ModelCodec.TryGetTimestamp(JsonValue.Create("yesterday"), out _));
        Assert.False(ModelCodec.TryGetTimestamp(JsonValue.Create(true), out _));
    }
}
