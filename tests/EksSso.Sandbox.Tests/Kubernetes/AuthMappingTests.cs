using EksSso.Sandbox.Kubernetes.Auth;
using EksSso.Sandbox.Services.Eks;
using Xunit;

namespace EksSso.Sandbox.Tests.Kubernetes;

/// <summary>Who a verified AWS principal is in the cluster: access entries, the cluster creator, aws-auth.</summary>
public sealed class AuthMappingTests
{
    private readonly AuthTestBed _bed = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_access_entry_maps_the_role_session_whether_it_names_the_role_with_or_without_its_path(bool withPath)
    {
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry(withPath, groups: ["eks-admins"])]);

        var user = _bed.Authenticate(cluster, AuthTestBed.Store(cluster));

        Assert.Equal(_bed.SsoSessionArn, user.Name);
        Assert.Equal(["eks-admins", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void An_access_entry_username_template_is_rendered_with_the_session_and_account()
    {
        var bed = new AuthTestBed("alice@example.com");
        var entry = bed.SsoEntry() with { Username = "sso:{{SessionName}}:{{SessionNameRaw}}:{{AccountID}}" };
        var cluster = bed.Cluster(entries: [entry]);

        var user = bed.Authenticate(cluster, AuthTestBed.Store(cluster));

        Assert.Equal($"sso:alice-example.com:alice@example.com:{bed.AccountId}", user.Name);
    }

    [Fact]
    public void An_access_entry_of_a_role_deleted_and_recreated_under_the_same_name_no_longer_maps()
    {
        var stale = AuthTestBed.Entry(_bed.SsoRole.Arn, "AROAOLDROLEIDOLDROLE");
        var cluster = _bed.Cluster(authenticationMode: "API", entries: [stale]);

        var detail = _bed.Rejected(cluster, AuthTestBed.Store(cluster), _bed.Token());

        Assert.Contains("no access entry", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cluster_creator_is_system_masters_in_CONFIG_MAP_mode()
    {
        var cluster = _bed.Cluster(authenticationMode: "CONFIG_MAP", creatorArn: _bed.SsoRole.Arn, creatorId: _bed.SsoRole.RoleId);

        var user = _bed.Authenticate(cluster, AuthTestBed.Store(cluster));

        Assert.Equal(EksIdentityMapper.ClusterCreatorUsername, user.Name);
        Assert.Equal(["system:masters", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void The_cluster_creator_is_its_access_entry_in_API_mode_and_nothing_without_it()
    {
        var creatorEntry = AuthTestBed.Entry(_bed.SsoRole.Arn, _bed.SsoRole.RoleId, null, AuthTestBed.Policy("AmazonEKSClusterAdminPolicy"));
        var withEntry = _bed.Cluster(authenticationMode: "API", creatorArn: _bed.SsoRole.Arn, creatorId: _bed.SsoRole.RoleId, entries: [creatorEntry]);
        var store = AuthTestBed.Store(withEntry);

        var user = _bed.Authenticate(withEntry, store);
        Assert.Equal(_bed.SsoSessionArn, user.Name);
        Assert.Equal(["system:authenticated"], user.Groups);
        var decision = new EksAuthorizer().Authorize(withEntry, store, user, AuthTestBed.Resource("delete", "namespaces", name: "default"));
        Assert.True(decision.Allowed);
        Assert.StartsWith("EKS Access Policy: allowed by ClusterRoleBinding", decision.Reason, StringComparison.Ordinal);

        var withoutEntry = withEntry with { AccessEntries = [] };
        Assert.Contains("no access entry", _bed.Rejected(withoutEntry, AuthTestBed.Store(withoutEntry), _bed.Token()), StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_auth_mapRoles_matches_the_role_without_its_path_and_renders_the_session_name()
    {
        var bed = new AuthTestBed("alice@example.com");
        var cluster = bed.Cluster(authenticationMode: "CONFIG_MAP");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: $$$"""
            - rolearn: {{{bed.SsoRoleArnWithoutPath}}}
              username: "sso-{{SessionName}}"
              groups:
                - eks-admins
            """);

        var user = bed.Authenticate(cluster, store);

        Assert.Equal("sso-alice-example.com", user.Name);
        Assert.Equal(["eks-admins", "system:authenticated"], user.Groups);
        Assert.Equal([bed.SsoRoleArnWithoutPath], user.Extra["canonicalArn"]);
    }

    [Fact]
    public void Aws_auth_mapRoles_naming_the_role_with_its_path_does_not_match_as_on_EKS()
    {
        var cluster = _bed.Cluster(authenticationMode: "CONFIG_MAP");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: $"""
            - rolearn: {_bed.SsoRole.Arn}
              username: admin
              groups: [system:masters]
            """);

        Assert.Contains("no aws-auth mapping", _bed.Rejected(cluster, store, _bed.Token()), StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_auth_mapUsers_matches_the_iam_user_arn()
    {
        var cluster = _bed.Cluster(authenticationMode: "API_AND_CONFIG_MAP");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapUsers: $"""
            - userarn: {_bed.AdminUserArn}
              username: ops-admin
              groups:
                - system:masters
            """);

        var user = _bed.Authenticate(cluster, store, _bed.Token(_bed.Host.AdminKey));

        Assert.Equal("ops-admin", user.Name);
        Assert.Equal(["system:masters", "system:authenticated"], user.Groups);
        Assert.Equal([string.Empty], user.Extra["sessionName"]);
    }

    [Fact]
    public void Aws_auth_mapAccounts_maps_any_principal_of_the_account_to_its_canonical_arn()
    {
        var cluster = _bed.Cluster(authenticationMode: "CONFIG_MAP");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapAccounts: $"- \"{_bed.AccountId}\"\n");

        var user = _bed.Authenticate(cluster, store);

        Assert.Equal(_bed.SsoRoleArnWithoutPath, user.Name);
        Assert.Equal(["system:authenticated"], user.Groups);
    }

    [Fact]
    public void An_unparsable_aws_auth_maps_nobody()
    {
        var cluster = _bed.Cluster(authenticationMode: "CONFIG_MAP");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: $"""
            - rolearn: {_bed.SsoRoleArnWithoutPath}
              username: admin
              groups: [system:masters
            """);

        Assert.Contains("does not parse", _bed.Rejected(cluster, store, _bed.Token()), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_aws_auth_does_not_stop_access_entries()
    {
        var cluster = _bed.Cluster(entries: [_bed.SsoEntry()]);
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: "{ this is: [not, a list");

        Assert.Equal(_bed.SsoSessionArn, _bed.Authenticate(cluster, store).Name);
    }

    [Theory]
    [InlineData("CONFIG_MAP")]
    [InlineData("API_AND_CONFIG_MAP")]
    [InlineData("API")]
    public void An_unmapped_principal_is_unauthorized(string mode)
    {
        var cluster = _bed.Cluster(authenticationMode: mode);
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: """
            - rolearn: arn:aws:iam::111122223333:role/Someone
              username: someone
            """);

        var detail = _bed.Rejected(cluster, store, _bed.Token());

        Assert.Contains($"{_bed.SsoSessionArn} (canonical {_bed.SsoRoleArnWithoutPath}) is not mapped", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void API_mode_ignores_aws_auth()
    {
        var cluster = _bed.Cluster(authenticationMode: "API");
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: $"""
            - rolearn: {_bed.SsoRoleArnWithoutPath}
              username: admin
            """);

        Assert.Contains("no access entry", _bed.Rejected(cluster, store, _bed.Token()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_role_session_named_by_its_instance_maps_to_the_node_through_aws_auth()
    {
        var cluster = _bed.Cluster(authenticationMode: "CONFIG_MAP", nodegroups: [_bed.Nodegroup()]);
        var store = AuthTestBed.Store(cluster);
        AuthTestBed.AwsAuth(store, mapRoles: $$$"""
            - rolearn: {{{_bed.NodeRole.Arn}}}
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
                - system:nodes
            """);

        var user = _bed.Authenticate(cluster, store, _bed.Token(_bed.NodeSession));

        Assert.Equal($"system:node:{AuthTestBed.NodeDnsName}", user.Name);
        Assert.Equal(["system:bootstrappers", "system:nodes", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void An_EC2_LINUX_access_entry_maps_the_node_and_an_unknown_instance_maps_nothing()
    {
        var nodeEntry = new EksAccessEntryView(_bed.NodeRole.Arn, _bed.NodeRole.RoleId, "EC2_LINUX", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"], []);
        var cluster = _bed.Cluster(authenticationMode: "API", entries: [nodeEntry], nodegroups: [_bed.Nodegroup()]);
        var store = AuthTestBed.Store(cluster);

        var user = _bed.Authenticate(cluster, store, _bed.Token(_bed.NodeSession));
        Assert.Equal($"system:node:{AuthTestBed.NodeDnsName}", user.Name);
        Assert.Equal(["system:nodes", "system:authenticated"], user.Groups);

        var withoutNodes = cluster with { Nodegroups = [] };
        var detail = _bed.Rejected(withoutNodes, AuthTestBed.Store(withoutNodes), _bed.Token(_bed.NodeSession));
        Assert.Contains("EC2PrivateDNSName", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_auth_parsing_follows_the_authenticator()
    {
        var parsed = AwsAuthMappings.Parse(
            """
            - roleARN: arn:aws:iam::111122223333:role/A
              UserName: first
              extra: ignored
            - rolearn: arn:aws:iam::111122223333:role/A
              username: second
              groups: ~
            """,
            null,
            "- \"111122223333\"");
        Assert.Null(parsed.Error);
        Assert.Equal(["first", "second"], parsed.Roles.Select(r => r.Username));
        Assert.Empty(parsed.Roles[1].Groups);
        Assert.Equal(["111122223333"], parsed.Accounts);

        Assert.Contains("must be a string", AwsAuthMappings.Parse(null, null, "- 111122223333").Error, StringComparison.Ordinal);
        Assert.Contains("must be a string", AwsAuthMappings.Parse("- rolearn: arn:aws:iam::1:role/A\n  username: 1234", null, null).Error, StringComparison.Ordinal);
        Assert.Contains("rolearn must be supplied", AwsAuthMappings.Parse("- username: orphan", null, null).Error, StringComparison.Ordinal);
        Assert.Contains("not a list of strings", AwsAuthMappings.Parse("- rolearn: arn:aws:iam::1:role/A\n  groups: system:masters", null, null).Error, StringComparison.Ordinal);
        Assert.Contains("is not a YAML list", AwsAuthMappings.Parse(null, "userarn: arn:aws:iam::1:user/u", null).Error, StringComparison.Ordinal);
        Assert.Empty(AwsAuthMappings.Parse("- rolearn: arn:aws:iam::1:role/A", null, "- 1").Roles);
    }
}
