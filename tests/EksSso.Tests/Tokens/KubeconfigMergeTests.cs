using EksSso.Engine.Aws;
using EksSso.Engine.Kubeconfig;
using Xunit;

namespace EksSso.Tests.Tokens;

public sealed class KubeconfigMergeTests : IDisposable
{
    private const string Arn = "arn:aws:eks:eu-west-1:123456789012:cluster/demo";
    private static readonly KubeconfigCluster s_cluster = new("demo", Arn, "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "LS0tLS1CRUdJTg==");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eksso-kubeconfig-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static KubeconfigUpdateResult Update(string path, KubeconfigExec exec = KubeconfigExec.Aws, string? profile = null, string? alias = null)
    {
        var plan = KubeconfigUpdate.Plan(path, s_cluster, exec, profile, alias, "/opt/eksso/TokenHelper/eksso-token");
        if (plan.Changed)
        {
            KubeconfigUpdate.Write(plan);
        }

        return plan;
    }

    [Fact]
    public void NewFileIsLaidOutAsTheAwsCliWritesIt()
    {
        var path = PathOf("config");
        var result = Update(path, profile: "admin");
        Assert.True(result.Changed);
        Assert.Equal(
            $$"""
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTg==
                server: https://ABC.gr7.eu-west-1.eks.amazonaws.com
              name: {{Arn}}
            contexts:
            - context:
                cluster: {{Arn}}
                user: {{Arn}}
              name: {{Arn}}
            current-context: {{Arn}}
            kind: Config
            preferences: {}
            users:
            - name: {{Arn}}
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args:
                  - --region
                  - eu-west-1
                  - eks
                  - get-token
                  - --cluster-name
                  - demo
                  - --output
                  - json
                  command: aws
                  env:
                  - name: AWS_PROFILE
                    value: admin

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void NativeExecRunsTheHelperWithClusterRegionAndProfile()
    {
        var result = Update(PathOf("config"), KubeconfigExec.Native, "admin", alias: "demo");
        Assert.Contains("command: /opt/eksso/TokenHelper/eksso-token", result.Yaml, StringComparison.Ordinal);
        Assert.Contains("- token\n      - --cluster-name\n      - demo\n      - --region\n      - eu-west-1\n      - --profile\n      - admin\n", result.Yaml, StringComparison.Ordinal);
        Assert.Contains("current-context: demo\n", result.Yaml, StringComparison.Ordinal);
        Assert.Contains("  name: demo\n", result.Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_PROFILE", result.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondUpdateChangesNothingAndDoesNotWrite()
    {
        var path = PathOf("config");
        Update(path);
        var before = File.ReadAllBytes(path);
        var stamp = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, stamp.AddHours(-1));
        var again = Update(path);
        Assert.False(again.Changed);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(stamp.AddHours(-1), File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void MergeKeepsOtherEntriesUnknownKeysAndCommentsAndReplacesTheSameName()
    {
        var path = PathOf("config");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(path, $$"""
            # managed by hand: keep this comment
            apiVersion: v1
            kind: Config
            clusters:
            - name: kind-local
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: local}
            - name: {{Arn}}
              cluster:
                server: https://stale.example
            contexts:
            - name: kind-local
              context: {cluster: kind-local, user: kind-local}
            users:
            - name: kind-local
              user:
                token: "local-token"  # inline comment
            current-context: kind-local
            preferences:
              colors: true
            x-unknown-top-level: &anchor
              nested: [1, 2]

            """);
        var result = Update(path);
        var text = File.ReadAllText(path);
        Assert.True(result.Changed);
        Assert.Contains("# managed by hand: keep this comment", text, StringComparison.Ordinal);
        Assert.Contains("# inline comment", text, StringComparison.Ordinal);
        Assert.Contains("insecure-skip-tls-verify: true", text, StringComparison.Ordinal);
        Assert.Contains("audience: local", text, StringComparison.Ordinal);
        Assert.Contains("token: \"local-token\"", text, StringComparison.Ordinal);
        Assert.Contains("x-unknown-top-level: &anchor", text, StringComparison.Ordinal);
        Assert.Contains("colors: true", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stale.example", text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, $"name: {Arn}\n  cluster:") + CountOf(text, $"  name: {Arn}\ncontexts"));
        Assert.Contains($"current-context: {Arn}", text, StringComparison.Ordinal);

        var document = KubeconfigDocument.Parse(text);
        Assert.Equal(["kind-local", Arn], document.EntryNames("clusters"));
        Assert.Equal(["kind-local", Arn], document.EntryNames("contexts"));
        Assert.Equal(["kind-local", Arn], document.EntryNames("users"));

        // Idempotent on a merged file too.
        var bytes = File.ReadAllBytes(path);
        Assert.False(Update(path).Changed);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AChangedEndpointReplacesTheEntryInPlace()
    {
        var path = PathOf("config");
        Update(path);
        var moved = s_cluster with { Endpoint = "https://moved.example" };
        var plan = KubeconfigUpdate.Plan(path, moved, KubeconfigExec.Aws, null, null, null);
        Assert.True(plan.Changed);
        Assert.Contains("server: https://moved.example", plan.Yaml, StringComparison.Ordinal);
        Assert.Equal([Arn], KubeconfigDocument.Parse(plan.Yaml).EntryNames("clusters"));
    }

    [Fact]
    public void ARefusesToEditWhatIsNotAKubeconfig()
    {
        var path = PathOf("config");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(path, "- just\n- a list\n");
        var e = Assert.Throws<EksSsoException>(() => Update(path));
        Assert.Equal("KubeconfigNotValid", e.ErrorId);
        File.WriteAllText(path, "clusters: [unclosed\n");
        Assert.Equal("KubeconfigNotValid", Assert.Throws<EksSsoException>(() => Update(path)).ErrorId);
        Assert.Equal("clusters: [unclosed\n", File.ReadAllText(path));
    }

    [Fact]
    public void DefaultPathIsTheFirstOfKubeconfigOrHomeKubeConfig()
    {
        Assert.Equal("/a/config", KubeconfigUpdate.DefaultPath(n => n == "KUBECONFIG" ? $"/a/config{Path.PathSeparator}/b/config" : null));
        Assert.Equal("/home/u/.kube/config", KubeconfigUpdate.DefaultPath(n => n == "HOME" ? "/home/u" : null));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
