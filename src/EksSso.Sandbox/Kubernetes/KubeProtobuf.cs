using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// Reads request bodies in Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>): kubectl's typed
/// clients send it for built-in kinds (<c>kubectl create configmap</c>, <c>create rolebinding</c>, <c>auth can-i</c>...)
/// with no JSON fallback. The envelope is the magic <c>k8s\0</c> and a runtime.Unknown (type meta, raw message);
/// the raw message is decoded by the field numbers of k8s.io/api's generated.proto into the JSON the API speaks,
/// leaving out empty values as the JSON encoding's omitempty does. Responses stay JSON.
/// </summary>
public static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] s_magic = [(byte)'k', (byte)'8', (byte)'s', 0];

    private static readonly ProtoMessage s_time = new() { [1] = new("seconds", ProtoKind.Int64), [2] = new("nanos", ProtoKind.Int64) };

    private static readonly ProtoMessage s_ownerReference = new()
    {
        [5] = new("apiVersion", ProtoKind.String),
        [1] = new("kind", ProtoKind.String),
        [3] = new("name", ProtoKind.String),
        [4] = new("uid", ProtoKind.String),
        [6] = new("controller", ProtoKind.Bool),
        [7] = new("blockOwnerDeletion", ProtoKind.Bool),
    };

    private static readonly ProtoMessage s_objectMeta = new()
    {
        [1] = new("name", ProtoKind.String),
        [2] = new("generateName", ProtoKind.String),
        [3] = new("namespace", ProtoKind.String),
        [5] = new("uid", ProtoKind.String),
        [6] = new("resourceVersion", ProtoKind.String),
        [7] = new("generation", ProtoKind.Int64),
        [8] = new("creationTimestamp", ProtoKind.Time),
        [9] = new("deletionTimestamp", ProtoKind.Time),
        [10] = new("deletionGracePeriodSeconds", ProtoKind.Int64),
        [11] = new("labels", ProtoKind.StringMap),
        [12] = new("annotations", ProtoKind.StringMap),
        [13] = new("ownerReferences", ProtoKind.RepeatedMessage, s_ownerReference),
        [14] = new("finalizers", ProtoKind.RepeatedString),

        // 4 (selfLink) and 17 (managedFields) are not kept by the sandbox.
    };

    private static readonly ProtoMessage s_labelSelector = new()
    {
        [1] = new("matchLabels", ProtoKind.StringMap),
        [2] = new("matchExpressions", ProtoKind.RepeatedMessage, new ProtoMessage
        {
            [1] = new("key", ProtoKind.String),
            [2] = new("operator", ProtoKind.String),
            [3] = new("values", ProtoKind.RepeatedString),
        }),
    };

    private static readonly ProtoMessage s_policyRule = new()
    {
        [1] = new("verbs", ProtoKind.RepeatedString),
        [2] = new("apiGroups", ProtoKind.RepeatedString),
        [3] = new("resources", ProtoKind.RepeatedString),
        [4] = new("resourceNames", ProtoKind.RepeatedString),
        [5] = new("nonResourceURLs", ProtoKind.RepeatedString),
    };

    private static readonly ProtoMessage s_subject = new()
    {
        [1] = new("kind", ProtoKind.String),
        [2] = new("apiGroup", ProtoKind.String),
        [3] = new("name", ProtoKind.String),
        [4] = new("namespace", ProtoKind.String),
    };

    private static readonly ProtoMessage s_roleRef = new()
    {
        [1] = new("apiGroup", ProtoKind.String),
        [2] = new("kind", ProtoKind.String),
        [3] = new("name", ProtoKind.String),
    };

    private static readonly ProtoMessage s_binding = new()
    {
        [1] = new("metadata", ProtoKind.Message, s_objectMeta),
        [2] = new("subjects", ProtoKind.RepeatedMessage, s_subject),
        [3] = new("roleRef", ProtoKind.Message, s_roleRef),
    };

    private static readonly Dictionary<string, ProtoMessage> s_kinds = new(StringComparer.Ordinal)
    {
        ["v1/ConfigMap"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("data", ProtoKind.StringMap),
            [3] = new("binaryData", ProtoKind.BytesMap),
            [4] = new("immutable", ProtoKind.Bool),
        },
        ["v1/Namespace"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("spec", ProtoKind.Message, new ProtoMessage { [1] = new("finalizers", ProtoKind.RepeatedString) }),
            [3] = new("status", ProtoKind.Message, new ProtoMessage { [1] = new("phase", ProtoKind.String) }),
        },
        ["rbac.authorization.k8s.io/v1/Role"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("rules", ProtoKind.RepeatedMessage, s_policyRule),
        },
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("rules", ProtoKind.RepeatedMessage, s_policyRule),
            [3] = new("aggregationRule", ProtoKind.Message, new ProtoMessage { [1] = new("clusterRoleSelectors", ProtoKind.RepeatedMessage, s_labelSelector) }),
        },
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = s_binding,
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = s_binding,
        ["authorization.k8s.io/v1/SelfSubjectAccessReview"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("spec", ProtoKind.Message, new ProtoMessage
            {
                [1] = new("resourceAttributes", ProtoKind.Message, new ProtoMessage
                {
                    [1] = new("namespace", ProtoKind.String),
                    [2] = new("verb", ProtoKind.String),
                    [3] = new("group", ProtoKind.String),
                    [4] = new("version", ProtoKind.String),
                    [5] = new("resource", ProtoKind.String),
                    [6] = new("subresource", ProtoKind.String),
                    [7] = new("name", ProtoKind.String),
                }),
                [2] = new("nonResourceAttributes", ProtoKind.Message, new ProtoMessage { [1] = new("path", ProtoKind.String), [2] = new("verb", ProtoKind.String) }),
            }),
        },
        ["authorization.k8s.io/v1/SelfSubjectRulesReview"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
            [2] = new("spec", ProtoKind.Message, new ProtoMessage { [1] = new("namespace", ProtoKind.String) }),
        },
        ["authentication.k8s.io/v1/SelfSubjectReview"] = new()
        {
            [1] = new("metadata", ProtoKind.Message, s_objectMeta),
        },
        ["DeleteOptions"] = new()
        {
            [1] = new("gracePeriodSeconds", ProtoKind.Int64),
            [2] = new("preconditions", ProtoKind.Message, new ProtoMessage { [1] = new("uid", ProtoKind.String), [2] = new("resourceVersion", ProtoKind.String) }),
            [3] = new("orphanDependents", ProtoKind.Bool),
            [4] = new("propagationPolicy", ProtoKind.String),
            [5] = new("dryRun", ProtoKind.RepeatedString),
        },
    };

    private enum ProtoKind
    {
        String,
        Int64,
        Bool,
        Time,
        Message,
        RepeatedString,
        RepeatedMessage,
        StringMap,
        BytesMap,
    }

    /// <summary>The object a protobuf body carries, as JSON with its apiVersion and kind; 415 for kinds the sandbox does not read.</summary>
    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < s_magic.Length || !body.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
        {
            throw KubeStatusException.BadRequest("the protobuf body does not start with the Kubernetes envelope");
        }

        string? apiVersion = null;
        string? kind = null;
        byte[]? raw = null;
        string? contentEncoding = null;
        var reader = new Reader(body, s_magic.Length, body.Length);
        while (reader.More)
        {
            var (number, wire) = reader.Tag();
            switch (number)
            {
                case 1 when wire == 2:
                    var typeMeta = reader.Nested();
                    while (typeMeta.More)
                    {
                        var (field, type) = typeMeta.Tag();
                        if (field == 1 && type == 2)
                        {
                            apiVersion = typeMeta.String();
                        }
                        else if (field == 2 && type == 2)
                        {
                            kind = typeMeta.String();
                        }
                        else
                        {
                            typeMeta.Skip(type);
                        }
                    }

                    break;
                case 2 when wire == 2:
                    raw = reader.Bytes();
                    break;
                case 3 when wire == 2:
                    contentEncoding = reader.String();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!string.IsNullOrEmpty(contentEncoding))
        {
            throw KubeStatusException.UnsupportedMediaType(["application/json"]);
        }

        if (!s_kinds.TryGetValue($"{apiVersion}/{kind}", out var schema) && !(kind == "DeleteOptions" && s_kinds.TryGetValue(kind, out schema)))
        {
            throw KubeStatusException.UnsupportedMediaType(["application/json"]);
        }

        var result = new JsonObject();
        if (kind != "DeleteOptions")
        {
            result["apiVersion"] = apiVersion;
            result["kind"] = kind;
        }

        raw ??= [];
        foreach (var (key, value) in Message(new Reader(raw, 0, raw.Length), schema))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static JsonObject Message(Reader reader, ProtoMessage schema)
    {
        var result = new JsonObject();
        while (reader.More)
        {
            var (number, wire) = reader.Tag();
            if (!schema.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }

            switch (field.Kind)
            {
                case ProtoKind.String:
                    Set(result, field.Name, reader.String());
                    break;
                case ProtoKind.Int64:
                    var number64 = (long)reader.Varint();
                    if (number64 != 0)
                    {
                        result[field.Name] = number64;
                    }

                    break;
                case ProtoKind.Bool:
                    if (reader.Varint() != 0)
                    {
                        result[field.Name] = true;
                    }

                    break;
                case ProtoKind.Time:
                    var time = Message(reader.Nested(), s_time);
                    if (time["seconds"]?.GetValue<long>() is { } seconds && seconds != 0)
                    {
                        result[field.Name] = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    }

                    break;
                case ProtoKind.Message:
                    result[field.Name] = Message(reader.Nested(), field.Type!);
                    break;
                case ProtoKind.RepeatedString:
                    List(result, field.Name).Add(reader.String());
                    break;
                case ProtoKind.RepeatedMessage:
                    List(result, field.Name).Add(Message(reader.Nested(), field.Type!));
                    break;
                case ProtoKind.StringMap:
                case ProtoKind.BytesMap:
                    var entry = reader.Nested();
                    string key = "";
                    string value = "";
                    while (entry.More)
                    {
                        var (entryField, entryWire) = entry.Tag();
                        if (entryField == 1 && entryWire == 2)
                        {
                            key = entry.String();
                        }
                        else if (entryField == 2 && entryWire == 2)
                        {
                            value = field.Kind == ProtoKind.BytesMap ? Convert.ToBase64String(entry.Bytes()) : entry.String();
                        }
                        else
                        {
                            entry.Skip(entryWire);
                        }
                    }

                    if (result[field.Name] is not JsonObject map)
                    {
                        result[field.Name] = map = [];
                    }

                    map[key] = value;
                    break;
            }
        }

        return result;
    }

    private static void Set(JsonObject obj, string name, string value)
    {
        if (value.Length > 0)
        {
            obj[name] = value;
        }
    }

    private static JsonArray List(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray list)
        {
            obj[name] = list = [];
        }

        return list;
    }

    private sealed class ProtoMessage : Dictionary<int, ProtoField>;

    private sealed record ProtoField(string Name, ProtoKind Kind, ProtoMessage? Type = null);

    /// <summary>Protocol buffers wire format over a byte range.</summary>
    private sealed class Reader(byte[] buffer, int start, int end)
    {
        private int _position = start;

        public bool More => _position < end;

        public (int Number, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= end)
                {
                    throw Truncated();
                }

                var b = buffer[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw KubeStatusException.BadRequest("the protobuf body has a malformed varint");
        }

        public Reader Nested()
        {
            var length = Length();
            var nested = new Reader(buffer, _position, _position + length);
            _position += length;
            return nested;
        }

        public byte[] Bytes()
        {
            var length = Length();
            var bytes = buffer.AsSpan(_position, length).ToArray();
            _position += length;
            return bytes;
        }

        public string String()
        {
            var length = Length();
            var text = Encoding.UTF8.GetString(buffer, _position, length);
            _position += length;
            return text;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Advance(8);
                    break;
                case 2:
                    Advance(Length());
                    break;
                case 5:
                    Advance(4);
                    break;
                default:
                    throw KubeStatusException.BadRequest($"the protobuf body has an unsupported wire type {wire}");
            }
        }

        private int Length()
        {
            var length = Varint();
            if (length > (ulong)(end - _position))
            {
                throw Truncated();
            }

            return (int)length;
        }

        private void Advance(int count)
        {
            if (count > end - _position)
            {
                throw Truncated();
            }

            _position += count;
        }

        private static KubeStatusException Truncated() => KubeStatusException.BadRequest("the protobuf body is truncated");
    }
}
