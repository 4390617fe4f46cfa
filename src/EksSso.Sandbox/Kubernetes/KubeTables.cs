using System.Globalization;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// Server-side printing: the <c>meta.k8s.io/v1</c> Table kubectl asks for (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>),
/// with the columns kube-apiserver's printers give each resource.
/// </summary>
internal static class KubeTables
{
    private const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    private const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /// <summary>True when the Accept header asks for a Table (kubectl get does, with JSON as the fallback).</summary>
    public static bool IsRequested(string? accept) =>
        accept is not null && accept.Split(',').Any(part => part.Contains("as=Table", StringComparison.Ordinal) && part.Contains("g=meta.k8s.io", StringComparison.Ordinal));

    public static JsonObject Build(KubeResource resource, IEnumerable<JsonObject> objects, string resourceVersion, string? includeObject, DateTimeOffset now)
    {
        var columns = Columns(resource);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. Cells(resource, obj, now)]) };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]!.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    private static List<(string Name, string Type, string Format, string Description, int Priority)> Columns(KubeResource resource)
    {
        var name = ("Name", "string", "name", NameDescription, 0);
        var age = ("Age", "string", "", AgeDescription, 0);
        if (resource == KubeResources.ConfigMaps)
        {
            return [name, ("Data", "integer", "", "Data contains the configuration data", 0), age];
        }

        if (resource == KubeResources.Namespaces)
        {
            return [name, ("Status", "string", "", "The status of the namespace", 0), age];
        }

        if (resource == KubeResources.Nodes)
        {
            return
            [
                name,
                ("Status", "string", "", "The status of the node", 0),
                ("Roles", "string", "", "The roles of the node", 0),
                age,
                ("Version", "string", "", "Kubelet Version reported by the node.", 0),
                ("Internal-IP", "string", "", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
                ("External-IP", "string", "", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
                ("OS-Image", "string", "", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
                ("Kernel-Version", "string", "", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
                ("Container-Runtime", "string", "", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
            ];
        }

        if (resource == KubeResources.Roles || resource == KubeResources.ClusterRoles)
        {
            return [name, ("Created At", "date", "", AgeDescription, 0)];
        }

        if (resource == KubeResources.RoleBindings || resource == KubeResources.ClusterRoleBindings)
        {
            return
            [
                name,
                ("Role", "string", "", "Role references the role that this binding grants.", 0),
                age,
                ("Users", "string", "", "Users in the binding", 1),
                ("Groups", "string", "", "Groups in the binding", 1),
                ("ServiceAccounts", "string", "", "ServiceAccounts in the binding", 1),
            ];
        }

        return [name, age];
    }

    private static IEnumerable<JsonNode?> Cells(KubeResource resource, JsonObject obj, DateTimeOffset now)
    {
        yield return KubeObjectStore.Name(obj);
        var created = obj["metadata"]?["creationTimestamp"]?.GetValue<string>();
        var age = created is not null && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? HumanDuration(now - at)
            : "<unknown>";
        if (resource == KubeResources.ConfigMaps)
        {
            yield return ((obj["data"] as JsonObject)?.Count ?? 0) + ((obj["binaryData"] as JsonObject)?.Count ?? 0);
            yield return age;
        }
        else if (resource == KubeResources.Namespaces)
        {
            yield return obj["status"]?["phase"]?.GetValue<string>() ?? "";
            yield return age;
        }
        else if (resource == KubeResources.Nodes)
        {
            var ready = (obj["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready")?["status"]?.GetValue<string>() == "True";
            var status = ready ? "Ready" : "NotReady";
            if (obj["spec"]?["unschedulable"]?.GetValue<bool>() == true)
            {
                status += ",SchedulingDisabled";
            }

            var roles = KubeSelectors.Labels(obj)
                .Select(p => p.Key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) ? p.Key["node-role.kubernetes.io/".Length..] : p.Key == "kubernetes.io/role" ? p.Value : null)
                .Where(r => !string.IsNullOrEmpty(r))
                .Order(StringComparer.Ordinal)
                .ToList();
            string Address(string type) => (obj["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => a?["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>() ?? "<none>";
            yield return status;
            yield return roles.Count == 0 ? "<none>" : string.Join(",", roles);
            yield return age;
            yield return obj["status"]?["nodeInfo"]?["kubeletVersion"]?.GetValue<string>() ?? "";
            yield return Address("InternalIP");
            yield return Address("ExternalIP");
            yield return obj["status"]?["nodeInfo"]?["osImage"]?.GetValue<string>() ?? "<unknown>";
            yield return obj["status"]?["nodeInfo"]?["kernelVersion"]?.GetValue<string>() ?? "<unknown>";
            yield return obj["status"]?["nodeInfo"]?["containerRuntimeVersion"]?.GetValue<string>() ?? "<unknown>";
        }
        else if (resource == KubeResources.Roles || resource == KubeResources.ClusterRoles)
        {
            yield return created ?? "";
        }
        else if (resource == KubeResources.RoleBindings || resource == KubeResources.ClusterRoleBindings)
        {
            var subjects = (obj["subjects"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            string Of(string kind) => string.Join(", ", subjects.Where(s => s["kind"]?.GetValue<string>() == kind)
                .Select(s => kind == "ServiceAccount" ? $"{s["namespace"]?.GetValue<string>()}/{s["name"]?.GetValue<string>()}" : s["name"]?.GetValue<string>()));
            yield return $"{obj["roleRef"]?["kind"]?.GetValue<string>()}/{obj["roleRef"]?["name"]?.GetValue<string>()}";
            yield return age;
            yield return Of("User");
            yield return Of("Group");
            yield return Of("ServiceAccount");
        }
        else
        {
            yield return age;
        }
    }

    /// <summary>k8s.io/apimachinery's duration.HumanDuration: 45s, 5m3s, 3h10m, 2d4h, 1y30d.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
