using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// OpenAPI v3 for the served kinds (<c>/openapi/v3</c> and one document per group version), with the schemas of
/// k8s.io/api for the fields the sandbox keeps. kubectl reads it to see that the server validates fields itself
/// (<c>fieldValidation</c> on PATCH) and to compute apply's strategic merge patches; the same schemas prune unknown
/// fields from what is stored and drive <c>fieldValidation=Strict|Warn</c>.
/// </summary>
internal static class KubeOpenApi
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private const string Core = "io.k8s.api.core.v1.";
    private const string Rbac = "io.k8s.api.rbac.v1.";
    private const string Authorization = "io.k8s.api.authorization.v1.";
    private const string Authentication = "io.k8s.api.authentication.v1.";

    private static readonly Lazy<Dictionary<string, JsonObject>> s_schemas = new(BuildSchemas);

    /// <summary>The group versions with a document: "api/v1", "apis/rbac.authorization.k8s.io/v1"...</summary>
    public static IEnumerable<(string Path, string Group, string Version)> GroupVersions()
    {
        yield return ("api/v1", "", "v1");
        foreach (var group in KubeResources.Groups)
        {
            yield return ($"apis/{group}/v1", group, "v1");
        }
    }

    public static JsonObject Root(string clusterVersion)
    {
        var paths = new JsonObject();
        foreach (var (path, group, version) in GroupVersions())
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(Document(group, version, clusterVersion))}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(string path, string clusterVersion)
    {
        foreach (var (gvPath, group, version) in GroupVersions())
        {
            if (gvPath == path)
            {
                return Document(group, version, clusterVersion);
            }
        }

        return null;
    }

    /// <summary>
    /// Removes the fields the kind's schema does not know (as decoding into k8s.io/api's structs does) and returns
    /// their paths in kube-apiserver's notation (<c>data2</c>, <c>rules[0].verb</c>).
    /// </summary>
    public static List<string> Prune(KubeResource resource, JsonObject obj)
    {
        var unknown = new List<string>();
        if (SchemaName(resource) is { } name)
        {
            Prune(s_schemas.Value[name], obj, "", unknown);
        }

        return unknown;
    }

    private static JsonObject Document(string group, string version, string clusterVersion)
    {
        var paths = new JsonObject();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in KubeResources.InGroupVersion(group, version).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var kind = SchemaName(resource)!;
            Collect(kind, used);
            var prefix = group.Length == 0 ? "/api/v1" : $"/apis/{group}/{version}";
            if (resource.IsReview)
            {
                paths[$"{prefix}/{resource.Name}"] = new JsonObject { ["post"] = Operation(resource, "post", kind) };
                continue;
            }

            Collect(kind + "List", used);
            var scoped = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Name}" : $"{prefix}/{resource.Name}";
            var collection = new JsonObject { ["get"] = Operation(resource, "list", kind + "List") };
            var item = new JsonObject { ["get"] = Operation(resource, "get", kind) };
            if (resource.IsStored)
            {
                collection["post"] = Operation(resource, "post", kind);
                item["put"] = Operation(resource, "put", kind);
                item["patch"] = Operation(resource, "patch", kind);
                item["delete"] = Operation(resource, "delete", Meta + "Status");
                Collect(Meta + "Status", used);
                Collect(Meta + "Patch", used);
            }

            collection["parameters"] = Parameters(resource.Namespaced ? ["namespace"] : []);
            item["parameters"] = Parameters(resource.Namespaced ? ["name", "namespace"] : ["name"]);
            paths[scoped] = collection;
            paths[$"{scoped}/{{name}}"] = item;
            if (resource.Namespaced)
            {
                paths[$"{prefix}/{resource.Name}"] = new JsonObject { ["get"] = Operation(resource, "list", kind + "List") };
            }
        }

        var schemas = new JsonObject();
        foreach (var name in used.Order(StringComparer.Ordinal))
        {
            schemas[name] = s_schemas.Value[name].DeepClone();
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = KubeVersion.GitVersion(clusterVersion) },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject { ["BearerToken"] = new JsonObject { ["type"] = "apiKey", ["name"] = "authorization", ["in"] = "header" } },
            },
        };
    }

    private static JsonObject Operation(KubeResource resource, string verb, string schema)
    {
        var action = verb switch { "list" => "list", "get" => "get", "post" => "post", "put" => "put", "patch" => "patch", _ => "delete" };
        var operation = new JsonObject
        {
            ["operationId"] = $"{verb}{resource.Kind}",
            ["parameters"] = new JsonArray([.. QueryParameters(verb).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = p is "limit" or "timeoutSeconds" ? "integer" : p is "watch" or "force" ? "boolean" : "string", ["uniqueItems"] = true },
            })]),
            ["responses"] = new JsonObject
            {
                [verb == "post" ? "201" : "200"] = new JsonObject
                {
                    ["description"] = verb == "post" ? "Created" : "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(schema) } },
                },
                ["401"] = new JsonObject { ["description"] = "Unauthorized" },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version },
        };
        if (verb is "post" or "put")
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = Reference(SchemaName(resource)!) } },
                ["required"] = true,
            };
        }
        else if (verb == "patch")
        {
            var content = new JsonObject();
            foreach (var type in KubePatch.Supported)
            {
                content[type] = new JsonObject { ["schema"] = Reference(Meta + "Patch") };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return operation;
    }

    private static string[] QueryParameters(string verb) => verb switch
    {
        "list" => ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"],
        "post" or "put" => ["dryRun", "fieldManager", "fieldValidation"],
        "patch" => ["dryRun", "fieldManager", "fieldValidation", "force"],
        "delete" => ["dryRun", "gracePeriodSeconds", "propagationPolicy"],
        _ => [],
    };

    private static JsonArray Parameters(string[] pathParameters)
    {
        var parameters = new JsonArray();
        foreach (var name in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        parameters.Add(new JsonObject { ["name"] = "pretty", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
        return parameters;
    }

    private static string? SchemaName(KubeResource resource) => resource.Group switch
    {
        "" => Core + resource.Kind,
        KubeResources.RbacGroup => Rbac + resource.Kind,
        KubeResources.AuthorizationGroup => Authorization + resource.Kind,
        KubeResources.AuthenticationGroup => Authentication + resource.Kind,
        _ => null,
    };

    /// <summary>A schema and every schema it refers to.</summary>
    private static void Collect(string name, HashSet<string> used)
    {
        if (!used.Add(name))
        {
            return;
        }

        foreach (var reference in References(s_schemas.Value[name]))
        {
            Collect(reference, used);
        }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()["#/components/schemas/".Length..]] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    // ---- Pruning ----

    private static JsonObject Resolve(JsonObject schema)
    {
        while (true)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = s_schemas.Value[reference["#/components/schemas/".Length..]];
            }
            else if (schema["allOf"] is JsonArray { Count: 1 } allOf)
            {
                schema = (JsonObject)allOf[0]!;
            }
            else
            {
                return schema;
            }
        }
    }

    private static void Prune(JsonObject schema, JsonNode? value, string path, List<string> unknown)
    {
        schema = Resolve(schema);
        CheckType(schema, value, path);
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties[key] is JsonObject property)
                    {
                        Prune(property, child, childPath, unknown);
                    }
                    else
                    {
                        unknown.Add(childPath);
                        obj.Remove(key);
                    }
                }

                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject values:
                foreach (var (key, child) in map.ToList())
                {
                    Prune(values, child, $"{path}.{key}", unknown);
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(items, array[i], $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    /// <summary>A value of the wrong JSON type is a decoding error (400), as it is for kube-apiserver's JSON decoder.</summary>
    private static void CheckType(JsonObject schema, JsonNode? value, string path)
    {
        if (value is null || schema["type"]?.GetValue<string>() is not { } type)
        {
            return;
        }

        var kind = value.GetValueKind();
        var ok = type switch
        {
            "string" => kind == System.Text.Json.JsonValueKind.String,
            "integer" => kind == System.Text.Json.JsonValueKind.Number,
            "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "object" => kind == System.Text.Json.JsonValueKind.Object,
            "array" => kind == System.Text.Json.JsonValueKind.Array,
            _ => true,
        };
        if (!ok)
        {
            var found = kind switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => "number",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
                System.Text.Json.JsonValueKind.Array => "array",
                _ => "object",
            };
            throw new TypeMismatchException($"json: cannot unmarshal {found} into Go struct field {(path.Length == 0 ? "." : path)} of type {GoType(type)}");
        }
    }

    private static string GoType(string type) => type switch
    {
        "string" => "string",
        "integer" => "int64",
        "boolean" => "bool",
        "array" => "[]",
        _ => "struct",
    };

    /// <summary>Thrown by pruning; the caller words it for the kind.</summary>
    internal sealed class TypeMismatchException(string message) : Exception(message);

    // ---- Schemas ----

    private static Dictionary<string, JsonObject> BuildSchemas()
    {
        var s = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [Meta + "Time"] = new() { ["type"] = "string", ["format"] = "date-time", ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON." },
            [Meta + "Patch"] = new() { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." },
            [Meta + "ListMeta"] = ObjectSchema(new()
            {
                ["continue"] = StringSchema(),
                ["remainingItemCount"] = IntegerSchema(),
                ["resourceVersion"] = StringSchema(),
                ["selfLink"] = StringSchema(),
            }),
            [Meta + "Status"] = ObjectSchema(new()
            {
                ["apiVersion"] = StringSchema(),
                ["code"] = IntegerSchema(),
                ["details"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                ["kind"] = StringSchema(),
                ["message"] = StringSchema(),
                ["metadata"] = Ref(Meta + "ListMeta"),
                ["reason"] = StringSchema(),
                ["status"] = StringSchema(),
            }),
            [Meta + "OwnerReference"] = ObjectSchema(
                new()
                {
                    ["apiVersion"] = StringSchema(),
                    ["blockOwnerDeletion"] = BooleanSchema(),
                    ["controller"] = BooleanSchema(),
                    ["kind"] = StringSchema(),
                    ["name"] = StringSchema(),
                    ["uid"] = StringSchema(),
                },
                required: ["apiVersion", "kind", "name", "uid"],
                extra: new() { ["x-kubernetes-map-type"] = "atomic" }),
            [Meta + "ManagedFieldsEntry"] = ObjectSchema(new()
            {
                ["apiVersion"] = StringSchema(),
                ["fieldsType"] = StringSchema(),
                ["fieldsV1"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                ["manager"] = StringSchema(),
                ["operation"] = StringSchema(),
                ["subresource"] = StringSchema(),
                ["time"] = Ref(Meta + "Time"),
            }),
            [Meta + "ObjectMeta"] = ObjectSchema(new()
            {
                ["annotations"] = StringMap(),
                ["creationTimestamp"] = Ref(Meta + "Time"),
                ["deletionGracePeriodSeconds"] = IntegerSchema(),
                ["deletionTimestamp"] = Ref(Meta + "Time"),
                ["finalizers"] = ArraySchema(StringSchema(), listType: "set", patchStrategy: "merge"),
                ["generateName"] = StringSchema(),
                ["generation"] = IntegerSchema(),
                ["labels"] = StringMap(),
                ["managedFields"] = ArraySchema(Ref(Meta + "ManagedFieldsEntry")),
                ["name"] = StringSchema(),
                ["namespace"] = StringSchema(),
                ["ownerReferences"] = ArraySchema(Ref(Meta + "OwnerReference"), listType: "map", patchStrategy: "merge", mergeKey: "uid"),
                ["resourceVersion"] = StringSchema(),
                ["selfLink"] = StringSchema(),
                ["uid"] = StringSchema(),
            }),
            [Meta + "LabelSelectorRequirement"] = ObjectSchema(
                new() { ["key"] = StringSchema(), ["operator"] = StringSchema(), ["values"] = ArraySchema(StringSchema()) },
                required: ["key", "operator"]),
            [Meta + "LabelSelector"] = ObjectSchema(
                new() { ["matchExpressions"] = ArraySchema(Ref(Meta + "LabelSelectorRequirement")), ["matchLabels"] = StringMap() },
                extra: new() { ["x-kubernetes-map-type"] = "atomic" }),

            [Core + "ConfigMap"] = Kind("", "ConfigMap", new()
            {
                ["binaryData"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["format"] = "byte" } },
                ["data"] = StringMap(),
                ["immutable"] = BooleanSchema(),
            }),
            [Core + "NamespaceSpec"] = ObjectSchema(new() { ["finalizers"] = ArraySchema(StringSchema()) }),
            [Core + "NamespaceCondition"] = ObjectSchema(
                new() { ["lastTransitionTime"] = Ref(Meta + "Time"), ["message"] = StringSchema(), ["reason"] = StringSchema(), ["status"] = StringSchema(), ["type"] = StringSchema() },
                required: ["type", "status"]),
            [Core + "NamespaceStatus"] = ObjectSchema(new()
            {
                ["conditions"] = ArraySchema(Ref(Core + "NamespaceCondition"), listType: "map", patchStrategy: "merge", mergeKey: "type"),
                ["phase"] = StringSchema(),
            }),
            [Core + "Namespace"] = Kind("", "Namespace", new() { ["spec"] = Ref(Core + "NamespaceSpec"), ["status"] = Ref(Core + "NamespaceStatus") }),
            [Core + "Node"] = Kind("", "Node", new()
            {
                ["spec"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            }),

            [Rbac + "PolicyRule"] = ObjectSchema(
                new()
                {
                    ["apiGroups"] = ArraySchema(StringSchema()),
                    ["nonResourceURLs"] = ArraySchema(StringSchema()),
                    ["resourceNames"] = ArraySchema(StringSchema()),
                    ["resources"] = ArraySchema(StringSchema()),
                    ["verbs"] = ArraySchema(StringSchema()),
                },
                required: ["verbs"]),
            [Rbac + "AggregationRule"] = ObjectSchema(new() { ["clusterRoleSelectors"] = ArraySchema(Ref(Meta + "LabelSelector")) }),
            [Rbac + "Subject"] = ObjectSchema(
                new() { ["apiGroup"] = StringSchema(), ["kind"] = StringSchema(), ["name"] = StringSchema(), ["namespace"] = StringSchema() },
                required: ["kind", "name"],
                extra: new() { ["x-kubernetes-map-type"] = "atomic" }),
            [Rbac + "RoleRef"] = ObjectSchema(
                new() { ["apiGroup"] = StringSchema(), ["kind"] = StringSchema(), ["name"] = StringSchema() },
                required: ["apiGroup", "kind", "name"],
                extra: new() { ["x-kubernetes-map-type"] = "atomic" }),
            [Rbac + "Role"] = Kind(KubeResources.RbacGroup, "Role", new() { ["rules"] = ArraySchema(Ref(Rbac + "PolicyRule")) }),
            [Rbac + "ClusterRole"] = Kind(KubeResources.RbacGroup, "ClusterRole", new() { ["aggregationRule"] = Ref(Rbac + "AggregationRule"), ["rules"] = ArraySchema(Ref(Rbac + "PolicyRule")) }),
            [Rbac + "RoleBinding"] = Kind(KubeResources.RbacGroup, "RoleBinding", new() { ["roleRef"] = Ref(Rbac + "RoleRef"), ["subjects"] = ArraySchema(Ref(Rbac + "Subject")) }, required: ["roleRef"]),
            [Rbac + "ClusterRoleBinding"] = Kind(KubeResources.RbacGroup, "ClusterRoleBinding", new() { ["roleRef"] = Ref(Rbac + "RoleRef"), ["subjects"] = ArraySchema(Ref(Rbac + "Subject")) }, required: ["roleRef"]),

            [Authorization + "ResourceAttributes"] = ObjectSchema(new()
            {
                ["group"] = StringSchema(),
                ["name"] = StringSchema(),
                ["namespace"] = StringSchema(),
                ["resource"] = StringSchema(),
                ["subresource"] = StringSchema(),
                ["verb"] = StringSchema(),
                ["version"] = StringSchema(),
                ["fieldSelector"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                ["labelSelector"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            }),
            [Authorization + "NonResourceAttributes"] = ObjectSchema(new() { ["path"] = StringSchema(), ["verb"] = StringSchema() }),
            [Authorization + "SelfSubjectAccessReviewSpec"] = ObjectSchema(new()
            {
                ["nonResourceAttributes"] = Ref(Authorization + "NonResourceAttributes"),
                ["resourceAttributes"] = Ref(Authorization + "ResourceAttributes"),
            }),
            [Authorization + "SubjectAccessReviewStatus"] = ObjectSchema(
                new() { ["allowed"] = BooleanSchema(), ["denied"] = BooleanSchema(), ["evaluationError"] = StringSchema(), ["reason"] = StringSchema() },
                required: ["allowed"]),
            [Authorization + "SelfSubjectAccessReview"] = Kind(KubeResources.AuthorizationGroup, "SelfSubjectAccessReview", new()
            {
                ["spec"] = Ref(Authorization + "SelfSubjectAccessReviewSpec"),
                ["status"] = Ref(Authorization + "SubjectAccessReviewStatus"),
            }, required: ["spec"]),
            [Authorization + "SelfSubjectRulesReviewSpec"] = ObjectSchema(new() { ["namespace"] = StringSchema() }),
            [Authorization + "ResourceRule"] = ObjectSchema(
                new() { ["apiGroups"] = ArraySchema(StringSchema()), ["resourceNames"] = ArraySchema(StringSchema()), ["resources"] = ArraySchema(StringSchema()), ["verbs"] = ArraySchema(StringSchema()) },
                required: ["verbs"]),
            [Authorization + "NonResourceRule"] = ObjectSchema(new() { ["nonResourceURLs"] = ArraySchema(StringSchema()), ["verbs"] = ArraySchema(StringSchema()) }, required: ["verbs"]),
            [Authorization + "SubjectRulesReviewStatus"] = ObjectSchema(
                new()
                {
                    ["evaluationError"] = StringSchema(),
                    ["incomplete"] = BooleanSchema(),
                    ["nonResourceRules"] = ArraySchema(Ref(Authorization + "NonResourceRule")),
                    ["resourceRules"] = ArraySchema(Ref(Authorization + "ResourceRule")),
                },
                required: ["resourceRules", "nonResourceRules", "incomplete"]),
            [Authorization + "SelfSubjectRulesReview"] = Kind(KubeResources.AuthorizationGroup, "SelfSubjectRulesReview", new()
            {
                ["spec"] = Ref(Authorization + "SelfSubjectRulesReviewSpec"),
                ["status"] = Ref(Authorization + "SubjectRulesReviewStatus"),
            }, required: ["spec"]),
            [Authentication + "UserInfo"] = ObjectSchema(new()
            {
                ["extra"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = ArraySchema(StringSchema()) },
                ["groups"] = ArraySchema(StringSchema()),
                ["uid"] = StringSchema(),
                ["username"] = StringSchema(),
            }),
            [Authentication + "SelfSubjectReviewStatus"] = ObjectSchema(new() { ["userInfo"] = Ref(Authentication + "UserInfo") }),
            [Authentication + "SelfSubjectReview"] = Kind(KubeResources.AuthenticationGroup, "SelfSubjectReview", new() { ["status"] = Ref(Authentication + "SelfSubjectReviewStatus") }),
        };

        foreach (var resource in KubeResources.All.Where(r => !r.IsReview))
        {
            var name = SchemaName(resource)!;
            s[name + "List"] = ObjectSchema(
                new()
                {
                    ["apiVersion"] = StringSchema(),
                    ["items"] = ArraySchema(Ref(name)),
                    ["kind"] = StringSchema(),
                    ["metadata"] = Ref(Meta + "ListMeta"),
                },
                required: ["items"],
                extra: new() { ["x-kubernetes-group-version-kind"] = Gvk(resource.Group, resource.ListKind) });
        }

        return s;
    }

    private static JsonObject Kind(string group, string kind, Dictionary<string, JsonNode> properties, string[]? required = null)
    {
        properties["apiVersion"] = StringSchema();
        properties["kind"] = StringSchema();
        properties["metadata"] = Ref(Meta + "ObjectMeta");
        return ObjectSchema(properties, required, new() { ["x-kubernetes-group-version-kind"] = Gvk(group, kind) });
    }

    private static JsonArray Gvk(string group, string kind) =>
        new(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = "v1" });

    private static JsonObject ObjectSchema(Dictionary<string, JsonNode> properties, string[]? required = null, Dictionary<string, JsonNode>? extra = null)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)).ToList()) };
        if (required is { Length: > 0 })
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        foreach (var (key, value) in extra ?? [])
        {
            schema[key] = value;
        }

        return schema;
    }

    private static JsonObject StringSchema() => new() { ["type"] = "string" };

    private static JsonObject IntegerSchema() => new() { ["type"] = "integer", ["format"] = "int64" };

    private static JsonObject BooleanSchema() => new() { ["type"] = "boolean" };

    private static JsonObject StringMap() => new() { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" } };

    private static JsonObject Ref(string name) => new()
    {
        ["default"] = new JsonObject(),
        ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }),
    };

    private static JsonObject Reference(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject ArraySchema(JsonObject items, string listType = "atomic", string? patchStrategy = null, string? mergeKey = null)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = items, ["x-kubernetes-list-type"] = listType };
        if (mergeKey is not null)
        {
            schema["x-kubernetes-list-map-keys"] = new JsonArray(mergeKey);
            schema["x-kubernetes-patch-merge-key"] = mergeKey;
        }

        if (patchStrategy is not null)
        {
            schema["x-kubernetes-patch-strategy"] = patchStrategy;
        }

        return schema;
    }
}
