using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EksSso.Sandbox.Services.Iam;

namespace EksSso.Sandbox.Services.Eks;

public sealed partial class EksService
{
    private static readonly string[] s_entryTypes = ["STANDARD", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX"];
    private static readonly string[] s_reservedUsernamePrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"];
    private static readonly Regex s_namespace = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\*?$|^[a-z0-9]\\*$", RegexOptions.CultureInvariant);

    private const string ApiModeRequired = "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.";

    private static JsonObject CreateAccessEntry(EksCall c)
    {
        var ctx = c.Ctx;
        var tags = ReadTags(ctx.Object("tags"));
        var cluster = c.AuthorizedCluster("eks:CreateAccessEntry", "clusterName");
        RequireAccessEntries(cluster);
        var principalArn = ctx.RequiredString("principalArn");
        var type = ctx.String("type") ?? "STANDARD";
        if (!s_entryTypes.Contains(type))
        {
            throw EksErrors.InvalidParameter($"The access entry type {type} is not valid. Valid types: {string.Join(", ", s_entryTypes)}.");
        }

        var principal = ResolvePrincipal(c, principalArn);
        if (FindEntry(cluster, principalArn) is not null)
        {
            throw EksErrors.InUse("The specified access entry resource is already in use on this cluster.");
        }

        var groups = Strings(ctx.Input["kubernetesGroups"]);
        var username = ctx.String("username");
        if (type != "STANDARD")
        {
            if (principal.Type != "role" || principal.AccountId != c.Account.Id)
            {
                throw EksErrors.InvalidParameter($"Access entries of type {type} take an IAM role of the cluster's account.");
            }

            if (groups.Count > 0 || username is not null)
            {
                throw EksErrors.InvalidParameter($"kubernetesGroups and username cannot be specified for access entries of type {type}.");
            }
        }

        ValidateIdentity(username, groups);
        var entry = NewEntry(cluster, principalArn, principal.Id, type, username, groups, c.Now);
        entry.Tags = tags;
        cluster.AccessEntries[principalArn] = entry;
        return new JsonObject { ["accessEntry"] = EntryJson(cluster, entry) };
    }

    private static JsonObject DescribeAccessEntry(EksCall c)
    {
        var (cluster, entry) = AuthorizedEntry(c, "eks:DescribeAccessEntry");
        return new JsonObject { ["accessEntry"] = EntryJson(cluster, entry) };
    }

    private static JsonObject ListAccessEntries(EksCall c)
    {
        var cluster = c.AuthorizedCluster("eks:ListAccessEntries", "clusterName");
        RequireAccessEntries(cluster);
        var policy = c.Ctx.String("associatedPolicyArn");
        if (policy is not null && AccessPolicies.All(p => p.Arn != policy))
        {
            throw EksErrors.InvalidParameter($"The associatedPolicyArn {policy} is not an EKS access policy.");
        }

        var entries = cluster.AccessEntries.Values.Where(e => policy is null || e.Policies.Any(p => p.PolicyArn == policy));
        var (page, next) = Page(c, entries, e => e.PrincipalArn);
        var result = new JsonObject { ["accessEntries"] = StringArray(page.Select(e => e.PrincipalArn)) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private static JsonObject UpdateAccessEntry(EksCall c)
    {
        var (cluster, entry) = AuthorizedEntry(c, "eks:UpdateAccessEntry");
        var groups = c.Ctx.Input["kubernetesGroups"] is null ? null : Strings(c.Ctx.Input["kubernetesGroups"]);
        var username = c.Ctx.String("username");
        if (entry.Type != "STANDARD" && (groups is not null || username is not null))
        {
            throw EksErrors.InvalidParameter($"kubernetesGroups and username cannot be specified for access entries of type {entry.Type}.");
        }

        ValidateIdentity(username, groups ?? []);
        if (groups is not null)
        {
            entry.KubernetesGroups = groups;
        }

        if (username is not null)
        {
            entry.Username = username;
        }

        entry.ModifiedAt = c.Now;
        return new JsonObject { ["accessEntry"] = EntryJson(cluster, entry) };
    }

    private static JsonObject? DeleteAccessEntry(EksCall c)
    {
        var (cluster, entry) = AuthorizedEntry(c, "eks:DeleteAccessEntry");
        cluster.AccessEntries.Remove(entry.PrincipalArn);
        return null;
    }

    private static JsonObject ListAccessPolicies(EksCall c)
    {
        c.Ctx.Authorize("eks:ListAccessPolicies", "*");
        var (page, next) = Page(c, AccessPolicies, p => p.Name);
        var result = new JsonObject
        {
            ["accessPolicies"] = new JsonArray([.. page.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["arn"] = p.Arn })]),
        };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private static JsonObject AssociateAccessPolicy(EksCall c)
    {
        var (cluster, entry) = AuthorizedEntry(c, "eks:AssociateAccessPolicy");
        var policyArn = c.Ctx.RequiredString("policyArn");
        if (AccessPolicies.All(p => p.Arn != policyArn))
        {
            throw EksErrors.NotFound($"The specified policyArn {policyArn} could not be found.");
        }

        if (entry.Type != "STANDARD")
        {
            throw EksErrors.InvalidRequest($"Access policies cannot be associated with access entries of type {entry.Type}.");
        }

        var scope = c.Ctx.Object("accessScope") ?? throw EksErrors.InvalidParameter("accessScope is required.");
        var scopeType = scope["type"]?.GetValue<string>() ?? throw EksErrors.InvalidParameter("accessScope.type is required.");
        var namespaces = Strings(scope["namespaces"]);
        if (scopeType == "namespace")
        {
            if (namespaces.Count == 0)
            {
                throw EksErrors.InvalidParameter("namespaces must be specified when accessScope type is namespace.");
            }

            if (namespaces.FirstOrDefault(n => n.Length > 63 || !s_namespace.IsMatch(n)) is { } bad)
            {
                throw EksErrors.InvalidParameter($"Namespace {bad} is not a valid Kubernetes namespace name.");
            }
        }
        else if (namespaces.Count > 0)
        {
            throw EksErrors.InvalidParameter("namespaces cannot be specified when accessScope type is cluster.");
        }

        var association = entry.Policies.FirstOrDefault(p => p.PolicyArn == policyArn);
        if (association is null)
        {
            association = new EksPolicyAssociationRecord { PolicyArn = policyArn, AssociatedAt = c.Now };
            entry.Policies.Add(association);
        }

        // Associating again replaces the scope.
        association.ScopeType = scopeType;
        association.Namespaces = [.. namespaces.Distinct(StringComparer.Ordinal)];
        association.ModifiedAt = c.Now;
        return new JsonObject
        {
            ["clusterName"] = cluster.Name,
            ["principalArn"] = entry.PrincipalArn,
            ["associatedAccessPolicy"] = AssociationJson(association),
        };
    }

    private static JsonObject? DisassociateAccessPolicy(EksCall c)
    {
        var (_, entry) = AuthorizedEntry(c, "eks:DisassociateAccessPolicy");
        var policyArn = c.Ctx.RequiredString("policyArn");
        if (entry.Policies.RemoveAll(p => p.PolicyArn == policyArn) == 0)
        {
            throw EksErrors.NotFound($"The access policy {policyArn} is not associated with the access entry.");
        }

        return null;
    }

    private static JsonObject ListAssociatedAccessPolicies(EksCall c)
    {
        var (cluster, entry) = AuthorizedEntry(c, "eks:ListAssociatedAccessPolicies");
        var (page, next) = Page(c, entry.Policies, p => p.PolicyArn);
        var result = new JsonObject
        {
            ["clusterName"] = cluster.Name,
            ["principalArn"] = entry.PrincipalArn,
            ["associatedAccessPolicies"] = new JsonArray([.. page.Select(p => (JsonNode)AssociationJson(p))]),
        };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    // ---- helpers ----

    private static void RequireAccessEntries(EksClusterRecord cluster)
    {
        if (cluster.AuthenticationMode == "CONFIG_MAP")
        {
            throw EksErrors.InvalidRequest(ApiModeRequired);
        }
    }

    private static (EksClusterRecord Cluster, EksAccessEntryRecord Entry) AuthorizedEntry(EksCall c, string action)
    {
        var clusterName = c.Ctx.RequiredString("clusterName");
        var principalArn = c.Ctx.RequiredString("principalArn");
        var cluster = c.State.Clusters.GetValueOrDefault(clusterName);
        var entry = cluster is null ? null : FindEntry(cluster, principalArn);
        c.Ctx.Authorize(action, entry?.Arn ?? EntryArn(c.Region, c.Account.Id, clusterName, principalArn, "*"));
        if (cluster is null)
        {
            throw EksErrors.ClusterNotFound(clusterName);
        }

        RequireAccessEntries(cluster);
        return (cluster, entry ?? throw EksErrors.NotFound($"The specified principalArn {principalArn} could not be found."));
    }

    /// <summary>
    /// The entry of a principal. A role may be named with or without its path; both name the same role, so they
    /// find (and collide with) the same entry.
    /// </summary>
    internal static EksAccessEntryRecord? FindEntry(EksClusterRecord cluster, string principalArn)
    {
        if (cluster.AccessEntries.TryGetValue(principalArn, out var exact))
        {
            return exact;
        }

        var wanted = IamService.ParseIamArn(principalArn);
        return wanted is null
            ? null
            : cluster.AccessEntries.Values.FirstOrDefault(e => IamService.ParseIamArn(e.PrincipalArn) is { } have
                && have.AccountId == wanted.AccountId && have.Type == wanted.Type
                && string.Equals(have.Name, wanted.Name, StringComparison.OrdinalIgnoreCase));
    }

    private sealed record Principal(string Type, string AccountId, string Name, string Id);

    /// <summary>An existing IAM role or user of a sandbox account; a role ARN may leave out the role's path.</summary>
    private static Principal ResolvePrincipal(EksCall c, string principalArn)
    {
        var invalid = EksErrors.InvalidParameter("The specified principalArn is invalid: invalid principal");
        if (IamService.ParseIamArn(principalArn) is not { Type: "role" or "user" } arn || !c.Ctx.State.Accounts.TryGetValue(arn.AccountId, out var account))
        {
            throw invalid;
        }

        if (arn.Type == "role")
        {
            var role = IamService.FindRole(account, arn.Name);
            return role is not null && (arn.Path == "/" || string.Equals(role.Arn, principalArn, StringComparison.OrdinalIgnoreCase))
                ? new Principal("role", account.Id, role.Name, role.RoleId)
                : throw invalid;
        }

        var user = IamService.FindUser(account, arn.Name);
        return user is not null && string.Equals(user.Arn, principalArn, StringComparison.OrdinalIgnoreCase)
            ? new Principal("user", account.Id, user.Name, user.UserId)
            : throw invalid;
    }

    private static void ValidateIdentity(string? username, IEnumerable<string> groups)
    {
        if (username is not null && s_reservedUsernamePrefixes.Any(p => username.StartsWith(p, StringComparison.Ordinal)))
        {
            throw EksErrors.InvalidParameter($"username {username} is not allowed: a username cannot start with {string.Join(", ", s_reservedUsernamePrefixes)}");
        }

        if (groups.FirstOrDefault(g => g.StartsWith("system:", StringComparison.Ordinal)) is { } reserved)
        {
            throw EksErrors.InvalidParameter($"kubernetesGroups {reserved} is not allowed: group names cannot start with system:");
        }
    }

    private static EksAccessEntryRecord NewEntry(EksClusterRecord cluster, string principalArn, string principalId, string type, string? username, List<string> groups, DateTimeOffset now)
    {
        var (region, accountId) = RegionAndAccount(cluster);
        var arn = IamService.ParseIamArn(principalArn)!;
        (string Username, List<string> Groups) defaults = type switch
        {
            "EC2_WINDOWS" => ("system:node:{{EC2PrivateDNSName}}", ["system:nodes", "eks:kube-proxy-windows"]),
            "EC2_LINUX" or "EC2" => ("system:node:{{EC2PrivateDNSName}}", ["system:nodes"]),
            "FARGATE_LINUX" or "HYBRID_LINUX" or "HYPERPOD_LINUX" => ("system:node:{{SessionName}}", ["system:nodes"]),
            _ when arn.Type == "role" => ($"arn:aws:sts::{arn.AccountId}:assumed-role/{arn.Name}/{{{{SessionName}}}}", []),
            _ => (principalArn, []),
        };
        return new EksAccessEntryRecord
        {
            PrincipalArn = principalArn,
            PrincipalId = principalId,
            Arn = EntryArn(region, accountId, cluster.Name, principalArn, Guid.NewGuid().ToString()),
            Type = type,
            Username = username ?? defaults.Username,
            KubernetesGroups = groups.Count > 0 ? groups : defaults.Groups,
            CreatedAt = now,
            ModifiedAt = now,
        };
    }

    /// <summary>The cluster creator's entry: STANDARD, with AmazonEKSClusterAdminPolicy on the whole cluster.</summary>
    private static void AddCreatorEntry(EksClusterRecord cluster, DateTimeOffset now)
    {
        if (IamService.ParseIamArn(cluster.CreatorPrincipalArn) is not { Type: "role" or "user" } || FindEntry(cluster, cluster.CreatorPrincipalArn) is not null)
        {
            return;
        }

        var entry = NewEntry(cluster, cluster.CreatorPrincipalArn, cluster.CreatorPrincipalId, "STANDARD", null, [], now);
        entry.Policies.Add(new EksPolicyAssociationRecord { PolicyArn = ClusterAdminPolicyArn, ScopeType = "cluster", AssociatedAt = now, ModifiedAt = now });
        cluster.AccessEntries[entry.PrincipalArn] = entry;
    }

    private static void AddNodeRoleEntry(EksClusterRecord cluster, string roleArn, string roleId, DateTimeOffset now)
    {
        if (FindEntry(cluster, roleArn) is null)
        {
            cluster.AccessEntries[roleArn] = NewEntry(cluster, roleArn, roleId, "EC2_LINUX", null, [], now);
        }
    }

    private static string EntryArn(string region, string accountId, string clusterName, string principalArn, string id)
    {
        var arn = IamService.ParseIamArn(principalArn);
        var principal = arn is null ? "unknown" : $"{arn.Type}/{arn.AccountId}/{arn.Name}";
        return $"arn:aws:eks:{region}:{accountId}:access-entry/{clusterName}/{principal}/{id}";
    }

    private static (string Region, string AccountId) RegionAndAccount(EksClusterRecord cluster)
    {
        var parts = cluster.Arn.Split(':');
        return (parts[3], parts[4]);
    }

    private static JsonObject EntryJson(EksClusterRecord cluster, EksAccessEntryRecord entry)
    {
        var json = new JsonObject
        {
            ["clusterName"] = cluster.Name,
            ["principalArn"] = entry.PrincipalArn,
            ["kubernetesGroups"] = StringArray(entry.KubernetesGroups),
            ["accessEntryArn"] = entry.Arn,
            ["createdAt"] = JsonValue.Create(entry.CreatedAt),
            ["modifiedAt"] = JsonValue.Create(entry.ModifiedAt),
        };
        AddTags(json, entry.Tags);
        json["username"] = entry.Username;
        json["type"] = entry.Type;
        return json;
    }

    private static JsonObject AssociationJson(EksPolicyAssociationRecord association)
    {
        var scope = new JsonObject { ["type"] = association.ScopeType };
        if (association.ScopeType == "namespace")
        {
            scope["namespaces"] = StringArray(association.Namespaces);
        }

        return new JsonObject
        {
            ["policyArn"] = association.PolicyArn,
            ["accessScope"] = scope,
            ["associatedAt"] = JsonValue.Create(association.AssociatedAt),
            ["modifiedAt"] = JsonValue.Create(association.ModifiedAt),
        };
    }
}
