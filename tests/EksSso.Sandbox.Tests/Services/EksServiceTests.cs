using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Eks;
using Xunit;

namespace EksSso.Sandbox.Tests.Services;

public sealed class EksServiceTests
{
    private const string Region = AwsHarness.Region;
    private const string ClusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    private const string EditPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";

    [Fact]
    public void CreateCluster_RefusesBadSubnetsRolesAndVersions()
    {
        var eks = new AwsHarness();
        var (vpc, subnets, clusterRole, nodeRole) = eks.ClusterPrerequisites();
        var sameZone = eks.CreateSubnet(vpc, "192.168.128.0/19", $"{Region}a");

        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", clusterRole, [subnets[0]])),
            "InvalidParameterException", 400, "at least two different AZs");
        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", clusterRole, [subnets[0], sameZone])),
            "InvalidParameterException", 400, "at least two different AZs");
        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", clusterRole, [subnets[0], "subnet-0123456789abcdef0"])),
            "InvalidParameterException", 400, "subnet-0123456789abcdef0");

        // The node role does not trust eks.amazonaws.com; a role that does not exist is no role at all.
        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", nodeRole, subnets)),
            "InvalidParameterException", 400, "eks.amazonaws.com");
        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", $"arn:aws:iam::{eks.AccountId}:role/missing", subnets)),
            "InvalidParameterException", 400, "does not exist");

        var oldVersion = eks.Fails("eks", "CreateCluster", new JsonObject
        {
            ["name"] = "demo",
            ["version"] = "1.29",
            ["roleArn"] = clusterRole,
            ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray(subnets[0], subnets[1]) },
        });
        AwsHarness.AssertError(oldVersion, "InvalidParameterException", 400, "unsupported Kubernetes version 1.29");

        Assert.Empty(eks.Call("eks", "ListClusters")["clusters"]!.AsArray());
        AwsHarness.AssertError(eks.Fails("eks", "DescribeCluster", new JsonObject { ["name"] = "demo" }), "ResourceNotFoundException", 404, "No cluster found for name: demo.");
    }

    [Fact]
    public void Cluster_GoesFromCreatingToActive()
    {
        var eks = new AwsHarness();
        var (vpc, subnets, clusterRole, _) = eks.ClusterPrerequisites();
        var created = eks.CreateCluster("demo", clusterRole, subnets);
        Assert.Equal("CREATING", created["status"]!.GetValue<string>());
        Assert.Null(created["endpoint"]);
        Assert.Null(created["certificateAuthority"]!["data"]);
        Assert.Equal("1.33", created["version"]!.GetValue<string>());
        Assert.Equal($"arn:aws:eks:{Region}:{eks.AccountId}:cluster/demo", created["arn"]!.GetValue<string>());
        Assert.Equal("CONFIG_MAP", created["accessConfig"]!["authenticationMode"]!.GetValue<string>());
        Assert.True(created["accessConfig"]!["bootstrapClusterCreatorAdminPermissions"]!.GetValue<bool>());
        Assert.Equal("10.100.0.0/16", created["kubernetesNetworkConfig"]!["serviceIpv4Cidr"]!.GetValue<string>());
        Assert.Matches($"^https://oidc\\.eks\\.{Region}\\.amazonaws\\.com/id/[0-9A-F]{{32}}$", created["identity"]!["oidc"]!["issuer"]!.GetValue<string>());
        Assert.Equal(vpc, created["resourcesVpcConfig"]!["vpcId"]!.GetValue<string>());

        AwsHarness.AssertError(Assert.Throws<SandboxException>(() => eks.CreateCluster("demo", clusterRole, subnets)), "ResourceInUseException", 409);

        var active = eks.WaitForClusterStatus("demo", "ACTIVE");
        Assert.Matches($"^https://[0-9A-F]{{32}}\\.gr7\\.{Region}\\.eks\\.amazonaws\\.com$", active["endpoint"]!.GetValue<string>());
        var pem = Encoding.ASCII.GetString(Convert.FromBase64String(active["certificateAuthority"]!["data"]!.GetValue<string>()));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal);
        Assert.Equal(["demo"], eks.Call("eks", "ListClusters")["clusters"]!.AsArray().Select(c => c!.GetValue<string>()));

        // EKS made its service-linked role and the cluster security group.
        Assert.Contains("AWSServiceRoleForAmazonEKS", eks.Host.State.Account(eks.AccountId).Iam.Roles.Keys);
        var clusterGroup = active["resourcesVpcConfig"]!["clusterSecurityGroupId"]!.GetValue<string>();
        var group = eks.Call("ec2", "DescribeSecurityGroups", new JsonObject { ["GroupIds"] = new JsonArray(clusterGroup) })["SecurityGroups"]![0]!;
        Assert.StartsWith("eks-cluster-sg-demo-", group["GroupName"]!.GetValue<string>(), StringComparison.Ordinal);

        var view = EksService.FindCluster(eks.Host, eks.AccountId, Region, "demo")!;
        Assert.Equal("ACTIVE", view.Status);
        Assert.Equal($"arn:aws:iam::{eks.AccountId}:user/admin", view.CreatorPrincipalArn);
        Assert.True(view.UsesAwsAuth);
        Assert.False(view.UsesAccessEntries);
        Assert.Equal(active["endpoint"]!.GetValue<string>(), view.Endpoint);
    }

    [Fact]
    public void Nodegroup_BecomesActiveWithInstances_AndBlocksClusterDeletion()
    {
        // Slow enough that the cluster is still CREATING when the first nodegroup is asked for.
        var eks = new AwsHarness(timeScale: 0.001);
        var (_, subnets, clusterRole, nodeRole) = eks.ClusterPrerequisites();
        eks.CreateCluster("demo", clusterRole, subnets);
        var nodegroupInput = new JsonObject
        {
            ["clusterName"] = "demo",
            ["nodegroupName"] = "workers",
            ["nodeRole"] = nodeRole,
            ["subnets"] = new JsonArray(subnets[0], subnets[1]),
            ["scalingConfig"] = new JsonObject { ["minSize"] = 1, ["maxSize"] = 4, ["desiredSize"] = 3 },
        };
        AwsHarness.AssertError(eks.Fails("eks", "CreateNodegroup", nodegroupInput), "InvalidRequestException", 400, "Cluster 'demo' is not in ACTIVE status");
        eks.WaitForClusterStatus("demo", "ACTIVE");

        var badScaling = (JsonObject)nodegroupInput.DeepClone();
        badScaling["scalingConfig"] = new JsonObject { ["minSize"] = 1, ["maxSize"] = 2, ["desiredSize"] = 3 };
        AwsHarness.AssertError(eks.Fails("eks", "CreateNodegroup", badScaling), "InvalidParameterException", 400);
        var clusterRoleAsNodeRole = (JsonObject)nodegroupInput.DeepClone();
        clusterRoleAsNodeRole["nodeRole"] = clusterRole;
        AwsHarness.AssertError(eks.Fails("eks", "CreateNodegroup", clusterRoleAsNodeRole), "InvalidParameterException", 400, "ec2.amazonaws.com");

        var created = eks.Call("eks", "CreateNodegroup", nodegroupInput)["nodegroup"]!;
        Assert.Equal("CREATING", created["status"]!.GetValue<string>());
        Assert.Equal("AL2023_x86_64_STANDARD", created["amiType"]!.GetValue<string>());
        Assert.Equal("t3.medium", created["instanceTypes"]![0]!.GetValue<string>());
        Assert.Equal("ON_DEMAND", created["capacityType"]!.GetValue<string>());
        Assert.Matches($"^arn:aws:eks:{Region}:{eks.AccountId}:nodegroup/demo/workers/[0-9a-f-]{{36}}$", created["nodegroupArn"]!.GetValue<string>());
        Assert.StartsWith("eks-workers-", created["resources"]!["autoScalingGroups"]![0]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        AwsHarness.AssertError(eks.Fails("eks", "CreateNodegroup", nodegroupInput), "ResourceInUseException", 409);

        AwsHarness.WaitFor(
            () => eks.Call("eks", "DescribeNodegroup", new JsonObject { ["clusterName"] = "demo", ["nodegroupName"] = "workers" })["nodegroup"]!,
            n => n["status"]!.GetValue<string>() == "ACTIVE");
        var view = EksService.FindCluster(eks.Host, eks.AccountId, Region, "demo")!;
        var nodes = view.Nodes.ToList();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n =>
        {
            Assert.Matches("^i-[0-9a-f]{17}$", n.InstanceId);
            Assert.Matches($"^ip-192-168-\\d+-\\d+\\.{Region}\\.compute\\.internal$", n.PrivateDnsName);
            Assert.Contains(n.SubnetId, subnets);
            Assert.Equal(nodeRole, n.NodeRole);
        });
        Assert.Equal(2, nodes.Select(n => n.SubnetId).Distinct().Count());

        // Nodes take addresses from their subnets; the subnets cannot go while the cluster holds them.
        var subnet = eks.Call("ec2", "DescribeSubnets", new JsonObject { ["SubnetIds"] = new JsonArray(subnets[0]) })["Subnets"]![0]!;
        Assert.True(subnet["AvailableIpAddressCount"]!.GetValue<int>() < 8187);
        AwsHarness.AssertError(eks.Fails("ec2", "DeleteSubnet", new JsonObject { ["SubnetId"] = subnets[0] }), "DependencyViolation", 400);

        AwsHarness.AssertError(eks.Fails("eks", "DeleteCluster", new JsonObject { ["name"] = "demo" }), "ResourceInUseException", 409, "Cluster has nodegroups attached");
        var deleting = eks.Call("eks", "DeleteNodegroup", new JsonObject { ["clusterName"] = "demo", ["nodegroupName"] = "workers" })["nodegroup"]!;
        Assert.Equal("DELETING", deleting["status"]!.GetValue<string>());
        AwsHarness.WaitFor(
            () => eks.Call("eks", "ListNodegroups", new JsonObject { ["clusterName"] = "demo" })["nodegroups"]!.AsArray(),
            list => list.Count == 0);
        AwsHarness.AssertError(eks.Fails("eks", "DescribeNodegroup", new JsonObject { ["clusterName"] = "demo", ["nodegroupName"] = "workers" }), "ResourceNotFoundException", 404);

        Assert.Equal("DELETING", eks.Call("eks", "DeleteCluster", new JsonObject { ["name"] = "demo" })["cluster"]!["status"]!.GetValue<string>());
        AwsHarness.WaitFor(() => eks.Call("eks", "ListClusters")["clusters"]!.AsArray(), list => list.Count == 0);
        Assert.Null(EksService.FindCluster(eks.Host, eks.AccountId, Region, "demo"));

        // With the cluster gone, its security group is gone and the network can be torn down.
        eks.Call("ec2", "DeleteSubnet", new JsonObject { ["SubnetId"] = subnets[0] });
        eks.Call("ec2", "DeleteSubnet", new JsonObject { ["SubnetId"] = subnets[1] });
        Assert.Single(eks.Call("ec2", "DescribeSecurityGroups")["SecurityGroups"]!.AsArray());
    }

    [Fact]
    public void AccessEntries_NeedAnApiAuthenticationMode_AndTheModeOnlyMovesForward()
    {
        // Slow enough to see the cluster UPDATING while the access config update runs.
        var eks = new AwsHarness(timeScale: 0.003);
        var (_, subnets, clusterRole, _) = eks.ClusterPrerequisites();
        var admins = eks.CreateRole("AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef", eks.AccountTrust, "/aws-reserved/sso.amazonaws.com/");
        eks.CreateCluster("demo", clusterRole, subnets);
        eks.WaitForClusterStatus("demo", "ACTIVE");

        var entry = new JsonObject { ["clusterName"] = "demo", ["principalArn"] = admins };
        AwsHarness.AssertError(eks.Fails("eks", "CreateAccessEntry", entry), "InvalidRequestException", 400,
            "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
        AwsHarness.AssertError(eks.Fails("eks", "ListAccessEntries", new JsonObject { ["clusterName"] = "demo" }), "InvalidRequestException", 400);

        // CONFIG_MAP → API directly skips a step; CONFIG_MAP → API_AND_CONFIG_MAP is the way.
        AwsHarness.AssertError(eks.Fails("eks", "UpdateClusterConfig", AccessConfig("demo", "API")), "InvalidParameterException", 400,
            "Unsupported authentication mode update from CONFIG_MAP to API");
        var update = eks.Call("eks", "UpdateClusterConfig", AccessConfig("demo", "API_AND_CONFIG_MAP"))["update"]!;
        Assert.Equal("InProgress", update["status"]!.GetValue<string>());
        Assert.Equal("AccessConfigUpdate", update["type"]!.GetValue<string>());
        Assert.Equal("API_AND_CONFIG_MAP", update["params"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("UPDATING", eks.DescribeCluster("demo")["status"]!.GetValue<string>());
        AwsHarness.AssertError(eks.Fails("eks", "UpdateClusterConfig", AccessConfig("demo", "API")), "ResourceInUseException", 409);

        var updateId = update["id"]!.GetValue<string>();
        AwsHarness.WaitFor(
            () => eks.Call("eks", "DescribeUpdate", new JsonObject { ["name"] = "demo", ["updateId"] = updateId })["update"]!,
            u => u["status"]!.GetValue<string>() == "Successful");
        Assert.Equal([updateId], eks.Call("eks", "ListUpdates", new JsonObject { ["name"] = "demo" })["updateIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        var cluster = eks.DescribeCluster("demo");
        Assert.Equal("ACTIVE", cluster["status"]!.GetValue<string>());
        Assert.Equal("API_AND_CONFIG_MAP", cluster["accessConfig"]!["authenticationMode"]!.GetValue<string>());

        var created = eks.Call("eks", "CreateAccessEntry", entry)["accessEntry"]!;
        Assert.Equal("STANDARD", created["type"]!.GetValue<string>());
        Assert.Equal($"arn:aws:sts::{eks.AccountId}:assumed-role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef/{{{{SessionName}}}}", created["username"]!.GetValue<string>());
        Assert.StartsWith($"arn:aws:eks:{Region}:{eks.AccountId}:access-entry/demo/role/{eks.AccountId}/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef/",
            created["accessEntryArn"]!.GetValue<string>(), StringComparison.Ordinal);

        // The role named without its path is the same principal.
        var withoutPath = $"arn:aws:iam::{eks.AccountId}:role/AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef";
        AwsHarness.AssertError(eks.Fails("eks", "CreateAccessEntry", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = withoutPath }), "ResourceInUseException", 409);
        Assert.Equal(admins, eks.Call("eks", "DescribeAccessEntry", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = withoutPath })["accessEntry"]!["principalArn"]!.GetValue<string>());

        // Forward only: back to CONFIG_MAP is refused.
        AwsHarness.AssertError(eks.Fails("eks", "UpdateClusterConfig", AccessConfig("demo", "CONFIG_MAP")), "InvalidParameterException", 400,
            "Unsupported authentication mode update from API_AND_CONFIG_MAP to CONFIG_MAP");
    }

    [Fact]
    public void ApiCluster_RefusesCONFIG_MAP_AndGivesItsCreatorAnAdminEntry()
    {
        var eks = new AwsHarness();
        var (_, subnets, clusterRole, _) = eks.ClusterPrerequisites();
        eks.CreateRole("Deployer", eks.AccountTrust, "/ops/");
        eks.Call("iam", "AttachRolePolicy", new JsonObject { ["RoleName"] = "Deployer", ["PolicyArn"] = "arn:aws:iam::aws:policy/AdministratorAccess" });
        var deployer = eks.AssumedRole("Deployer", "pipeline");

        eks.CreateCluster("api", clusterRole, subnets, "API", deployer);
        eks.WaitForClusterStatus("api", "ACTIVE");
        AwsHarness.AssertError(eks.Fails("eks", "UpdateClusterConfig", AccessConfig("api", "CONFIG_MAP")), "InvalidParameterException", 400,
            "Unsupported authentication mode update from API to CONFIG_MAP");

        // The creator is the role (with its path), not the session.
        var creator = $"arn:aws:iam::{eks.AccountId}:role/ops/Deployer";
        var entries = eks.Call("eks", "ListAccessEntries", new JsonObject { ["clusterName"] = "api" })["accessEntries"]!.AsArray();
        Assert.Equal(creator, Assert.Single(entries)!.GetValue<string>());
        var policies = eks.Call("eks", "ListAssociatedAccessPolicies", new JsonObject { ["clusterName"] = "api", ["principalArn"] = creator });
        var association = Assert.Single(policies["associatedAccessPolicies"]!.AsArray())!;
        Assert.Equal(ClusterAdminPolicy, association["policyArn"]!.GetValue<string>());
        Assert.Equal("cluster", association["accessScope"]!["type"]!.GetValue<string>());
        Assert.Single(eks.Call("eks", "ListAccessEntries", new JsonObject { ["clusterName"] = "api", ["associatedPolicyArn"] = ClusterAdminPolicy })["accessEntries"]!.AsArray());

        var view = EksService.FindCluster(eks.Host, eks.AccountId, Region, "api")!;
        Assert.Equal(creator, view.CreatorPrincipalArn);
        Assert.False(view.UsesAwsAuth);
        var entry = Assert.Single(view.AccessEntries);
        Assert.Equal("AmazonEKSClusterAdminPolicy", Assert.Single(entry.Policies).PolicyName);

        // Without bootstrap permissions the creator gets no entry; CONFIG_MAP cannot do without them.
        var noBootstrap = eks.Fails("eks", "CreateCluster", new JsonObject
        {
            ["name"] = "strict",
            ["roleArn"] = clusterRole,
            ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray(subnets[0], subnets[1]) },
            ["accessConfig"] = new JsonObject { ["bootstrapClusterCreatorAdminPermissions"] = false },
        });
        AwsHarness.AssertError(noBootstrap, "InvalidParameterException", 400, "bootstrapClusterCreatorAdminPermissions");
    }

    [Fact]
    public void AccessPolicies_AssociateWithNamespaceScope()
    {
        var eks = new AwsHarness();
        var (_, subnets, clusterRole, nodeRole) = eks.ClusterPrerequisites();
        var developers = eks.CreateRole("developers", eks.AccountTrust);
        eks.CreateCluster("demo", clusterRole, subnets, "API_AND_CONFIG_MAP");
        eks.WaitForClusterStatus("demo", "ACTIVE");

        var catalog = eks.Call("eks", "ListAccessPolicies")["accessPolicies"]!.AsArray().Select(p => p!["arn"]!.GetValue<string>()).ToList();
        Assert.Contains(ClusterAdminPolicy, catalog);
        Assert.Contains(EditPolicy, catalog);
        Assert.Contains("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", catalog);

        AwsHarness.AssertError(eks.Fails("eks", "CreateAccessEntry", new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = developers,
            ["kubernetesGroups"] = new JsonArray("system:masters"),
        }), "InvalidParameterException", 400, "system:");
        AwsHarness.AssertError(eks.Fails("eks", "CreateAccessEntry", new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = $"arn:aws:sts::{eks.AccountId}:assumed-role/developers/alice",
        }), "InvalidParameterException", 400, "invalid principal");
        AwsHarness.AssertError(eks.Fails("eks", "CreateAccessEntry", new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = nodeRole,
            ["type"] = "EC2_LINUX",
            ["kubernetesGroups"] = new JsonArray("nodes"),
        }), "InvalidParameterException", 400);

        eks.Call("eks", "CreateAccessEntry", new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = developers,
            ["kubernetesGroups"] = new JsonArray("developers"),
        });
        var scope = new JsonObject
        {
            ["clusterName"] = "demo",
            ["principalArn"] = developers,
            ["policyArn"] = EditPolicy,
            ["accessScope"] = new JsonObject { ["type"] = "namespace" },
        };
        AwsHarness.AssertError(eks.Fails("eks", "AssociateAccessPolicy", scope), "InvalidParameterException", 400, "namespaces");
        scope["accessScope"] = new JsonObject { ["type"] = "namespace", ["namespaces"] = new JsonArray("team-a", "team-b") };
        var associated = eks.Call("eks", "AssociateAccessPolicy", scope)["associatedAccessPolicy"]!;
        Assert.Equal(["team-a", "team-b"], associated["accessScope"]!["namespaces"]!.AsArray().Select(n => n!.GetValue<string>()));

        var unknown = (JsonObject)scope.DeepClone();
        unknown["policyArn"] = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSSuperPolicy";
        AwsHarness.AssertError(eks.Fails("eks", "AssociateAccessPolicy", unknown), "ResourceNotFoundException", 404);

        var entry = EksService.FindCluster(eks.Host, eks.AccountId, Region, "demo")!.AccessEntries.Single(e => e.PrincipalArn == developers);
        var policy = Assert.Single(entry.Policies);
        Assert.Equal("namespace", policy.ScopeType);
        Assert.Equal(["team-a", "team-b"], policy.Namespaces);
        Assert.Equal(["developers"], entry.KubernetesGroups);

        eks.Call("eks", "DisassociateAccessPolicy", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = developers, ["policyArn"] = EditPolicy });
        Assert.Empty(eks.Call("eks", "ListAssociatedAccessPolicies", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = developers })["associatedAccessPolicies"]!.AsArray());
        eks.Call("eks", "DeleteAccessEntry", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = developers });
        AwsHarness.AssertError(eks.Fails("eks", "DescribeAccessEntry", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = developers }), "ResourceNotFoundException", 404);
    }

    [Fact]
    public void Nodegroup_OnAnApiCluster_GetsANodeAccessEntry_AndTagsWork()
    {
        var eks = new AwsHarness();
        var (_, subnets, clusterRole, nodeRole) = eks.ClusterPrerequisites();
        var cluster = eks.CreateCluster("demo", clusterRole, subnets, "API_AND_CONFIG_MAP");
        eks.WaitForClusterStatus("demo", "ACTIVE");
        eks.Call("eks", "CreateNodegroup", new JsonObject
        {
            ["clusterName"] = "demo",
            ["nodegroupName"] = "workers",
            ["nodeRole"] = nodeRole,
            ["subnets"] = new JsonArray(subnets[0]),
        });
        var nodeEntry = eks.Call("eks", "DescribeAccessEntry", new JsonObject { ["clusterName"] = "demo", ["principalArn"] = nodeRole })["accessEntry"]!;
        Assert.Equal("EC2_LINUX", nodeEntry["type"]!.GetValue<string>());
        Assert.Equal("system:node:{{EC2PrivateDNSName}}", nodeEntry["username"]!.GetValue<string>());
        Assert.Equal(["system:nodes"], nodeEntry["kubernetesGroups"]!.AsArray().Select(g => g!.GetValue<string>()));

        var arn = cluster["arn"]!.GetValue<string>();
        eks.Call("eks", "TagResource", new JsonObject { ["resourceArn"] = arn, ["tags"] = new JsonObject { ["team"] = "platform", ["env"] = "dev" } });
        eks.Call("eks", "UntagResource", new JsonObject { ["resourceArn"] = arn, ["tagKeys"] = new JsonArray("env") });
        var tags = eks.Call("eks", "ListTagsForResource", new JsonObject { ["resourceArn"] = arn })["tags"]!.AsObject();
        Assert.Equal("platform", Assert.Single(tags).Value!.GetValue<string>());
        AwsHarness.AssertError(eks.Fails("eks", "ListTagsForResource", new JsonObject { ["resourceArn"] = $"arn:aws:eks:{Region}:{eks.AccountId}:cluster/other" }), "NotFoundException", 404);
    }

    [Fact]
    public void NetworkClusterAndAccessEntries_SurviveASaveAndALoad()
    {
        var directory = Directory.CreateTempSubdirectory("eks-sandbox-state-");
        try
        {
            string clusterArn;
            string vpc;
            {
                var before = new AwsHarness(stateDirectory: directory.FullName);
                var (vpcId, subnets, clusterRole, nodeRole) = before.ClusterPrerequisites();
                vpc = vpcId;
                clusterArn = before.CreateCluster("kept", clusterRole, subnets, "API_AND_CONFIG_MAP")["arn"]!.GetValue<string>();
                before.WaitForClusterStatus("kept", "ACTIVE");
                before.Call("eks", "CreateNodegroup", new JsonObject
                {
                    ["clusterName"] = "kept",
                    ["nodegroupName"] = "workers",
                    ["nodeRole"] = nodeRole,
                    ["subnets"] = new JsonArray(subnets[0], subnets[1]),
                    ["labels"] = new JsonObject { ["role"] = "worker" },
                    ["taints"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["value"] = "ops", ["effect"] = "NO_SCHEDULE" }),
                });
                before.Call("iam", "CreatePolicy", new JsonObject { ["PolicyName"] = "kept", ["PolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""" });
                before.Call("iam", "CreateInstanceProfile", new JsonObject { ["InstanceProfileName"] = "kept" });
                before.Host.Save();
            }

            var after = new AwsHarness(stateDirectory: directory.FullName);
            var cluster = after.DescribeCluster("kept");
            Assert.Equal(clusterArn, cluster["arn"]!.GetValue<string>());
            Assert.Equal("API_AND_CONFIG_MAP", cluster["accessConfig"]!["authenticationMode"]!.GetValue<string>());
            var view = EksService.FindCluster(after.Host, after.AccountId, Region, "kept")!;
            var nodegroup = Assert.Single(view.Nodegroups);
            Assert.Equal("worker", nodegroup.Labels["role"]);
            Assert.Equal("NO_SCHEDULE", Assert.Single(nodegroup.Taints).Effect);
            Assert.Equal(2, view.AccessEntries.Count);
            Assert.Equal(vpc, Assert.Single(after.Call("ec2", "DescribeVpcs")["Vpcs"]!.AsArray())!["VpcId"]!.GetValue<string>());
            Assert.Single(after.Call("iam", "ListPolicies", new JsonObject { ["Scope"] = "Local" })["Policies"]!.AsArray());
            after.Call("iam", "GetInstanceProfile", new JsonObject { ["InstanceProfileName"] = "kept" });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonObject AccessConfig(string cluster, string mode) =>
        new() { ["name"] = cluster, ["accessConfig"] = new JsonObject { ["authenticationMode"] = mode } };
}
