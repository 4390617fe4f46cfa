using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using EksSso.Sandbox.Model;
using Xunit;

namespace EksSso.Sandbox.Tests.Model;

public sealed class ModelCodecWriteTests
{
    private static readonly DateTimeOffset s_created = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void WriteJson_drops_members_the_output_shape_does_not_define()
    {
        var reported = new List<(string Shape, string Path)>();
        var codec = new ModelCodec(ModelFiles.Load("organizations")) { DroppedMember = (shape, path) => reported.Add((shape, path)) };
        var dropped = new List<string>();
        var output = new JsonObject
        {
            ["Organization"] = new JsonObject
            {
                ["Id"] = "o-abcdefghij",
                ["FeatureSet"] = "ALL",
                ["AvailablePolicyTypes"] = new JsonArray(new JsonObject { ["Type"] = "SERVICE_CONTROL_POLICY", ["Status"] = "ENABLED", ["Extra"] = 1 }),
                ["Secret"] = "nested",
            },
            ["Secret"] = "s3cr3t",
        };

        var bytes = codec.WriteJson("DescribeOrganizationResponse", output, dropped);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Extra", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(bytes)!;
        Assert.Equal("o-abcdefghij", (string?)json["Organization"]!["Id"]);
        Assert.Equal("ENABLED", (string?)json["Organization"]!["AvailablePolicyTypes"]![0]!["Status"]);
        Assert.Equal(["Organization.AvailablePolicyTypes[0].Extra", "Organization.Secret", "Secret"], dropped);
        Assert.Equal(dropped, reported.Select(r => r.Path));
        Assert.All(reported, r => Assert.Equal("DescribeOrganizationResponse", r.Shape));
    }

    [Fact]
    public void WriteJson_drops_values_of_the_wrong_type()
    {
        var dropped = new List<string>();

        var bytes = ModelFiles.Codec("organizations").WriteJson("ListAccountsResponse", new JsonObject
        {
            ["Accounts"] = new JsonArray(new JsonObject { ["Id"] = 111122223333L, ["Name"] = "dev" }),
            ["NextToken"] = new JsonArray(),
        }, dropped);

        Assert.Equal("""{"Accounts":[{"Name":"dev"}]}""", Encoding.UTF8.GetString(bytes));
        Assert.Equal(["Accounts[0].Id (expected string)", "NextToken (expected string)"], dropped);
    }

    [Fact]
    public void WriteJson_writes_timestamps_as_epoch_seconds()
    {
        var bytes = ModelFiles.Codec("organizations").WriteJson("DescribeAccountResponse", new JsonObject
        {
            ["Account"] = new JsonObject { ["Id"] = "111122223333", ["JoinedTimestamp"] = s_created },
        });
        Assert.Equal("""{"Account":{"Id":"111122223333","JoinedTimestamp":1704164645}}""", Encoding.UTF8.GetString(bytes));

        var fractional = ModelFiles.Codec("organizations").WriteJson("DescribeAccountResponse", new JsonObject
        {
            ["Account"] = new JsonObject { ["JoinedTimestamp"] = "2024-01-02T03:04:05.250Z" },
        });
        Assert.Equal("""{"Account":{"JoinedTimestamp":1704164645.25}}""", Encoding.UTF8.GetString(fractional));
    }

    [Fact]
    public void WriteJson_without_a_shape_writes_an_empty_object()
    {
        var dropped = new List<string>();

        Assert.Equal("{}", Encoding.UTF8.GetString(ModelFiles.Codec("organizations").WriteJson(null, new JsonObject { ["X"] = 1 }, dropped)));
        Assert.Equal(["X"], dropped);
    }

    [Fact]
    public void WriteJson_writes_maps_and_documents()
    {
        var bytes = ModelFiles.Codec("eks").WriteJson("DescribeClusterResponse", new JsonObject
        {
            ["cluster"] = new JsonObject
            {
                ["name"] = "demo",
                ["tags"] = new JsonObject { ["team"] = "a", ["n"] = 1 },
                ["createdAt"] = s_created,
            },
        });

        var cluster = JsonNode.Parse(bytes)!["cluster"]!;
        Assert.Equal("a", (string?)cluster["tags"]!["team"]);
        Assert.Null(cluster["tags"]!["n"]);
        Assert.Equal(1704164645L, (long)cluster["createdAt"]!);
    }

    [Fact]
    public void WriteRest_splits_body_and_keeps_non_ASCII_readable()
    {
        var codec = ModelFiles.Codec("sso");
        var parts = codec.WriteRest(codec.Model.Operation("GetRoleCredentials"), new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = "ASIAEXAMPLE",
                ["secretAccessKey"] = "sé+/<>",
                ["sessionToken"] = "token",
                ["expiration"] = 1704164645000L,
            },
        });

        Assert.Empty(parts.Headers);
        Assert.Null(parts.StatusCode);
        var text = Encoding.UTF8.GetString(parts.Body);
        Assert.Contains("\"secretAccessKey\":\"sé+/<>\"", text, StringComparison.Ordinal);
        Assert.Equal(1704164645000L, (long)JsonNode.Parse(parts.Body)!["roleCredentials"]!["expiration"]!);

        var logout = codec.WriteRest(codec.Model.Operation("Logout"), []);
        Assert.Empty(logout.Body);
    }

    [Fact]
    public void WriteRest_moves_header_and_status_members_out_of_the_body()
    {
        var model = ModelFiles.FromJson("""
            {
              "metadata": { "protocol": "rest-json", "endpointPrefix": "x", "serviceId": "X", "apiVersion": "2020-01-01" },
              "operations": { "Get": { "name": "Get", "http": { "method": "GET", "requestUri": "/", "responseCode": 202 }, "output": { "shape": "Out" } } },
              "shapes": {
                "Out": { "type": "structure", "members": {
                  "ETag": { "shape": "S", "location": "header", "locationName": "ETag" },
                  "Modified": { "shape": "T", "location": "header", "locationName": "Last-Modified" },
                  "Status": { "shape": "I", "location": "statusCode" },
                  "Body": { "shape": "S", "locationName": "body" } } },
                "S": { "type": "string" }, "T": { "type": "timestamp" }, "I": { "type": "integer" }
              }
            }
            """);
        var codec = new ModelCodec(model);
        var op = model.Operation("Get");

        var parts = codec.WriteRest(op, new JsonObject { ["ETag"] = "\"abc\"", ["Modified"] = s_created, ["Status"] = 201, ["Body"] = "b" });

        Assert.Equal("\"abc\"", parts.Headers["etag"]);
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", parts.Headers["Last-Modified"]);
        Assert.Equal(201, parts.StatusCode);
        Assert.Equal("""{"body":"b"}""", Encoding.UTF8.GetString(parts.Body));
        Assert.Equal(202, codec.WriteRest(op, []).StatusCode);
    }

    [Fact]
    public void WriteQueryXml_writes_STS_GetCallerIdentity()
    {
        var codec = ModelFiles.Codec("sts");

        var xml = codec.WriteQueryXml(codec.Model.Operation("GetCallerIdentity"), new JsonObject
        {
            ["UserId"] = "AIDAEXAMPLE",
            ["Account"] = "111122223333",
            ["Arn"] = "arn:aws:iam::111122223333:user/alice",
        }, "req-1");

        XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(ns + "GetCallerIdentityResponse", root.Name);
        var result = root.Element(ns + "GetCallerIdentityResult")!;
        Assert.Equal("arn:aws:iam::111122223333:user/alice", result.Element(ns + "Arn")!.Value);
        Assert.Equal("111122223333", result.Element(ns + "Account")!.Value);
        Assert.Equal("AIDAEXAMPLE", result.Element(ns + "UserId")!.Value);
        Assert.Equal("req-1", root.Element(ns + "ResponseMetadata")!.Element(ns + "RequestId")!.Value);
        Assert.DoesNotContain("xmlns=\"\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteQueryXml_writes_IAM_GetRole_with_nested_role_tags_and_dates()
    {
        var codec = ModelFiles.Codec("iam");
        var dropped = new List<string>();

        var xml = codec.WriteQueryXml(codec.Model.Operation("GetRole"), new JsonObject
        {
            ["Role"] = new JsonObject
            {
                ["Path"] = "/",
                ["RoleName"] = "deployer",
                ["RoleId"] = "AROAEXAMPLE",
                ["Arn"] = "arn:aws:iam::111122223333:role/deployer",
                ["CreateDate"] = s_created,
                ["AssumeRolePolicyDocument"] = "%7B%22Version%22%3A%222012-10-17%22%7D",
                ["MaxSessionDuration"] = 3600,
                ["Description"] = "a <b> & \"c\"",
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "platform" }, new JsonObject { ["Key"] = "env", ["Value"] = "dev" }),
                ["RoleLastUsed"] = new JsonObject { ["LastUsedDate"] = "2024-02-03T04:05:06.789Z", ["Region"] = "us-east-1" },
                ["Internal"] = "x",
            },
        }, "req-2", dropped);

        XNamespace ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(ns + "GetRoleResponse", root.Name);
        var role = root.Element(ns + "GetRoleResult")!.Element(ns + "Role")!;
        Assert.Equal("deployer", role.Element(ns + "RoleName")!.Value);
        Assert.Equal("2024-01-02T03:04:05Z", role.Element(ns + "CreateDate")!.Value);
        Assert.Equal("3600", role.Element(ns + "MaxSessionDuration")!.Value);
        Assert.Equal("a <b> & \"c\"", role.Element(ns + "Description")!.Value);
        var members = role.Element(ns + "Tags")!.Elements(ns + "member").ToList();
        Assert.Equal(2, members.Count);
        Assert.Equal("team", members[0].Element(ns + "Key")!.Value);
        Assert.Equal("dev", members[1].Element(ns + "Value")!.Value);
        Assert.Equal("2024-02-03T04:05:06Z", role.Element(ns + "RoleLastUsed")!.Element(ns + "LastUsedDate")!.Value);
        Assert.Null(role.Element(ns + "Internal"));
        Assert.Equal(["Role.Internal"], dropped);
        Assert.Equal("req-2", root.Element(ns + "ResponseMetadata")!.Element(ns + "RequestId")!.Value);
    }

    [Fact]
    public void WriteQueryXml_has_no_result_element_without_output()
    {
        var codec = ModelFiles.Codec("iam");

        var root = XDocument.Parse(codec.WriteQueryXml(codec.Model.Operation("DeleteRole"), [], "req-3")).Root!;

        XNamespace ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        Assert.Equal(ns + "DeleteRoleResponse", root.Name);
        Assert.Equal([ns + "ResponseMetadata"], root.Elements().Select(e => e.Name));
    }

    [Fact]
    public void WriteQueryXml_writes_booleans_and_maps()
    {
        var codec = ModelFiles.Codec("iam");

        var xml = codec.WriteQueryXml(codec.Model.Operation("GetAccountSummary"), new JsonObject
        {
            ["SummaryMap"] = new JsonObject { ["Users"] = 3, ["Roles"] = 7 },
        }, "req-4");

        XNamespace ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        var entries = XDocument.Parse(xml).Root!.Element(ns + "GetAccountSummaryResult")!.Element(ns + "SummaryMap")!.Elements(ns + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("Users", entries[0].Element(ns + "key")!.Value);
        Assert.Equal("3", entries[0].Element(ns + "value")!.Value);

        var policy = codec.WriteQueryXml(codec.Model.Operation("GetPolicyVersion"), new JsonObject
        {
            ["PolicyVersion"] = new JsonObject { ["VersionId"] = "v1", ["IsDefaultVersion"] = true },
        }, "req-5");
        Assert.Equal("true", XDocument.Parse(policy).Descendants(ns + "IsDefaultVersion").Single().Value);
    }

    [Fact]
    public void WriteEc2Xml_writes_DescribeVpcs_with_item_sets()
    {
        var codec = ModelFiles.Codec("ec2");

        var xml = codec.WriteEc2Xml(codec.Model.Operation("DescribeVpcs"), new JsonObject
        {
            ["Vpcs"] = new JsonArray(new JsonObject
            {
                ["VpcId"] = "vpc-1",
                ["CidrBlock"] = "10.0.0.0/16",
                ["State"] = "available",
                ["IsDefault"] = false,
                ["InstanceTenancy"] = "default",
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = "main" }),
            }),
        }, "req-6");

        XNamespace ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(ns + "DescribeVpcsResponse", root.Name);
        Assert.Equal(ns + "requestId", root.Elements().First().Name);
        Assert.Equal("req-6", root.Element(ns + "requestId")!.Value);
        var vpc = Assert.Single(root.Element(ns + "vpcSet")!.Elements(ns + "item"));
        Assert.Equal("vpc-1", vpc.Element(ns + "vpcId")!.Value);
        Assert.Equal("10.0.0.0/16", vpc.Element(ns + "cidrBlock")!.Value);
        Assert.Equal("false", vpc.Element(ns + "isDefault")!.Value);
        var tag = Assert.Single(vpc.Element(ns + "tagSet")!.Elements(ns + "item"));
        Assert.Equal("Name", tag.Element(ns + "key")!.Value);
        Assert.Equal("main", tag.Element(ns + "value")!.Value);
    }

    [Fact]
    public void WriteEc2Xml_writes_timestamps_with_milliseconds()
    {
        var codec = ModelFiles.Codec("ec2");

        var xml = codec.WriteEc2Xml(codec.Model.Operation("DescribeNatGateways"), new JsonObject
        {
            ["NatGateways"] = new JsonArray(new JsonObject { ["NatGatewayId"] = "nat-1", ["CreateTime"] = s_created }),
        }, "req-7");

        XNamespace ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
        var nat = XDocument.Parse(xml).Root!.Element(ns + "natGatewaySet")!.Element(ns + "item")!;
        Assert.Equal("2024-01-02T03:04:05.000Z", nat.Element(ns + "createTime")!.Value);
    }

    [Fact]
    public void WriteEc2Xml_keeps_the_member_name_when_there_is_no_locationName()
    {
        var codec = ModelFiles.Codec("ec2");

        var xml = codec.WriteEc2Xml(codec.Model.Operation("DescribeClientVpnEndpoints"), new JsonObject
        {
            ["ClientVpnEndpoints"] = new JsonArray(new JsonObject
            {
                ["ClientVpnEndpointId"] = "cvpn-endpoint-1",
                ["ConnectionLogOptions"] = new JsonObject { ["Enabled"] = true },
            }),
        }, "req-10");

        // The SDKs look for <Enabled>: the model gives that member no locationName.
        XNamespace ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
        var endpoint = XDocument.Parse(xml).Root!.Element(ns + "clientVpnEndpoint")!.Element(ns + "item")!;
        Assert.Equal("cvpn-endpoint-1", endpoint.Element(ns + "clientVpnEndpointId")!.Value);
        Assert.Equal("true", endpoint.Element(ns + "connectionLogOptions")!.Element(ns + "Enabled")!.Value);
    }

    [Fact]
    public void XML_writers_replace_characters_XML_cannot_carry()
    {
        var codec = ModelFiles.Codec("sts");

        var xml = codec.WriteQueryXml(codec.Model.Operation("GetCallerIdentity"), new JsonObject { ["UserId"] = "a\u0001b" }, "r");

        Assert.Equal("a\uFFFDb", XDocument.Parse(xml).Descendants().Single(e => e.Name.LocalName == "UserId").Value);
    }

    [Fact]
    public void JsonError_writes_type_and_message()
    {
        var error = JsonDocument.Parse(ModelCodec.JsonError("ResourceNotFoundException", "No cluster \"x\".")).RootElement;

        Assert.Equal("ResourceNotFoundException", error.GetProperty("__type").GetString());
        Assert.Equal("No cluster \"x\".", error.GetProperty("message").GetString());
    }

    [Fact]
    public void QueryError_writes_an_ErrorResponse()
    {
        XNamespace ns = "https://iam.amazonaws.com/doc/2010-05-08/";

        var root = XDocument.Parse(ModelCodec.QueryError("NoSuchEntity", "The role <x> cannot be found.", "req-8", xmlNamespace: ns.NamespaceName)).Root!;

        Assert.Equal(ns + "ErrorResponse", root.Name);
        var error = root.Element(ns + "Error")!;
        Assert.Equal("Sender", error.Element(ns + "Type")!.Value);
        Assert.Equal("NoSuchEntity", error.Element(ns + "Code")!.Value);
        Assert.Equal("The role <x> cannot be found.", error.Element(ns + "Message")!.Value);
        Assert.Equal("req-8", root.Element(ns + "RequestId")!.Value);

        var receiver = XDocument.Parse(ModelCodec.QueryError("ServiceFailure", "boom", "r", sender: false)).Root!;
        Assert.Equal("ErrorResponse", receiver.Name.LocalName);
        Assert.Equal("Receiver", receiver.Element("Error")!.Element("Type")!.Value);
    }

    [Fact]
    public void Ec2Error_writes_a_Response_with_Errors()
    {
        var root = XDocument.Parse(ModelCodec.Ec2Error("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist", "req-9")).Root!;

        Assert.Equal("Response", root.Name.LocalName);
        var error = root.Element("Errors")!.Element("Error")!;
        Assert.Equal("InvalidVpcID.NotFound", error.Element("Code")!.Value);
        Assert.Equal("The vpc ID 'vpc-1' does not exist", error.Element("Message")!.Value);
        Assert.Equal("req-9", root.Element("RequestID")!.Value);
    }
}
