using System.Text;
using System.Text.Json.Nodes;
using EksSso.Engine.Aws.Signing;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Kubernetes;
using EksSso.Sandbox.Kubernetes.Auth;
using EksSso.Sandbox.Services.Eks;
using EksSso.Sandbox.State;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>
/// A sandbox with an Identity Center-style role (under the SSO path), a node role and a session of each, plus
/// builders for EKS bearer tokens, cluster views and cluster object stores.
/// </summary>
internal sealed class AuthTestBed
{
    public const string ClusterName = "demo";
    public const string SsoRoleName = "AWSReservedSSO_EKSClusterAdmin_0123456789abcdef";
    public const string SsoRolePath = "/aws-reserved/sso.amazonaws.com/";
    public const string NodeRoleName = "EksNodeRole";
    public const string InstanceId = "i-0123456789abcdef0";
    public const string NodeDnsName = "ip-10-0-1-23.us-east-1.compute.internal";

    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";

    public AuthTestBed(string sessionName = "eksadmin")
    {
        Host = SandboxHost.Create(new SandboxOptions { TimeScale = 0.0001 });
        lock (Host.Gate)
        {
            var account = Host.State.Account(Host.State.ManagementAccountId);
            SsoRole = Host.CreateRole(account, SsoRoleName, SsoRolePath, Trust);
            NodeRole = Host.CreateRole(account, NodeRoleName, "/", Trust);
            SsoSession = Host.IssueRoleSession(SsoRole, AccountId, sessionName, TimeSpan.FromHours(1), isRoleChain: false);
            NodeSession = Host.IssueRoleSession(NodeRole, AccountId, InstanceId, TimeSpan.FromHours(1), isRoleChain: false);
        }
    }

    public SandboxHost Host { get; }

    public string AccountId => Host.State.ManagementAccountId;

    public IamRole SsoRole { get; }

    public IamRole NodeRole { get; }

    public AccessKeyState SsoSession { get; }

    public AccessKeyState NodeSession { get; }

    /// <summary>The SSO role's ARN without its path, as aws-auth must name it.</summary>
    public string SsoRoleArnWithoutPath => $"arn:aws:iam::{AccountId}:role/{SsoRoleName}";

    public string SsoSessionArn => $"arn:aws:sts::{AccountId}:assumed-role/{SsoRoleName}/{SsoSession.SessionName}";

    public string AdminUserArn => $"arn:aws:iam::{AccountId}:user/{SandboxHost.AdminUserName}";

    public static AwsSigningCredentials Credentials(AccessKeyState key) => new(key.AccessKeyId, key.SecretAccessKey, key.SessionToken);

    /// <summary>A presigned GetCallerIdentity URL as <c>aws eks get-token</c> makes it.</summary>
    public static Uri PresignedUrl(
        AwsSigningCredentials credentials,
        string? clusterId = ClusterName,
        string baseUrl = "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
        string region = "us-east-1",
        DateTimeOffset? time = null,
        int expiresSeconds = 60) =>
        SigV4Signer.Presign(
            HttpMethod.Get,
            new Uri(baseUrl),
            clusterId is null ? [] : [new("x-k8s-aws-id", clusterId)],
            credentials,
            region,
            "sts",
            time ?? DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(expiresSeconds));

    public static string TokenFor(string url) => "k8s-aws-v1." + Base64Url(url);

    public static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Token(AccessKeyState? key = null) => TokenFor(PresignedUrl(Credentials(key ?? SsoSession)).AbsoluteUri);

    public EksClusterView Cluster(
        string authenticationMode = "API_AND_CONFIG_MAP",
        bool bootstrapCreatorAdmin = true,
        string creatorArn = "arn:aws:iam::111122223333:role/SomeoneElse",
        string creatorId = "AROAOTHER",
        IReadOnlyList<EksAccessEntryView>? entries = null,
        IReadOnlyList<EksNodegroupView>? nodegroups = null) =>
        new()
        {
            AccountId = AccountId,
            Region = "us-east-1",
            Name = ClusterName,
            Arn = $"arn:aws:eks:us-east-1:{AccountId}:cluster/{ClusterName}",
            Status = "ACTIVE",
            Version = "1.33",
            AuthenticationMode = authenticationMode,
            BootstrapClusterCreatorAdminPermissions = bootstrapCreatorAdmin,
            CreatorPrincipalArn = creatorArn,
            CreatorPrincipalId = creatorId,
            Endpoint = "https://127.0.0.1:9443",
            CertificateAuthorityData = "",
            OidcIssuer = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            ServiceIpv4Cidr = "10.100.0.0/16",
            VpcId = "vpc-0123",
            RoleArn = $"arn:aws:iam::{AccountId}:role/EksClusterRole",
            AccessEntries = entries ?? [],
            Nodegroups = nodegroups ?? [],
        };

    /// <summary>A STANDARD entry with EKS's default username, as CreateAccessEntry makes it.</summary>
    public static EksAccessEntryView Entry(string principalArn, string principalId, IReadOnlyList<string>? groups = null, params EksAccessPolicyAssociationView[] policies)
    {
        var arn = Engine.Aws.AwsArn.Parse(principalArn);
        var username = arn.ResourceType == "role" ? $"arn:aws:sts::{arn.AccountId}:assumed-role/{arn.Name}/{{{{SessionName}}}}" : principalArn;
        return new(principalArn, principalId, "STANDARD", username, groups ?? [], policies);
    }

    public EksAccessEntryView SsoEntry(bool withPath = true, IReadOnlyList<string>? groups = null, params EksAccessPolicyAssociationView[] policies) =>
        Entry(withPath ? SsoRole.Arn : SsoRoleArnWithoutPath, SsoRole.RoleId, groups, policies);

    public static EksAccessPolicyAssociationView Policy(string name, params string[] namespaces) =>
        new(EksService.AccessPolicyArnPrefix + name, name, namespaces.Length == 0 ? "cluster" : "namespace", namespaces);

    public EksNodegroupView Nodegroup() =>
        new(
            "workers",
            "ACTIVE",
            NodeRole.Arn,
            "AL2023_x86_64_STANDARD",
            new Dictionary<string, string>(),
            [],
            [new EksNodeView(InstanceId, NodeDnsName, "10.0.1.23", "subnet-1", "us-east-1a", "t3.medium", "workers", NodeRole.Arn)]);

    /// <summary>A cluster's object store with its namespaces, bootstrap policy and the given namespaces.</summary>
    public static KubeObjectStore Store(EksClusterView cluster, params string[] namespaces)
    {
        var store = new KubeObjectStore(new JsonObject(), cluster, DateTimeOffset.UtcNow);
        store.Bootstrap();
        foreach (var ns in namespaces)
        {
            store.Create(KubeResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        return store;
    }

    public static void AwsAuth(KubeObjectStore store, string? mapRoles = null, string? mapUsers = null, string? mapAccounts = null)
    {
        var data = new JsonObject();
        if (mapRoles is not null)
        {
            data["mapRoles"] = mapRoles;
        }

        if (mapUsers is not null)
        {
            data["mapUsers"] = mapUsers;
        }

        if (mapAccounts is not null)
        {
            data["mapAccounts"] = mapAccounts;
        }

        store.Create(KubeResources.ConfigMaps, "kube-system", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "aws-auth", ["namespace"] = "kube-system" },
            ["data"] = data,
        });
    }

    public static JsonObject Rule(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null)
    {
        var rule = new JsonObject
        {
            ["verbs"] = Array(verbs),
            ["apiGroups"] = Array(apiGroups),
            ["resources"] = Array(resources),
        };
        if (resourceNames is not null)
        {
            rule["resourceNames"] = Array(resourceNames);
        }

        return rule;
    }

    public static JsonObject NonResourceRule(string[] verbs, string[] urls) =>
        new() { ["verbs"] = Array(verbs), ["nonResourceURLs"] = Array(urls) };

    public static void Role(KubeObjectStore store, string ns, string name, params JsonObject[] rules) =>
        store.Create(KubeResources.Roles, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["rules"] = new JsonArray([.. rules]),
        });

    public static void ClusterRole(KubeObjectStore store, string name, JsonObject? labels, params JsonObject[] rules)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        store.Create(KubeResources.ClusterRoles, null, new JsonObject { ["metadata"] = metadata, ["rules"] = new JsonArray([.. rules]) });
    }

    public static void RoleBinding(KubeObjectStore store, string ns, string name, string roleKind, string roleName, string subjectKind, string subjectName) =>
        store.Create(KubeResources.RoleBindings, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
            ["subjects"] = new JsonArray(Subject(subjectKind, subjectName)),
        });

    public static void ClusterRoleBinding(KubeObjectStore store, string name, string roleName, string subjectKind, string subjectName) =>
        store.Create(KubeResources.ClusterRoleBindings, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = roleName },
            ["subjects"] = new JsonArray(Subject(subjectKind, subjectName)),
        });

    public KubeUser Authenticate(EksClusterView cluster, KubeObjectStore store, string? token = null) =>
        new EksTokenAuthenticator().Authenticate(Host, cluster, store, "Bearer " + (token ?? Token()));

    /// <summary>Asserts a bare 401 and returns the logged reason.</summary>
    public string Rejected(EksClusterView cluster, KubeObjectStore store, string token)
    {
        var error = Assert.Throws<KubeAuthException>(() => new EksTokenAuthenticator().Authenticate(Host, cluster, store, "Bearer " + token));
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Unauthorized", error.Reason);
        Assert.Equal("Unauthorized", error.Message);
        var detail = EksTokenAuthenticator.RejectionDetail(error);
        Assert.NotNull(detail);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(SsoSession.SessionToken!, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(SsoSession.SecretAccessKey, detail, StringComparison.Ordinal);
        return detail;
    }

    public static KubeRequestAttributes Resource(string verb, string resource, string? ns = null, string? name = null, string apiGroup = "", string? subresource = null) =>
        new(verb, apiGroup, resource, subresource, ns, name, true, $"/api/v1/{resource}");

    public static KubeRequestAttributes NonResource(string verb, string path) => new(verb, "", "", null, null, null, false, path);

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonObject Subject(string kind, string name) => kind == "ServiceAccount"
        ? new JsonObject { ["kind"] = kind, ["name"] = name }
        : new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = kind, ["name"] = name };
}
