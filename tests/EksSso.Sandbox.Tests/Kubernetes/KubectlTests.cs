using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>The machine's real kubectl against a sandbox cluster, with a kubeconfig carrying the CA and a static test token.</summary>
public sealed class KubectlTests(ITestOutputHelper output)
{
    private static string? Kubectl() =>
        new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    [Fact]
    public async Task Kubectl_GetsNodesAndAwsAuth_AndManagesConfigMaps()
    {
        var kubectl = Kubectl();
        Assert.True(kubectl is not null, "kubectl is not installed (Debian package kubernetes-client): .ci/run installs it.");
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var nodeRole = await sandbox.CreateNodeRoleAsync("eks-node-role");
        await sandbox.CreateNodegroupAsync("demo", "workers", nodeRole, 2);

        var directory = Directory.CreateTempSubdirectory("eksso-kubectl-");
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "config");
            await File.WriteAllTextAsync(kubeconfig, $"""
                apiVersion: v1
                kind: Config
                clusters:
                - name: demo
                  cluster:
                    server: {cluster.Endpoint}
                    certificate-authority-data: {cluster.CertificateAuthority!.Data}
                users:
                - name: tester
                  user:
                    token: {StaticTokenAuthenticator.AdminToken}
                contexts:
                - name: demo
                  context:
                    cluster: demo
                    user: tester
                current-context: demo
                """);

            async Task<(int Code, string Stdout, string Stderr)> Try(params string[] args)
            {
                var result = await RunAsync(kubectl!, directory.FullName, ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(directory.FullName, "cache"), .. args]);
                output.WriteLine($"$ kubectl {string.Join(' ', args)}\n{result.Stdout}{result.Stderr}");
                return result;
            }

            async Task<string> Run(params string[] args)
            {
                var (code, stdout, stderr) = await Try(args);
                Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}");
                return stdout;
            }

            async Task<string> Fail(params string[] args)
            {
                var (code, _, stderr) = await Try(args);
                Assert.NotEqual(0, code);
                return stderr;
            }

            output.WriteLine(await Run("version", "--client"));
            var version = JsonNode.Parse(await Run("version", "-o", "json"))!;
            Assert.Matches(@"^v1\.33\.\d+-eks-", version["serverVersion"]!["gitVersion"]!.GetValue<string>());

            var nodes = (await Run("get", "nodes")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$", nodes[0]);
            Assert.Equal(2, nodes.Length - 1);
            Assert.All(nodes.Skip(1), line => Assert.Matches(@"^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal\s+Ready\s+<none>\s+\S+\s+v1\.33\.\d+-eks-[0-9a-f]{7}$", line));
            var wide = await Run("get", "nodes", "-o", "wide", "-l", "eks.amazonaws.com/nodegroup=workers");
            Assert.Contains("INTERNAL-IP", wide, StringComparison.Ordinal);
            Assert.Contains("Amazon Linux 2023", wide, StringComparison.Ordinal);

            var awsAuth = await Run("get", "configmap", "-n", "kube-system", "aws-auth", "-o", "yaml");
            Assert.Contains("mapRoles: |", awsAuth, StringComparison.Ordinal);
            Assert.Contains($"rolearn: {nodeRole}", awsAuth, StringComparison.Ordinal);
            Assert.Contains("username: system:node:{{EC2PrivateDNSName}}", awsAuth, StringComparison.Ordinal);
            Assert.DoesNotContain("managedFields", awsAuth, StringComparison.Ordinal);

            // A watch sees what is created while it runs (kubectl asks for Table events).
            var watching = Try("get", "configmaps", "--watch", "--request-timeout=4s");
            await Task.Delay(1500);
            Assert.Contains("configmap/from-kubectl created", await Run("create", "configmap", "from-kubectl", "--from-literal=colour=blue"), StringComparison.Ordinal);
            var watched = await watching;
            Assert.Matches(@"NAME\s+DATA\s+AGE\nkube-root-ca\.crt\s+1\s+\S+\nfrom-kubectl\s+1\s+\S+", watched.Stdout);
            Assert.Contains("configmap/from-kubectl labeled", await Run("label", "configmap", "from-kubectl", "tier=web"), StringComparison.Ordinal);
            Assert.Contains("configmap/from-kubectl patched", await Run("patch", "configmap", "from-kubectl", "--type", "merge", "-p", """{"data":{"colour":"green"}}"""), StringComparison.Ordinal);
            Assert.Equal("green", await Run("get", "cm", "from-kubectl", "-o", "jsonpath={.data.colour}"));
            var listed = await Run("get", "cm", "-l", "tier=web");
            Assert.Matches(@"NAME\s+DATA\s+AGE", listed);
            Assert.Matches(@"from-kubectl\s+1\s+\d+s", listed);

            var manifest = Path.Combine(directory.FullName, "applied.yaml");
            await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\ndata:\n  a: \"1\"\n");
            Assert.Contains("configmap/applied created", await Run("apply", "-f", manifest), StringComparison.Ordinal);
            await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\ndata:\n  a: \"2\"\n");
            Assert.Contains("configmap/applied configured", await Run("apply", "-f", manifest), StringComparison.Ordinal);
            Assert.Equal("2", await Run("get", "cm", "applied", "-o", "jsonpath={.data.a}"));

            Assert.Contains("configmap \"from-kubectl\" deleted", await Run("delete", "configmap", "from-kubectl"), StringComparison.Ordinal);
            Assert.Contains("Error from server (NotFound): configmaps \"from-kubectl\" not found", await Fail("get", "configmap", "from-kubectl"), StringComparison.Ordinal);

            // The runbook edit of aws-auth: export, change, apply (kubectl warns about the missing last-applied annotation, as on EKS).
            var exported = Path.Combine(directory.FullName, "aws-auth.yaml");
            await File.WriteAllTextAsync(exported, awsAuth.Replace(
                "kind: ConfigMap",
                "  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/alice\n      username: alice\n      groups:\n      - system:masters\nkind: ConfigMap",
                StringComparison.Ordinal));
            var (applyCode, applyOut, applyErr) = await Try("apply", "-f", exported);
            Assert.Equal(0, applyCode);
            Assert.Contains("configmap/aws-auth configured", applyOut, StringComparison.Ordinal);
            Assert.Contains("missing the kubectl.kubernetes.io/last-applied-configuration annotation", applyErr, StringComparison.Ordinal);
            Assert.Contains("user/alice", await Run("get", "configmap", "-n", "kube-system", "aws-auth", "-o", "jsonpath={.data.mapUsers}"), StringComparison.Ordinal);

            // Server-side field validation: kubectl finds fieldValidation in the OpenAPI document and lets the server refuse.
            var typo = Path.Combine(directory.FullName, "typo.yaml");
            await File.WriteAllTextAsync(typo, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: \"1\"\n");
            Assert.Contains("strict decoding error: unknown field \"datta\"", await Fail("create", "-f", typo), StringComparison.Ordinal);
            Assert.Contains("KIND:       ConfigMap", await Run("explain", "configmap"), StringComparison.Ordinal);

            // Typed clients send protobuf bodies: namespaces, roles, bindings, access reviews.
            Assert.Contains("namespace/team-a created", await Run("create", "namespace", "team-a"), StringComparison.Ordinal);
            Assert.Contains("role.rbac.authorization.k8s.io/cm-reader created", await Run("create", "role", "cm-reader", "-n", "team-a", "--verb=get,list", "--resource=configmaps"), StringComparison.Ordinal);
            Assert.Contains("rolebinding.rbac.authorization.k8s.io/viewers created", await Run("create", "rolebinding", "viewers", "-n", "team-a", "--clusterrole=view", "--group=test-viewers"), StringComparison.Ordinal);
            Assert.Contains("clusterrolebinding.rbac.authorization.k8s.io/auditors created", await Run("create", "clusterrolebinding", "auditors", "--clusterrole=view", "--user=auditor"), StringComparison.Ordinal);
            Assert.Contains("test-viewers", await Run("get", "rolebinding", "viewers", "-n", "team-a", "-o", "jsonpath={.subjects[0].name}"), StringComparison.Ordinal);
            var role = JsonNode.Parse(await Run("get", "role", "cm-reader", "-n", "team-a", "-o", "json"))!;
            Assert.Equal("""[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]""", role["rules"]!.ToJsonString());
            Assert.Contains("*.*", await Run("auth", "can-i", "--list", "-n", "team-a"), StringComparison.Ordinal);
            Assert.Contains("Error from server (AlreadyExists): namespaces \"team-a\" already exists", await Fail("create", "namespace", "team-a"), StringComparison.Ordinal);
            Assert.Equal("yes", (await Run("auth", "can-i", "list", "nodes")).Trim());
            Assert.Contains("test-admin", await Run("auth", "whoami"), StringComparison.Ordinal);
            var resources = await Run("api-resources");
            Assert.Matches(@"configmaps\s+cm\s+v1\s+true\s+ConfigMap", resources);
            Assert.Matches(@"clusterroles\s+rbac\.authorization\.k8s\.io/v1\s+false\s+ClusterRole", resources);
            Assert.Contains("system:masters", await Run("get", "clusterrolebinding", "cluster-admin", "-o", "wide"), StringComparison.Ordinal);

            // A viewer of team-a: reads there, is refused elsewhere in kube-apiserver's words.
            await Run("config", "set-credentials", "viewer", "--token", StaticTokenAuthenticator.ViewerToken);
            await Run("config", "set-context", "viewer", "--cluster", "demo", "--user", "viewer", "--namespace", "team-a");
            Assert.Contains("Switched to context \"viewer\"", await Run("config", "use-context", "viewer"), StringComparison.Ordinal);
            Assert.Contains("kube-root-ca.crt", await Run("get", "configmaps"), StringComparison.Ordinal);
            Assert.Equal("no", (await Try("auth", "can-i", "delete", "configmaps")).Stdout.Trim());
            Assert.Contains(
                "Error from server (Forbidden): configmaps \"kube-root-ca.crt\" is forbidden: User \"test-viewer\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"team-a\"",
                await Fail("delete", "configmap", "kube-root-ca.crt"),
                StringComparison.Ordinal);
            Assert.Contains(
                "Error from server (Forbidden): nodes is forbidden: User \"test-viewer\" cannot list resource \"nodes\" in API group \"\" at the cluster scope",
                await Fail("get", "nodes"),
                StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // kubectl must not find the developer's own configuration or credentials.
        start.Environment["HOME"] = workingDirectory;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
