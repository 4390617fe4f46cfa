using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

/// <summary>
/// IAM (Query protocol, global): roles, customer managed policies and their versions, users and access keys, OIDC
/// providers, service-linked roles, instance profiles and SimulatePrincipalPolicy, in the caller's account. Policy
/// documents are validated with IAM's own rules and returned URL-encoded as IAM returns them.
/// </summary>
public sealed partial class IamService : ISandboxService
{
    private const int DefaultMaxItems = 100;

    public string ModelName => "iam";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["CreateRole"] = CreateRole;
        handlers["GetRole"] = GetRole;
        handlers["ListRoles"] = ListRoles;
        handlers["UpdateAssumeRolePolicy"] = UpdateAssumeRolePolicy;
        handlers["UpdateRole"] = UpdateRole;
        handlers["DeleteRole"] = DeleteRole;
        handlers["TagRole"] = TagRole;
        handlers["UntagRole"] = UntagRole;
        handlers["ListRoleTags"] = ListRoleTags;
        handlers["PutRolePolicy"] = PutRolePolicy;
        handlers["GetRolePolicy"] = GetRolePolicy;
        handlers["DeleteRolePolicy"] = DeleteRolePolicy;
        handlers["ListRolePolicies"] = ListRolePolicies;
        handlers["AttachRolePolicy"] = AttachRolePolicy;
        handlers["DetachRolePolicy"] = DetachRolePolicy;
        handlers["ListAttachedRolePolicies"] = ListAttachedRolePolicies;

        handlers["CreatePolicy"] = CreatePolicy;
        handlers["GetPolicy"] = GetPolicy;
        handlers["DeletePolicy"] = DeletePolicy;
        handlers["ListPolicies"] = ListPolicies;
        handlers["CreatePolicyVersion"] = CreatePolicyVersion;
        handlers["GetPolicyVersion"] = GetPolicyVersion;
        handlers["ListPolicyVersions"] = ListPolicyVersions;
        handlers["DeletePolicyVersion"] = DeletePolicyVersion;
        handlers["SetDefaultPolicyVersion"] = SetDefaultPolicyVersion;

        handlers["CreateUser"] = CreateUser;
        handlers["GetUser"] = GetUser;
        handlers["ListUsers"] = ListUsers;
        handlers["DeleteUser"] = DeleteUser;
        handlers["AttachUserPolicy"] = AttachUserPolicy;
        handlers["DetachUserPolicy"] = DetachUserPolicy;
        handlers["ListAttachedUserPolicies"] = ListAttachedUserPolicies;
        handlers["PutUserPolicy"] = PutUserPolicy;
        handlers["DeleteUserPolicy"] = DeleteUserPolicy;
        handlers["CreateAccessKey"] = CreateAccessKey;
        handlers["ListAccessKeys"] = ListAccessKeys;
        handlers["DeleteAccessKey"] = DeleteAccessKey;

        handlers["CreateOpenIDConnectProvider"] = CreateOpenIDConnectProvider;
        handlers["GetOpenIDConnectProvider"] = GetOpenIDConnectProvider;
        handlers["ListOpenIDConnectProviders"] = ListOpenIDConnectProviders;
        handlers["DeleteOpenIDConnectProvider"] = DeleteOpenIDConnectProvider;
        handlers["CreateServiceLinkedRole"] = CreateServiceLinkedRole;
        handlers["CreateInstanceProfile"] = CreateInstanceProfile;
        handlers["GetInstanceProfile"] = GetInstanceProfile;
        handlers["AddRoleToInstanceProfile"] = AddRoleToInstanceProfile;
        handlers["RemoveRoleFromInstanceProfile"] = RemoveRoleFromInstanceProfile;
        handlers["DeleteInstanceProfile"] = DeleteInstanceProfile;
        handlers["ListInstanceProfilesForRole"] = ListInstanceProfilesForRole;

        handlers["SimulatePrincipalPolicy"] = SimulatePrincipalPolicy;
    }

    // ---- Lookups shared with other services (EKS resolves role ARNs through these) ----

    /// <summary>A role by name, matched case-insensitively as IAM matches names.</summary>
    public static IamRole? FindRole(AccountState account, string name) =>
        account.Iam.Roles.TryGetValue(name, out var exact)
            ? exact
            : account.Iam.Roles.Values.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IamUser? FindUser(AccountState account, string name) =>
        account.Iam.Users.TryGetValue(name, out var exact)
            ? exact
            : account.Iam.Users.Values.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The role an ARN names, exactly as IAM resolves a role ARN: the path must match too, so
    /// <c>role/AWSReservedSSO_X</c> does not find a role that lives under <c>/aws-reserved/sso.amazonaws.com/</c>.
    /// </summary>
    public static IamRole? FindRoleByArn(SandboxState state, string arn)
    {
        if (ParseIamArn(arn) is not { Type: "role" } parsed || !state.Accounts.TryGetValue(parsed.AccountId, out var account))
        {
            return null;
        }

        return FindRole(account, parsed.Name) is { } role && string.Equals(role.Arn, arn, StringComparison.OrdinalIgnoreCase) ? role : null;
    }

    /// <summary>Splits <c>arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME</c>; null when it is not an IAM entity ARN.</summary>
    public static IamArn? ParseIamArn(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0 || parts[4].Length == 0)
        {
            return null;
        }

        var resource = parts[5];
        var slash = resource.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var type = resource[..slash];
        var last = resource.LastIndexOf('/');
        var name = resource[(last + 1)..];
        var path = resource[slash..(last + 1)];
        return name.Length == 0 ? null : new IamArn(parts[1], parts[4], type, path, name);
    }

    /// <summary>Creates the service-linked role for <paramref name="serviceName"/> when the account lacks it (what EKS does on first use).</summary>
    public static IamRole EnsureServiceLinkedRole(SandboxHost host, AccountState account, string serviceName)
    {
        var spec = ServiceLinkedRoles.For(serviceName) ?? throw new ArgumentException($"No service-linked role is known for {serviceName}.", nameof(serviceName));
        return FindRole(account, spec.RoleName) ?? CreateServiceLinkedRoleIn(host, account, serviceName, spec, description: null);
    }

    // ---- Helpers ----

    internal static string EntityArn(OperationContext ctx, string type, string path, string name) =>
        $"arn:{ctx.Partition}:iam::{ctx.CallerAccount.Id}:{type}{path}{name}";

    internal static string PathOrDefault(OperationContext ctx, string member = "Path")
    {
        var path = ctx.String(member) ?? "/";
        if (!path.StartsWith('/') || !path.EndsWith('/'))
        {
            throw Errors.Validation($"The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
        }

        return path;
    }

    internal static Dictionary<string, string> ReadTags(OperationContext ctx, string member = "Tags")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in ctx.Array(member) ?? [])
        {
            var key = tag!["Key"]!.GetValue<string>();
            if (tags.Keys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)))
            {
                throw Errors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }

            tags[key] = tag["Value"]?.GetValue<string>() ?? "";
        }

        return tags;
    }

    internal static void MergeTags(Dictionary<string, string> target, Dictionary<string, string> added)
    {
        foreach (var (key, value) in added)
        {
            var existing = target.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                target.Remove(existing);
            }

            target[key] = value;
        }

        if (target.Count > 50)
        {
            throw Errors.LimitExceeded("The number of tags has reached the maximum limit.");
        }
    }

    internal static JsonArray TagList(IReadOnlyDictionary<string, string> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986), never as raw JSON.</summary>
    internal static string Encode(string document) => Uri.EscapeDataString(document);

    internal static PolicyDocument ParseIdentityPolicy(string json)
    {
        try
        {
            return PolicyDocument.Parse(json, PolicyKind.Identity);
        }
        catch (MalformedPolicyException e)
        {
            throw Errors.MalformedPolicy(e.Message);
        }
    }

    internal static PolicyDocument ParseTrustPolicy(OperationContext ctx, string json)
    {
        PolicyDocument document;
        try
        {
            document = PolicyDocument.Parse(json, PolicyKind.Trust);
        }
        catch (MalformedPolicyException e)
        {
            throw Errors.MalformedPolicy(e.Message);
        }

        // IAM resolves every principal it can: a role or user ARN that does not exist (a path left out, a typo) is
        // refused at write time rather than silently never matching.
        foreach (var statement in document.Statements)
        {
            if (statement.Principal is not { } principal)
            {
                throw Errors.MalformedPolicy(MalformedPolicyException.MissingPrincipal);
            }

            foreach (var aws in principal.Aws)
            {
                if (ParseIamArn(aws) is { Type: "role" or "user" } arn && ctx.State.Accounts.TryGetValue(arn.AccountId, out var account))
                {
                    var exists = arn.Type == "role"
                        ? FindRole(account, arn.Name) is { } r && string.Equals(r.Arn, aws, StringComparison.OrdinalIgnoreCase)
                        : FindUser(account, arn.Name) is { } u && string.Equals(u.Arn, aws, StringComparison.OrdinalIgnoreCase);
                    if (!exists)
                    {
                        throw Errors.MalformedPolicy($"Invalid principal in policy: \"AWS\":\"{aws}\"");
                    }
                }
            }

            foreach (var federated in principal.Federated)
            {
                if (ParseIamArn(federated) is { Type: "oidc-provider" or "saml-provider" } arn && ctx.State.Accounts.TryGetValue(arn.AccountId, out var account))
                {
                    var exists = arn.Type == "oidc-provider" ? account.Iam.OidcProviders.ContainsKey(federated) : account.Iam.SamlProviders.ContainsKey(federated);
                    if (!exists)
                    {
                        throw Errors.MalformedPolicy($"Invalid principal in policy: \"Federated\":\"{federated}\"");
                    }
                }
            }
        }

        return document;
    }

    internal static (IEnumerable<T> Items, bool Truncated, string? Marker) Page<T>(OperationContext ctx, IEnumerable<T> items, Func<T, string> key)
    {
        var (page, next) = Paging.Page(items, key, ctx.String("Marker"), ctx.Int("MaxItems"), DefaultMaxItems,
            () => Errors.Validation("Invalid Marker."));
        return (page, next is not null, next);
    }

    internal static JsonObject Listing<T>(OperationContext ctx, string member, IEnumerable<T> items, Func<T, string> key, Func<T, JsonNode> render)
    {
        var (page, truncated, marker) = Page(ctx, items, key);
        var result = new JsonObject
        {
            [member] = new JsonArray([.. page.Select(render)]),
            ["IsTruncated"] = truncated,
        };
        if (marker is not null)
        {
            result["Marker"] = marker;
        }

        return result;
    }

    /// <summary>IAM error codes as the model's exception shapes name them.</summary>
    internal static class Errors
    {
        public static SandboxException NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

        public static SandboxException AlreadyExists(string message) => new("EntityAlreadyExists", message, 409);

        public static SandboxException MalformedPolicy(string message) => new(MalformedPolicyException.IamErrorCode, message, 400);

        public static SandboxException DeleteConflict(string message) => new("DeleteConflict", message, 409);

        public static SandboxException LimitExceeded(string message) => new("LimitExceeded", message, 409);

        public static SandboxException InvalidInput(string message) => new("InvalidInput", message, 400);

        public static SandboxException Validation(string message) => new("ValidationError", message, 400);

        public static SandboxException Unmodifiable(string message) => new("UnmodifiableEntity", message, 400);
    }
}

/// <summary>The parts of an IAM ARN: <c>arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/NAME</c>.</summary>
public sealed record IamArn(string Partition, string AccountId, string Type, string Path, string Name);
