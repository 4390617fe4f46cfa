using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;
using Xunit;

namespace EksSso.Tests.Kubernetes;

/// <summary>The aws-auth document: parsing with line numbers, edits that splice, the canonical layout, input checks.</summary>
public sealed class AwsAuthDocumentTests
{
    private const string NodeEntry =
        "- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n";

    private const string SsoArnWithPath = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_abc";
    private const string SsoArn = "arn:aws:iam::111122223333:role/AWSReservedSSO_X_abc";

    private static Dictionary<string, string> Data(string? mapRoles = null, string? mapUsers = null, string? mapAccounts = null)
    {
        var data = new Dictionary<string, string>();
        if (mapRoles is not null)
        {
            data["mapRoles"] = mapRoles;
        }

        if (mapUsers is not null)
        {
            data["mapUsers"] = mapUsers;
        }

        if (mapAccounts is not null)
        {
            data["mapAccounts"] = mapAccounts;
        }

        return data;
    }

    private static AwsAuthMapping Role(string arn, string user, params string[] groups) => AwsAuthInput.Canonical(new AwsAuthMapping(AwsAuthMappingKind.Role, arn, user, groups));

    [Fact]
    public void Parse_ReadsEntriesWithTemplatesLinesAndUnknownKeys()
    {
        var doc = AwsAuthDocument.Parse(Data(NodeEntry + "- rolearn: arn:aws:iam::111122223333:role/admin\n  username: admin\n  groups: [system:masters]\n  note: kept\n",
            "- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n", "- \"111122223333\"\n"));

        Assert.Equal(2, doc.Roles.Count);
        Assert.Equal("system:node:{{EC2PrivateDNSName}}", doc.Roles[0].UserName);
        Assert.Equal(["system:bootstrappers", "system:nodes"], doc.Roles[0].Groups);
        Assert.Equal(1, doc.Roles[0].Line);
        Assert.Equal(6, doc.Roles[1].Line);
        Assert.Equal(["note"], doc.Roles[1].OtherKeys);
        Assert.Equal(AwsAuthMappingKind.User, Assert.Single(doc.Users).Kind);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", doc.Users[0].Arn);
    }

    [Theory]
    [InlineData("- rolearn: a\n  groups: [x\n", "mapRoles", 3)]
    [InlineData(NodeEntry + "- username: nobody\n  groups: []\n", "mapRoles", 6)]
    [InlineData(NodeEntry + "  extra: key\n- x\n", "mapRoles", 7)]
    [InlineData(NodeEntry + "   bad: indent\n", "mapRoles", 6)]
    [InlineData("rolearn: arn:aws:iam::111122223333:role/x\n", "mapRoles", 1)]
    [InlineData("- rolearn: arn:aws:iam::111122223333:role/x\n  username: 12\n", "mapRoles", 2)]
    [InlineData("- rolearn: arn:aws:iam::111122223333:role/x\n  groups: system:masters\n", "mapRoles", 2)]
    public void Parse_MalformedNamesKeyAndLine(string mapRoles, string key, int line)
    {
        var e = Assert.Throws<AwsAuthParseException>(() => AwsAuthDocument.Parse(Data(mapRoles)));
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.Contains($"{key} line {line}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedMapUsersNamesMapUsers()
    {
        var e = Assert.Throws<AwsAuthParseException>(() => AwsAuthDocument.Parse(Data(NodeEntry, "- username: x\n")));
        Assert.Equal("mapUsers", e.Key);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void With_AppendsInEksLayout_AndKeepsEverythingElseByteForByte()
    {
        var roles = "# managed by hand\n" + NodeEntry + "- rolearn: arn:aws:iam::111122223333:role/ops   # ops team\n  username: ops\n  groups:\n    - ops\n  custom: {a: 1}\n";
        var doc = AwsAuthDocument.Parse(Data(roles, null, "- \"111122223333\"\n"));

        var edited = doc.With(Role(SsoArnWithPath, "admin:{{SessionName}}", "system:masters"), replace: false);

        Assert.Equal(roles + "- groups:\n  - system:masters\n  rolearn: " + SsoArn + "\n  username: admin:{{SessionName}}\n", edited.Data["mapRoles"]);
        Assert.Equal("- \"111122223333\"\n", edited.Data["mapAccounts"]);
        Assert.Equal(3, edited.Roles.Count);
        Assert.Equal(SsoArn, edited.Roles[2].Arn);
    }

    [Fact]
    public void With_SameMappingIsNoChange_DifferentIsConflictUnlessReplace()
    {
        var doc = AwsAuthDocument.Parse(Data(NodeEntry + "- groups:\n  - b\n  - a\n  rolearn: " + SsoArn + "\n  username: admin\n"));

        Assert.Same(doc, doc.With(Role(SsoArnWithPath, "admin", "a", "b"), replace: false));
        var conflict = Assert.Throws<AwsAuthMappingConflictException>(() => doc.With(Role(SsoArn, "admin", "system:masters"), replace: false));
        Assert.Contains("mapRoles line 6", conflict.Message, StringComparison.Ordinal);

        var replaced = doc.With(Role(SsoArn, "admin", "system:masters"), replace: true);
        Assert.Equal(NodeEntry + "- groups:\n  - system:masters\n  rolearn: " + SsoArn + "\n  username: admin\n", replaced.Data["mapRoles"]);
    }

    [Fact]
    public void With_ReplaceMergesDuplicatesIntoTheFirstAndKeepsUnknownKeys()
    {
        var roles = "- rolearn: " + SsoArnWithPath + "\n  username: one\n  extra: keep me\n" + NodeEntry + "- rolearn: " + SsoArn.ToUpperInvariant().Replace("ARN:AWS:IAM", "arn:aws:iam", StringComparison.Ordinal) + "\n  username: two\n";
        var doc = AwsAuthDocument.Parse(Data(roles));
        Assert.Equal(2, doc.Find(AwsAuthMappingKind.Role, SsoArn).Count);

        var replaced = doc.With(Role(SsoArn, "three", "g"), replace: true);

        Assert.Equal("- groups:\n  - g\n  rolearn: " + SsoArn + "\n  username: three\n  extra: keep me\n" + NodeEntry, replaced.Data["mapRoles"]);
    }

    [Fact]
    public void Without_RemovesOnlyThatEntry_OthersByteForByte()
    {
        var first = "- rolearn: arn:aws:iam::111122223333:role/a\n  username: a   # comment kept\n  groups: [\"x\"]\n";
        var second = "- rolearn: arn:aws:iam::111122223333:role/team/b\n  username: b\n";
        var roles = first + "\n# about the node role\n" + NodeEntry + second;
        var doc = AwsAuthDocument.Parse(Data(roles));

        var removed = doc.Without(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/b");
        Assert.Equal(first + "\n# about the node role\n" + NodeEntry, removed.Data["mapRoles"]);

        var removedFirst = doc.Without(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/a");
        Assert.Equal("\n# about the node role\n" + NodeEntry + second, removedFirst.Data["mapRoles"]);

        Assert.Same(doc, doc.Without(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/absent"));
        Assert.Same(doc, doc.Without(AwsAuthMappingKind.User, "arn:aws:iam::111122223333:role/a"));
    }

    [Fact]
    public void With_IndentedListKeepsItsIndent()
    {
        var roles = "  - rolearn: arn:aws:iam::111122223333:role/a\n    username: a\n";
        var edited = AwsAuthDocument.Parse(Data(roles)).With(Role("arn:aws:iam::111122223333:role/b", "b"), replace: false);
        Assert.Equal(roles + "  - rolearn: arn:aws:iam::111122223333:role/b\n    username: b\n", edited.Data["mapRoles"]);
        Assert.Equal(2, edited.Roles.Count);
    }

    [Fact]
    public void With_AppendsToTheFirstDocumentOnly()
    {
        var roles = NodeEntry + "---\n- rolearn: arn:aws:iam::111122223333:role/ignored\n";
        var edited = AwsAuthDocument.Parse(Data(roles)).With(Role("arn:aws:iam::111122223333:role/b", "b"), replace: false);
        Assert.Equal(NodeEntry + "- rolearn: arn:aws:iam::111122223333:role/b\n  username: b\n---\n- rolearn: arn:aws:iam::111122223333:role/ignored\n", edited.Data["mapRoles"]);
        Assert.Equal(2, edited.Roles.Count);
    }

    [Fact]
    public void With_EmptyOrMissingOrFlowListIsWrittenInBlockLayout()
    {
        var mapping = Role("arn:aws:iam::111122223333:role/a", "a", "g");
        const string Expected = "- groups:\n  - g\n  rolearn: arn:aws:iam::111122223333:role/a\n  username: a\n";
        Assert.Equal(Expected, AwsAuthDocument.Parse(null).With(mapping, false).Data["mapRoles"]);
        Assert.Equal(Expected, AwsAuthDocument.Parse(Data("[]\n")).With(mapping, false).Data["mapRoles"]);
        var flow = AwsAuthDocument.Parse(Data("[{\"rolearn\": \"arn:aws:iam::111122223333:role/node\", \"username\": \"system:node:{{EC2PrivateDNSName}}\", \"groups\": [\"system:nodes\"]}]"))
            .With(mapping, false);
        Assert.Equal("- groups:\n  - system:nodes\n  rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n" + Expected, flow.Data["mapRoles"]);
    }

    [Fact]
    public void RoundTrip_EmittedEntriesParseBackToTheSameMapping()
    {
        var mapping = Role("arn:aws:iam::111122223333:role/a", "{{SessionName}}", "system:masters", "yes", "123", "a b".Replace(" ", "", StringComparison.Ordinal));
        var doc = AwsAuthDocument.Parse(null).With(mapping, false);
        var back = AwsAuthDocument.Parse(doc.Data).Roles.Single();
        Assert.Equal(mapping.UserName, back.UserName);
        Assert.Equal(mapping.Groups, back.Groups);
        Assert.Contains("username: \"{{SessionName}}\"", doc.Data["mapRoles"], StringComparison.Ordinal);
        Assert.Contains("- \"yes\"", doc.Data["mapRoles"], StringComparison.Ordinal);
        Assert.Contains("- \"123\"", doc.Data["mapRoles"], StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_ShowsRemovedAndAddedLinesPerKey()
    {
        var before = Data(NodeEntry);
        var after = AwsAuthDocument.Parse(before).With(Role(SsoArn, "admin", "system:masters"), false).Data;
        var diff = AwsAuthDocument.Diff(before, after);
        Assert.Equal(["mapRoles:", "+ - groups:", "+   - system:masters", "+   rolearn: " + SsoArn, "+   username: admin"], diff);
        Assert.Empty(AwsAuthDocument.Diff(before, before));
        Assert.Equal(["mapUsers: (new key)", "+ - userarn: x"], AwsAuthDocument.Diff(before, new Dictionary<string, string>(before) { ["mapUsers"] = "- userarn: x\n" }));
    }

    [Fact]
    public void RenderData_IsKubectlLikeYaml()
    {
        Assert.Equal("mapAccounts: \"1\"\nmapRoles: |\n  - rolearn: x\n\n  # c\n", AwsAuthDocument.RenderData(Data("- rolearn: x\n\n# c\n", null, "1")));
    }

    [Fact]
    public void WithGroup_AppendsANewMapping_OrAddsTheGroupToTheEffectiveEntry()
    {
        const string Role = "arn:aws:iam::111122223333:role/Viewer";
        var mapping = AwsAuthInput.Canonical(new AwsAuthMapping(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/team/Viewer", null, ["eksso:apps:view"]));
        var added = AwsAuthDocument.Parse(Data(NodeEntry)).WithGroup(mapping, "eksso:apps:view");
        Assert.Equal(2, added.Roles.Count);
        Assert.Equal(Role, added.Roles[1].Arn);
        Assert.Equal(["eksso:apps:view"], added.Roles[1].Groups);
        Assert.StartsWith(NodeEntry, added.Data["mapRoles"], StringComparison.Ordinal);

        // The ARN is mapped twice: the authenticator uses the last entry, so that one gets the group and the dead
        // system:masters entry does not come back to life.
        var duplicated = AwsAuthDocument.Parse(Data(
            $"- rolearn: {Role}\n  username: old\n  groups:\n  - system:masters\n- rolearn: {Role}\n  username: viewer\n  groups:\n  - eksso:other:view\n"));
        var merged = duplicated.WithGroup(mapping, "eksso:apps:view");
        var entry = Assert.Single(merged.Roles);
        Assert.Equal("viewer", entry.UserName);
        Assert.Equal(["eksso:other:view", "eksso:apps:view"], entry.Groups);

        Assert.Same(merged, merged.WithGroup(mapping, "eksso:apps:view"));
    }

    [Fact]
    public void ToConfigMapYaml_IsTheReferenceProceduresLayout()
    {
        var document = AwsAuthDocument.Parse(Data("- groups:\n  - system:masters\n  rolearn: arn:aws:iam::111122223333:role/R\n  username: cluster-admin\n", null, null));
        Assert.Equal(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - groups:\n      - system:masters\n" +
            "      rolearn: arn:aws:iam::111122223333:role/R\n      username: cluster-admin\n",
            document.ToConfigMapYaml());
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata: {}\n", AwsAuthDocument.Parse(null).ToConfigMapYaml());
    }

    [Fact]
    public void Canonical_StripsRolePathAndDefaultsUserName()
    {
        var role = AwsAuthInput.Canonical(new AwsAuthMapping(AwsAuthMappingKind.Role, SsoArnWithPath, null, ["g", "g"]));
        Assert.Equal(SsoArn, role.Arn);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_X_abc/{{SessionName}}", role.UserName);
        Assert.Equal(["g"], role.Groups);
        var assumed = AwsAuthInput.Canonical(new AwsAuthMapping(AwsAuthMappingKind.Role, "arn:aws:sts::111122223333:assumed-role/Admin/bob", "admin", []));
        Assert.Equal("arn:aws:iam::111122223333:role/Admin", assumed.Arn);
        var user = AwsAuthInput.Canonical(new AwsAuthMapping(AwsAuthMappingKind.User, "arn:aws:iam::111122223333:user/dev/alice", null, []));
        Assert.Equal("arn:aws:iam::111122223333:user/dev/alice", user.Arn);
        Assert.Equal(user.Arn, user.UserName);
    }

    [Theory]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:user/alice", "u", "g", "InvalidPrincipal")]
    [InlineData(AwsAuthMappingKind.User, "arn:aws:iam::111122223333:role/x", "u", "g", "InvalidPrincipal")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::1234:role/x", "u", "g", "InvalidPrincipal")]
    [InlineData(AwsAuthMappingKind.Role, "role/x", "u", "g", "InvalidPrincipal")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/x", "has space", "g", "InvalidUserName")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/x", "{{Unknown}}", "g", "InvalidUserName")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/x", "", "g", "InvalidUserName")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/x", "u", "", "InvalidKubernetesGroup")]
    [InlineData(AwsAuthMappingKind.Role, "arn:aws:iam::111122223333:role/x", "u", "two words", "InvalidKubernetesGroup")]
    public void Canonical_RefusesBadInput(AwsAuthMappingKind kind, string arn, string user, string group, string id)
    {
        var e = Assert.Throws<EksSsoException>(() => AwsAuthInput.Canonical(new AwsAuthMapping(kind, arn, user, [group])));
        Assert.Equal(id, e.ErrorId);
        Assert.Equal(AwsErrorKind.Validation, e.Kind);
    }
}
