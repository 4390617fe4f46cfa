using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Kubernetes;
using EksSso.Sandbox.State;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>
/// The API with the authenticator and authoriser the sandbox ships (found by reflection, no test doubles): EKS
/// bearer tokens presigned with sandbox keys, the cluster creator as system:masters, aws-auth edits through the API
/// deciding who else gets in, RBAC deciding what they may do.
/// </summary>
public sealed class KubeShippedAuthTests
{
    private static Uri Path(string path) => new(path, UriKind.Relative);

    private static string Token(AccessKeyState key, string cluster)
    {
        var url = SigV4Signer.Presign(
            HttpMethod.Get,
            new Uri($"https://sts.{KubeSandbox.Region}.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"),
            [new("x-k8s-aws-id", cluster)],
            new AwsSigningCredentials(key.AccessKeyId, key.SecretAccessKey, key.SessionToken),
            KubeSandbox.Region,
            "sts",
            DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(60));
        return "k8s-aws-v1." + Convert.ToBase64String(Encoding.UTF8.GetBytes(url.AbsoluteUri)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [Fact]
    public async Task ShippedAuth_AdmitsTheCreator_AndWhoeverAwsAuthMaps()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var api = sandbox.Server.Host.KubernetesApi!;
        api.Authenticator = KubeAuthDiscovery.FindAuthenticator();
        api.Authorizer = KubeAuthDiscovery.FindAuthorizer();
        Assert.False(api.Authenticator.GetType().IsNested, "The sandbox ships no Kubernetes authenticator.");
        Assert.False(api.Authorizer.GetType().IsNested, "The sandbox ships no Kubernetes authoriser.");

        var cluster = await sandbox.CreateClusterAsync("demo");
        var host = sandbox.Server.Host;
        var admin = sandbox.Client(cluster, Token(host.AdminKey, "demo"));
        var whoami = await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/apis/authentication.k8s.io/v1/selfsubjectreviews"), KubeSandbox.Json(new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "SelfSubjectReview",
        })), 201);
        Assert.Equal("kubernetes-admin", whoami["status"]!["userInfo"]!["username"]!.GetValue<string>());
        Assert.Contains("system:masters", whoami["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        await KubeSandbox.JsonAsync(await admin.GetAsync(Path("/api/v1/nodes")), 200);

        // A token for another cluster does not open this one.
        await KubeSandbox.JsonAsync(await sandbox.Client(cluster, Token(host.AdminKey, "other")).GetAsync(Path("/api/v1/nodes")), 401);

        // Bob has valid AWS credentials but no mapping: 401, as EKS answers.
        AccessKeyState bobKey;
        lock (host.Gate)
        {
            var account = host.State.Account(host.State.ManagementAccountId);
            host.CreateUser(account, "bob");
            bobKey = host.IssueUserKey(account.Id, "bob");
        }

        var bob = sandbox.Client(cluster, Token(bobKey, "demo"));
        var unmapped = await KubeSandbox.JsonAsync(await bob.GetAsync(Path("/api/v1/namespaces/default/configmaps")), 401);
        Assert.Equal("Unauthorized", unmapped["reason"]!.GetValue<string>());

        // The admin maps bob in aws-auth and binds his group to view in default.
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/api/v1/namespaces/kube-system/configmaps"), KubeSandbox.Json(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "aws-auth" },
            ["data"] = new JsonObject { ["mapUsers"] = $"- userarn: arn:aws:iam::{host.State.ManagementAccountId}:user/bob\n  username: bob\n  groups:\n  - team-viewers\n" },
        })), 201);
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings"), KubeSandbox.Json(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "team-viewers" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "view" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "Group", ["name"] = "team-viewers" }),
        })), 201);

        bob.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(bobKey, "demo"));
        await KubeSandbox.JsonAsync(await bob.GetAsync(Path("/api/v1/namespaces/default/configmaps")), 200);
        var nodes = await KubeSandbox.JsonAsync(await bob.GetAsync(Path("/api/v1/nodes")), 403);
        Assert.Equal("nodes is forbidden: User \"bob\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", nodes["message"]!.GetValue<string>());
        var write = await KubeSandbox.JsonAsync(await bob.PostAsync(Path("/api/v1/namespaces/default/configmaps"), KubeSandbox.Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } })), 403);
        Assert.Equal("configmaps is forbidden: User \"bob\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"", write["message"]!.GetValue<string>());

        // Anonymous callers see the version and nothing else.
        var anonymous = sandbox.Client(cluster, token: null);
        await KubeSandbox.JsonAsync(await anonymous.GetAsync(Path("/version")), 200);
        await KubeSandbox.JsonAsync(await anonymous.GetAsync(Path("/api/v1/namespaces")), 403);
    }
}
