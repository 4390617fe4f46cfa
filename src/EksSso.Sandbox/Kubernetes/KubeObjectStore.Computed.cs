using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>What the cluster's controllers keep up to date: nodes from the nodegroups, aggregated ClusterRoles.</summary>
public sealed partial class KubeObjectStore
{
    /// <summary>
    /// The nodes of the cluster's ACTIVE nodegroups. A node keeps the uid, creation time and resourceVersion it got
    /// when it first registered; a node that goes away takes a resourceVersion with it.
    /// </summary>
    private List<JsonObject> Nodes()
    {
        if (_cluster is null)
        {
            return [];
        }

        if (_bag[NodesKey] is not JsonObject known)
        {
            _bag[NodesKey] = known = [];
        }

        var nodes = new List<JsonObject>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in _cluster.Nodes.OrderBy(n => n.PrivateDnsName, StringComparer.Ordinal))
        {
            present.Add(node.PrivateDnsName);
            if (known[node.PrivateDnsName] is not JsonObject meta || meta["instanceId"]?.GetValue<string>() != node.InstanceId)
            {
                Counter++;
                Changed = true;
                known[node.PrivateDnsName] = meta = new JsonObject
                {
                    ["instanceId"] = node.InstanceId,
                    ["uid"] = Guid.NewGuid().ToString(),
                    ["creationTimestamp"] = Timestamp(_now),
                    ["resourceVersion"] = ResourceVersion,
                };
                Events.Add(("ADDED", KubeResources.Nodes, KubeNodes.Build(_cluster, node, CapacityType(node.NodegroupName), meta, _now)));
            }

            nodes.Add(KubeNodes.Build(_cluster, node, CapacityType(node.NodegroupName), meta, _now));
        }

        foreach (var gone in known.Select(p => p.Key).Where(name => !present.Contains(name)).ToList())
        {
            known.Remove(gone);
            Counter++;
            Changed = true;
        }

        return nodes;
    }

    private string CapacityType(string nodegroup) => _capacityTypes.TryGetValue(nodegroup, out var type) ? type : "ON_DEMAND";

    /// <summary>
    /// The ClusterRole aggregation controller: a role with an aggregationRule holds the rules of every other
    /// ClusterRole its selectors match, taken in name order without duplicates. Repeats until nothing changes, so
    /// aggregation through aggregated roles (view → edit → admin) settles in one call.
    /// </summary>
    private void Aggregate()
    {
        for (var pass = 0; pass < 10; pass++)
        {
            var changed = false;
            var bucket = Bucket(KubeResources.ClusterRoles);
            var roles = bucket.Select(p => (JsonObject)p.Value!).OrderBy(Name, StringComparer.Ordinal).ToList();
            foreach (var role in roles.Where(r => r["aggregationRule"] is JsonObject))
            {
                var selectors = role["aggregationRule"]!["clusterRoleSelectors"] as JsonArray ?? [];
                var rules = new JsonArray();
                foreach (var source in roles.Where(r => Name(r) != Name(role) && selectors.Any(s => KubeSelectors.Matches(s as JsonObject, r))))
                {
                    foreach (var rule in source["rules"] as JsonArray ?? [])
                    {
                        if (!rules.Any(r => JsonNode.DeepEquals(r, rule)))
                        {
                            rules.Add(rule!.DeepClone());
                        }
                    }
                }

                if (!JsonNode.DeepEquals(role["rules"] ?? new JsonArray(), rules))
                {
                    var updated = (JsonObject)role.DeepClone();
                    updated["rules"] = rules;
                    Write(KubeResources.ClusterRoles, null, Name(role), updated, "MODIFIED");
                    changed = true;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }
}
