using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Ec2;

/// <summary>
/// EC2 (EC2 protocol, per region): the networking an EKS cluster needs. VPCs with their main route table and default
/// security group, subnets, internet gateways, Elastic IPs, NAT gateways that take time to become available, route
/// tables and security groups, with EC2's own error codes, filters, tags on create, dry runs and paging.
/// </summary>
public sealed partial class Ec2Service : ISandboxService
{
    public string ModelName => "ec2";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        void Add(string name, Func<Ec2Call, JsonObject?> handler) => handlers[name] = ctx => Run(ctx, handler);

        Add("DescribeAvailabilityZones", DescribeAvailabilityZones);
        Add("CreateVpc", CreateVpc);
        Add("DescribeVpcs", DescribeVpcs);
        Add("DescribeVpcAttribute", DescribeVpcAttribute);
        Add("ModifyVpcAttribute", ModifyVpcAttribute);
        Add("DeleteVpc", DeleteVpc);
        Add("CreateSubnet", CreateSubnet);
        Add("DescribeSubnets", DescribeSubnets);
        Add("ModifySubnetAttribute", ModifySubnetAttribute);
        Add("DeleteSubnet", DeleteSubnet);
        Add("CreateInternetGateway", CreateInternetGateway);
        Add("AttachInternetGateway", AttachInternetGateway);
        Add("DetachInternetGateway", DetachInternetGateway);
        Add("DeleteInternetGateway", DeleteInternetGateway);
        Add("DescribeInternetGateways", DescribeInternetGateways);
        Add("AllocateAddress", AllocateAddress);
        Add("ReleaseAddress", ReleaseAddress);
        Add("DescribeAddresses", DescribeAddresses);
        Add("CreateNatGateway", CreateNatGateway);
        Add("DescribeNatGateways", DescribeNatGateways);
        Add("DeleteNatGateway", DeleteNatGateway);
        Add("CreateRouteTable", CreateRouteTable);
        Add("CreateRoute", CreateRoute);
        Add("DeleteRoute", DeleteRoute);
        Add("AssociateRouteTable", AssociateRouteTable);
        Add("DisassociateRouteTable", DisassociateRouteTable);
        Add("DeleteRouteTable", DeleteRouteTable);
        Add("DescribeRouteTables", DescribeRouteTables);
        Add("CreateSecurityGroup", CreateSecurityGroup);
        Add("DescribeSecurityGroups", DescribeSecurityGroups);
        Add("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngress);
        Add("DeleteSecurityGroup", DeleteSecurityGroup);
        Add("CreateTags", CreateTags);
        Add("DeleteTags", DeleteTags);
        Add("DescribeTags", DescribeTags);
    }

    /// <summary>The subnets of a region, for other services (EKS validates cluster and nodegroup subnets against them).</summary>
    public static Ec2RegionState ReadState(AccountState account, string region) => Ec2RegionState.Read(account, region);

    /// <summary>The three zones of a region: <c>REGIONa</c>, <c>b</c>, <c>c</c>.</summary>
    public static IReadOnlyList<(string Name, string Id)> AvailabilityZones(string region)
    {
        var code = RegionCode(region);
        return [($"{region}a", $"{code}-az1"), ($"{region}b", $"{code}-az2"), ($"{region}c", $"{code}-az3")];
    }

    private static JsonObject? Run(OperationContext ctx, Func<Ec2Call, JsonObject?> handler)
    {
        var account = ctx.CallerAccount;

        // Finished EKS deletions release the subnets and security groups they held before EC2 looks at them.
        EksService.Reconcile(ctx.Host, account, ctx.Region);
        var state = Ec2RegionState.Read(account, ctx.Region);
        var result = handler(new Ec2Call(ctx, state, account));
        state.Write(account, ctx.Region);
        return result;
    }

    /// <summary><c>us-east-1</c> → <c>use1</c>, <c>ap-southeast-2</c> → <c>apse2</c>, as AWS zone IDs spell regions.</summary>
    private static string RegionCode(string region)
    {
        var parts = region.Split('-');
        if (parts.Length < 3)
        {
            return region.Replace("-", "", StringComparison.Ordinal);
        }

        var direction = parts[1] switch
        {
            "east" => "e",
            "west" => "w",
            "north" => "n",
            "south" => "s",
            "central" => "c",
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            var other => other[..1],
        };
        return parts[0] + direction + parts[^1];
    }

    /// <summary>One EC2 request: context, the region's state, and EC2's conventions (ARNs, ids, errors, dry runs).</summary>
    internal sealed class Ec2Call(OperationContext ctx, Ec2RegionState state, AccountState account)
    {
        private EksNetworkUse? _eks;

        public OperationContext Ctx { get; } = ctx;

        public Ec2RegionState State { get; } = state;

        public AccountState Account { get; } = account;

        public string Region => Ctx.Region;

        public string Owner => Account.Id;

        public DateTimeOffset Now => Ctx.Clock.Now;

        /// <summary>Subnets, security groups and VPCs that EKS clusters and nodegroups still use.</summary>
        public EksNetworkUse Eks => _eks ??= EksService.NetworkUse(Ctx.Host, Account, Region);

        public string Arn(string type, string id) => $"arn:{Ctx.Partition}:ec2:{Region}:{Owner}:{type}/{id}";

        /// <summary>Authorises, then honours DryRun as EC2 does: a permitted dry run fails with DryRunOperation.</summary>
        public void Authorize(string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null, bool last = true)
        {
            Ctx.Authorize(action, resource, conditions);
            if (last && Ctx.Bool("DryRun") == true)
            {
                throw new SandboxException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            }
        }

        /// <summary>Authorises a create and, when it carries TagSpecifications, the ec2:CreateTags it implies.</summary>
        public Dictionary<string, string> AuthorizeCreate(string action, string resourceType, string resourceArn, string? extraResourceArn = null)
        {
            var tags = Ec2Tags.FromSpecifications(Ctx, resourceType);
            Authorize(action, resourceArn, Ec2Tags.RequestConditions(tags), last: false);
            if (extraResourceArn is not null)
            {
                Authorize(action, extraResourceArn, last: false);
            }

            if (tags.Count > 0)
            {
                Authorize("ec2:CreateTags", resourceArn, new Dictionary<string, IReadOnlyList<string>>(Ec2Tags.RequestConditions(tags), StringComparer.OrdinalIgnoreCase)
                {
                    ["ec2:CreateAction"] = [Ctx.Operation.Name],
                }, last: false);
            }

            Authorize(action, resourceArn, Ec2Tags.RequestConditions(tags));
            return tags;
        }

        public JsonObject Describe<T>(string member, IEnumerable<T> items, Func<T, string> id, Func<T, JsonObject> render, bool idsGiven)
        {
            var maxResults = Ctx.Int("MaxResults");
            if (idsGiven && maxResults is not null)
            {
                throw Ec2Errors.Error("InvalidParameterCombination", "The parameter MaxResults cannot be used with a list of resource ids.");
            }

            var (page, next) = Paging.Page(items, id, Ctx.String("NextToken"), maxResults, int.MaxValue,
                () => Ec2Errors.Error("InvalidPaginationToken", $"Invalid pagination token: {Ctx.String("NextToken")}"));
            var result = new JsonObject { [member] = new JsonArray([.. page.Select(i => (JsonNode)render(i))]) };
            if (next is not null)
            {
                result["NextToken"] = next;
            }

            return result;
        }
    }
}

/// <summary>EC2's error vocabulary: NotFound and Malformed codes per resource kind, the rest by name.</summary>
internal static class Ec2Errors
{
    public static SandboxException Error(string code, string message) => new(code, message, 400);

    public static SandboxException InvalidParameterValue(string message) => Error("InvalidParameterValue", message);

    public static SandboxException DependencyViolation(string message) => Error("DependencyViolation", message);

    public static SandboxException Missing(string parameter) => Error("MissingParameter", $"The request must contain the parameter {parameter}");
}

/// <summary>A kind of EC2 resource id: its prefix and the error codes EC2 gives for an unknown or malformed one.</summary>
internal sealed record Ec2IdKind(string Prefix, string ResourceType, string NotFoundCode, string NotFoundFormat, string MalformedCode)
{
    private static readonly Regex s_hex = new("^[0-9a-f]{8}([0-9a-f]{9})?$", RegexOptions.CultureInvariant);

    public static readonly Ec2IdKind Vpc = new("vpc", "vpc", "InvalidVpcID.NotFound", "The vpc ID '{0}' does not exist", "InvalidVpcID.Malformed");
    public static readonly Ec2IdKind Subnet = new("subnet", "subnet", "InvalidSubnetID.NotFound", "The subnet ID '{0}' does not exist", "InvalidSubnetID.Malformed");
    public static readonly Ec2IdKind InternetGateway = new("igw", "internet-gateway", "InvalidInternetGatewayID.NotFound", "The internetGateway ID '{0}' does not exist", "InvalidInternetGatewayID.Malformed");
    public static readonly Ec2IdKind Allocation = new("eipalloc", "elastic-ip", "InvalidAllocationID.NotFound", "The allocation ID '{0}' does not exist", "InvalidAllocationID.Malformed");
    public static readonly Ec2IdKind NatGateway = new("nat", "natgateway", "NatGatewayNotFound", "The Nat Gateway {0} was not found", "NatGatewayMalformed");
    public static readonly Ec2IdKind RouteTable = new("rtb", "route-table", "InvalidRouteTableID.NotFound", "The routeTable ID '{0}' does not exist", "InvalidRouteTableID.Malformed");
    public static readonly Ec2IdKind RouteTableAssociation = new("rtbassoc", "route-table-association", "InvalidAssociationID.NotFound", "The association ID '{0}' does not exist", "InvalidAssociationID.Malformed");
    public static readonly Ec2IdKind SecurityGroup = new("sg", "security-group", "InvalidGroup.NotFound", "The security group '{0}' does not exist", "InvalidGroupId.Malformed");

    public static readonly IReadOnlyList<Ec2IdKind> Taggable = [Vpc, Subnet, InternetGateway, Allocation, NatGateway, RouteTable, SecurityGroup];

    public string NewId() => $"{Prefix}-{SandboxHost.RandomHex(17)}";

    public bool IsWellFormed(string id) => id.StartsWith(Prefix + "-", StringComparison.Ordinal) && s_hex.IsMatch(id[(Prefix.Length + 1)..]);

    public SandboxException NotFound(string id) => Ec2Errors.Error(NotFoundCode, string.Format(System.Globalization.CultureInfo.InvariantCulture, NotFoundFormat, id));

    public SandboxException Malformed(string id) => Ec2Errors.Error(MalformedCode, $"Invalid id: \"{id}\"");

    /// <summary>Looks an id up, failing with Malformed or NotFound as EC2 does.</summary>
    public T Find<T>(IReadOnlyDictionary<string, T> items, string id) =>
        !IsWellFormed(id) ? throw Malformed(id) : items.TryGetValue(id, out var item) ? item : throw NotFound(id);

    /// <summary>The items named by an id list (all must exist), or every item when the list is empty.</summary>
    public IEnumerable<T> Select<T>(IReadOnlyDictionary<string, T> items, IReadOnlyList<string> ids) =>
        ids.Count == 0 ? items.Values : [.. ids.Distinct(StringComparer.Ordinal).Select(id => Find(items, id))];
}

/// <summary>Describe* filters: <c>Name</c> plus <c>Values</c> with EC2's <c>*</c> and <c>?</c> wildcards; tag filters for every resource.</summary>
internal static class Ec2Filters
{
    /// <summary>The request's filters; a name the resource type does not know is refused even when nothing would be listed.</summary>
    public static List<(string Name, List<Regex> Values)> Read(OperationContext ctx, IReadOnlyCollection<string> known, string member = "Filters")
    {
        var filters = new List<(string Name, List<Regex> Values)>();
        foreach (var filter in ctx.Array(member) ?? [])
        {
            var name = filter!["Name"]?.GetValue<string>() ?? throw Ec2Errors.InvalidParameterValue("The filter 'null' is invalid");
            if (!known.Contains(name) && !name.StartsWith("tag:", StringComparison.Ordinal) && name is not ("tag-key" or "tag-value"))
            {
                throw Ec2Errors.InvalidParameterValue($"The filter '{name}' is invalid");
            }

            filters.Add((name, [.. (filter["Values"] as JsonArray ?? []).Select(v => Wildcard(v!.GetValue<string>()))]));
        }

        return filters;
    }

    /// <summary>
    /// True when the resource passes every filter. <paramref name="attribute"/> gives the resource's values for a
    /// filter name, or null when the resource type has no such filter (EC2 refuses unknown filter names).
    /// </summary>
    public static bool Matches(List<(string Name, List<Regex> Values)> filters, IReadOnlyDictionary<string, string> tags, Func<string, IEnumerable<string?>?> attribute)
    {
        foreach (var (name, patterns) in filters)
        {
            IEnumerable<string?>? values = name switch
            {
                _ when name.StartsWith("tag:", StringComparison.Ordinal) => tags.TryGetValue(name[4..], out var v) ? [v] : [],
                "tag-key" => tags.Keys,
                "tag-value" => tags.Values,
                _ => attribute(name),
            };
            if (values is null)
            {
                throw Ec2Errors.InvalidParameterValue($"The filter '{name}' is invalid");
            }

            if (!values.Any(v => v is not null && patterns.Any(p => p.IsMatch(v))))
            {
                return false;
            }
        }

        return true;
    }

    private static Regex Wildcard(string value) =>
        new("^" + Regex.Escape(value).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);
}
