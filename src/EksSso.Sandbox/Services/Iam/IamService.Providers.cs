using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

public sealed partial class IamService
{
    // ---- OpenID Connect providers ----

    private static JsonObject CreateOpenIDConnectProvider(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var url = ctx.RequiredString("Url");
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.Length <= "https://".Length
            || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            throw Errors.InvalidInput("Invalid OpenIdConnect provider URL");
        }

        // IAM keeps the URL without its scheme, and the ARN is built from that.
        var stored = url["https://".Length..];
        var arn = EntityArn(ctx, "oidc-provider", "/", stored);
        var tags = ReadTags(ctx);
        ctx.Authorize("iam:CreateOpenIDConnectProvider", arn, TagConditions(tags));
        if (tags.Count > 0)
        {
            ctx.Authorize("iam:TagOpenIDConnectProvider", arn, TagConditions(tags));
        }

        if (account.Iam.OidcProviders.ContainsKey(arn))
        {
            throw Errors.AlreadyExists($"Provider with url {url} already exists.");
        }

        var thumbprints = ctx.Strings("ThumbprintList").ToList();
        if (thumbprints.Any(t => t.Length != 40 || !t.All(Uri.IsHexDigit)))
        {
            throw Errors.InvalidInput("Thumbprint must be a 40-character hexadecimal string.");
        }

        if (thumbprints.Count == 0)
        {
            // IAM now fetches the issuer's certificate itself; the sandbox stands in a stable fingerprint for the host.
            thumbprints.Add(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(parsed.Host))));
        }

        account.Iam.OidcProviders[arn] = new IamOidcProvider
        {
            Arn = arn,
            Url = stored,
            ClientIds = [.. ctx.Strings("ClientIDList").Distinct(StringComparer.Ordinal)],
            Thumbprints = thumbprints,
            CreateDate = ctx.Clock.Now,
        };
        var extras = IamExtras.Read(account);
        if (tags.Count > 0)
        {
            extras.ProviderTags[arn] = tags;
        }

        extras.Write(account);
        var result = new JsonObject { ["OpenIDConnectProviderArn"] = arn };
        if (tags.Count > 0)
        {
            result["Tags"] = TagList(tags);
        }

        return result;
    }

    private static JsonObject GetOpenIDConnectProvider(OperationContext ctx)
    {
        var provider = AuthorizedProvider(ctx, "iam:GetOpenIDConnectProvider");
        var result = new JsonObject
        {
            ["Url"] = provider.Url,
            ["ClientIDList"] = new JsonArray([.. provider.ClientIds.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["ThumbprintList"] = new JsonArray([.. provider.Thumbprints.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["CreateDate"] = JsonValue.Create(provider.CreateDate),
        };
        if (IamExtras.Read(ctx.CallerAccount).ProviderTags.TryGetValue(provider.Arn, out var tags) && tags.Count > 0)
        {
            result["Tags"] = TagList(tags);
        }

        return result;
    }

    private static JsonObject ListOpenIDConnectProviders(OperationContext ctx)
    {
        ctx.Authorize("iam:ListOpenIDConnectProviders", "*");
        return new JsonObject
        {
            ["OpenIDConnectProviderList"] = new JsonArray([.. ctx.CallerAccount.Iam.OidcProviders.Keys.Order(StringComparer.Ordinal)
                .Select(arn => (JsonNode)new JsonObject { ["Arn"] = arn })]),
        };
    }

    private static JsonObject? DeleteOpenIDConnectProvider(OperationContext ctx)
    {
        var provider = AuthorizedProvider(ctx, "iam:DeleteOpenIDConnectProvider");
        var account = ctx.CallerAccount;
        account.Iam.OidcProviders.Remove(provider.Arn);
        var extras = IamExtras.Read(account);
        extras.ProviderTags.Remove(provider.Arn);
        extras.Write(account);
        return null;
    }

    private static IamOidcProvider AuthorizedProvider(OperationContext ctx, string action)
    {
        var arn = ctx.RequiredString("OpenIDConnectProviderArn");
        ctx.Authorize(action, arn);
        if (ParseIamArn(arn) is not { Type: "oidc-provider" })
        {
            throw Errors.InvalidInput($"ARN {arn} is not valid.");
        }

        return ctx.CallerAccount.Iam.OidcProviders.TryGetValue(arn, out var provider)
            ? provider
            : throw Errors.NoSuchEntity($"OpenIDConnect Provider not found for arn {arn}");
    }

    // ---- Service-linked roles ----

    private static JsonObject CreateServiceLinkedRole(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var service = ctx.RequiredString("AWSServiceName");
        var spec = ServiceLinkedRoles.For(service);
        var arn = spec is null ? EntityArn(ctx, "role", $"/aws-service-role/{service}/", "*") : EntityArn(ctx, "role", spec.Path, spec.RoleName);
        ctx.Authorize("iam:CreateServiceLinkedRole", arn, new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["iam:AWSServiceName"] = [service],
        });
        if (spec is null)
        {
            throw Errors.InvalidInput($"Unrecognized service principal: {service}. The sandbox knows service-linked roles for {string.Join(", ", ServiceLinkedRoles.Services)}.");
        }

        if (ctx.String("CustomSuffix") is not null)
        {
            throw Errors.InvalidInput($"Custom suffix is not allowed for {service}");
        }

        if (FindRole(account, spec.RoleName) is not null)
        {
            throw Errors.InvalidInput($"Service role name {spec.RoleName} has been taken in this account, please try a different suffix.");
        }

        var role = CreateServiceLinkedRoleIn(ctx.Host, account, service, spec, ctx.String("Description"));
        return new JsonObject { ["Role"] = RoleJson(role, detailed: false) };
    }

    private static IamRole CreateServiceLinkedRoleIn(SandboxHost host, AccountState account, string service, ServiceLinkedRoleSpec spec, string? description)
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"{{service}}"},"Action":"sts:AssumeRole"}]}""";
        var role = host.CreateRole(account, spec.RoleName, spec.Path, trust, description ?? spec.Description);
        role.AttachedPolicyArns.Add(spec.PolicyArn);
        return role;
    }

    // ---- Instance profiles (what self-managed and Karpenter nodes use) ----

    private static JsonObject CreateInstanceProfile(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var name = ctx.RequiredString("InstanceProfileName");
        var path = PathOrDefault(ctx);
        var arn = EntityArn(ctx, "instance-profile", path, name);
        var tags = ReadTags(ctx);
        ctx.Authorize("iam:CreateInstanceProfile", arn, TagConditions(tags));
        var extras = IamExtras.Read(account);
        if (FindProfile(extras, name) is not null)
        {
            throw Errors.AlreadyExists($"Instance Profile {name} already exists.");
        }

        var profile = new IamInstanceProfile
        {
            Name = name,
            Path = path,
            Arn = arn,
            InstanceProfileId = "AIPA" + SandboxHost.RandomAlphanumeric(17),
            CreateDate = ctx.Clock.Now,
            Tags = tags,
        };
        extras.InstanceProfiles[name] = profile;
        extras.Write(account);
        return new JsonObject { ["InstanceProfile"] = ProfileJson(account, profile) };
    }

    private static JsonObject GetInstanceProfile(OperationContext ctx)
    {
        var (profile, _) = AuthorizedProfile(ctx, "iam:GetInstanceProfile");
        return new JsonObject { ["InstanceProfile"] = ProfileJson(ctx.CallerAccount, profile) };
    }

    private static JsonObject? AddRoleToInstanceProfile(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var (profile, extras) = AuthorizedProfile(ctx, "iam:AddRoleToInstanceProfile");
        var roleName = ctx.RequiredString("RoleName");
        var role = FindRole(account, roleName) ?? throw Errors.NoSuchEntity($"The role with name {roleName} cannot be found.");
        ctx.Authorize("iam:PassRole", role.Arn);
        if (profile.Roles.Contains(role.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw Errors.AlreadyExists($"Role {role.Name} is already associated with instance profile {profile.Name}.");
        }

        if (profile.Roles.Count > 0)
        {
            throw Errors.LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }

        profile.Roles.Add(role.Name);
        extras.Write(account);
        return null;
    }

    private static JsonObject? RemoveRoleFromInstanceProfile(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var (profile, extras) = AuthorizedProfile(ctx, "iam:RemoveRoleFromInstanceProfile");
        var roleName = ctx.RequiredString("RoleName");
        var existing = profile.Roles.FirstOrDefault(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase))
            ?? throw Errors.NoSuchEntity($"Role {roleName} in Instance Profile {profile.Name} cannot be found.");
        profile.Roles.Remove(existing);
        extras.Write(account);
        return null;
    }

    private static JsonObject? DeleteInstanceProfile(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var (profile, extras) = AuthorizedProfile(ctx, "iam:DeleteInstanceProfile");
        if (profile.Roles.Count > 0)
        {
            throw Errors.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
        }

        extras.InstanceProfiles.Remove(profile.Name);
        extras.Write(account);
        return null;
    }

    private static JsonObject ListInstanceProfilesForRole(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var role = AuthorizedRole(ctx, "iam:ListInstanceProfilesForRole");
        var profiles = IamExtras.Read(account).InstanceProfiles.Values.Where(p => p.Roles.Contains(role.Name, StringComparer.OrdinalIgnoreCase));
        return Listing(ctx, "InstanceProfiles", profiles, p => p.Name, p => ProfileJson(account, p));
    }

    private static (IamInstanceProfile Profile, IamExtras Extras) AuthorizedProfile(OperationContext ctx, string action)
    {
        var name = ctx.RequiredString("InstanceProfileName");
        var extras = IamExtras.Read(ctx.CallerAccount);
        var profile = FindProfile(extras, name);
        ctx.Authorize(action, profile?.Arn ?? EntityArn(ctx, "instance-profile", "/", name));
        return (profile ?? throw Errors.NoSuchEntity($"Instance Profile {name} cannot be found."), extras);
    }

    private static IamInstanceProfile? FindProfile(IamExtras extras, string name) =>
        extras.InstanceProfiles.Values.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static JsonObject ProfileJson(AccountState account, IamInstanceProfile profile)
    {
        var json = new JsonObject
        {
            ["Path"] = profile.Path,
            ["InstanceProfileName"] = profile.Name,
            ["InstanceProfileId"] = profile.InstanceProfileId,
            ["Arn"] = profile.Arn,
            ["CreateDate"] = JsonValue.Create(profile.CreateDate),
            ["Roles"] = new JsonArray([.. profile.Roles.Select(n => FindRole(account, n)).OfType<IamRole>().Select(r => (JsonNode)RoleJson(r, detailed: false))]),
        };
        if (profile.Tags.Count > 0)
        {
            json["Tags"] = TagList(profile.Tags);
        }

        return json;
    }
}

/// <summary>A service-linked role IAM creates for a service: name, path, permissions and description.</summary>
internal sealed record ServiceLinkedRoleSpec(string RoleName, string Path, string PolicyArn, string Description);

internal static class ServiceLinkedRoles
{
    private static readonly Dictionary<string, ServiceLinkedRoleSpec> s_byService = new(StringComparer.Ordinal)
    {
        ["eks.amazonaws.com"] = new("AWSServiceRoleForAmazonEKS", "/aws-service-role/eks.amazonaws.com/",
            "arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy",
            "Allows Amazon EKS to call AWS services on your behalf."),
        ["eks-nodegroup.amazonaws.com"] = new("AWSServiceRoleForAmazonEKSNodegroup", "/aws-service-role/eks-nodegroup.amazonaws.com/",
            "arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForAmazonEKSNodegroup",
            "This policy allows Amazon EKS to create and manage Nodegroups"),
        ["autoscaling.amazonaws.com"] = new("AWSServiceRoleForAutoScaling", "/aws-service-role/autoscaling.amazonaws.com/",
            "arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy",
            "Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling"),
        ["elasticloadbalancing.amazonaws.com"] = new("AWSServiceRoleForElasticLoadBalancing", "/aws-service-role/elasticloadbalancing.amazonaws.com/",
            "arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy",
            "Allows ELB to call AWS services on your behalf."),
    };

    public static IEnumerable<string> Services => s_byService.Keys;

    public static ServiceLinkedRoleSpec? For(string service) => s_byService.GetValueOrDefault(service);
}
