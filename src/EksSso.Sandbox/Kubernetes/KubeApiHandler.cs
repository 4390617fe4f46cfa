using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;
using Microsoft.AspNetCore.Http;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// One cluster's kube-apiserver surface: request info as kube-apiserver derives it, authentication and authorisation
/// of every request, discovery and OpenAPI v3, CRUD with the three patch types, watch, the self-review APIs, Status
/// errors in kube-apiserver's wording, and Tables for kubectl. Answers are JSON whatever the Accept header prefers
/// (protobuf included); request bodies may be JSON or, as kubectl's typed clients send them, protobuf.
/// </summary>
internal sealed class KubeApiHandler(SandboxHost host, KubernetesApi api, string accountId, string region, string clusterName, string identity, KubeWatchHub hub)
{
    private const string JsonContentType = "application/json";

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_healthPaths = ["/healthz", "/livez", "/readyz"];

    public async Task HandleAsync(HttpContext http)
    {
        http.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        http.Response.Headers.CacheControl = "no-cache, private";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        KubeReply reply;
        try
        {
            var body = await ReadBodyAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
            lock (host.Gate)
            {
                reply = Handle(http.Request, body);
            }
        }
        catch (KubeStatusException e)
        {
            reply = KubeReply.Json(e.Code, e.ToStatus());
        }
        catch (BadHttpRequestException e)
        {
            reply = KubeReply.Json(e.StatusCode, KubeStatusException.Status(e.StatusCode, e.StatusCode == 413 ? "RequestEntityTooLarge" : "BadRequest", e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A sandbox bug, not the client's fault: answered as kube-apiserver answers a panic, with the cause.
            reply = KubeReply.Json(500, KubeStatusException.Status(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}"));
        }

        Log(http, reply.StatusCode, clock.ElapsedMilliseconds);
        if (reply.Watcher is not null)
        {
            await StreamAsync(http, reply).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = reply.StatusCode;
        http.Response.ContentType = reply.ContentType;
        foreach (var warning in reply.Warnings)
        {
            // RFC 7234 warn-code 299 as kube-apiserver sends it; kubectl prints "Warning: <text>".
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(reply.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One request log entry per Kubernetes request, as for AWS calls: service "Kubernetes", operation "VERB /path",
    /// the authenticated user, and whether it could change an object (a write that is not a dry run or a review).
    /// </summary>
    private void Log(HttpContext http, int status, long milliseconds)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        var writes = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);
        var mutating = writes && !path.EndsWith("reviews", StringComparison.Ordinal) && !request.Query["dryRun"].Contains("All");
        host.Log.Add(new RequestLogEntry(
            host.Clock.Now,
            "Kubernetes",
            $"{request.Method} {path}",
            http.Items.TryGetValue(CallerItem, out var caller) ? caller as string : null,
            status,
            status >= 400 ? ((System.Net.HttpStatusCode)status).ToString() : null,
            mutating,
            milliseconds));
    }

    private const string CallerItem = "EksSso.KubeUser";

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Everything but streaming, under the sandbox lock.</summary>
    private KubeReply Handle(HttpRequest request, byte[] body)
    {
        var cluster = EksService.FindCluster(host, accountId, region, clusterName);
        if (cluster is null || cluster.OidcIssuer != identity || !cluster.IsServing)
        {
            return KubeReply.Json(503, KubeStatusException.Status(503, "ServiceUnavailable", $"the cluster {clusterName} is not serving (status {cluster?.Status ?? "deleted"})"));
        }

        var store = api.StoreFor(cluster) ?? throw new KubeStatusException(503, "ServiceUnavailable", $"the cluster {clusterName} is starting");
        try
        {
            AwsAuthConfigMap.Reconcile(store, cluster);
            var info = KubeRequestInfo.Parse(request);
            var attributes = info.Attributes;

            KubeUser user;
            try
            {
                user = api.Authenticator.Authenticate(host, cluster, store, request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null);
            }
            catch (KubeAuthException e)
            {
                return KubeReply.Json(401, KubeStatusException.Status(401, "Unauthorized", e.Message));
            }

            // The caller as the AWS side logs it: the IAM ARN the token was signed with, else the Kubernetes user name.
            request.HttpContext.Items[CallerItem] = user.Extra.TryGetValue("arn", out var arns) && arns.Count > 0 ? arns[0] : user.Name;

            KubeDecision decision;
            try
            {
                decision = api.Authorizer.Authorize(cluster, store, user, attributes);
            }
            catch (KubeAuthException e)
            {
                return KubeReply.Json(e.StatusCode, KubeStatusException.Status(e.StatusCode, e.Reason, e.Message));
            }

            if (!decision.Allowed)
            {
                return Forbidden(user, attributes);
            }

            return info.IsResourceRequest
                ? Resource(request, info, body, cluster, store, user)
                : NonResource(request, info, cluster);
        }
        finally
        {
            if (store.Changed)
            {
                host.Save();
            }

            api.Publish(cluster, store);
        }
    }

    // ---- Non-resource paths: discovery, version, health ----

    private static KubeReply NonResource(HttpRequest request, KubeRequestInfo info, EksClusterView cluster)
    {
        var path = info.Path.Length > 1 ? info.Path.TrimEnd('/') : info.Path;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return path is "/" or "/version" or "/api" or "/apis" || path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/apis/", StringComparison.Ordinal)
                ? KubeReply.Status(KubeStatusException.MethodNotAllowed())
                : KubeReply.Status(KubeStatusException.PathNotFound());
        }

        if (s_healthPaths.Contains(path))
        {
            return KubeReply.Text(200, "ok");
        }

        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? document = segments switch
        {
            [] => new JsonObject { ["paths"] = new JsonArray([.. RootPaths().Select(p => (JsonNode)JsonValue.Create(p))]) },
            ["version"] => KubeVersion.Info(cluster.Version),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = request.Host.Value }),
            },
            ["api", "v1"] => ResourceList("", "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. KubeResources.Groups.Select(g => (JsonNode)Group(g))]),
            },
            ["apis", var group] when KubeResources.Groups.Contains(group) => Group(group, withKind: true),
            ["apis", var group, "v1"] when KubeResources.Groups.Contains(group) => ResourceList(group, "v1"),
            ["openapi", "v3"] => KubeOpenApi.Root(cluster.Version),
            ["openapi", "v3", .. var gv] => KubeOpenApi.Document(string.Join('/', gv), cluster.Version),
            _ => null,
        };
        return document is null ? KubeReply.Status(KubeStatusException.PathNotFound()) : KubeReply.Json(200, document);
    }

    private static IEnumerable<string> RootPaths()
    {
        yield return "/api";
        yield return "/api/v1";
        yield return "/apis";
        yield return "/apis/";
        foreach (var group in KubeResources.Groups.Order(StringComparer.Ordinal))
        {
            yield return $"/apis/{group}";
            yield return $"/apis/{group}/v1";
        }

        yield return "/healthz";
        yield return "/livez";
        yield return "/readyz";
        yield return "/version";
    }

    private static JsonObject Group(string group, bool withKind = false)
    {
        var version = new JsonObject { ["groupVersion"] = $"{group}/v1", ["version"] = "v1" };
        var result = new JsonObject();
        if (withKind)
        {
            result["kind"] = "APIGroup";
            result["apiVersion"] = "v1";
        }

        result["name"] = group;
        result["versions"] = new JsonArray(version);
        result["preferredVersion"] = version.DeepClone();
        return result;
    }

    private static JsonObject ResourceList(string group, string version)
    {
        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
        {
            list["apiVersion"] = "v1";
        }

        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = new JsonArray([.. KubeResources.InGroupVersion(group, version).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r =>
        {
            var entry = new JsonObject
            {
                ["name"] = r.Name,
                ["singularName"] = r.SingularName,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)JsonValue.Create(v))]),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. r.ShortNames.Select(v => (JsonNode)JsonValue.Create(v))]);
            }

            return (JsonNode)entry;
        })]);
        return list;
    }

    // ---- Resources ----

    private KubeReply Resource(HttpRequest request, KubeRequestInfo info, byte[] body, EksClusterView cluster, KubeObjectStore store, KubeUser user)
    {
        var resource = KubeResources.Find(info.Group, info.Version, info.Resource);
        if (resource is null || info.Subresource is not null || (info.Namespace is not null && !resource.Namespaced && resource != KubeResources.Namespaces))
        {
            return KubeReply.Status(KubeStatusException.PathNotFound());
        }

        if (!resource.Verbs.Contains(info.Verb))
        {
            return KubeReply.Status(KubeStatusException.MethodNotAllowed());
        }

        // /api/v1/namespaces/x names the namespace x, not a namespace to look in.
        var ns = resource.Namespaced ? info.Namespace : null;
        var query = request.Query;
        var dryRun = DryRun(query);
        var table = KubeTables.IsRequested(request.Headers.Accept.ToString());
        switch (info.Verb)
        {
            case "get":
                var found = store.Get(resource.Group, resource.Name, ns, info.Name!) ?? throw KubeStatusException.NotFound(resource, info.Name!);
                return table ? KubeReply.Table(KubeTables.Build(resource, [found], store.ResourceVersion, query["includeObject"], host.Clock.Now)) : KubeReply.Json(200, found);

            case "list":
                var items = Select(store, resource, ns, query);
                var (page, next, remaining) = Paginate(items, query, store.ResourceVersion);
                if (table)
                {
                    var built = KubeTables.Build(resource, page, store.ResourceVersion, query["includeObject"], host.Clock.Now);
                    AddContinue((JsonObject)built["metadata"]!, next, remaining);
                    return KubeReply.Table(built);
                }

                var metadata = new JsonObject { ["resourceVersion"] = store.ResourceVersion };
                AddContinue(metadata, next, remaining);
                return KubeReply.Json(200, new JsonObject
                {
                    ["kind"] = resource.ListKind,
                    ["apiVersion"] = resource.ApiVersion,
                    ["metadata"] = metadata,
                    ["items"] = new JsonArray([.. page]),
                });

            case "watch":
                return Watch(resource, ns, store, query, table);

            case "create" when resource.IsReview:
                var review = BodyObject(body, request.ContentType);
                ValidateFields(resource, review, query);
                return Review(resource, review, cluster, store, user);

            case "create":
                if (info.Name is not null)
                {
                    return KubeReply.Status(KubeStatusException.MethodNotAllowed());
                }

                if (resource.Namespaced && ns is null)
                {
                    return KubeReply.Status(KubeStatusException.MethodNotAllowed());
                }

                var toCreate = BodyObject(body, request.ContentType);
                var createWarnings = ValidateFields(resource, toCreate, query);
                RbacEscalationCheck.Confirm(api.Authorizer, cluster, store, user, resource, ns, toCreate);
                return KubeReply.Json(201, store.Create(resource, ns, toCreate, dryRun)) with { Warnings = createWarnings };

            case "update":
                var replacement = BodyObject(body, request.ContentType);
                var updateWarnings = ValidateFields(resource, replacement, query);
                RbacEscalationCheck.Confirm(api.Authorizer, cluster, store, user, resource, ns, replacement);
                return KubeReply.Json(200, store.Update(resource, ns, info.Name!, replacement, dryRun)) with { Warnings = updateWarnings };

            case "patch":
                var contentType = request.ContentType;
                if (contentType is not null && contentType.StartsWith(KubePatch.ApplyPatch, StringComparison.OrdinalIgnoreCase))
                {
                    throw KubeStatusException.UnsupportedMediaType(KubePatch.Supported);
                }

                var current = store.Get(resource.Group, resource.Name, ns, info.Name!) ?? throw KubeStatusException.NotFound(resource, info.Name!);
                var patched = KubePatch.Apply(contentType, current, Body(body, contentType));
                var patchWarnings = ValidateFields(resource, patched, query);
                RbacEscalationCheck.Confirm(api.Authorizer, cluster, store, user, resource, ns, patched);
                return KubeReply.Json(200, store.Update(resource, ns, info.Name!, patched, dryRun)) with { Warnings = patchWarnings };

            case "delete":
                var options = body.Length > 0 ? Body(body, request.ContentType) as JsonObject : null;
                var deleted = store.Delete(
                    resource,
                    ns,
                    info.Name!,
                    options?["preconditions"]?["uid"]?.GetValue<string>(),
                    options?["preconditions"]?["resourceVersion"]?.GetValue<string>(),
                    dryRun || options?["dryRun"] is JsonArray { Count: > 0 });
                if (resource == KubeResources.Namespaces)
                {
                    return KubeReply.Json(200, deleted);
                }

                var details = KubeStatusException.DetailsFor(resource, info.Name);
                details["uid"] = deleted["metadata"]!["uid"]!.DeepClone();
                return KubeReply.Json(200, new JsonObject
                {
                    ["kind"] = "Status",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject(),
                    ["status"] = "Success",
                    ["details"] = details,
                });

            case "deletecollection":
                var removed = new JsonArray();
                foreach (var obj in Select(store, resource, ns, query))
                {
                    removed.Add(store.Delete(resource, KubeObjectStore.Namespace(obj) is { Length: > 0 } objectNamespace ? objectNamespace : null, KubeObjectStore.Name(obj), dryRun: dryRun));
                }

                return KubeReply.Json(200, new JsonObject
                {
                    ["kind"] = resource.ListKind,
                    ["apiVersion"] = resource.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = store.ResourceVersion },
                    ["items"] = removed,
                });

            default:
                return KubeReply.Status(KubeStatusException.MethodNotAllowed());
        }
    }

    private static List<JsonObject> Select(KubeObjectStore store, KubeResource resource, string? ns, IQueryCollection query)
    {
        var labels = KubeSelectors.ParseLabelSelector(query["labelSelector"]);
        var fields = KubeSelectors.ParseFieldSelector(query["fieldSelector"]);
        return [.. store.List(resource.Group, resource.Name, ns).Where(o => labels(o) && fields(o))];
    }

    /// <summary>limit/continue paging; the continue token is the offset (lists are sorted, so it stays meaningful).</summary>
    private static (List<JsonObject> Page, string? Continue, int Remaining) Paginate(List<JsonObject> items, IQueryCollection query, string resourceVersion)
    {
        var offset = 0;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
                offset = int.Parse(decoded[^1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
            {
                throw KubeStatusException.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
        }

        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var page = items.Skip(offset).Take(limit).ToList();
        var end = offset + page.Count;
        return end < items.Count
            ? (page, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}:{end}")), items.Count - end)
            : (page, null, 0);
    }

    private static void AddContinue(JsonObject metadata, string? next, int remaining)
    {
        if (next is not null)
        {
            metadata["continue"] = next;
            metadata["remainingItemCount"] = remaining;
        }
    }

    /// <summary>
    /// Drops fields the kind does not have, as decoding into the API types does, and applies fieldValidation:
    /// Strict refuses them (400), Warn (the default) answers with Warning headers, Ignore says nothing.
    /// </summary>
    private static IReadOnlyList<string> ValidateFields(KubeResource resource, JsonObject obj, IQueryCollection query)
    {
        var mode = query["fieldValidation"].ToString() is { Length: > 0 } given ? given : "Warn";
        if (mode is not ("Strict" or "Warn" or "Ignore"))
        {
            throw KubeStatusException.BadRequest($"fieldValidation invalid value: {mode}. Valid values: Ignore, Warn, Strict");
        }

        List<string> unknown;
        try
        {
            unknown = KubeOpenApi.Prune(resource, obj);
        }
        catch (KubeOpenApi.TypeMismatchException e)
        {
            throw KubeStatusException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {e.Message}");
        }

        if (unknown.Count == 0 || mode == "Ignore")
        {
            return [];
        }

        if (mode == "Strict")
        {
            throw KubeStatusException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: strict decoding error: {string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""))}");
        }

        return [.. unknown.Select(u => $"unknown field \"{u}\"")];
    }

    private static bool DryRun(IQueryCollection query)
    {
        var values = query["dryRun"];
        if (values.Count == 0)
        {
            return false;
        }

        return values.All(v => v == "All") ? true : throw KubeStatusException.BadRequest($"Invalid dryRun value: {values}. Valid values: All");
    }

    private static JsonNode? Body(byte[] body, string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == KubeProtobuf.ContentType)
        {
            return KubeProtobuf.Decode(body);
        }

        if (mediaType is not null && !mediaType.EndsWith("json", StringComparison.Ordinal) && mediaType != "*/*")
        {
            throw KubeStatusException.UnsupportedMediaType(["application/json", KubeProtobuf.ContentType, .. KubePatch.Supported]);
        }

        if (body.Length == 0)
        {
            throw KubeStatusException.BadRequest("the body of the request was empty");
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw KubeStatusException.BadRequest($"error decoding request body: {e.Message}");
        }
    }

    private static JsonObject BodyObject(byte[] body, string? contentType) =>
        Body(body, contentType) as JsonObject ?? throw KubeStatusException.BadRequest("the body of the request must be a JSON object");

    // ---- Watch ----

    private KubeReply Watch(KubeResource resource, string? ns, KubeObjectStore store, IQueryCollection query, bool table)
    {
        var labels = KubeSelectors.ParseLabelSelector(query["labelSelector"]);
        var fields = KubeSelectors.ParseFieldSelector(query["fieldSelector"]);
        var current = store.List(resource.Group, resource.Name, ns).Where(o => labels(o) && fields(o)).ToList();

        // Without a resourceVersion (or with 0) a watch starts with the current objects; with one, with what changed since.
        var since = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;
        var initial = current
            .Where(o => since == 0 || (long.TryParse(o["metadata"]?["resourceVersion"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var v) && v > since))
            .Select(o => new JsonObject { ["type"] = since == 0 ? "ADDED" : "MODIFIED", ["object"] = o })
            .ToList();
        var watcher = hub.Subscribe(resource, ns, o => labels(o) && fields(o));
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        return new KubeReply(200, JsonContentType, [], watcher, initial, timeout, table ? resource : null);
    }

    private async Task StreamAsync(HttpContext http, KubeReply reply)
    {
        var watcher = reply.Watcher!;
        try
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = JsonContentType;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            cancel.CancelAfter(reply.WatchTimeout);
            await http.Response.StartAsync(cancel.Token).ConfigureAwait(false);

            // Headers go out now, not with the first event: a client waits for them before it goes on.
            await http.Response.Body.FlushAsync(cancel.Token).ConfigureAwait(false);
            foreach (var e in reply.InitialEvents)
            {
                await WriteEventAsync(http, e, reply.TableOf, cancel.Token).ConfigureAwait(false);
            }

            await foreach (var e in watcher.Events.Reader.ReadAllAsync(cancel.Token).ConfigureAwait(false))
            {
                await WriteEventAsync(http, e, reply.TableOf, cancel.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the watch timed out: the stream just ends, as kube-apiserver's does.
        }
        finally
        {
            hub.Unsubscribe(watcher);
        }
    }

    private async Task WriteEventAsync(HttpContext http, JsonObject e, KubeResource? tableOf, CancellationToken cancellationToken)
    {
        if (tableOf is not null && e["object"] is JsonObject obj)
        {
            e = new JsonObject { ["type"] = e["type"]!.DeepClone(), ["object"] = KubeTables.Build(tableOf, [obj], obj["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "", null, host.Clock.Now) };
        }

        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(e.ToJsonString(s_json) + "\n"), cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---- Reviews ----

    private KubeReply Review(KubeResource resource, JsonNode? body, EksClusterView cluster, KubeObjectStore store, KubeUser user)
    {
        var review = body as JsonObject ?? throw KubeStatusException.BadRequest("the body of the request must be a JSON object");
        var spec = review["spec"] as JsonObject ?? [];
        var result = new JsonObject
        {
            ["kind"] = resource.Kind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        };

        if (resource == KubeResources.SelfSubjectReviews)
        {
            var userInfo = new JsonObject { ["username"] = user.Name };
            if (user.Uid is { Length: > 0 })
            {
                userInfo["uid"] = user.Uid;
            }

            userInfo["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]);
            if (user.Extra.Count > 0)
            {
                userInfo["extra"] = new JsonObject(user.Extra.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)JsonValue.Create(v))]))));
            }

            result["status"] = new JsonObject { ["userInfo"] = userInfo };
            return KubeReply.Json(201, result);
        }

        result["spec"] = spec.DeepClone();
        if (resource == KubeResources.SelfSubjectAccessReviews)
        {
            KubeRequestAttributes attributes;
            if (spec["resourceAttributes"] is JsonObject ra && spec["nonResourceAttributes"] is null)
            {
                attributes = new KubeRequestAttributes(
                    ra["verb"]?.GetValue<string>() ?? "",
                    ra["group"]?.GetValue<string>() ?? "",
                    ra["resource"]?.GetValue<string>() ?? "",
                    NullIfEmpty(ra["subresource"]?.GetValue<string>()),
                    NullIfEmpty(ra["namespace"]?.GetValue<string>()),
                    NullIfEmpty(ra["name"]?.GetValue<string>()),
                    true,
                    "");
            }
            else if (spec["nonResourceAttributes"] is JsonObject nra && spec["resourceAttributes"] is null)
            {
                attributes = new KubeRequestAttributes(nra["verb"]?.GetValue<string>() ?? "", "", "", null, null, null, false, nra["path"]?.GetValue<string>() ?? "");
            }
            else
            {
                throw new KubeStatusException(422, "Invalid", $"SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
            }

            var decision = api.Authorizer.Authorize(cluster, store, user, attributes);
            var status = new JsonObject { ["allowed"] = decision.Allowed };
            if (decision.Reason.Length > 0)
            {
                status["reason"] = decision.Reason;
            }

            result["status"] = status;
            return KubeReply.Json(201, result);
        }

        // SelfSubjectRulesReview.
        var rules = api.Authorizer.RulesFor(cluster, store, user, NullIfEmpty(spec["namespace"]?.GetValue<string>()));
        JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        result["status"] = new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. rules.Where(r => r.Resources.Count > 0).Select(r =>
            {
                var rule = new JsonObject { ["verbs"] = Strings(r.Verbs), ["apiGroups"] = Strings(r.ApiGroups), ["resources"] = Strings(r.Resources) };
                if (r.ResourceNames.Count > 0)
                {
                    rule["resourceNames"] = Strings(r.ResourceNames);
                }

                return (JsonNode)rule;
            })]),
            ["nonResourceRules"] = new JsonArray([.. rules.Where(r => r.NonResourceUrls.Count > 0).Select(r =>
                (JsonNode)new JsonObject { ["verbs"] = Strings(r.Verbs), ["nonResourceURLs"] = Strings(r.NonResourceUrls) })]),
            ["incomplete"] = false,
        };
        return KubeReply.Json(201, result);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // ---- Errors ----

    /// <summary>kube-apiserver's words: <c>configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "default"</c>.</summary>
    internal static string ForbiddenMessage(KubeUser user, KubeRequestAttributes request)
    {
        if (!request.IsResourceRequest)
        {
            return $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        }

        var resource = request.Subresource is { Length: > 0 } sub ? $"{request.Resource}/{sub}" : request.Resource;
        var scope = request.Namespace is { Length: > 0 } ns ? $"in the namespace \"{ns}\"" : "at the cluster scope";
        var why = $"User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" {scope}";
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        return request.Name is { Length: > 0 } name ? $"{qualified} \"{name}\" is forbidden: {why}" : $"{qualified} is forbidden: {why}";
    }

    private static KubeReply Forbidden(KubeUser user, KubeRequestAttributes request)
    {
        var details = new JsonObject();
        if (request.IsResourceRequest)
        {
            if (request.Name is { Length: > 0 })
            {
                details["name"] = request.Name;
            }

            if (request.ApiGroup.Length > 0)
            {
                details["group"] = request.ApiGroup;
            }

            details["kind"] = request.Resource;
        }

        return KubeReply.Json(403, KubeStatusException.Status(403, "Forbidden", ForbiddenMessage(user, request), details));
    }

    /// <summary>What to answer: a JSON document, plain text, or a watch stream.</summary>
    private sealed record KubeReply(int StatusCode, string ContentType, byte[] Body, KubeWatcher? Watcher = null, IReadOnlyList<JsonObject>? WatchEvents = null, TimeSpan WatchTimeout = default, KubeResource? TableOf = null)
    {
        public IReadOnlyList<string> Warnings { get; init; } = [];

        public IReadOnlyList<JsonObject> InitialEvents => WatchEvents ?? [];

        public static KubeReply Json(int status, JsonNode document) => new(status, JsonContentType, Encoding.UTF8.GetBytes(document.ToJsonString(s_json)));

        public static KubeReply Table(JsonObject table) => new(200, "application/json;as=Table;v=v1;g=meta.k8s.io", Encoding.UTF8.GetBytes(table.ToJsonString(s_json)));

        public static KubeReply Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

        public static KubeReply Status(KubeStatusException e) => Json(e.Code, e.ToStatus());
    }
}
