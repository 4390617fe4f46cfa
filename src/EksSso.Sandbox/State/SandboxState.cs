using System.Text.Json.Serialization;

namespace EksSso.Sandbox.State;

/// <summary>
/// Everything the sandbox knows, as plain serialisable data so a rehearsal can be saved and resumed. Services keep
/// their own parts in the per-account or per-region bags below; one lock (the pipeline's) guards all of it.
/// </summary>
public sealed class SandboxState
{
    public string Partition { get; set; } = "aws";

    /// <summary>Region of the Identity Center instance and the default region of the sandbox.</summary>
    public string HomeRegion { get; set; } = "us-east-1";

    public string ManagementAccountId { get; set; } = "";

    public long Sequence { get; set; }

    public Dictionary<string, AccountState> Accounts { get; set; } = [];

    /// <summary>Access keys the sandbox issued: long-term user keys and temporary session keys.</summary>
    public Dictionary<string, AccessKeyState> AccessKeys { get; set; } = [];

    /// <summary>Per-service state that is not per account (Organizations, Identity Center, OIDC...), by service name.</summary>
    public Dictionary<string, System.Text.Json.Nodes.JsonObject> Global { get; set; } = [];

    public AccountState Account(string id) =>
        Accounts.TryGetValue(id, out var a) ? a : throw new InvalidOperationException($"The sandbox has no account {id}.");
}

public sealed class AccountState
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public IamAccountState Iam { get; set; } = new();

    /// <summary>Per-service, per-region state (EC2, EKS...): service → region → document.</summary>
    public Dictionary<string, Dictionary<string, System.Text.Json.Nodes.JsonObject>> Regional { get; set; } = [];

    public System.Text.Json.Nodes.JsonObject RegionalState(string service, string region)
    {
        if (!Regional.TryGetValue(service, out var byRegion))
        {
            Regional[service] = byRegion = [];
        }

        if (!byRegion.TryGetValue(region, out var doc))
        {
            byRegion[region] = doc = [];
        }

        return doc;
    }
}

/// <summary>IAM entities of one account: what authentication and authorisation read on every request.</summary>
public sealed class IamAccountState
{
    public Dictionary<string, IamUser> Users { get; set; } = [];

    public Dictionary<string, IamRole> Roles { get; set; } = [];

    /// <summary>Customer managed policies by ARN.</summary>
    public Dictionary<string, IamManagedPolicy> Policies { get; set; } = [];

    /// <summary>OIDC providers by ARN: URL host/path → client ids and thumbprints.</summary>
    public Dictionary<string, IamOidcProvider> OidcProviders { get; set; } = [];

    /// <summary>SAML providers by ARN (Identity Center registers one per account).</summary>
    public Dictionary<string, string> SamlProviders { get; set; } = [];
}

public sealed class IamUser
{
    public string Name { get; set; } = "";

    public string Path { get; set; } = "/";

    public string Arn { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset CreateDate { get; set; }

    public List<string> AttachedPolicyArns { get; set; } = [];

    public Dictionary<string, string> InlinePolicies { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class IamRole
{
    public string Name { get; set; } = "";

    public string Path { get; set; } = "/";

    public string Arn { get; set; } = "";

    public string RoleId { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreateDate { get; set; }

    public int MaxSessionDuration { get; set; } = 3600;

    public string AssumeRolePolicyDocument { get; set; } = "";

    public List<string> AttachedPolicyArns { get; set; } = [];

    public Dictionary<string, string> InlinePolicies { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class IamManagedPolicy
{
    public string Name { get; set; } = "";

    public string Path { get; set; } = "/";

    public string Arn { get; set; } = "";

    public string PolicyId { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreateDate { get; set; }

    public DateTimeOffset UpdateDate { get; set; }

    public string DefaultVersionId { get; set; } = "v1";

    public List<IamPolicyVersion> Versions { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class IamPolicyVersion
{
    public string VersionId { get; set; } = "v1";

    public string Document { get; set; } = "";

    public DateTimeOffset CreateDate { get; set; }
}

public sealed class IamOidcProvider
{
    public string Arn { get; set; } = "";

    public string Url { get; set; } = "";

    public List<string> ClientIds { get; set; } = [];

    public List<string> Thumbprints { get; set; } = [];

    public DateTimeOffset CreateDate { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<PrincipalKind>))]
public enum PrincipalKind
{
    User,
    AssumedRole,
    Root,
}

/// <summary>An access key the sandbox issued, and who it belongs to.</summary>
public sealed class AccessKeyState
{
    public string AccessKeyId { get; set; } = "";

    public string SecretAccessKey { get; set; } = "";

    /// <summary>Set for temporary credentials; requests must carry it as X-Amz-Security-Token.</summary>
    public string? SessionToken { get; set; }

    public DateTimeOffset? Expiration { get; set; }

    public PrincipalKind Kind { get; set; }

    public string AccountId { get; set; } = "";

    /// <summary>User name for User; role name for AssumedRole.</summary>
    public string PrincipalName { get; set; } = "";

    public string? SessionName { get; set; }

    /// <summary>An assumed role reached by chaining (from another role session): caps sessions at one hour.</summary>
    public bool IsRoleChain { get; set; }
}
