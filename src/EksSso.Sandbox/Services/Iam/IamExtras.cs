using System.Text.Json;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Iam;

/// <summary>
/// The IAM data of an account that <see cref="IamAccountState"/> has no place for: instance profiles, provider tags,
/// policy version counters, access key dates. Kept as JSON in the account's <c>iam</c>/<c>global</c> bag.
/// </summary>
public sealed class IamExtras
{
    private const string Service = "iam";
    private const string Region = "global";
    private const string Key = "extras";

    public Dictionary<string, IamInstanceProfile> InstanceProfiles { get; set; } = [];

    /// <summary>OIDC provider ARN → tags.</summary>
    public Dictionary<string, Dictionary<string, string>> ProviderTags { get; set; } = [];

    /// <summary>Customer managed policy ARN → the highest version number ever issued (IAM never reuses one).</summary>
    public Dictionary<string, int> PolicyVersionCounters { get; set; } = [];

    /// <summary>Access key id → creation time.</summary>
    public Dictionary<string, DateTimeOffset> AccessKeyCreated { get; set; } = [];

    public static IamExtras Read(AccountState account) =>
        account.RegionalState(Service, Region)[Key]?.Deserialize<IamExtras>() ?? new IamExtras();

    public void Write(AccountState account) =>
        account.RegionalState(Service, Region)[Key] = JsonSerializer.SerializeToNode(this);
}

public sealed class IamInstanceProfile
{
    public string Name { get; set; } = "";

    public string Path { get; set; } = "/";

    public string Arn { get; set; } = "";

    public string InstanceProfileId { get; set; } = "";

    public DateTimeOffset CreateDate { get; set; }

    /// <summary>Role names (an instance profile holds at most one).</summary>
    public List<string> Roles { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];
}
