using System.Text.Json.Nodes;
using EksSso.Sandbox.Model;
using Xunit;

namespace EksSso.Sandbox.Tests.Model;

public sealed class ModelCodecValidateTests
{
    private static ModelValidationException Reject(string service, string operation, JsonObject input)
    {
        var codec = ModelFiles.Codec(service);
        return Assert.Throws<ModelValidationException>(() => codec.Validate(codec.Model.Operation(operation), input));
    }

    private static void Accept(string service, string operation, JsonObject input)
    {
        var codec = ModelFiles.Codec(service);
        codec.Validate(codec.Model.Operation(operation), input);
    }

    private static JsonObject Role(string name) => new() { ["RoleName"] = name, ["AssumeRolePolicyDocument"] = "{}" };

    [Fact]
    public void Missing_required_member_is_a_query_ValidationError()
    {
        var error = Reject("iam", "CreateRole", new JsonObject { ["AssumeRolePolicyDocument"] = "{}" });

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null", error.Message);
        var violation = Assert.Single(error.Violations);
        Assert.Equal(ViolationKind.Missing, violation.Kind);
        Assert.Equal("roleName", violation.Path);
    }

    [Fact]
    public void Null_counts_as_missing()
    {
        var input = Role("r");
        input["RoleName"] = null;

        Assert.Equal(ViolationKind.Missing, Assert.Single(Reject("iam", "CreateRole", input).Violations).Kind);
    }

    [Fact]
    public void Bad_enum_lists_the_enum_values()
    {
        var error = Reject("organizations", "CreateOrganization", new JsonObject { ["FeatureSet"] = "SOME" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(
            "1 validation error detected: Value 'SOME' at 'featureSet' failed to satisfy constraint: Member must satisfy enum value set: [ALL, CONSOLIDATED_BILLING]",
            error.Message);
        Accept("organizations", "CreateOrganization", new JsonObject { ["FeatureSet"] = "ALL" });
    }

    [Fact]
    public void Too_long_a_string_fails_the_length_constraint()
    {
        var name = new string('a', 65);

        var error = Reject("iam", "CreateRole", Role(name));

        Assert.Equal($"1 validation error detected: Value '{name}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64", error.Message);
        Assert.Equal(ViolationKind.Length, Assert.Single(error.Violations).Kind);
        Accept("iam", "CreateRole", Role(new string('a', 64)));
    }

    [Fact]
    public void Pattern_is_matched_against_the_whole_value()
    {
        var error = Reject("iam", "CreateRole", Role("bad name!"));

        Assert.Equal(
            @"1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+",
            error.Message);
        Assert.Equal(ViolationKind.Pattern, Assert.Single(error.Violations).Kind);
        Accept("iam", "CreateRole", Role("Good_Name+=,.@-1"));
    }

    [Fact]
    public void Java_word_class_is_ASCII_only()
    {
        // Java's \w (which AWS runs) has no accented letters; .NET's would accept this name.
        Assert.Equal(ViolationKind.Pattern, Assert.Single(Reject("iam", "CreateRole", Role("rolé")).Violations).Kind);
    }

    [Fact]
    public void Empty_string_fails_both_length_and_pattern()
    {
        var error = Reject("iam", "CreateRole", Role(""));

        Assert.StartsWith("2 validation errors detected: ", error.Message, StringComparison.Ordinal);
        Assert.Equal([ViolationKind.Length, ViolationKind.Pattern], error.Violations.Select(v => v.Kind));
    }

    [Fact]
    public void Unknown_member_is_rejected()
    {
        var error = Reject("organizations", "CreateOrganization", new JsonObject { ["FeatureSet"] = "ALL", ["Bogus"] = 1 });

        var violation = Assert.Single(error.Violations);
        Assert.Equal(ViolationKind.Unknown, violation.Kind);
        Assert.Equal("Bogus", violation.Path);
        Assert.Contains("CreateOrganizationRequest", violation.Message, StringComparison.Ordinal);
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public void Members_of_an_operation_without_input_are_unknown()
    {
        var codec = ModelFiles.Codec("organizations");
        var op = codec.Model.Operation("DescribeOrganization");
        Assert.Null(op.InputShape);

        codec.Validate(op, []);
        var error = Assert.Throws<ModelValidationException>(() => codec.Validate(op, new JsonObject { ["X"] = 1 }));
        Assert.Equal(ViolationKind.Unknown, Assert.Single(error.Violations).Kind);
    }

    [Theory]
    [InlineData("\"ten\"", "integer")]
    [InlineData("1.5", "integer")]
    [InlineData("true", "integer")]
    [InlineData("[1]", "integer")]
    [InlineData("3000000000", "integer")]
    public void Wrong_type_is_rejected(string json, string type)
    {
        var error = Reject("organizations", "ListAccounts", new JsonObject { ["MaxResults"] = JsonNode.Parse(json) });

        var violation = Assert.Single(error.Violations);
        Assert.Equal(ViolationKind.Type, violation.Kind);
        Assert.EndsWith("Member must be of type " + type, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_checks_cover_strings_objects_lists_and_booleans()
    {
        var error = Reject("eks", "CreateCluster", new JsonObject
        {
            ["name"] = 5,
            ["roleArn"] = "arn:aws:iam::111122223333:role/eks",
            ["resourcesVpcConfig"] = "not an object",
            ["tags"] = new JsonArray("a"),
            ["bootstrapSelfManagedAddons"] = "yes",
        });

        Assert.Equal(
            ["name", "resourcesVpcConfig", "tags", "bootstrapSelfManagedAddons"],
            error.Violations.Select(v => v.Path));
        Assert.All(error.Violations, v => Assert.Equal(ViolationKind.Type, v.Kind));
        Assert.StartsWith("4 validation errors detected: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_ranges_use_value_wording()
    {
        var error = Reject("organizations", "ListAccounts", new JsonObject { ["MaxResults"] = 0 });

        Assert.Equal("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", error.Message);
        Assert.Equal(ViolationKind.Range, Assert.Single(Reject("organizations", "ListAccounts", new JsonObject { ["MaxResults"] = 21 }).Violations).Kind);
        Accept("organizations", "ListAccounts", new JsonObject { ["MaxResults"] = 20 });
    }

    [Fact]
    public void Several_errors_are_counted_and_joined()
    {
        var error = Reject("iam", "CreateRole", new JsonObject { ["RoleName"] = "bad name!" });

        Assert.Equal(
            @"2 validation errors detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; "
            + "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null",
            error.Message);
        Assert.Equal(2, error.Violations.Count);
    }

    [Fact]
    public void Nested_paths_are_dotted_with_one_based_list_indexes()
    {
        var input = Role("r");
        input["Tags"] = new JsonArray(
            new JsonObject { ["Key"] = "a", ["Value"] = "1" },
            new JsonObject { ["Key"] = "b" });

        var violation = Assert.Single(Reject("iam", "CreateRole", input).Violations);

        Assert.Equal("tags.2.value", violation.Path);
        Assert.Equal("Value null at 'tags.2.value' failed to satisfy constraint: Member must not be null", violation.Message);
    }

    [Fact]
    public void List_count_uses_length_wording()
    {
        var input = Role("r");
        input["Tags"] = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode?)new JsonObject { ["Key"] = $"k{i}", ["Value"] = "v" }).ToArray());

        var violation = Assert.Single(Reject("iam", "CreateRole", input).Violations);

        Assert.Equal(ViolationKind.Length, violation.Kind);
        Assert.EndsWith("Member must have length less than or equal to 50", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_keys_and_values_are_checked()
    {
        var error = Reject("eks", "TagResource", new JsonObject
        {
            ["resourceArn"] = "arn:aws:eks:us-east-1:111122223333:cluster/demo",
            ["tags"] = new JsonObject { [""] = "v", ["ok"] = new string('v', 257) },
        });

        Assert.Equal(2, error.Violations.Count);
        Assert.Contains("Map keys must satisfy constraint: [Member must have length greater than or equal to 1]", error.Violations[0].Message, StringComparison.Ordinal);
        Assert.Equal("tags.ok", error.Violations[1].Path);
    }

    [Fact]
    public void Sensitive_values_are_left_out_of_messages()
    {
        var violation = Assert.Single(Reject("organizations", "CreateAccount", new JsonObject { ["Email"] = "not-an-email", ["AccountName"] = "a" }).Violations);

        Assert.Equal(ViolationKind.Pattern, violation.Kind);
        Assert.StartsWith("Value at 'email' failed to satisfy constraint: Member must satisfy regular expression pattern: ", violation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-an-email", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_accept_epoch_numbers_and_ISO_strings()
    {
        var codec = ModelFiles.Codec("sso-admin");
        var shape = codec.Model.Shape("AccountAssignmentOperationStatus");
        var createdDate = shape.Members.Single(m => m.Shape.Type == "timestamp").Name;

        Assert.Empty(codec.CheckShape(shape.Name, new JsonObject { [createdDate] = 1704164645.25 }));
        Assert.Empty(codec.CheckShape(shape.Name, new JsonObject { [createdDate] = "2024-01-02T03:04:05Z" }));
        Assert.Equal(ViolationKind.Type, Assert.Single(codec.CheckShape(shape.Name, new JsonObject { [createdDate] = "soon" })).Kind);
    }

    [Fact]
    public void Unions_need_exactly_one_member()
    {
        var both = new JsonObject
        {
            ["IdentityStoreId"] = "d-1234567890",
            ["AlternateIdentifier"] = new JsonObject
            {
                ["ExternalId"] = new JsonObject { ["Issuer"] = "idp", ["Id"] = "1" },
                ["UniqueAttribute"] = new JsonObject { ["AttributePath"] = "userName", ["AttributeValue"] = "alice" },
            },
        };
        var violation = Assert.Single(Reject("identitystore", "GetUserId", both).Violations);
        Assert.Equal(ViolationKind.Union, violation.Kind);
        Assert.Equal("alternateIdentifier", violation.Path);

        var none = new JsonObject { ["IdentityStoreId"] = "d-1234567890", ["AlternateIdentifier"] = new JsonObject() };
        Assert.Equal(ViolationKind.Union, Assert.Single(Reject("identitystore", "GetUserId", none).Violations).Kind);
    }

    [Fact]
    public void Idempotency_tokens_are_ordinary_optional_members()
    {
        Accept("eks", "CreateAccessEntry", new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = "arn:aws:iam::111122223333:role/admin",
            ["clientRequestToken"] = "token",
        });
    }

    [Fact]
    public void EC2_missing_parameter_uses_the_wire_name()
    {
        var error = Reject("ec2", "CreateSubnet", new JsonObject { ["CidrBlock"] = "10.0.1.0/24" });

        Assert.Equal("MissingParameter", error.Code);
        Assert.Equal("The request must contain the parameter VpcId", error.Message);
    }

    [Fact]
    public void EC2_bad_enum_is_InvalidParameterValue()
    {
        var error = Reject("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = "10.0.0.0/16", ["InstanceTenancy"] = "shared" });

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("Value (shared) for parameter InstanceTenancy is invalid. Member must satisfy enum value set: [default, dedicated, host]", error.Message);
    }

    [Fact]
    public void EC2_nested_paths_follow_the_query_keys()
    {
        var input = new JsonObject
        {
            ["TagSpecifications"] = new JsonArray(new JsonObject { ["ResourceType"] = "not-a-type" }),
        };

        var error = Reject("ec2", "CreateVpc", input);

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("TagSpecification.1.ResourceType", Assert.Single(error.Violations).Path);
    }

    [Fact]
    public void EC2_unknown_parameter_is_UnknownParameter()
    {
        var codec = ModelFiles.Codec("ec2");
        var op = codec.Model.Operation("DescribeVpcs");
        var input = codec.ReadQuery(op, ModelFiles.Form(("Action", "DescribeVpcs"), ("Bogus", "x")));

        var error = Assert.Throws<ModelValidationException>(() => codec.Validate(op, input));

        Assert.Equal("UnknownParameter", error.Code);
        Assert.Equal("The parameter Bogus is not recognized", error.Message);
    }

    [Fact]
    public void EC2_member_name_instead_of_wire_name_is_rejected_while_reading()
    {
        var codec = ModelFiles.Codec("ec2");
        var op = codec.Model.Operation("DescribeVpcs");

        // The member is "Filters" but EC2 spells it "Filter.N": the member name must not be taken for it.
        var error = Assert.Throws<ModelValidationException>(() => codec.ReadQuery(op, ModelFiles.Form(("Action", "DescribeVpcs"), ("Filters.1.Name", "x"))));

        Assert.Equal("UnknownParameter", error.Code);
        Assert.Equal("The parameter Filters is not recognized", error.Message);
    }

    [Fact]
    public void Check_returns_the_violations_without_throwing()
    {
        var codec = ModelFiles.Codec("iam");

        var violations = codec.Check(codec.Model.Operation("CreateRole"), []);

        Assert.Equal(["roleName", "assumeRolePolicyDocument"], violations.Select(v => v.Path));
        Assert.Equal("ValidationError", codec.CreateException(violations).Code);
    }
}
