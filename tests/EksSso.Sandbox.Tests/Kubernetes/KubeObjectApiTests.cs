using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>ConfigMap CRUD, the three patch types, optimistic concurrency, watch, RBAC objects and authorisation over HTTPS.</summary>
public sealed class KubeObjectApiTests
{
    private static Uri Path(string path) => new(path, UriKind.Relative);

    private static JsonObject ConfigMap(string name, JsonObject? data = null, JsonObject? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = data ?? new JsonObject { ["key"] = "value" } };
    }

    private static async Task<JsonObject> PatchAsync(HttpClient client, string path, string contentType, JsonNode patch, int expected = 200)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = KubeSandbox.Json(patch, contentType) };
        return await KubeSandbox.JsonAsync(await client.SendAsync(request), expected);
    }

    [Fact]
    public async Task RequestLog_HasEveryKubernetesRequest_WritesMarkedMutating()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("logged");
        var client = sandbox.Client(cluster);
        const string collection = "/api/v1/namespaces/default/configmaps";
        sandbox.Server.Host.Log.Clear();

        await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("logged"))), 201);
        await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}/logged")), 200);
        await KubeSandbox.JsonAsync(await client.PostAsync(Path($"{collection}?dryRun=All"), KubeSandbox.Json(ConfigMap("dry"))), 201);
        await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("logged"))), 409);
        await KubeSandbox.JsonAsync(await client.PostAsync(Path("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"), KubeSandbox.Json(new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = "get", ["resource"] = "pods" } },
        })), 201);

        var entries = sandbox.Server.Host.Log.Entries.Where(e => e.Service == "Kubernetes").ToList();
        Assert.Equal(
            [$"POST {collection}", $"GET {collection}/logged", $"POST {collection}", $"POST {collection}", "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews"],
            entries.Select(e => e.Operation));
        Assert.Equal([true, false, false, true, false], entries.Select(e => e.Mutating));
        Assert.Equal([201, 200, 201, 409, 201], entries.Select(e => e.Status));
        Assert.Equal("Conflict", entries[3].ErrorCode);
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.Caller)));
    }

    [Fact]
    public async Task ConfigMaps_CreateGetListUpdateDelete_WithKubeStatuses()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string collection = "/api/v1/namespaces/default/configmaps";

        var created = await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("settings", labels: new JsonObject { ["app"] = "web" }))), 201);
        var metadata = created["metadata"]!.AsObject();
        Assert.Equal("settings", metadata["name"]!.GetValue<string>());
        Assert.Equal("default", metadata["namespace"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f-]{36}$", metadata["uid"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", metadata["creationTimestamp"]!.GetValue<string>());
        Assert.Null(metadata["managedFields"]);
        var firstVersion = long.Parse(metadata["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        var duplicate = await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("settings"))), 409);
        Assert.Equal("AlreadyExists", duplicate["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"settings\" already exists", duplicate["message"]!.GetValue<string>());
        Assert.Equal("Failure", duplicate["status"]!.GetValue<string>());
        Assert.Equal("configmaps", duplicate["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("settings", duplicate["details"]!["name"]!.GetValue<string>());

        await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("other", labels: new JsonObject { ["app"] = "db" }))), 201);
        var missingNamespace = await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces/nowhere/configmaps"), KubeSandbox.Json(ConfigMap("x"))), 404);
        Assert.Equal("namespaces \"nowhere\" not found", missingNamespace["message"]!.GetValue<string>());
        var invalid = await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(ConfigMap("Not_Valid"))), 422);
        Assert.Equal("Invalid", invalid["reason"]!.GetValue<string>());
        Assert.StartsWith("ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain", invalid["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var numeric = await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), KubeSandbox.Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = 7 } })), 400);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field metadata.name of type string", numeric["message"]!.GetValue<string>());
        var notJson = await KubeSandbox.JsonAsync(await client.PostAsync(Path(collection), new StringContent("{", Encoding.UTF8, "application/json")), 400);
        Assert.Equal("BadRequest", notJson["reason"]!.GetValue<string>());

        var list = await KubeSandbox.JsonAsync(await client.GetAsync(Path(collection)), 200);
        Assert.Equal("ConfigMapList", list["kind"]!.GetValue<string>());
        Assert.Equal("v1", list["apiVersion"]!.GetValue<string>());
        Assert.Matches(@"^\d+$", list["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["kube-root-ca.crt", "other", "settings"], list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var byLabel = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}?labelSelector=app%3Dweb")), 200);
        Assert.Equal(["settings"], byLabel["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var byField = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}?fieldSelector=metadata.name%3Dother")), 200);
        Assert.Equal(["other"], byField["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var everywhere = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/configmaps")), 200);
        Assert.Equal(4, everywhere["items"]!.AsArray().Count(i => i!["metadata"]!["name"]!.GetValue<string>() == "kube-root-ca.crt"));
        var paged = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/configmaps?limit=2")), 200);
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        var next = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"/api/v1/configmaps?limit=10&continue={Uri.EscapeDataString(paged["metadata"]!["continue"]!.GetValue<string>())}")), 200);
        Assert.Equal(everywhere["items"]!.AsArray().Count - 2, next["items"]!.AsArray().Count);

        var fetched = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}/settings")), 200);
        fetched["data"]!["key"] = "changed";
        var updated = await KubeSandbox.JsonAsync(await client.PutAsync(Path($"{collection}/settings"), KubeSandbox.Json(fetched)), 200);
        Assert.Equal("changed", updated["data"]!["key"]!.GetValue<string>());
        Assert.True(long.Parse(updated["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > firstVersion);
        Assert.Equal(metadata["uid"]!.GetValue<string>(), updated["metadata"]!["uid"]!.GetValue<string>());

        // The same write from the old version is stale.
        fetched["data"]!["key"] = "lost update";
        var stale = await KubeSandbox.JsonAsync(await client.PutAsync(Path($"{collection}/settings"), KubeSandbox.Json(fetched)), 409);
        Assert.Equal("Conflict", stale["reason"]!.GetValue<string>());
        Assert.Equal("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again", stale["message"]!.GetValue<string>());

        // An update that changes nothing keeps the version.
        var same = await KubeSandbox.JsonAsync(await client.PutAsync(Path($"{collection}/settings"), KubeSandbox.Json(updated)), 200);
        Assert.Equal(updated["metadata"]!["resourceVersion"]!.GetValue<string>(), same["metadata"]!["resourceVersion"]!.GetValue<string>());

        var deleted = await KubeSandbox.JsonAsync(await client.DeleteAsync(Path($"{collection}/settings")), 200);
        Assert.Equal("Success", deleted["status"]!.GetValue<string>());
        Assert.Equal(metadata["uid"]!.GetValue<string>(), deleted["details"]!["uid"]!.GetValue<string>());
        var gone = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}/settings")), 404);
        Assert.Equal("NotFound", gone["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"settings\" not found", gone["message"]!.GetValue<string>());
        Assert.Equal(404, gone["code"]!.GetValue<int>());
        await KubeSandbox.JsonAsync(await client.DeleteAsync(Path($"{collection}/settings")), 404);
        var missingUpdate = await KubeSandbox.JsonAsync(await client.PutAsync(Path($"{collection}/settings"), KubeSandbox.Json(ConfigMap("settings"))), 404);
        Assert.Equal("NotFound", missingUpdate["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfigMaps_TakeStrategicMergeJsonMergeAndJsonPatches()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string path = "/api/v1/namespaces/default/configmaps/patched";
        await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces/default/configmaps"), KubeSandbox.Json(ConfigMap("patched", new JsonObject { ["a"] = "1", ["b"] = "2" }))), 201);

        var strategic = await PatchAsync(client, path, "application/strategic-merge-patch+json", new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "web" } },
            ["data"] = new JsonObject { ["b"] = null, ["c"] = "3" },
        });
        Assert.Equal("""{"a":"1","c":"3"}""", strategic["data"]!.ToJsonString());
        Assert.Equal("web", strategic["metadata"]!["labels"]!["tier"]!.GetValue<string>());

        var merge = await PatchAsync(client, path, "application/merge-patch+json", new JsonObject { ["data"] = new JsonObject { ["a"] = null, ["d"] = "4" } });
        Assert.Equal("""{"c":"3","d":"4"}""", merge["data"]!.ToJsonString());

        var jsonPatch = await PatchAsync(client, path, "application/json-patch+json", new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/data/c", ["value"] = "3" },
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/example.com~1team", ["value"] = "payments" },
            new JsonObject { ["op"] = "replace", ["path"] = "/data/c", ["value"] = "three" },
            new JsonObject { ["op"] = "copy", ["from"] = "/data/c", ["path"] = "/data/g" },
            new JsonObject { ["op"] = "move", ["from"] = "/data/d", ["path"] = "/data/h" },
            new JsonObject { ["op"] = "remove", ["path"] = "/metadata/labels/tier" }));
        Assert.Equal("""{"c":"three","g":"three","h":"4"}""", jsonPatch["data"]!.ToJsonString());
        Assert.Null(jsonPatch["metadata"]!["labels"]!["tier"]);
        Assert.Equal("payments", jsonPatch["metadata"]!["labels"]!["example.com/team"]!.GetValue<string>());

        var failedTest = await PatchAsync(client, path, "application/json-patch+json", new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/data/c", ["value"] = "nope" }), 422);
        Assert.Equal("Invalid", failedTest["reason"]!.GetValue<string>());
        Assert.Equal("testing value /data/c failed: test failed", failedTest["message"]!.GetValue<string>());
        var missing = await PatchAsync(client, path, "application/json-patch+json", new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/data/zzz" }), 422);
        Assert.Contains("/data/zzz", missing["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A patch that carries a stale resourceVersion is a failed precondition.
        var stale = await PatchAsync(client, path, "application/merge-patch+json", new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["data"] = new JsonObject { ["x"] = "y" } }, 409);
        Assert.Equal("Conflict", stale["reason"]!.GetValue<string>());

        // Server-side apply is not served: 415 lists the patch types that are.
        using var apply = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent("data: {x: y}", Encoding.UTF8) };
        apply.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        var unsupported = await KubeSandbox.JsonAsync(await client.SendAsync(apply), 415);
        Assert.Equal("UnsupportedMediaType", unsupported["reason"]!.GetValue<string>());
        Assert.Contains("application/strategic-merge-patch+json", unsupported["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await PatchAsync(client, "/api/v1/namespaces/default/configmaps/absent", "application/merge-patch+json", new JsonObject { ["data"] = new JsonObject() }, 404);
        var after = await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200);
        Assert.Equal(jsonPatch["data"]!.ToJsonString(), after["data"]!.ToJsonString());
    }

    [Fact]
    public async Task UnknownFields_AreDropped_WarnedAbout_OrRefused_AsOpenApiDescribes()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string collection = "/api/v1/namespaces/default/configmaps";
        JsonObject Typo(string name) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labelz"] = new JsonObject { ["a"] = "b" } },
            ["datta"] = new JsonObject { ["a"] = "1" },
        };

        using var warned = await client.PostAsync(Path(collection), KubeSandbox.Json(Typo("warned")));
        var stored = await KubeSandbox.JsonAsync(warned, 201);
        Assert.Null(stored["datta"]);
        Assert.Null(stored["metadata"]!["labelz"]);
        Assert.Equal(["299 - \"unknown field \\\"datta\\\"\"", "299 - \"unknown field \\\"metadata.labelz\\\"\""], warned.Headers.GetValues("Warning").Order(StringComparer.Ordinal));

        var strict = await KubeSandbox.JsonAsync(await client.PostAsync(Path($"{collection}?fieldValidation=Strict"), KubeSandbox.Json(Typo("strict"))), 400);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.labelz\", unknown field \"datta\"", strict["message"]!.GetValue<string>());
        await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{collection}/strict")), 404);
        using var ignored = await client.PostAsync(Path($"{collection}?fieldValidation=Ignore"), KubeSandbox.Json(Typo("ignored")));
        await KubeSandbox.JsonAsync(ignored, 201);
        Assert.False(ignored.Headers.Contains("Warning"));

        var root = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/openapi/v3")), 200);
        var core = root["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.StartsWith("/openapi/v3/api/v1?hash=", core, StringComparison.Ordinal);
        Assert.NotNull(root["paths"]!["apis/rbac.authorization.k8s.io/v1"]);
        var document = await KubeSandbox.JsonAsync(await client.GetAsync(Path(core)), 200);
        var patch = document["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;
        Assert.Equal("ConfigMap", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        var schema = document["components"]!["schemas"]!["io.k8s.api.core.v1.ConfigMap"]!;
        Assert.Equal("ConfigMap", schema["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("merge", document["components"]!["schemas"]!["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["ownerReferences"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
        await KubeSandbox.JsonAsync(await client.GetAsync(Path("/openapi/v3/apis/example.com/v1")), 404);
    }

    [Fact]
    public async Task ConcurrentUpdates_FromTheSameResourceVersion_ExactlyOneWins()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string path = "/api/v1/namespaces/default/configmaps/contended";
        await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces/default/configmaps"), KubeSandbox.Json(ConfigMap("contended"))), 201);

        for (var round = 0; round < 20; round++)
        {
            var current = await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200);
            using var start = new Barrier(2);
            var writers = Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
            {
                var body = (JsonObject)current.DeepClone();
                body["data"]!["key"] = $"round {round} writer {writer}";
                using var content = KubeSandbox.Json(body);
                start.SignalAndWait();
                using var response = await client.PutAsync(Path(path), content);
                return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
            })).ToList();
            var results = await Task.WhenAll(writers);

            Assert.Equal([200, 409], results.Select(r => r.Item1).Order());
            var loser = results.Single(r => r.Item1 == 409).Item2;
            Assert.Equal("Conflict", loser["reason"]!.GetValue<string>());
            var winner = results.Single(r => r.Item1 == 200).Item2;
            var stored = await KubeSandbox.JsonAsync(await client.GetAsync(Path(path)), 200);
            Assert.Equal(winner["data"]!["key"]!.GetValue<string>(), stored["data"]!["key"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Watch_StreamsChangesToConfigMaps()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        var list = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/namespaces/default/configmaps")), 200);
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        using var watch = await client.GetAsync(Path($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={version}&timeoutSeconds=10"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)watch.StatusCode);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces/default/configmaps"), KubeSandbox.Json(ConfigMap("watched"))), 201);
        await KubeSandbox.JsonAsync(await client.DeleteAsync(Path("/api/v1/namespaces/default/configmaps/watched")), 200);

        var added = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!)!;
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal("watched", added["object"]!["metadata"]!["name"]!.GetValue<string>());
        var deleted = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!)!;
        Assert.Equal("DELETED", deleted["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Namespaces_AreCreatedWithTheRootCa_AndDeletedWithTheirContents()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);

        var names = (await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/namespaces")), 200))["items"]!.AsArray()
            .Select(n => n!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);

        var created = await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces"), KubeSandbox.Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team-a" } })), 201);
        Assert.Equal("Active", created["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("team-a", created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        var rootCa = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/namespaces/team-a/configmaps/kube-root-ca.crt")), 200);
        var pem = Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthority!.Data!));
        Assert.Equal(pem, rootCa["data"]!["ca.crt"]!.GetValue<string>());

        await KubeSandbox.JsonAsync(await client.PostAsync(Path("/api/v1/namespaces/team-a/configmaps"), KubeSandbox.Json(ConfigMap("inside"))), 201);
        var deleted = await KubeSandbox.JsonAsync(await client.DeleteAsync(Path("/api/v1/namespaces/team-a")), 200);
        Assert.Equal("Terminating", deleted["status"]!["phase"]!.GetValue<string>());
        await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/namespaces/team-a")), 404);
        var everywhere = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/api/v1/configmaps")), 200);
        Assert.DoesNotContain(everywhere["items"]!.AsArray(), i => i!["metadata"]!["namespace"]!.GetValue<string>() == "team-a");

        var protectedNamespace = await KubeSandbox.JsonAsync(await client.DeleteAsync(Path("/api/v1/namespaces/kube-system")), 403);
        Assert.Equal("namespaces \"kube-system\" is forbidden: this namespace may not be deleted", protectedNamespace["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rbac_HasEksDefaultRoles_AggregatesUserRoles_AndValidatesBindings()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var client = sandbox.Client(cluster);
        const string clusterRoles = "/apis/rbac.authorization.k8s.io/v1/clusterroles";

        static bool Grants(JsonObject role, string verb, string group, string resource) =>
            role["rules"]!.AsArray().Any(r =>
                r!["verbs"]!.AsArray().Any(v => v!.GetValue<string>() is var s && (s == verb || s == "*"))
                && (r["apiGroups"] as JsonArray ?? []).Any(g => g!.GetValue<string>() is var s && (s == group || s == "*"))
                && (r["resources"] as JsonArray ?? []).Any(x => x!.GetValue<string>() is var s && (s == resource || s == "*")));

        var clusterAdmin = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{clusterRoles}/cluster-admin")), 200);
        Assert.True(Grants(clusterAdmin, "delete", "anything.example.com", "widgets"));
        Assert.Contains(clusterAdmin["rules"]!.AsArray(), r => r!["nonResourceURLs"] is JsonArray urls && urls.Any(u => u!.GetValue<string>() == "*"));

        var view = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{clusterRoles}/view")), 200);
        Assert.True(Grants(view, "list", "", "configmaps"));
        Assert.True(Grants(view, "get", "", "namespaces"));
        Assert.False(Grants(view, "get", "", "secrets"));
        Assert.False(Grants(view, "update", "", "configmaps"));
        var edit = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{clusterRoles}/edit")), 200);
        Assert.True(Grants(edit, "patch", "", "configmaps"));
        Assert.True(Grants(edit, "list", "", "configmaps"));
        Assert.True(Grants(edit, "get", "", "secrets"));
        Assert.False(Grants(edit, "create", "rbac.authorization.k8s.io", "rolebindings"));
        var admin = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{clusterRoles}/admin")), 200);
        Assert.True(Grants(admin, "create", "rbac.authorization.k8s.io", "rolebindings"));
        Assert.True(Grants(admin, "delete", "", "configmaps"));
        Assert.False(Grants(admin, "list", "", "nodes"));

        var masters = await KubeSandbox.JsonAsync(await client.GetAsync(Path("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin")), 200);
        Assert.Equal("cluster-admin", masters["roleRef"]!["name"]!.GetValue<string>());
        Assert.Equal("system:masters", masters["subjects"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("Group", masters["subjects"]![0]!["kind"]!.GetValue<string>());

        // A ClusterRole labelled to aggregate into view shows up in view, edit and admin.
        await KubeSandbox.JsonAsync(await client.PostAsync(Path(clusterRoles), KubeSandbox.Json(new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject { ["name"] = "widgets-view", ["labels"] = new JsonObject { ["rbac.authorization.k8s.io/aggregate-to-view"] = "true" } },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray("example.com"), ["resources"] = new JsonArray("widgets"), ["verbs"] = new JsonArray("get", "list") }),
        })), 201);
        foreach (var role in new[] { "view", "edit", "admin" })
        {
            Assert.True(Grants(await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{clusterRoles}/{role}")), 200), "list", "example.com", "widgets"), role);
        }

        var rolebindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings";
        var binding = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "viewers" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "view" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "Group", ["name"] = "test-viewers" }),
        };
        var createdBinding = await KubeSandbox.JsonAsync(await client.PostAsync(Path(rolebindings), KubeSandbox.Json(binding)), 201);
        Assert.Equal("RoleBinding", createdBinding["kind"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", createdBinding["subjects"]![0]!["apiGroup"]!.GetValue<string>());
        var changedRef = (JsonObject)createdBinding.DeepClone();
        changedRef["roleRef"]!["name"] = "edit";
        var immutable = await KubeSandbox.JsonAsync(await client.PutAsync(Path($"{rolebindings}/viewers"), KubeSandbox.Json(changedRef)), 422);
        Assert.Contains("cannot change roleRef", immutable["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var notFound = await KubeSandbox.JsonAsync(await client.GetAsync(Path($"{rolebindings}/absent")), 404);
        Assert.Equal("rolebindings.rbac.authorization.k8s.io \"absent\" not found", notFound["message"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", notFound["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task RbacWrites_CannotGrantMoreThanTheWriterHolds()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var admin = sandbox.Client(cluster);
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/api/v1/namespaces"), KubeSandbox.Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team-a" } })), 201);
        JsonObject Binding(string name, string kind, string role, string subjectKind, string subject) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = kind, ["name"] = role },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = subjectKind, ["name"] = subject }),
        };
        JsonObject Role(string name, string verb, string resource) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray(resource), ["verbs"] = new JsonArray(verb) }),
        };
        const string bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings";
        const string roles = "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles";
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("team-admin", "ClusterRole", "admin", "User", "test-nobody"))), 201);

        // A namespace admin may hand out what admin holds...
        var teamAdmin = sandbox.Client(cluster, StaticTokenAuthenticator.NobodyToken);
        await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(roles), KubeSandbox.Json(Role("cm-reader", "get", "configmaps"))), 201);
        await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("editors", "ClusterRole", "edit", "Group", "team-a-editors"))), 201);
        await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("readers", "Role", "cm-reader", "Group", "team-a-readers"))), 201);

        // ...but not nodes, which admin does not hold, nor cluster-admin.
        var role = await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(roles), KubeSandbox.Json(Role("too-much", "list", "nodes"))), 403);
        Assert.Equal(
            "roles.rbac.authorization.k8s.io \"too-much\" is forbidden: user \"test-nobody\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"list\"]}",
            role["message"]!.GetValue<string>());
        var binding = await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("escalate", "ClusterRole", "cluster-admin", "User", "test-nobody"))), 403);
        Assert.StartsWith("rolebindings.rbac.authorization.k8s.io \"escalate\" is forbidden: user \"test-nobody\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:", binding["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var patched = await PatchAsync(teamAdmin, $"{roles}/cm-reader", "application/json-patch+json", new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/rules/-", ["value"] = new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("nodes"), ["verbs"] = new JsonArray("get") } }), 403);
        Assert.Equal("Forbidden", patched["reason"]!.GetValue<string>());
        var missingRole = await KubeSandbox.JsonAsync(await teamAdmin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("dangling", "Role", "absent", "User", "x"))), 404);
        Assert.Equal("roles.rbac.authorization.k8s.io \"absent\" not found", missingRole["message"]!.GetValue<string>());

        // system:masters may bind anything.
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path(bindings), KubeSandbox.Json(Binding("escalate", "ClusterRole", "cluster-admin", "User", "test-nobody"))), 201);
    }

    [Fact]
    public async Task EveryRequest_IsAuthenticatedAndAuthorised_WithKubeApiserverMessages()
    {
        await using var sandbox = await KubeSandbox.StartAsync();
        var cluster = await sandbox.CreateClusterAsync("demo");
        var admin = sandbox.Client(cluster);
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings"), KubeSandbox.Json(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "viewers" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "view" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "Group", ["name"] = "test-viewers" }),
        })), 201);
        await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/api/v1/namespaces/default/configmaps"), KubeSandbox.Json(ConfigMap("x"))), 201);

        var viewer = sandbox.Client(cluster, StaticTokenAuthenticator.ViewerToken);
        await KubeSandbox.JsonAsync(await viewer.GetAsync(Path("/api/v1/namespaces/default/configmaps")), 200);
        await KubeSandbox.JsonAsync(await viewer.GetAsync(Path("/api")), 200);

        var denied = await KubeSandbox.JsonAsync(await viewer.DeleteAsync(Path("/api/v1/namespaces/default/configmaps/x")), 403);
        Assert.Equal("Forbidden", denied["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"x\" is forbidden: User \"test-viewer\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"default\"", denied["message"]!.GetValue<string>());
        Assert.Equal("x", denied["details"]!["name"]!.GetValue<string>());
        Assert.Equal("configmaps", denied["details"]!["kind"]!.GetValue<string>());
        var nodes = await KubeSandbox.JsonAsync(await viewer.GetAsync(Path("/api/v1/nodes")), 403);
        Assert.Equal("nodes is forbidden: User \"test-viewer\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", nodes["message"]!.GetValue<string>());
        var roles = await KubeSandbox.JsonAsync(await viewer.GetAsync(Path("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles")), 403);
        Assert.Equal("roles.rbac.authorization.k8s.io is forbidden: User \"test-viewer\" cannot list resource \"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"default\"", roles["message"]!.GetValue<string>());
        var otherNamespace = await KubeSandbox.JsonAsync(await viewer.GetAsync(Path("/api/v1/namespaces/kube-system/configmaps")), 403);
        Assert.EndsWith("in the namespace \"kube-system\"", otherNamespace["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var anonymous = sandbox.Client(cluster, token: null);
        var path = await KubeSandbox.JsonAsync(await anonymous.GetAsync(Path("/api")), 403);
        Assert.Equal("forbidden: User \"system:anonymous\" cannot get path \"/api\"", path["message"]!.GetValue<string>());
        var version = await KubeSandbox.JsonAsync(await anonymous.GetAsync(Path("/version")), 200);
        Assert.NotNull(version["gitVersion"]);

        var bad = await KubeSandbox.JsonAsync(await sandbox.Client(cluster, "forged").GetAsync(Path("/api/v1/namespaces")), 401);
        Assert.Equal("Unauthorized", bad["reason"]!.GetValue<string>());
        Assert.Equal("Unauthorized", bad["message"]!.GetValue<string>());
        Assert.Contains("Bearer forged", sandbox.Authenticator.SeenHeaders);

        // The self reviews: who am I, may I, what may I.
        var whoami = await KubeSandbox.JsonAsync(await admin.PostAsync(Path("/apis/authentication.k8s.io/v1/selfsubjectreviews"), KubeSandbox.Json(new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "SelfSubjectReview",
        })), 201);
        var userInfo = whoami["status"]!["userInfo"]!;
        Assert.Equal("test-admin", userInfo["username"]!.GetValue<string>());
        Assert.Equal("uid-admin", userInfo["uid"]!.GetValue<string>());
        Assert.Equal(["system:masters", "system:authenticated"], userInfo["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("AKIATEST", userInfo["extra"]!["accessKeyId"]![0]!.GetValue<string>());

        JsonObject AccessReview(string verb, string resource, string ns) => new()
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["namespace"] = ns, ["verb"] = verb, ["resource"] = resource } },
        };
        var may = await KubeSandbox.JsonAsync(await viewer.PostAsync(Path("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"), KubeSandbox.Json(AccessReview("list", "configmaps", "default"))), 201);
        Assert.True(may["status"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("allowed by test RBAC", may["status"]!["reason"]!.GetValue<string>());
        Assert.Equal("list", may["spec"]!["resourceAttributes"]!["verb"]!.GetValue<string>());
        var mayNot = await KubeSandbox.JsonAsync(await viewer.PostAsync(Path("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"), KubeSandbox.Json(AccessReview("delete", "configmaps", "default"))), 201);
        Assert.False(mayNot["status"]!["allowed"]!.GetValue<bool>());

        var rules = await KubeSandbox.JsonAsync(await viewer.PostAsync(Path("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"), KubeSandbox.Json(new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectRulesReview",
            ["spec"] = new JsonObject { ["namespace"] = "default" },
        })), 201);
        Assert.Contains(rules["status"]!["resourceRules"]!.AsArray(), r => r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "configmaps") && r["verbs"]!.AsArray().Any(v => v!.GetValue<string>() == "watch"));
        Assert.Contains(rules["status"]!["nonResourceRules"]!.AsArray(), r => r!["nonResourceURLs"]!.AsArray().Any(x => x!.GetValue<string>() == "/api"));
        Assert.False(rules["status"]!["incomplete"]!.GetValue<bool>());
    }
}
