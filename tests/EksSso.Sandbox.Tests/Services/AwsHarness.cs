using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Model;
using EksSso.Sandbox.State;
using Xunit;

namespace EksSso.Sandbox.Tests.Services;

/// <summary>
/// Calls the IAM, EC2 and EKS handlers in process as the pipeline would: the input is shaped as the model codec
/// reads it (integers as long) and validated against the model, the handler must decide authorisation, its output
/// must fit the output shape and survive the protocol writer, and the state must survive a save and a load.
/// </summary>
internal sealed class AwsHarness
{
    public const string Region = "us-west-2";

    public AwsHarness(double timeScale = 0.0001, string? stateDirectory = null)
    {
        Host = SandboxHost.Create(new SandboxOptions { TimeScale = timeScale, NoIdentityCenter = true, StateDirectory = stateDirectory });
    }

    public SandboxHost Host { get; }

    public string AccountId => Host.State.ManagementAccountId;

    public SandboxCaller Admin => SandboxCaller.From(Host.AdminKey, Host.State);

    public JsonObject Call(string service, string operation, JsonObject? input = null, SandboxCaller? caller = null, string region = Region)
    {
        var endpoint = Host.Services[service];
        var op = endpoint.Model.Operations[operation];
        var parsed = (JsonObject)AsCodecReads(input ?? [])!;
        endpoint.Codec.Validate(op, parsed);
        lock (Host.Gate)
        {
            var context = new OperationContext(Host, endpoint, op, parsed, caller ?? Admin, region, Guid.NewGuid().ToString());
            var output = endpoint.Handlers[operation](context);
            Assert.True(context.WasAuthorized, $"{operation} made no authorisation decision.");
            output ??= [];
            if (op.OutputShape is { } shape)
            {
                // EC2 reports an internet gateway attachment as "available", outside the model's own enum; the
                // sandbox answers as EC2 does.
                var violations = endpoint.Codec.CheckShape(shape, output)
                    .Where(v => !(v.Path.Contains("AttachmentSet", StringComparison.Ordinal) && v.Message.Contains("(available)", StringComparison.Ordinal)))
                    .ToList();
                Assert.True(violations.Count == 0, $"{operation} output does not fit {shape}: {string.Join("; ", violations.Select(v => $"{v.Path}: {v.Message}"))}");
                var dropped = new List<string>();
                _ = endpoint.Protocol switch
                {
                    "query" => endpoint.Codec.WriteQueryXml(op, output, "req", dropped).Length,
                    "ec2" => endpoint.Codec.WriteEc2Xml(op, output, "req", dropped).Length,
                    _ => endpoint.Codec.WriteRest(op, output, dropped).Body.Length,
                };
                Assert.True(dropped.Count == 0, $"{operation} output has members the model does not define: {string.Join(", ", dropped)}");
            }

            var reloaded = JsonSerializer.Deserialize<SandboxState>(StateStore.Dump(Host.State));
            Assert.NotNull(reloaded);
            return output;
        }
    }

    public SandboxException Fails(string service, string operation, JsonObject? input = null, SandboxCaller? caller = null, string region = Region) =>
        Assert.Throws<SandboxException>(() => Call(service, operation, input, caller, region));

    public static void AssertError(SandboxException error, string code, int status, string? messageContains = null)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.StatusCode);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, error.Message, StringComparison.Ordinal);
        }
    }

    public static T WaitFor<T>(Func<T> poll, Func<T, bool> done, int timeoutMilliseconds = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        while (true)
        {
            var value = poll();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for an asynchronous operation.");
            Thread.Sleep(10);
        }
    }

    /// <summary>A role session of <paramref name="roleName"/> in the management account, as STS would issue it.</summary>
    public SandboxCaller AssumedRole(string roleName, string sessionName = "tests")
    {
        var account = Host.State.Account(AccountId);
        var key = Host.IssueRoleSession(account.Iam.Roles[roleName], AccountId, sessionName, TimeSpan.FromHours(1), isRoleChain: false);
        return SandboxCaller.From(key, Host.State);
    }

    // ---- scenario building blocks ----

    public const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public string AccountTrust => $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{AccountId}}:root"},"Action":"sts:AssumeRole"}]}""";

    public string CreateRole(string name, string trust, string path = "/") =>
        Call("iam", "CreateRole", new JsonObject { ["RoleName"] = name, ["Path"] = path, ["AssumeRolePolicyDocument"] = trust })["Role"]!["Arn"]!.GetValue<string>();

    public string CreateVpc(string cidr = "192.168.0.0/16") =>
        Call("ec2", "CreateVpc", new JsonObject { ["CidrBlock"] = cidr })["Vpc"]!["VpcId"]!.GetValue<string>();

    public string CreateSubnet(string vpcId, string cidr, string zone) =>
        Call("ec2", "CreateSubnet", new JsonObject { ["VpcId"] = vpcId, ["CidrBlock"] = cidr, ["AvailabilityZone"] = zone })["Subnet"]!["SubnetId"]!.GetValue<string>();

    /// <summary>A VPC with two private subnets in two zones, a cluster role and a node role.</summary>
    public (string VpcId, string[] Subnets, string ClusterRoleArn, string NodeRoleArn) ClusterPrerequisites()
    {
        var vpc = CreateVpc();
        var subnets = new[]
        {
            CreateSubnet(vpc, "192.168.64.0/19", $"{Region}a"),
            CreateSubnet(vpc, "192.168.96.0/19", $"{Region}b"),
        };
        return (vpc, subnets, CreateRole("eks-cluster-role", EksTrust), CreateRole("eks-node-role", Ec2Trust));
    }

    public JsonObject CreateCluster(string name, string roleArn, IEnumerable<string> subnets, string? authenticationMode = null, SandboxCaller? caller = null)
    {
        var input = new JsonObject
        {
            ["name"] = name,
            ["roleArn"] = roleArn,
            ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray([.. subnets.Select(s => (JsonNode)JsonValue.Create(s))]) },
        };
        if (authenticationMode is not null)
        {
            input["accessConfig"] = new JsonObject { ["authenticationMode"] = authenticationMode };
        }

        return Call("eks", "CreateCluster", input, caller)["cluster"]!.AsObject();
    }

    public JsonObject DescribeCluster(string name) =>
        Call("eks", "DescribeCluster", new JsonObject { ["name"] = name })["cluster"]!.AsObject();

    public JsonObject WaitForClusterStatus(string name, string status) =>
        WaitFor(() => DescribeCluster(name), c => c["status"]!.GetValue<string>() == status);

    /// <summary>
    /// The values as the codec's readers produce them: strings, booleans, integers as <c>long</c>, other numbers as
    /// <c>double</c>, objects and arrays rebuilt.
    /// </summary>
    private static JsonNode? AsCodecReads(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, AsCodecReads(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(AsCodecReads)]),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Number when long.TryParse(v.ToJsonString(), out var l) => JsonValue.Create(l),
            JsonValueKind.Number => JsonValue.Create(double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
            JsonValueKind.True => JsonValue.Create(true),
            JsonValueKind.False => JsonValue.Create(false),
            _ => JsonValue.Create(v.GetValue<string>()),
        },
        _ => node.DeepClone(),
    };
}
