using System.Text.Json.Nodes;
using EksSso.Sandbox.Services.Eks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// What EKS does to <c>kube-system/aws-auth</c> when a managed nodegroup becomes ACTIVE on a cluster that reads
/// aws-auth: it creates the ConfigMap if missing and appends the node role's mapping (the role ARN without its path,
/// the bootstrapper and node groups, the EC2 private DNS name template) unless an entry for that role is there.
/// It does so once per nodegroup and never removes or rewrites what users wrote: after that, the ConfigMap is the
/// users' document and authentication reads whatever it says.
/// </summary>
internal static class AwsAuthConfigMap
{
    public const string Namespace = "kube-system";
    public const string Name = "aws-auth";
    private const string DoneKey = "awsAuthNodegroups";

    public static void Reconcile(KubeObjectStore store, EksClusterView cluster)
    {
        var bag = store.Bag;
        if (!cluster.UsesAwsAuth)
        {
            return;
        }

        if (bag[DoneKey] is not JsonArray done)
        {
            bag[DoneKey] = done = [];
        }

        foreach (var nodegroup in cluster.Nodegroups.Where(n => n.Status is "ACTIVE" or "UPDATING"))
        {
            var marker = $"{nodegroup.Name}|{nodegroup.NodeRole}";
            if (done.Any(d => d?.GetValue<string>() == marker))
            {
                continue;
            }

            AddNodeRole(store, WithoutPath(nodegroup.NodeRole));
            done.Add(marker);
        }
    }

    /// <summary>The mapRoles item EKS writes for a node role, in its exact layout.</summary>
    public static string NodeRoleEntry(string roleArnWithoutPath) =>
        "- groups:\n  - system:bootstrappers\n  - system:nodes\n" +
        $"  rolearn: {roleArnWithoutPath}\n" +
        "  username: system:node:{{EC2PrivateDNSName}}\n";

    /// <summary>arn:aws:iam::111122223333:role/some/path/name → arn:aws:iam::111122223333:role/name.</summary>
    public static string WithoutPath(string roleArn)
    {
        var marker = roleArn.IndexOf(":role/", StringComparison.Ordinal);
        return marker < 0 ? roleArn : roleArn[..(marker + ":role/".Length)] + roleArn[(roleArn.LastIndexOf('/') + 1)..];
    }

    private static void AddNodeRole(KubeObjectStore store, string roleArn)
    {
        var existing = store.Get("", "configmaps", Namespace, Name);
        if (existing is null)
        {
            store.Create(KubeResources.ConfigMaps, Namespace, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
                ["data"] = new JsonObject { ["mapRoles"] = NodeRoleEntry(roleArn) },
            });
            return;
        }

        var data = existing["data"] as JsonObject ?? [];
        var mapRoles = data["mapRoles"]?.GetValue<string>() ?? "";
        if (RoleArns(mapRoles) is not { } arns || arns.Contains(roleArn))
        {
            // Unreadable YAML is left alone (the nodes cannot join until someone fixes it, as on EKS).
            return;
        }

        var trimmed = mapRoles.TrimEnd();
        if (trimmed.Length == 0 || trimmed == "[]")
        {
            mapRoles = NodeRoleEntry(roleArn);
        }
        else if (trimmed.StartsWith('-'))
        {
            mapRoles = trimmed + "\n" + NodeRoleEntry(roleArn);
        }
        else
        {
            // A flow-style list ([{...}]): appended as one more flow item keeps the user's text intact.
            mapRoles = trimmed[..^1].TrimEnd() + (arns.Count > 0 ? ", " : "") +
                $"{{\"groups\": [\"system:bootstrappers\", \"system:nodes\"], \"rolearn\": \"{roleArn}\", \"username\": \"system:node:{{{{EC2PrivateDNSName}}}}\"}}]\n";
        }

        data["mapRoles"] = mapRoles;
        existing["data"] = data;
        store.Update(KubeResources.ConfigMaps, Namespace, Name, existing);
    }

    /// <summary>The rolearn of every mapRoles item, or null when the text is not a YAML list.</summary>
    private static List<string>? RoleArns(string mapRoles)
    {
        if (string.IsNullOrWhiteSpace(mapRoles))
        {
            return [];
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(mapRoles));
            if (stream.Documents.Count == 0)
            {
                return [];
            }

            if (stream.Documents[0].RootNode is not YamlSequenceNode items)
            {
                return null;
            }

            return [.. items.Children.OfType<YamlMappingNode>()
                .Select(m => m.Children.TryGetValue(new YamlScalarNode("rolearn"), out var v) && v is YamlScalarNode s ? s.Value : null)
                .OfType<string>()];
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
