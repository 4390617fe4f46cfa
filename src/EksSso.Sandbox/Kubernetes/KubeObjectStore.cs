using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EksSso.Sandbox.Services.Eks;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// One cluster's Kubernetes objects: namespaces, configmaps and RBAC objects stored in the sandbox state (so they
/// survive a restart), nodes computed from the cluster's managed nodegroups. Every write takes the next
/// resourceVersion of the cluster (a counter, as etcd's revision is) and checks the caller's resourceVersion first,
/// so of two updates made from the same version exactly one succeeds. Callers hold <see cref="Hosting.SandboxHost.Gate"/>.
/// Reads hand out copies.
/// </summary>
public sealed partial class KubeObjectStore
{
    private const string ObjectsKey = "objects";
    private const string NodesKey = "nodes";
    private const string ResourceVersionKey = "resourceVersion";

    private readonly JsonObject _bag;
    private readonly EksClusterView? _cluster;
    private readonly IReadOnlyDictionary<string, string> _capacityTypes;
    private readonly DateTimeOffset _now;

    internal KubeObjectStore(JsonObject bag, EksClusterView? cluster, DateTimeOffset now, IReadOnlyDictionary<string, string>? capacityTypes = null)
    {
        _bag = bag;
        _cluster = cluster;
        _now = now;
        _capacityTypes = capacityTypes ?? new Dictionary<string, string>();
    }

    /// <summary>The cluster's part of the sandbox state this store reads and writes (objects, CA, port, controller marks).</summary>
    internal JsonObject Bag => _bag;

    /// <summary>The cluster's current resourceVersion (what a list reports).</summary>
    public string ResourceVersion => Counter.ToString(CultureInfo.InvariantCulture);

    /// <summary>True once anything was written through this instance: the caller saves the state.</summary>
    public bool Changed { get; private set; }

    /// <summary>What a write changed, for watchers: (ADDED|MODIFIED|DELETED, resource, object).</summary>
    internal List<(string Type, KubeResource Resource, JsonObject Object)> Events { get; } = [];

    private long Counter
    {
        get => _bag[ResourceVersionKey]?.GetValue<long>() ?? 0;
        set => _bag[ResourceVersionKey] = value;
    }

    // ---- Read API (also for authentication and authorisation) ----

    /// <summary>
    /// Every object of a resource ("" for the core group; plural resource name) in <paramref name="ns"/>, or in all
    /// namespaces (and for cluster-scoped resources) when <paramref name="ns"/> is null; sorted by namespace and name.
    /// </summary>
    public IReadOnlyList<JsonObject> List(string apiGroup, string resource, string? ns)
    {
        var info = KubeResources.Find(apiGroup, resource);
        if (info is null || info.IsReview)
        {
            return [];
        }

        if (info == KubeResources.Nodes)
        {
            return ns is null ? Nodes() : [];
        }

        return [.. Bucket(info)
            .Select(p => (JsonObject)p.Value!)
            .Where(o => ns is null || !info.Namespaced || Namespace(o) == ns)
            .OrderBy(Namespace, StringComparer.Ordinal)
            .ThenBy(Name, StringComparer.Ordinal)
            .Select(o => (JsonObject)o.DeepClone())];
    }

    /// <summary>One object, or null (e.g. <c>Get("", "configmaps", "kube-system", "aws-auth")</c>).</summary>
    public JsonObject? Get(string apiGroup, string resource, string? ns, string name)
    {
        var info = KubeResources.Find(apiGroup, resource);
        if (info is null || info.IsReview)
        {
            return null;
        }

        if (info == KubeResources.Nodes)
        {
            return Nodes().FirstOrDefault(n => Name(n) == name);
        }

        return Bucket(info)[Key(info, ns, name)] is JsonObject stored ? (JsonObject)stored.DeepClone() : null;
    }

    // ---- Writes ----

    /// <summary>Stores a new object; 409 AlreadyExists when the name is taken. Returns the stored object.</summary>
    public JsonObject Create(KubeResource resource, string? ns, JsonObject input, bool dryRun = false)
    {
        RequireStored(resource);
        var obj = (JsonObject)input.DeepClone();
        CheckKind(resource, obj);
        var metadata = Metadata(obj);
        ns = ScopeNamespace(resource, ns, metadata);
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            var prefix = metadata["generateName"]?.GetValue<string>();
            if (string.IsNullOrEmpty(prefix))
            {
                throw KubeStatusException.Invalid(resource, "", "metadata.name", "Required value: name or generateName is required");
            }

            do
            {
                name = prefix + Hosting.SandboxHost.RandomAlphanumeric(5, "bcdfghjklmnpqrstvwxz2456789");
            }
            while (Bucket(resource).ContainsKey(Key(resource, ns, name)));
        }

        if (metadata["resourceVersion"] is not null)
        {
            throw KubeStatusException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        ValidateName(resource, name);
        if (resource.Namespaced && !Bucket(KubeResources.Namespaces).ContainsKey(ns!))
        {
            throw KubeStatusException.NotFound(KubeResources.Namespaces, ns!);
        }

        if (Bucket(resource).ContainsKey(Key(resource, ns, name)))
        {
            throw KubeStatusException.AlreadyExists(resource, name);
        }

        metadata["name"] = name;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(_now);
        Validate(resource, name, obj, null);
        var stored = Normalize(resource, ns, obj);
        if (dryRun)
        {
            stored["metadata"]!["resourceVersion"] = ResourceVersion;
            return stored;
        }

        Write(resource, ns, name, stored, "ADDED");
        AfterWrite(resource, name, created: true);
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>
    /// Replaces an object (PUT). A resourceVersion in <paramref name="input"/> is a precondition: stale → 409 Conflict.
    /// Without one the update is unconditional. An update that changes nothing keeps the resourceVersion.
    /// </summary>
    public JsonObject Update(KubeResource resource, string? ns, string name, JsonObject input, bool dryRun = false)
    {
        RequireStored(resource);
        var obj = (JsonObject)input.DeepClone();
        CheckKind(resource, obj);
        var metadata = Metadata(obj);
        ns = ScopeNamespace(resource, ns, metadata);
        var bodyName = metadata["name"]?.GetValue<string>();
        if (bodyName is null or "")
        {
            metadata["name"] = bodyName = name;
        }

        if (bodyName != name)
        {
            throw KubeStatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var existing = Bucket(resource)[Key(resource, ns, name)] as JsonObject ?? throw KubeStatusException.NotFound(resource, name);
        var existingMetadata = (JsonObject)existing["metadata"]!;
        if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 } precondition
            && precondition != existingMetadata["resourceVersion"]!.GetValue<string>())
        {
            throw KubeStatusException.Modified(resource, name);
        }

        if (metadata["uid"]?.GetValue<string>() is { Length: > 0 } uid && uid != existingMetadata["uid"]!.GetValue<string>())
        {
            throw KubeStatusException.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existingMetadata["uid"]}");
        }

        metadata["uid"] = existingMetadata["uid"]!.DeepClone();
        metadata["creationTimestamp"] = existingMetadata["creationTimestamp"]!.DeepClone();
        metadata["resourceVersion"] = existingMetadata["resourceVersion"]!.DeepClone();
        Validate(resource, name, obj, existing);
        var stored = Normalize(resource, ns, obj);
        if (JsonNode.DeepEquals(stored, existing))
        {
            return (JsonObject)existing.DeepClone();
        }

        if (dryRun)
        {
            return stored;
        }

        Write(resource, ns, name, stored, "MODIFIED");
        AfterWrite(resource, name, created: false);
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>Deletes an object, checking the optional uid and resourceVersion preconditions; returns what was deleted.</summary>
    public JsonObject Delete(KubeResource resource, string? ns, string name, string? uidPrecondition = null, string? resourceVersionPrecondition = null, bool dryRun = false)
    {
        RequireStored(resource);
        ns = resource.Namespaced ? ns : null;
        var existing = Bucket(resource)[Key(resource, ns, name)] as JsonObject ?? throw KubeStatusException.NotFound(resource, name);
        var metadata = (JsonObject)existing["metadata"]!;
        if (uidPrecondition is { Length: > 0 } && uidPrecondition != metadata["uid"]!.GetValue<string>())
        {
            throw KubeStatusException.Conflict(resource, name, $"Precondition failed: UID in precondition: {uidPrecondition}, UID in object meta: {metadata["uid"]}");
        }

        if (resourceVersionPrecondition is { Length: > 0 } && resourceVersionPrecondition != metadata["resourceVersion"]!.GetValue<string>())
        {
            throw KubeStatusException.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {resourceVersionPrecondition}, ResourceVersion in object meta: {metadata["resourceVersion"]}");
        }

        if (resource == KubeResources.Namespaces && name is "default" or "kube-system" or "kube-public")
        {
            throw new KubeStatusException(403, "Forbidden", $"namespaces \"{name}\" is forbidden: this namespace may not be deleted", KubeStatusException.DetailsFor(resource, name));
        }

        var deleted = (JsonObject)existing.DeepClone();
        if (dryRun)
        {
            return deleted;
        }

        if (resource == KubeResources.Namespaces)
        {
            // The namespace controller empties a terminating namespace; here it happens at once.
            foreach (var contained in KubeResources.All.Where(r => r.Namespaced && r.IsStored))
            {
                foreach (var obj in List(contained.Group, contained.Name, name))
                {
                    Remove(contained, name, Name(obj));
                }
            }

            deleted["metadata"]!["deletionTimestamp"] = Timestamp(_now);
            deleted["status"] = new JsonObject { ["phase"] = "Terminating" };
        }

        Remove(resource, ns, name);
        if (resource == KubeResources.ClusterRoles)
        {
            Aggregate();
        }

        return deleted;
    }

    // ---- Used by the API and the cluster's own controllers ----

    /// <summary>Seeds what a new cluster has: the four namespaces and the bootstrap RBAC policy.</summary>
    internal void Bootstrap()
    {
        foreach (var ns in new[] { "default", "kube-node-lease", "kube-public", "kube-system" })
        {
            if (Get("", "namespaces", null, ns) is null)
            {
                Create(KubeResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            }
        }

        foreach (var (resource, obj) in KubeBootstrapPolicy.Objects())
        {
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            if (Get(resource.Group, resource.Name, null, name) is null)
            {
                Create(resource, null, obj);
            }
        }
    }

    private void Write(KubeResource resource, string? ns, string name, JsonObject obj, string eventType)
    {
        Counter++;
        obj["metadata"]!["resourceVersion"] = ResourceVersion;
        Bucket(resource)[Key(resource, ns, name)] = obj;
        Changed = true;
        Events.Add((eventType, resource, (JsonObject)obj.DeepClone()));
    }

    private void Remove(KubeResource resource, string? ns, string name)
    {
        var bucket = Bucket(resource);
        var key = Key(resource, ns, name);
        if (bucket[key] is JsonObject obj)
        {
            bucket.Remove(key);
            Counter++;
            Changed = true;
            var gone = (JsonObject)obj.DeepClone();
            gone["metadata"]!["resourceVersion"] = ResourceVersion;
            Events.Add(("DELETED", resource, gone));
        }
    }

    private void AfterWrite(KubeResource resource, string name, bool created)
    {
        if (resource == KubeResources.Namespaces && created && _bag["certificateAuthority"]?["certificate"]?.GetValue<string>() is { } caPem)
        {
            // The root CA publisher puts the cluster CA in every namespace.
            Create(KubeResources.ConfigMaps, name, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "kube-root-ca.crt" },
                ["data"] = new JsonObject { ["ca.crt"] = caPem },
            });
        }

        if (resource == KubeResources.ClusterRoles)
        {
            Aggregate();
        }
    }

    private JsonObject Bucket(KubeResource resource)
    {
        if (_bag[ObjectsKey] is not JsonObject objects)
        {
            _bag[ObjectsKey] = objects = [];
        }

        if (objects[resource.QualifiedName] is not JsonObject bucket)
        {
            objects[resource.QualifiedName] = bucket = [];
        }

        return bucket;
    }

    private static string Key(KubeResource resource, string? ns, string name) => resource.Namespaced ? $"{ns}/{name}" : name;

    internal static string Name(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";

    internal static string Namespace(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void RequireStored(KubeResource resource)
    {
        if (!resource.IsStored)
        {
            throw KubeStatusException.MethodNotAllowed();
        }
    }

    private static void CheckKind(KubeResource resource, JsonObject obj)
    {
        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        if ((kind is not null && kind != resource.Kind) || (apiVersion is not null && apiVersion != resource.ApiVersion))
        {
            throw KubeStatusException.BadRequest($"{kind ?? "(no kind)"} in version \"{apiVersion ?? ""}\" cannot be handled as a {resource.Kind}: the body must be a {resource.Kind} of {resource.ApiVersion}");
        }
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is null)
        {
            obj["metadata"] = new JsonObject();
        }

        return obj["metadata"] as JsonObject ?? throw KubeStatusException.BadRequest("metadata must be an object");
    }

    private static string? ScopeNamespace(KubeResource resource, string? ns, JsonObject metadata)
    {
        if (!resource.Namespaced)
        {
            return null;
        }

        var bodyNamespace = metadata["namespace"]?.GetValue<string>();
        if (bodyNamespace is { Length: > 0 } && ns is not null && bodyNamespace != ns)
        {
            throw KubeStatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        return ns ?? (bodyNamespace is { Length: > 0 } ? bodyNamespace : throw KubeStatusException.BadRequest("the namespace of the object is required"));
    }

    /// <summary>
    /// Server-owned and volatile fields in kube-apiserver's order: kind, apiVersion, metadata (name, namespace, uid,
    /// resourceVersion, creationTimestamp, then the rest), then the body. managedFields are not kept.
    /// </summary>
    private static JsonObject Normalize(KubeResource resource, string? ns, JsonObject obj)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        var orderedMetadata = new JsonObject();
        foreach (var key in new[] { "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "labels", "annotations", "ownerReferences", "finalizers" })
        {
            if (key == "namespace")
            {
                if (ns is not null)
                {
                    orderedMetadata["namespace"] = ns;
                }

                continue;
            }

            if (metadata[key] is { } value && key is not "deletionTimestamp" and not "generation")
            {
                orderedMetadata[key] = value.DeepClone();
            }
        }

        var result = new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = orderedMetadata };
        foreach (var (key, value) in obj)
        {
            if (key is not "kind" and not "apiVersion" and not "metadata")
            {
                result[key] = value?.DeepClone();
            }
        }

        if (resource == KubeResources.Namespaces)
        {
            var labels = orderedMetadata["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = orderedMetadata["name"]!.DeepClone();
            orderedMetadata["labels"] = labels;
            result["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            result["status"] = new JsonObject { ["phase"] = "Active" };
        }

        if (resource == KubeResources.RoleBindings || resource == KubeResources.ClusterRoleBindings)
        {
            foreach (var subject in result["subjects"] as JsonArray ?? [])
            {
                if (subject is JsonObject s && s["apiGroup"] is null && s["kind"]?.GetValue<string>() is "User" or "Group")
                {
                    s["apiGroup"] = KubeResources.RbacGroup;
                }
            }
        }

        return result;
    }

    // ---- Validation ----

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigMapKey();

    private static void ValidateName(KubeResource resource, string name)
    {
        if (resource == KubeResources.Namespaces)
        {
            if (name.Length > 63 || !DnsLabel().IsMatch(name))
            {
                throw KubeStatusException.Invalid(resource, name, "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            }
        }
        else if (resource == KubeResources.ConfigMaps)
        {
            if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
            {
                throw KubeStatusException.Invalid(resource, name, "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
            }
        }
        else if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal))
        {
            throw KubeStatusException.Invalid(resource, name, "metadata.name", $"Invalid value: \"{name}\": may not be '.' or '..' and may not contain '/' or '%'");
        }
    }

    private static void Validate(KubeResource resource, string name, JsonObject obj, JsonObject? existing)
    {
        if (obj["metadata"]!["labels"] is { } labels && !IsStringMap(labels))
        {
            throw KubeStatusException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: metadata.labels must map strings to strings");
        }

        if (obj["metadata"]!["annotations"] is { } annotations && !IsStringMap(annotations))
        {
            throw KubeStatusException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: metadata.annotations must map strings to strings");
        }

        if (resource == KubeResources.ConfigMaps)
        {
            ValidateConfigMap(resource, name, obj, existing);
        }
        else if (resource == KubeResources.Roles || resource == KubeResources.ClusterRoles)
        {
            var rules = obj["rules"] as JsonArray ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is not JsonObject rule)
                {
                    throw KubeStatusException.BadRequest($"{resource.Kind}.rules[{i}] must be an object");
                }

                if (rule["verbs"] is not JsonArray { Count: > 0 })
                {
                    throw KubeStatusException.Invalid(resource, name, $"rules[{i}].verbs", "Required value: verbs must contain at least one value");
                }

                var nonResource = rule["nonResourceURLs"] is JsonArray { Count: > 0 };
                if (nonResource && resource == KubeResources.Roles)
                {
                    throw KubeStatusException.Invalid(resource, name, $"rules[{i}].nonResourceURLs", "Invalid value: namespaced rules cannot apply to non-resource URLs");
                }

                if (!nonResource && rule["resources"] is not JsonArray { Count: > 0 })
                {
                    throw KubeStatusException.Invalid(resource, name, $"rules[{i}].resources", "Required value: resource rules must supply at least one resource name");
                }

                if (!nonResource && rule["apiGroups"] is not JsonArray { Count: > 0 })
                {
                    throw KubeStatusException.Invalid(resource, name, $"rules[{i}].apiGroups", "Required value: resource rules must supply at least one api group");
                }
            }
        }
        else if (resource == KubeResources.RoleBindings || resource == KubeResources.ClusterRoleBindings)
        {
            ValidateBinding(resource, name, obj, existing);
        }
    }

    private static void ValidateConfigMap(KubeResource resource, string name, JsonObject obj, JsonObject? existing)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "data", "binaryData" })
        {
            if (obj[field] is null)
            {
                continue;
            }

            if (obj[field] is not JsonObject map || !IsStringMap(map))
            {
                throw KubeStatusException.BadRequest($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: {field} must map strings to strings");
            }

            foreach (var (key, value) in map)
            {
                if (key.Length > 253 || !ConfigMapKey().IsMatch(key))
                {
                    throw KubeStatusException.Invalid(resource, name, $"{field}[{key}]", $"Invalid value: \"{key}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
                }

                if (!keys.Add(key))
                {
                    throw KubeStatusException.Invalid(resource, name, $"{field}[{key}]", $"Invalid value: \"{key}\": duplicate of key present in data");
                }

                if (field == "binaryData")
                {
                    try
                    {
                        Convert.FromBase64String(value!.GetValue<string>());
                    }
                    catch (FormatException)
                    {
                        throw KubeStatusException.BadRequest($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: binaryData[{key}] is not base64");
                    }
                }
            }
        }

        if (existing?["immutable"]?.GetValue<bool>() == true)
        {
            if (!JsonNode.DeepEquals(obj["data"], existing["data"]) || !JsonNode.DeepEquals(obj["binaryData"], existing["binaryData"]))
            {
                throw KubeStatusException.Invalid(resource, name, "data", "Forbidden: field is immutable when `immutable` is set");
            }

            if (obj["immutable"]?.GetValue<bool>() != true)
            {
                throw KubeStatusException.Invalid(resource, name, "immutable", "Forbidden: field is immutable when `immutable` is set");
            }
        }
    }

    private static void ValidateBinding(KubeResource resource, string name, JsonObject obj, JsonObject? existing)
    {
        if (obj["roleRef"] is not JsonObject roleRef || roleRef["name"]?.GetValue<string>() is not { Length: > 0 })
        {
            throw KubeStatusException.Invalid(resource, name, "roleRef.name", "Required value");
        }

        var kind = roleRef["kind"]?.GetValue<string>();
        var allowedKinds = resource == KubeResources.RoleBindings ? new[] { "Role", "ClusterRole" } : ["ClusterRole"];
        if (kind is null || !allowedKinds.Contains(kind))
        {
            throw KubeStatusException.Invalid(resource, name, "roleRef.kind", $"Unsupported value: \"{kind}\": supported values: {string.Join(", ", allowedKinds.Select(k => $"\"{k}\""))}");
        }

        if (roleRef["apiGroup"]?.GetValue<string>() != KubeResources.RbacGroup)
        {
            throw KubeStatusException.Invalid(resource, name, "roleRef.apiGroup", $"Unsupported value: \"{roleRef["apiGroup"]}\": supported values: \"rbac.authorization.k8s.io\"");
        }

        if (existing is not null && !JsonNode.DeepEquals(existing["roleRef"], roleRef))
        {
            throw KubeStatusException.Invalid(resource, name, "roleRef", "Invalid value: cannot change roleRef");
        }

        var subjects = obj["subjects"] as JsonArray ?? [];
        for (var i = 0; i < subjects.Count; i++)
        {
            var subject = subjects[i] as JsonObject ?? throw KubeStatusException.BadRequest($"subjects[{i}] must be an object");
            var subjectKind = subject["kind"]?.GetValue<string>();
            if (subjectKind is not ("User" or "Group" or "ServiceAccount"))
            {
                throw KubeStatusException.Invalid(resource, name, $"subjects[{i}].kind", $"Unsupported value: \"{subjectKind}\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
            }

            if (subject["name"]?.GetValue<string>() is not { Length: > 0 })
            {
                throw KubeStatusException.Invalid(resource, name, $"subjects[{i}].name", "Required value");
            }

            if (subjectKind == "ServiceAccount" && resource == KubeResources.ClusterRoleBindings && subject["namespace"]?.GetValue<string>() is not { Length: > 0 })
            {
                throw KubeStatusException.Invalid(resource, name, $"subjects[{i}].namespace", "Required value");
            }
        }
    }

    private static bool IsStringMap(JsonNode node) =>
        node is JsonObject map && map.All(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String);
}
