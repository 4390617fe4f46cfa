using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Kubernetes;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>The patch formats, the protobuf request decoding, selectors and printing, without a server.</summary>
public sealed class KubeCodecTests
{
    [Theory]

    // RFC 7386 appendix A.
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void MergePatch_FollowsRfc7386(string target, string patch, string expected) =>
        Assert.Equal(expected, KubePatch.Apply(KubePatch.MergePatch, JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)).ToJsonString());

    [Theory]

    // RFC 6902 appendix A (the object-rooted ones).
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10},{"op":"copy","from":"/~1","path":"/x"}]""", """{"/":9,"~1":10,"x":9}""")]
    public void JsonPatch_FollowsRfc6902(string target, string patch, string expected) =>
        Assert.Equal(expected, KubePatch.Apply(KubePatch.JsonPatch, JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)).ToJsonString());

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", 422)]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", 422)]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/nope"}]""", 422)]
    [InlineData("""{"foo":"bar"}""", """[{"op":"frobnicate","path":"/foo"}]""", 400)]
    [InlineData("""{"foo":"bar"}""", """{"op":"add"}""", 400)]
    public void JsonPatch_Failures_AreKubeStatuses(string target, string patch, int code) =>
        Assert.Equal(code, Assert.Throws<KubeStatusException>(() => KubePatch.Apply(KubePatch.JsonPatch, JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch))).Code);

    [Fact]
    public void StrategicMergePatch_MergesMaps_ReplacesLists_AndHonoursPatchDirectives()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}},"rules":[{"verbs":["get"]}],"data":{"x":"1"}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"b":null,"c":"3"}},"rules":[{"verbs":["list"]}],"data":{"$patch":"replace","y":"2"},"$setElementOrder/rules":[]}""");
        Assert.Equal(
            """{"metadata":{"labels":{"a":"1","c":"3"}},"rules":[{"verbs":["list"]}],"data":{"y":"2"}}""",
            KubePatch.Apply(KubePatch.StrategicMergePatch, target, patch).ToJsonString());
        var deleted = KubePatch.Apply(KubePatch.StrategicMergePatch, target, JsonNode.Parse("""{"data":{"$patch":"delete"}}"""));
        Assert.Null(deleted["data"]);
        Assert.Equal(415, Assert.Throws<KubeStatusException>(() => KubePatch.Apply(KubePatch.ApplyPatch, target, JsonNode.Parse("{}"))).Code);
    }

    [Fact]
    public void Protobuf_ConfigMapBody_DecodesToTheJsonItStandsFor()
    {
        var metadata = Message(
            Field(1, "settings"),
            Field(3, "default"),
            Field(6, ""),
            Field(8, Message(Varint(1, 0))),
            Field(11, Message(Field(1, "app"), Field(2, "web"))),
            Field(11, Message(Field(1, "tier"), Field(2, "front"))));
        var configMap = Message(
            Field(1, metadata),
            Field(2, Message(Field(1, "colour"), Field(2, "blue"))),
            Field(3, Message(Field(1, "blob"), Field(2, new byte[] { 1, 2, 3 }))),
            Varint(4, 1),
            Field(99, "ignored"));
        var typeMeta = Message(Field(1, "v1"), Field(2, "ConfigMap"));
        byte[] body = [.. "k8s\0"u8, .. Message(Field(1, typeMeta), Field(2, configMap), Field(3, ""), Field(4, "application/vnd.kubernetes.protobuf"))];

        var decoded = KubeProtobuf.Decode(body);
        Assert.Equal(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default","labels":{"app":"web","tier":"front"}},"data":{"colour":"blue"},"binaryData":{"blob":"AQID"},"immutable":true}""",
            decoded.ToJsonString());

        byte[] unknownKind = [.. "k8s\0"u8, .. Message(Field(1, Message(Field(1, "v1"), Field(2, "Secret"))), Field(2, Message()))];
        Assert.Equal(415, Assert.Throws<KubeStatusException>(() => KubeProtobuf.Decode(unknownKind)).Code);
        Assert.Equal(400, Assert.Throws<KubeStatusException>(() => KubeProtobuf.Decode("{}"u8.ToArray())).Code);
        Assert.Equal(400, Assert.Throws<KubeStatusException>(() => KubeProtobuf.Decode(body[..^5])).Code);
    }

    [Fact]
    public void Selectors_MatchLabelsAndFields()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"x","namespace":"ns","labels":{"app":"web","tier":"front"}}}""")!.AsObject();
        Assert.True(KubeSelectors.ParseLabelSelector("app=web")(obj));
        Assert.True(KubeSelectors.ParseLabelSelector("app==web,tier!=back")(obj));
        Assert.True(KubeSelectors.ParseLabelSelector("app in (web, api),!missing,tier")(obj));
        Assert.False(KubeSelectors.ParseLabelSelector("app notin (web)")(obj));
        Assert.False(KubeSelectors.ParseLabelSelector("app=api")(obj));
        Assert.True(KubeSelectors.ParseFieldSelector("metadata.name=x,metadata.namespace==ns")(obj));
        Assert.False(KubeSelectors.ParseFieldSelector("metadata.name!=x")(obj));
        Assert.Equal(400, Assert.Throws<KubeStatusException>(() => KubeSelectors.ParseFieldSelector("spec.nodeName=x")).Code);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(9 * 3600, "9h")]
    [InlineData(50 * 3600, "2d2h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(800 * 86400, "2y70d")]
    public void Ages_PrintAsKubectlPrintsThem(int seconds, string expected) =>
        Assert.Equal(expected, KubeTables.HumanDuration(TimeSpan.FromSeconds(seconds)));

    // ---- a minimal protobuf writer ----

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] value) => [.. VarintBytes((ulong)((number << 3) | 2)), .. VarintBytes((ulong)value.Length), .. value];

    private static byte[] Varint(int number, ulong value) => [.. VarintBytes((ulong)(number << 3)), .. VarintBytes(value)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
