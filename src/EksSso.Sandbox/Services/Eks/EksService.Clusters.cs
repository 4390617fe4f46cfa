using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.Services.Ec2;
using EksSso.Sandbox.Services.Iam;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Eks;

public sealed partial class EksService
{
    private static readonly string[] s_authenticationModes = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];
    private static readonly string[] s_logTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    private const string ClusterAdminPolicyArn = AccessPolicyArnPrefix + "AmazonEKSClusterAdminPolicy";

    private static JsonObject CreateCluster(EksCall c)
    {
        var ctx = c.Ctx;
        var name = ctx.RequiredString("name");
        var tags = ReadTags(ctx.Object("tags"));
        ctx.Authorize("eks:CreateCluster", c.ClusterArn(name), TagConditions(tags));

        var token = ctx.String("clientRequestToken");
        if (c.State.Clusters.TryGetValue(name, out var existing))
        {
            if (token is not null && existing.ClientRequestToken == token)
            {
                return new JsonObject { ["cluster"] = ClusterJson(c, existing) };
            }

            throw EksErrors.InUse($"Cluster already exists with name: {name}");
        }

        var version = ctx.String("version") ?? DefaultVersion;
        if (!SupportedVersions.Contains(version))
        {
            throw EksErrors.InvalidParameter($"unsupported Kubernetes version {version}");
        }

        foreach (var unsupported in new[] { "encryptionConfig", "outpostConfig", "remoteNetworkConfig" })
        {
            if (ctx.Input[unsupported] is not null)
            {
                throw EksErrors.InvalidParameter($"The sandbox does not simulate {unsupported}.");
            }
        }

        if (ctx.Object("computeConfig")?["enabled"]?.GetValue<bool>() == true)
        {
            throw EksErrors.InvalidParameter("The sandbox does not simulate EKS Auto Mode (computeConfig.enabled).");
        }

        var access = ctx.Object("accessConfig");
        var mode = access?["authenticationMode"]?.GetValue<string>() ?? "CONFIG_MAP";
        var bootstrap = access?["bootstrapClusterCreatorAdminPermissions"]?.GetValue<bool>() ?? true;
        if (mode == "CONFIG_MAP" && !bootstrap)
        {
            throw EksErrors.InvalidParameter("bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP");
        }

        var roleArn = ctx.RequiredString("roleArn");
        var role = RequireServiceRole(c, roleArn, "eks.amazonaws.com");
        ctx.Authorize("iam:PassRole", roleArn, PassedTo("eks.amazonaws.com"));

        var vpcConfig = ctx.Object("resourcesVpcConfig") ?? throw EksErrors.InvalidParameter("resourcesVpcConfig is required");
        var ec2 = Ec2Service.ReadState(c.Account, c.Region);
        var subnetIds = Strings(vpcConfig["subnetIds"]);
        var subnets = RequireSubnets(ec2, subnetIds);
        if (subnets.Select(s => s.VpcId).Distinct().Count() > 1)
        {
            throw EksErrors.InvalidParameter("Subnets specified must belong to the same VPC.");
        }

        if (subnets.Count < 2 || subnets.Select(s => s.AvailabilityZone).Distinct().Count() < 2)
        {
            throw EksErrors.InvalidParameter("Subnets specified must be in at least two different AZs");
        }

        var vpcId = subnets[0].VpcId;
        var securityGroupIds = Strings(vpcConfig["securityGroupIds"]);
        foreach (var id in securityGroupIds)
        {
            if (!ec2.SecurityGroups.TryGetValue(id, out var group) || group.VpcId != vpcId)
            {
                throw EksErrors.InvalidParameter($"The security group '{id}' does not exist in VPC {vpcId}");
            }
        }

        var publicAccess = vpcConfig["endpointPublicAccess"]?.GetValue<bool>() ?? true;
        var privateAccess = vpcConfig["endpointPrivateAccess"]?.GetValue<bool>() ?? false;
        if (!publicAccess && !privateAccess)
        {
            throw EksErrors.InvalidParameter("Cluster must have either public or private endpoint access enabled.");
        }

        var publicCidrs = Strings(vpcConfig["publicAccessCidrs"]);
        ValidatePublicCidrs(publicCidrs);
        var serviceCidr = ServiceCidr(ctx.Object("kubernetesNetworkConfig"), ec2.Vpcs[vpcId].CidrBlock);
        var logTypes = EnabledLogTypes(ctx.Object("logging"), []);

        // EKS creates its service-linked role on first use, with the caller's permission to do so.
        EnsureServiceLinkedRole(c, "eks.amazonaws.com");

        var caller = ctx.RequiredCaller;
        var now = c.Now;
        var cluster = new EksClusterRecord
        {
            Name = name,
            Arn = c.ClusterArn(name),
            Version = version,
            RoleArn = role.Arn,
            CreatedAt = now,
            ActiveAt = ctx.Clock.CompletesAt(SandboxClock.Durations.Cluster),
            VpcId = vpcId,
            SubnetIds = subnetIds,
            SecurityGroupIds = securityGroupIds,
            EndpointPublicAccess = publicAccess,
            EndpointPrivateAccess = privateAccess,
            PublicAccessCidrs = publicCidrs.Count > 0 ? publicCidrs : ["0.0.0.0/0"],
            ServiceIpv4Cidr = serviceCidr,
            OidcId = SandboxHost.RandomAlphanumeric(32, "0123456789ABCDEF"),
            AuthenticationMode = mode,
            BootstrapClusterCreatorAdminPermissions = bootstrap,
            CreatorPrincipalArn = caller.PrincipalArn,
            CreatorPrincipalId = caller.Role?.RoleId ?? caller.User?.UserId ?? caller.AccountId,
            EnabledLogTypes = logTypes,
            PlatformVersion = "eks.1",
            ClientRequestToken = token,
            DeletionProtection = ctx.Bool("deletionProtection") ?? false,
            Tags = tags,
        };

        cluster.ClusterSecurityGroupId = Ec2RegionState.Update(c.Account, c.Region, state =>
        {
            var groupName = $"eks-cluster-sg-{name}-{SandboxHost.RandomDigits(10)}";
            var group = new Ec2SecurityGroup
            {
                GroupId = $"sg-{SandboxHost.RandomHex(17)}",
                GroupName = groupName,
                Description = "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
                VpcId = vpcId,
                ManagedBy = "eks",
                Tags = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Name"] = groupName,
                    ["aws:eks:cluster-name"] = name,
                    [$"kubernetes.io/cluster/{name}"] = "owned",
                },
            };
            group.Rules.Add(new Ec2SecurityGroupRule { RuleId = $"sgr-{SandboxHost.RandomHex(17)}", IpProtocol = "-1", ReferencedGroupId = group.GroupId });
            group.Rules.Add(new Ec2SecurityGroupRule { RuleId = $"sgr-{SandboxHost.RandomHex(17)}", IsEgress = true, IpProtocol = "-1", CidrIpv4 = "0.0.0.0/0" });
            state.SecurityGroups[group.GroupId] = group;
            return group.GroupId;
        });

        if (mode != "CONFIG_MAP" && bootstrap)
        {
            AddCreatorEntry(cluster, now);
        }

        c.State.Clusters[name] = cluster;

        // The reply describes the cluster as created, whatever the scaled clock says by the time it is written.
        return new JsonObject { ["cluster"] = ClusterJson(c, cluster, "CREATING") };
    }

    private static JsonObject DescribeCluster(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:DescribeCluster");
        return new JsonObject { ["cluster"] = ClusterJson(c, cluster) };
    }

    private static JsonObject ListClusters(EksCall c)
    {
        c.Ctx.Authorize("eks:ListClusters", "*");
        var (page, next) = Page(c, c.State.Clusters.Keys, n => n);
        var result = new JsonObject { ["clusters"] = new JsonArray([.. page.Select(n => (JsonNode)JsonValue.Create(n))]) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private static JsonObject DeleteCluster(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:DeleteCluster");
        var status = ClusterStatus(cluster, c.Now);
        if (status == "DELETING")
        {
            return new JsonObject { ["cluster"] = ClusterJson(c, cluster) };
        }

        if (cluster.Nodegroups.Count > 0)
        {
            throw EksErrors.InUse("Cluster has nodegroups attached");
        }

        if (status == "CREATING")
        {
            throw EksErrors.InUse($"Cluster {cluster.Name} is currently being created; delete it once it is ACTIVE.");
        }

        if (status == "UPDATING")
        {
            throw EksErrors.InUse($"Cluster {cluster.Name} has an update in progress.");
        }

        if (cluster.DeletionProtection)
        {
            throw EksErrors.InvalidRequest($"Cluster {cluster.Name} has deletion protection enabled; disable it with UpdateClusterConfig first.");
        }

        cluster.DeletedAt = c.Ctx.Clock.CompletesAt(SandboxClock.Durations.ClusterDelete);
        return new JsonObject { ["cluster"] = ClusterJson(c, cluster) };
    }

    private static JsonObject UpdateClusterConfig(EksCall c)
    {
        var ctx = c.Ctx;
        var cluster = c.AuthorizedCluster("eks:UpdateClusterConfig");
        var kinds = new[]
        {
            "resourcesVpcConfig", "logging", "accessConfig", "upgradePolicy", "zonalShiftConfig", "computeConfig",
            "kubernetesNetworkConfig", "storageConfig", "remoteNetworkConfig", "deletionProtection", "controlPlaneScalingConfig",
        }.Where(k => ctx.Input[k] is not null).ToList();
        if (kinds.Count == 0)
        {
            throw EksErrors.InvalidParameter("No changes needed: the request specifies no configuration to update.");
        }

        if (kinds.Count > 1)
        {
            throw EksErrors.InvalidParameter("Only one type of update can be allowed.");
        }

        var status = ClusterStatus(cluster, c.Now);
        if (status != "ACTIVE")
        {
            throw status == "UPDATING"
                ? EksErrors.InUse($"Cluster {cluster.Name} has an update in progress; only one update is allowed at a time.")
                : EksErrors.InUse($"Cluster {cluster.Name} is in {status} status; it must be ACTIVE to be updated.");
        }

        string type;
        List<EksUpdateParam> parameters;
        switch (kinds[0])
        {
            case "accessConfig":
                var wanted = ctx.Object("accessConfig")!["authenticationMode"]?.GetValue<string>()
                    ?? throw EksErrors.InvalidParameter("accessConfig.authenticationMode is required.");
                var from = Array.IndexOf(s_authenticationModes, cluster.AuthenticationMode);
                var to = Array.IndexOf(s_authenticationModes, wanted);

                // EKS moves one step at a time, towards access entries, and never back.
                if (to != from + 1)
                {
                    throw EksErrors.InvalidParameter($"Unsupported authentication mode update from {cluster.AuthenticationMode} to {wanted}");
                }

                type = "AccessConfigUpdate";
                parameters = [new() { Type = "AuthenticationMode", Value = wanted }];
                break;

            case "logging":
                var logTypes = EnabledLogTypes(ctx.Object("logging"), cluster.EnabledLogTypes);
                if (logTypes.Order(StringComparer.Ordinal).SequenceEqual(cluster.EnabledLogTypes.Order(StringComparer.Ordinal)))
                {
                    throw EksErrors.InvalidParameter("No changes needed for the logging config provided");
                }

                type = "LoggingUpdate";
                parameters = [new() { Type = "ClusterLogging", Value = LoggingJson(logTypes).ToJsonString() }];
                break;

            case "resourcesVpcConfig":
                var vpc = ctx.Object("resourcesVpcConfig")!;
                if (vpc["subnetIds"] is not null || vpc["securityGroupIds"] is not null || vpc["controlPlaneEgressMode"] is not null)
                {
                    throw EksErrors.InvalidParameter("The sandbox updates endpoint access only (endpointPublicAccess, endpointPrivateAccess, publicAccessCidrs).");
                }

                var publicAccess = vpc["endpointPublicAccess"]?.GetValue<bool>() ?? cluster.EndpointPublicAccess;
                var privateAccess = vpc["endpointPrivateAccess"]?.GetValue<bool>() ?? cluster.EndpointPrivateAccess;
                var cidrs = vpc["publicAccessCidrs"] is null ? cluster.PublicAccessCidrs : Strings(vpc["publicAccessCidrs"]);
                ValidatePublicCidrs(cidrs);
                if (!publicAccess && !privateAccess)
                {
                    throw EksErrors.InvalidParameter("Cluster must have either public or private endpoint access enabled.");
                }

                if (publicAccess == cluster.EndpointPublicAccess && privateAccess == cluster.EndpointPrivateAccess && cidrs.SequenceEqual(cluster.PublicAccessCidrs))
                {
                    throw EksErrors.InvalidParameter($"Cluster is already at the desired configuration with endpointPrivateAccess: {Lower(privateAccess)} , endpointPublicAccess: {Lower(publicAccess)}, and Public Endpoint Restrictions: [{string.Join(", ", cidrs)}]");
                }

                type = "EndpointAccessUpdate";
                parameters =
                [
                    new() { Type = "EndpointPublicAccess", Value = Lower(publicAccess) },
                    new() { Type = "EndpointPrivateAccess", Value = Lower(privateAccess) },
                    new() { Type = "PublicAccessCidrs", Value = JsonSerializer.Serialize(cidrs) },
                ];
                break;

            case "deletionProtection":
                var protect = ctx.Bool("deletionProtection") ?? false;
                type = "DeletionProtectionUpdate";
                parameters = [new() { Type = "DeletionProtection", Value = Lower(protect) }];
                break;

            default:
                throw EksErrors.InvalidParameter($"The sandbox does not simulate {kinds[0]} updates.");
        }

        var update = new EksUpdateRecord
        {
            Id = Guid.NewGuid().ToString(),
            Type = type,
            CreatedAt = c.Now,
            CompletesAt = ctx.Clock.CompletesAt(SandboxClock.Durations.ClusterUpdate),
            Params = parameters,
        };
        cluster.Updates.Add(update);
        return new JsonObject { ["update"] = UpdateJson(update) };
    }

    private static JsonObject DescribeUpdate(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:DescribeUpdate");
        var id = c.Ctx.RequiredString("updateId");
        var nodegroup = c.Ctx.String("nodegroupName");
        var update = cluster.Updates.FirstOrDefault(u => u.Id == id && u.NodegroupName == nodegroup)
            ?? throw EksErrors.NotFound($"No update found for ID: {id}");
        return new JsonObject { ["update"] = UpdateJson(update) };
    }

    private static JsonObject ListUpdates(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:ListUpdates");
        var nodegroup = c.Ctx.String("nodegroupName");
        if (nodegroup is not null && !cluster.Nodegroups.ContainsKey(nodegroup))
        {
            throw EksErrors.NotFound($"No node group found for name: {nodegroup}.");
        }

        var (page, next) = Page(c, cluster.Updates.Where(u => u.NodegroupName == nodegroup), u => u.Id);
        var result = new JsonObject { ["updateIds"] = new JsonArray([.. page.Select(u => (JsonNode)JsonValue.Create(u.Id))]) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    /// <summary>What a completed update changes; called when settling.</summary>
    private static void ApplyUpdate(EksClusterRecord cluster, EksUpdateRecord update)
    {
        string? Param(string type) => update.Params.FirstOrDefault(p => p.Type == type)?.Value;
        switch (update.Type)
        {
            case "AccessConfigUpdate":
                var mode = Param("AuthenticationMode")!;
                var wasConfigMapOnly = cluster.AuthenticationMode == "CONFIG_MAP";
                cluster.AuthenticationMode = mode;
                if (wasConfigMapOnly)
                {
                    // Turning access entries on gives the creator and the managed node roles entries, as EKS does,
                    // so neither loses access when aws-auth is later switched off.
                    if (cluster.BootstrapClusterCreatorAdminPermissions)
                    {
                        AddCreatorEntry(cluster, update.CompletesAt);
                    }

                    foreach (var nodegroup in cluster.Nodegroups.Values)
                    {
                        AddNodeRoleEntry(cluster, nodegroup.NodeRole, nodegroup.NodeRoleId, update.CompletesAt);
                    }
                }

                break;
            case "LoggingUpdate":
                var setups = JsonNode.Parse(Param("ClusterLogging")!)!.AsArray();
                cluster.EnabledLogTypes = [.. setups.Where(s => s!["enabled"]!.GetValue<bool>()).SelectMany(s => Strings(s!["types"]))];
                break;
            case "EndpointAccessUpdate":
                cluster.EndpointPublicAccess = Param("EndpointPublicAccess") == "true";
                cluster.EndpointPrivateAccess = Param("EndpointPrivateAccess") == "true";
                cluster.PublicAccessCidrs = JsonSerializer.Deserialize<List<string>>(Param("PublicAccessCidrs")!)!;
                break;
            case "DeletionProtectionUpdate":
                cluster.DeletionProtection = Param("DeletionProtection") == "true";
                break;
        }
    }

    // ---- helpers ----

    private static JsonObject ClusterJson(EksCall c, EksClusterRecord cluster, string? status = null)
    {
        status ??= ClusterStatus(cluster, c.Now);
        var (endpoint, certificateAuthority) = status is "ACTIVE" or "UPDATING" ? KubernetesEndpoint(c.Ctx.Host, cluster, c.Region, c.Account.Id) : (null, null);
        var json = new JsonObject
        {
            ["name"] = cluster.Name,
            ["arn"] = cluster.Arn,
            ["createdAt"] = JsonValue.Create(cluster.CreatedAt),
            ["version"] = cluster.Version,
        };
        if (endpoint is not null)
        {
            json["endpoint"] = endpoint;
        }

        json["roleArn"] = cluster.RoleArn;
        json["resourcesVpcConfig"] = new JsonObject
        {
            ["subnetIds"] = StringArray(cluster.SubnetIds),
            ["securityGroupIds"] = StringArray(cluster.SecurityGroupIds),
            ["clusterSecurityGroupId"] = cluster.ClusterSecurityGroupId,
            ["vpcId"] = cluster.VpcId,
            ["endpointPublicAccess"] = cluster.EndpointPublicAccess,
            ["endpointPrivateAccess"] = cluster.EndpointPrivateAccess,
            ["publicAccessCidrs"] = StringArray(cluster.PublicAccessCidrs),
        };
        json["kubernetesNetworkConfig"] = new JsonObject
        {
            ["serviceIpv4Cidr"] = cluster.ServiceIpv4Cidr,
            ["ipFamily"] = "ipv4",
            ["elasticLoadBalancing"] = new JsonObject { ["enabled"] = false },
        };
        json["logging"] = new JsonObject { ["clusterLogging"] = LoggingJson(cluster.EnabledLogTypes) };
        json["identity"] = new JsonObject { ["oidc"] = new JsonObject { ["issuer"] = OidcIssuer(c.Region, cluster) } };
        json["status"] = status;
        var certificate = new JsonObject();
        if (certificateAuthority is not null)
        {
            certificate["data"] = certificateAuthority;
        }

        json["certificateAuthority"] = certificate;
        if (cluster.ClientRequestToken is not null)
        {
            json["clientRequestToken"] = cluster.ClientRequestToken;
        }

        json["platformVersion"] = cluster.PlatformVersion;
        AddTags(json, cluster.Tags);
        json["health"] = new JsonObject { ["issues"] = new JsonArray() };
        json["accessConfig"] = new JsonObject
        {
            ["bootstrapClusterCreatorAdminPermissions"] = cluster.BootstrapClusterCreatorAdminPermissions,
            ["authenticationMode"] = cluster.AuthenticationMode,
        };
        json["upgradePolicy"] = new JsonObject { ["supportType"] = "STANDARD" };
        json["deletionProtection"] = cluster.DeletionProtection;
        return json;
    }

    private static JsonObject UpdateJson(EksUpdateRecord update) => new()
    {
        ["id"] = update.Id,
        ["status"] = update.Status,
        ["type"] = update.Type,
        ["params"] = new JsonArray([.. update.Params.Select(p => (JsonNode)new JsonObject { ["type"] = p.Type, ["value"] = p.Value })]),
        ["createdAt"] = JsonValue.Create(update.CreatedAt),
        ["errors"] = new JsonArray(),
    };

    /// <summary>EKS lists enabled and disabled log types as two setups.</summary>
    private static JsonArray LoggingJson(IReadOnlyCollection<string> enabled)
    {
        var result = new JsonArray();
        if (enabled.Count > 0)
        {
            result.Add(new JsonObject { ["types"] = StringArray(s_logTypes.Where(enabled.Contains)), ["enabled"] = true });
        }

        var disabled = s_logTypes.Where(t => !enabled.Contains(t)).ToList();
        if (disabled.Count > 0)
        {
            result.Add(new JsonObject { ["types"] = StringArray(disabled), ["enabled"] = false });
        }

        return result;
    }

    private static List<string> EnabledLogTypes(JsonObject? logging, IEnumerable<string> current)
    {
        var enabled = new HashSet<string>(current, StringComparer.Ordinal);
        foreach (var setup in logging?["clusterLogging"] as JsonArray ?? [])
        {
            var on = setup!["enabled"]?.GetValue<bool>() ?? false;
            foreach (var type in Strings(setup["types"]))
            {
                if (on)
                {
                    enabled.Add(type);
                }
                else
                {
                    enabled.Remove(type);
                }
            }
        }

        return [.. s_logTypes.Where(enabled.Contains)];
    }

    /// <summary>The role must exist in the caller's account, by its exact ARN, and trust <paramref name="service"/>.</summary>
    private static IamRole RequireServiceRole(EksCall c, string roleArn, string service)
    {
        if (IamService.ParseIamArn(roleArn) is not { Type: "role" } parsed)
        {
            throw EksErrors.InvalidParameter($"Invalid role ARN: {roleArn}");
        }

        if (parsed.AccountId != c.Account.Id)
        {
            throw EksErrors.InvalidParameter($"Role {roleArn} is not in account {c.Account.Id}; EKS uses roles of the cluster's own account.");
        }

        var role = IamService.FindRoleByArn(c.Ctx.State, roleArn)
            ?? throw EksErrors.InvalidParameter($"Role with arn: {roleArn}, does not exist.");
        bool trusted;
        try
        {
            var trust = PolicyDocument.Parse(role.AssumeRolePolicyDocument, PolicyKind.Trust);
            trusted = TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole") { ServicePrincipal = service }).Allowed;
        }
        catch (MalformedPolicyException)
        {
            trusted = false;
        }

        return trusted ? role : throw EksErrors.InvalidParameter($"Role {roleArn} cannot be assumed by the service principal {service}. Check the role's trust policy.");
    }

    private static void EnsureServiceLinkedRole(EksCall c, string service)
    {
        var spec = ServiceLinkedRoles.For(service)!;
        if (IamService.FindRole(c.Account, spec.RoleName) is null)
        {
            c.Ctx.Authorize("iam:CreateServiceLinkedRole", $"arn:{c.Ctx.Partition}:iam::{c.Account.Id}:role{spec.Path}{spec.RoleName}",
                new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["iam:AWSServiceName"] = [service] });
            IamService.EnsureServiceLinkedRole(c.Ctx.Host, c.Account, service);
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> PassedTo(string service) =>
        new(StringComparer.OrdinalIgnoreCase) { ["iam:PassedToService"] = [service] };

    private static List<Ec2Subnet> RequireSubnets(Ec2RegionState ec2, IEnumerable<string> ids) =>
        [.. ids.Distinct(StringComparer.Ordinal).Select(id => ec2.Subnets.TryGetValue(id, out var subnet)
            ? subnet
            : throw EksErrors.InvalidParameter($"The subnet ID '{id}' does not exist"))];

    private static void ValidatePublicCidrs(IEnumerable<string> cidrs)
    {
        foreach (var cidr in cidrs)
        {
            if (!Cidr.TryParse(cidr, out _))
            {
                throw EksErrors.InvalidParameter($"The following CIDRs are invalid in publicAccessCidrs: [{cidr}]");
            }
        }
    }

    /// <summary>The service CIDR: as asked (a private /12–/24 outside the VPC), else 10.100.0.0/16, or 172.20.0.0/16 in a 10.x VPC.</summary>
    private static string ServiceCidr(JsonObject? config, string vpcCidrText)
    {
        Cidr.TryParse(vpcCidrText, out var vpc);
        if (config?["ipFamily"]?.GetValue<string>() == "ipv6")
        {
            throw EksErrors.InvalidParameter("The sandbox simulates IPv4 clusters only.");
        }

        if (config?["serviceIpv4Cidr"]?.GetValue<string>() is not { } asked)
        {
            Cidr.TryParse("10.0.0.0/8", out var ten);
            return ten.Contains(vpc) ? "172.20.0.0/16" : "10.100.0.0/16";
        }

        if (!Cidr.TryParse(asked, out var cidr) || cidr.Prefix is < 12 or > 24 || !IsPrivate(cidr) || cidr.Overlaps(vpc))
        {
            throw EksErrors.InvalidParameter($"The specified serviceIpv4Cidr {asked} is invalid: it must be a private /12 to /24 block that does not overlap the VPC ({vpcCidrText}).");
        }

        return cidr.ToString();

        static bool IsPrivate(Cidr c) => new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }.Any(p => Cidr.TryParse(p, out var range) && range.Contains(c));
    }

    internal static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    internal static JsonArray StringArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    private static string Lower(bool value) => value ? "true" : "false";
}
