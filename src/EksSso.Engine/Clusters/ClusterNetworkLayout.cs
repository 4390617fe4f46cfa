using EksSso.Engine.Aws;

namespace EksSso.Engine.Clusters;

/// <summary>One subnet of the cluster's VPC.</summary>
public sealed record SubnetLayout(string Name, string CidrBlock, string AvailabilityZone, bool Public, IReadOnlyDictionary<string, string> Tags);

/// <summary>The VPC New-EksCluster builds when no subnets are given.</summary>
public sealed record NetworkLayout(string VpcCidr, IReadOnlyList<string> AvailabilityZones, IReadOnlyList<SubnetLayout> Subnets)
{
    public IEnumerable<SubnetLayout> PublicSubnets => Subnets.Where(s => s.Public);

    public IEnumerable<SubnetLayout> PrivateSubnets => Subnets.Where(s => !s.Public);
}

/// <summary>
/// eksctl's default network, without CloudFormation: VPC 192.168.0.0/16 cut into eight /19 blocks; one public subnet
/// per zone takes the first blocks, one private subnet per zone the next ones, the rest stays free. eksctl uses three
/// zones, two in us-east-1.
/// </summary>
public static class ClusterNetworkLayout
{
    public const string VpcCidr = "192.168.0.0/16";
    public const string NoZonesErrorId = "NotEnoughAvailabilityZones";

    /// <summary>The zones the cluster uses: the first available ones by name (stable across runs).</summary>
    public static IReadOnlyList<string> ChooseZones(string region, IEnumerable<string> availableZones)
    {
        var count = region == "us-east-1" ? 2 : 3;
        var zones = availableZones.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(count).ToList();
        if (zones.Count < 2)
        {
            throw new EksSsoException(NoZonesErrorId, AwsErrorKind.Validation,
                $"Region {region} has {zones.Count} available zone(s); EKS needs subnets in at least two. Pick another -Region or pass -SubnetId.");
        }

        return zones;
    }

    public static NetworkLayout For(string clusterName, IReadOnlyList<string> zones)
    {
        if (zones.Count is < 2 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(zones), "Two to four zones fit the eight /19 blocks.");
        }

        var subnets = new List<SubnetLayout>();
        for (var i = 0; i < zones.Count; i++)
        {
            subnets.Add(Subnet(clusterName, zones[i], Block(i), isPublic: true));
        }

        for (var i = 0; i < zones.Count; i++)
        {
            subnets.Add(Subnet(clusterName, zones[i], Block(zones.Count + i), isPublic: false));
        }

        return new NetworkLayout(VpcCidr, zones, subnets);
    }

    /// <summary>The i-th /19 of 192.168.0.0/16.</summary>
    public static string Block(int index) => $"192.168.{index * 32}.0/19";

    private static SubnetLayout Subnet(string clusterName, string zone, string cidr, bool isPublic)
    {
        var name = $"{clusterName}/{(isPublic ? "public" : "private")}-{zone}";
        var tags = ClusterNaming.Tags(clusterName, name);
        tags[$"kubernetes.io/cluster/{clusterName}"] = "shared";
        tags[isPublic ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"] = "1";
        return new SubnetLayout(name, cidr, zone, isPublic, tags);
    }
}
