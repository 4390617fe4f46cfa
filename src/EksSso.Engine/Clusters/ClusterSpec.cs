using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws;

namespace EksSso.Engine.Clusters;

/// <summary>What New-EksCluster was asked for, checked before any call.</summary>
public sealed record ClusterSpec(
    string Name,
    string Region,
    string Partition,
    string? KubernetesVersion,
    IReadOnlyList<string> SubnetIds,
    string NodeType,
    int NodeCount,
    string AuthenticationMode)
{
    public const string DefaultNodeType = "m5.large";
    public const int DefaultNodeCount = 2;
    public const string DefaultAuthenticationMode = "API_AND_CONFIG_MAP";
    public const string AmiType = "AL2023_x86_64_STANDARD";
    public const int NodeDiskSizeGiB = 80;

    /// <summary>True when the cluster goes into the caller's subnets and no network is created.</summary>
    public bool UsesExistingSubnets => SubnetIds.Count > 0;

    public string ClusterRoleName => ClusterNaming.RoleName(Name, "ClusterRole");

    public string NodeRoleName => ClusterNaming.RoleName(Name, "NodeRole");

    public string NodegroupName => ClusterNaming.NodegroupName(Name);
}

/// <summary>Input checks for the cluster cmdlets; an <see cref="EksSsoException"/> with a specific id on the first problem.</summary>
public static partial class ClusterInput
{
    public const string InvalidClusterNameErrorId = "InvalidClusterName";
    public const string InvalidNodeCountErrorId = "InvalidNodeCount";
    public const string InvalidKubernetesVersionErrorId = "InvalidKubernetesVersion";
    public const string InvalidSubnetIdErrorId = "InvalidSubnetId";
    public const string TooFewSubnetsErrorId = "TooFewSubnets";
    public const string InvalidNodeTypeErrorId = "InvalidNodeType";
    public const string InvalidAuthenticationModeErrorId = "InvalidAuthenticationMode";

    public const int MaxNodeCount = 450;

    public static readonly IReadOnlyList<string> AuthenticationModes = ["API_AND_CONFIG_MAP", "API", "CONFIG_MAP"];

    [GeneratedRegex(@"^[0-9A-Za-z][A-Za-z0-9\-_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterNamePattern();

    [GeneratedRegex(@"^1\.[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    private static partial Regex SubnetIdPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[0-9a-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeTypePattern();

    public static void ValidateName(string name)
    {
        if (name.Length is < 1 or > 100 || !ClusterNamePattern().IsMatch(name))
        {
            throw new EksSsoException(InvalidClusterNameErrorId, AwsErrorKind.Validation,
                $"'{name}' is not a valid EKS cluster name: use 1 to 100 characters among letters, digits, hyphens and underscores, starting with a letter or digit.");
        }
    }

    public static void Validate(ClusterSpec spec)
    {
        ValidateName(spec.Name);
        if (spec.NodeCount is < 1 or > MaxNodeCount)
        {
            throw new EksSsoException(InvalidNodeCountErrorId, AwsErrorKind.Validation,
                $"-NodeCount {spec.NodeCount} is out of range: a managed nodegroup has 1 to {MaxNodeCount} nodes.");
        }

        if (spec.KubernetesVersion is { } version && !VersionPattern().IsMatch(version))
        {
            throw new EksSsoException(InvalidKubernetesVersionErrorId, AwsErrorKind.Validation,
                $"'{version}' is not a Kubernetes version EKS accepts: use major.minor, for example 1.33.");
        }

        if (!NodeTypePattern().IsMatch(spec.NodeType))
        {
            throw new EksSsoException(InvalidNodeTypeErrorId, AwsErrorKind.Validation,
                $"'{spec.NodeType}' is not an EC2 instance type: use family.size, for example m5.large.");
        }

        if (!AuthenticationModes.Contains(spec.AuthenticationMode, StringComparer.Ordinal))
        {
            throw new EksSsoException(InvalidAuthenticationModeErrorId, AwsErrorKind.Validation,
                $"'{spec.AuthenticationMode}' is not an EKS authentication mode: use {string.Join(", ", AuthenticationModes)}.");
        }

        foreach (var subnet in spec.SubnetIds)
        {
            if (!SubnetIdPattern().IsMatch(subnet))
            {
                throw new EksSsoException(InvalidSubnetIdErrorId, AwsErrorKind.Validation,
                    $"'{subnet}' is not a subnet ID: it looks like subnet-0123456789abcdef0.");
            }
        }

        if (spec.SubnetIds.Count == 1)
        {
            throw new EksSsoException(TooFewSubnetsErrorId, AwsErrorKind.Validation,
                "EKS needs subnets in at least two availability zones: pass two or more -SubnetId values, or none to let New-EksCluster build a VPC.");
        }
    }
}

/// <summary>Names and ownership tags of everything New-EksCluster creates.</summary>
public static class ClusterNaming
{
    /// <summary>Marks every resource New-EksCluster creates; Remove-EksCluster deletes only resources carrying it.</summary>
    public const string ClusterTagKey = "eksso.io/cluster";
    public const string CreatedByTagKey = "eksso.io/created-by";
    public const string CreatedByValue = "EksSso";

    /// <summary>The ownership tags for <paramref name="clusterName"/>.</summary>
    public static Dictionary<string, string> OwnershipTags(string clusterName) => new(StringComparer.Ordinal)
    {
        [ClusterTagKey] = clusterName,
        [CreatedByTagKey] = CreatedByValue,
    };

    public static bool IsOwned(IEnumerable<KeyValuePair<string, string>>? tags, string clusterName)
    {
        var list = tags?.ToList() ?? [];
        return list.Any(t => t.Key == ClusterTagKey && t.Value == clusterName) && list.Any(t => t.Key == CreatedByTagKey && t.Value == CreatedByValue);
    }

    /// <summary>Ownership tags plus a Name tag.</summary>
    public static Dictionary<string, string> Tags(string clusterName, string resourceName)
    {
        var tags = OwnershipTags(clusterName);
        tags["Name"] = resourceName;
        return tags;
    }

    /// <summary>IAM role names are at most 64 characters: a long cluster name is cut and a hash of it keeps the name unique.</summary>
    public static string RoleName(string clusterName, string suffix) => Bounded("EksSso-", clusterName, "-" + suffix, 64);

    /// <summary>Nodegroup names are at most 63 characters.</summary>
    public static string NodegroupName(string clusterName) => Bounded("", clusterName, "-ng", 63);

    private static string Bounded(string prefix, string name, string suffix, int max)
    {
        var full = prefix + name + suffix;
        if (full.Length <= max)
        {
            return full;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
        var room = max - prefix.Length - suffix.Length - hash.Length - 1;
        return prefix + name[..room] + "-" + hash + suffix;
    }
}
