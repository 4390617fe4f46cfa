using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

public sealed partial class IamService
{
    private const int MaxPolicyVersions = 5;
    private const int MaxManagedPolicySize = 6144;

    // AWS managed policies predate most accounts; their replies carry AWS's dates, not the sandbox's.
    private static readonly DateTimeOffset s_awsManagedEpoch = new(2015, 2, 6, 18, 39, 46, TimeSpan.Zero);

    private static JsonObject CreatePolicy(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var name = ctx.RequiredString("PolicyName");
        var path = PathOrDefault(ctx);
        var arn = EntityArn(ctx, "policy", path, name);
        var tags = ReadTags(ctx);
        ctx.Authorize("iam:CreatePolicy", arn, TagConditions(tags));
        if (tags.Count > 0)
        {
            ctx.Authorize("iam:TagPolicy", arn, TagConditions(tags));
        }

        if (account.Iam.Policies.Values.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw Errors.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
        }

        var document = ctx.RequiredString("PolicyDocument");
        ValidateManagedDocument(document);
        var now = ctx.Clock.Now;
        var policy = new IamManagedPolicy
        {
            Name = name,
            Path = path,
            Arn = arn,
            PolicyId = "ANPA" + SandboxHost.RandomAlphanumeric(17),
            Description = ctx.String("Description"),
            CreateDate = now,
            UpdateDate = now,
            DefaultVersionId = "v1",
            Versions = [new IamPolicyVersion { VersionId = "v1", Document = document, CreateDate = now }],
        };
        MergeTags(policy.Tags, tags);
        account.Iam.Policies[arn] = policy;
        var extras = IamExtras.Read(account);
        extras.PolicyVersionCounters[arn] = 1;
        extras.Write(account);

        var json = CustomerPolicyJson(account, policy, detailed: false);
        if (policy.Tags.Count > 0)
        {
            json["Tags"] = TagList(policy.Tags);
        }

        return new JsonObject { ["Policy"] = json };
    }

    private static JsonObject GetPolicy(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        ctx.Authorize("iam:GetPolicy", arn);
        if (ctx.Host.ManagedPolicies.TryGetValue(arn, out var aws))
        {
            return new JsonObject { ["Policy"] = AwsPolicyJson(ctx.CallerAccount, aws) };
        }

        var policy = CustomerPolicy(ctx, arn);
        return new JsonObject { ["Policy"] = CustomerPolicyJson(ctx.CallerAccount, policy, detailed: true) };
    }

    private static JsonObject? DeletePolicy(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        ctx.Authorize("iam:DeletePolicy", arn);
        if (ctx.Host.ManagedPolicies.ContainsKey(arn))
        {
            throw Errors.Unmodifiable($"Cannot delete the AWS managed policy {arn}.");
        }

        var account = ctx.CallerAccount;
        var policy = CustomerPolicy(ctx, arn);
        if (AttachmentCount(account, arn) > 0)
        {
            throw Errors.DeleteConflict("Cannot delete a policy attached to entities.");
        }

        if (policy.Versions.Count > 1)
        {
            throw Errors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }

        account.Iam.Policies.Remove(arn);
        var extras = IamExtras.Read(account);
        extras.PolicyVersionCounters.Remove(arn);
        extras.Write(account);
        return null;
    }

    private static JsonObject ListPolicies(OperationContext ctx)
    {
        var account = ctx.CallerAccount;
        var scope = ctx.String("Scope") ?? "All";
        var onlyAttached = ctx.Bool("OnlyAttached") ?? false;
        var prefix = ctx.String("PathPrefix") ?? "/";
        ctx.Authorize("iam:ListPolicies", EntityArn(ctx, "policy", prefix, ""));

        var entries = new List<(string Arn, string Path, Func<JsonObject> Render)>();
        if (scope is "All" or "AWS")
        {
            entries.AddRange(ctx.Host.ManagedPolicies.Values.Select(p => (p.Arn, p.Path, (Func<JsonObject>)(() => AwsPolicyJson(account, p)))));
        }

        if (scope is "All" or "Local")
        {
            entries.AddRange(account.Iam.Policies.Values.Select(p => (p.Arn, p.Path, (Func<JsonObject>)(() => CustomerPolicyJson(account, p, detailed: false)))));
        }

        var selected = entries.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal) && (!onlyAttached || AttachmentCount(account, e.Arn) > 0));
        return Listing(ctx, "Policies", selected, e => e.Arn, e => e.Render());
    }

    private static JsonObject CreatePolicyVersion(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        ctx.Authorize("iam:CreatePolicyVersion", arn);
        var account = ctx.CallerAccount;
        var policy = CustomerPolicy(ctx, arn);
        var document = ctx.RequiredString("PolicyDocument");
        ValidateManagedDocument(document);
        if (policy.Versions.Count >= MaxPolicyVersions)
        {
            throw Errors.LimitExceeded($"A managed policy can have up to {MaxPolicyVersions} versions. Before you create a new version, you must delete an existing version.");
        }

        var extras = IamExtras.Read(account);
        var number = Math.Max(extras.PolicyVersionCounters.GetValueOrDefault(arn), policy.Versions.Max(v => VersionNumber(v.VersionId))) + 1;
        extras.PolicyVersionCounters[arn] = number;
        extras.Write(account);

        var version = new IamPolicyVersion { VersionId = $"v{number}", Document = document, CreateDate = ctx.Clock.Now };
        policy.Versions.Add(version);
        if (ctx.Bool("SetAsDefault") == true)
        {
            policy.DefaultVersionId = version.VersionId;
        }

        policy.UpdateDate = ctx.Clock.Now;

        // Like IAM, the reply leaves the document out.
        return new JsonObject { ["PolicyVersion"] = VersionJson(policy.DefaultVersionId, version.VersionId, version.CreateDate, document: null) };
    }

    private static JsonObject GetPolicyVersion(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        var versionId = ctx.RequiredString("VersionId");
        ctx.Authorize("iam:GetPolicyVersion", arn);
        if (ctx.Host.ManagedPolicies.TryGetValue(arn, out var aws))
        {
            if (aws.VersionId != versionId)
            {
                throw Errors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
            }

            return new JsonObject { ["PolicyVersion"] = VersionJson(aws.VersionId, aws.VersionId, aws.CreateDate ?? s_awsManagedEpoch, aws.DocumentJson) };
        }

        var policy = CustomerPolicy(ctx, arn);
        var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId)
            ?? throw Errors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
        return new JsonObject { ["PolicyVersion"] = VersionJson(policy.DefaultVersionId, version.VersionId, version.CreateDate, version.Document) };
    }

    private static JsonObject ListPolicyVersions(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        ctx.Authorize("iam:ListPolicyVersions", arn);
        if (ctx.Host.ManagedPolicies.TryGetValue(arn, out var aws))
        {
            return Listing(ctx, "Versions", [aws], v => v.VersionId, v => VersionJson(v.VersionId, v.VersionId, v.CreateDate ?? s_awsManagedEpoch, document: null));
        }

        var policy = CustomerPolicy(ctx, arn);

        // Newest first, as IAM lists them; the key sorts "v10" after "v9".
        return Listing(ctx, "Versions", policy.Versions, v => (int.MaxValue - VersionNumber(v.VersionId)).ToString("D10", System.Globalization.CultureInfo.InvariantCulture),
            v => VersionJson(policy.DefaultVersionId, v.VersionId, v.CreateDate, document: null));
    }

    private static JsonObject? DeletePolicyVersion(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        var versionId = ctx.RequiredString("VersionId");
        ctx.Authorize("iam:DeletePolicyVersion", arn);
        var policy = CustomerPolicy(ctx, arn);
        var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId)
            ?? throw Errors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not deletable.");
        if (version.VersionId == policy.DefaultVersionId)
        {
            throw Errors.DeleteConflict("Cannot delete the default version of a policy.");
        }

        policy.Versions.Remove(version);
        return null;
    }

    private static JsonObject? SetDefaultPolicyVersion(OperationContext ctx)
    {
        var arn = ctx.RequiredString("PolicyArn");
        var versionId = ctx.RequiredString("VersionId");
        ctx.Authorize("iam:SetDefaultPolicyVersion", arn);
        var policy = CustomerPolicy(ctx, arn);
        if (policy.Versions.All(v => v.VersionId != versionId))
        {
            throw Errors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
        }

        policy.DefaultVersionId = versionId;
        policy.UpdateDate = ctx.Clock.Now;
        return null;
    }

    // ---- helpers ----

    private static IamManagedPolicy CustomerPolicy(OperationContext ctx, string arn) =>
        ctx.CallerAccount.Iam.Policies.TryGetValue(arn, out var policy)
            ? policy
            : throw Errors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");

    private static void ValidateManagedDocument(string document)
    {
        ParseIdentityPolicy(document);
        if (document.Count(c => !char.IsWhiteSpace(c)) > MaxManagedPolicySize)
        {
            throw Errors.LimitExceeded($"Cannot exceed quota for PolicySize: {MaxManagedPolicySize}");
        }
    }

    private static int VersionNumber(string versionId) =>
        int.TryParse(versionId.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    internal static int AttachmentCount(AccountState account, string policyArn) =>
        account.Iam.Roles.Values.Count(r => r.AttachedPolicyArns.Contains(policyArn))
        + account.Iam.Users.Values.Count(u => u.AttachedPolicyArns.Contains(policyArn));

    private static JsonObject CustomerPolicyJson(AccountState account, IamManagedPolicy policy, bool detailed)
    {
        var json = new JsonObject
        {
            ["PolicyName"] = policy.Name,
            ["PolicyId"] = policy.PolicyId,
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.DefaultVersionId,
            ["AttachmentCount"] = AttachmentCount(account, policy.Arn),
            ["PermissionsBoundaryUsageCount"] = 0,
            ["IsAttachable"] = true,
        };
        if (detailed && policy.Description is not null)
        {
            json["Description"] = policy.Description;
        }

        json["CreateDate"] = JsonValue.Create(policy.CreateDate);
        json["UpdateDate"] = JsonValue.Create(policy.UpdateDate);
        if (detailed && policy.Tags.Count > 0)
        {
            json["Tags"] = TagList(policy.Tags);
        }

        return json;
    }

    private static JsonObject AwsPolicyJson(AccountState account, ManagedPolicy policy)
    {
        var created = policy.CreateDate ?? s_awsManagedEpoch;
        return new JsonObject
        {
            ["PolicyName"] = policy.Name,
            ["PolicyId"] = AwsPolicyId(policy.Arn),
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.VersionId,
            ["AttachmentCount"] = AttachmentCount(account, policy.Arn),
            ["PermissionsBoundaryUsageCount"] = 0,
            ["IsAttachable"] = true,
            ["CreateDate"] = JsonValue.Create(s_awsManagedEpoch),
            ["UpdateDate"] = JsonValue.Create(created),
        };
    }

    /// <summary>AWS managed policies have one ID everywhere; derive a stable one from the ARN.</summary>
    private static string AwsPolicyId(string arn)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(arn));
        return "ANPA" + string.Concat(hash.Take(17).Select(b => alphabet[b % alphabet.Length]));
    }

    private static JsonObject VersionJson(string defaultVersionId, string versionId, DateTimeOffset created, string? document)
    {
        var json = new JsonObject();
        if (document is not null)
        {
            json["Document"] = Encode(document);
        }

        json["VersionId"] = versionId;
        json["IsDefaultVersion"] = versionId == defaultVersionId;
        json["CreateDate"] = JsonValue.Create(created);
        return json;
    }
}
