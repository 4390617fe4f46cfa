using System.Text;
using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Profiles;

/// <summary>The line-preserving editor: round trips, edits that touch only their line, line endings, atomic writes.</summary>
public sealed class AwsConfigDocumentTests : IDisposable
{
    /// <summary>Everything a hand-edited file has: comments of both kinds, odd spacing, tabs, an inline comment,
    /// nested sub-sections, unknown sections, text before the first section, a line without '=', no final newline.</summary>
    internal const string Messy =
        "# my AWS config\n" +
        "stray text before any section\n" +
        "\n" +
        "[default]\n" +
        "region=us-east-1\n" +
        "output   =    json   # inline comment\n" +
        "\n" +
        "; a semicolon comment\n" +
        "[profile   dev  ]\n" +
        "\tregion = eu-west-1\n" +
        "s3 =\n" +
        "  max_concurrent_requests = 10\n" +
        "  max_queue_size=1000\n" +
        "cli_pager=\n" +
        "a line without an equals sign\n" +
        "\n" +
        "\n" +
        "[services local]\n" +
        "sts =\n" +
        "    endpoint_url = http://127.0.0.1:4566\n" +
        "[unknown-kind something]\n" +
        "Key_With_Case = Value With Spaces\n" +
        "[sso-session corp]\n" +
        "sso_start_url = https://corp.awsapps.com/start#/\n" +
        "sso_region = us-east-1";

    private readonly string _temp = Directory.CreateTempSubdirectory("eksso-configdoc-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void MessyFileRoundTripsByteForByte()
    {
        Assert.Equal(Messy, AwsConfigDocument.Parse(Messy).ToString());
        var crlf = Messy.Replace("\n", "\r\n") + "\r\n";
        Assert.Equal(crlf, AwsConfigDocument.Parse(crlf).ToString());
        var bom = "\uFEFF" + Messy;
        Assert.Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Messy)), AwsConfigDocument.Parse(bom).ToBytes());
        Assert.Equal("", AwsConfigDocument.Parse("").ToString());
    }

    [Fact]
    public void ReadsWhatTheCliReads()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.Equal("us-east-1", doc.Get("profile", "default", "region"));
        Assert.Equal("json", doc.Get("profile", "default", "output"));
        Assert.Equal("eu-west-1", doc.Get("profile", "dev", "REGION"));
        Assert.Equal("", doc.Get("profile", "dev", "s3"));
        Assert.Null(doc.Get("profile", "dev", "max_concurrent_requests"));
        Assert.Equal("Value With Spaces", doc.Get("unknown-kind", "something", "key_with_case"));
        Assert.Equal("https://corp.awsapps.com/start#/", doc.Get("sso-session", "corp", "sso_start_url"));
        Assert.Equal(
            [("", "default"), ("profile", "dev"), ("services", "local"), ("unknown-kind", "something"), ("sso-session", "corp")],
            doc.Sections.Select(s => (s.Kind == "profile" && s.Name == "default" ? "" : s.Kind, s.Name)));

        // AwsConfigFile reads through the same tokenizer: the same values, the nested ones too.
        var file = AwsConfigFile.From(doc);
        Assert.Equal("10", file.Profile("dev")!.Get("s3", "max_concurrent_requests"));
        Assert.Equal("1000", file.Profile("dev")!.Get("s3", "max_queue_size"));
        Assert.Equal("http://127.0.0.1:4566", file.Section("services", "local")!.Get("sts", "endpoint_url"));
        Assert.Equal(file.Profile("dev")!.Values, AwsConfigFile.Parse(Messy).Profile("dev")!.Values);
    }

    [Fact]
    public void ChangingAValueChangesOnlyThatLineAndKeepsSpacingAndComment()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.True(doc.Set("profile", "default", "output", "yaml"));
        Assert.Equal(Messy.Replace("output   =    json   # inline comment", "output   =    yaml   # inline comment"), doc.ToString());

        Assert.True(doc.Set("profile", "dev", "region", "eu-central-1"));
        Assert.Contains("\n\tregion = eu-central-1\n", doc.ToString());
        Assert.True(doc.Set("profile", "dev", "cli_pager", "less"));
        Assert.Contains("\ncli_pager=less\n", doc.ToString());
        Assert.Equal("10", AwsConfigFile.From(doc).Profile("dev")!.Get("s3", "max_concurrent_requests"));
    }

    [Fact]
    public void SettingTheSameValueIsNoChange()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.False(doc.Set("profile", "default", "output", "json"));
        Assert.False(doc.Set("profile", "dev", "region", "eu-west-1"));
        Assert.Equal(Messy, doc.ToString());
    }

    [Fact]
    public void ANewKeyGoesAfterTheSectionsLastSettingNotAfterTheNextSectionsComment()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.True(doc.Set("profile", "default", "cli_pager", ""));
        Assert.Contains("output   =    json   # inline comment\ncli_pager = \n\n; a semicolon comment\n[profile   dev  ]", doc.ToString());

        // After the nested values and the stray line that belong to [profile dev].
        Assert.True(doc.Set("profile", "dev", "sso_session", "corp"));
        Assert.Contains("a line without an equals sign\nsso_session = corp\n\n\n[services local]", doc.ToString());
    }

    [Fact]
    public void ANewSectionGoesAtTheEndAfterOneBlankLine()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        doc.AddSection("profile", "new", [new("region", "us-west-2"), new("output", "text")]);
        Assert.Equal(Messy + "\n\n[profile new]\nregion = us-west-2\noutput = text\n", doc.ToString());

        var endsBlank = AwsConfigDocument.Parse("[default]\nregion = us-east-1\n\n");
        endsBlank.Set("sso-session", "s", "sso_region", "us-east-1");
        Assert.Equal("[default]\nregion = us-east-1\n\n[sso-session s]\nsso_region = us-east-1\n", endsBlank.ToString());

        var empty = AwsConfigDocument.Parse("");
        empty.AddSection("profile", "default", [new("region", "us-east-1")]);
        Assert.Equal("[default]\nregion = us-east-1\n", empty.ToString());

        Assert.Throws<InvalidOperationException>(() => doc.AddSection("profile", "dev", []));
        Assert.Throws<ArgumentException>(() => doc.AddSection("profile", "two words", []));
    }

    [Fact]
    public void CrlfFilesStayCrlf()
    {
        var crlf = Messy.Replace("\n", "\r\n") + "\r\n";
        var doc = AwsConfigDocument.Parse(crlf);
        doc.Set("profile", "dev", "region", "ap-south-1");
        doc.Set("profile", "dev", "output", "json");
        doc.AddSection("profile", "new", [new("region", "us-west-2")]);
        var text = doc.ToString();
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.Contains("\tregion = ap-south-1\r\n", text);
        Assert.EndsWith("\r\n\r\n[profile new]\r\nregion = us-west-2\r\n", text);
    }

    [Fact]
    public void RemovesAKeyWithItsNestedValuesAndASection()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.True(doc.Remove("profile", "dev", "s3"));
        Assert.DoesNotContain("max_concurrent_requests", doc.ToString());
        Assert.Contains("\tregion = eu-west-1\ncli_pager=\n", doc.ToString());
        Assert.False(doc.Remove("profile", "dev", "s3"));

        Assert.True(doc.RemoveSection("unknown-kind", "something"));
        Assert.Contains("    endpoint_url = http://127.0.0.1:4566\n[sso-session corp]\n", doc.ToString());
        Assert.False(doc.HasSection("unknown-kind", "something"));

        var added = AwsConfigDocument.Parse("[default]\nregion = us-east-1\n");
        added.AddSection("profile", "x", [new("region", "us-west-2")]);
        added.RemoveSection("profile", "x");
        Assert.Equal("[default]\nregion = us-east-1\n", added.ToString());
    }

    [Fact]
    public void RefusesValuesThatWouldNotReadBack()
    {
        var doc = AwsConfigDocument.Parse(Messy);
        Assert.Throws<ArgumentException>(() => doc.Set("profile", "dev", "region", "a\nb"));
        Assert.Throws<ArgumentException>(() => doc.Set("profile", "dev", "region", "x # y"));
        Assert.Throws<ArgumentException>(() => doc.Set("profile", "dev", "re gion", "x"));
        Assert.Equal(Messy, doc.ToString());
    }

    [Fact]
    public void SaveWritesANewFileWithMode0600AndSkipsAnUnchangedOne()
    {
        var path = Path.Combine(_temp, "sub", "config");
        var doc = AwsConfigDocument.Load(path);
        doc.AddSection("profile", "default", [new("region", "us-east-1")]);
        Assert.True(doc.Save(path));
        Assert.Equal("[default]\nregion = us-east-1\n", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));
        Assert.False(AwsConfigDocument.Load(path).Save(path));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void SaveKeepsAnExistingFilesModeAndFollowsALink()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_temp, "config");
        File.WriteAllText(path, Messy);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        var link = Path.Combine(_temp, "link");
        File.CreateSymbolicLink(link, path);

        var doc = AwsConfigDocument.Load(link);
        doc.Set("profile", "dev", "region", "us-west-1");
        Assert.True(doc.Save(link));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(Messy.Replace("\tregion = eu-west-1", "\tregion = us-west-1"), File.ReadAllText(path));
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }
}
