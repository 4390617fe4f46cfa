namespace EksSso.Sandbox.Policy;

/// <summary>Which IAM rules a document is validated against.</summary>
public enum PolicyKind
{
    /// <summary>Attached to a user/role/group or a permission set: no Principal, Resource required.</summary>
    Identity,

    /// <summary>A role's AssumeRolePolicyDocument: Principal required, no Resource, only sts: actions.</summary>
    Trust,
}

/// <summary>
/// A parsed, validated and compiled IAM policy document. Immutable and thread-safe, so callers may cache it by its
/// JSON text and evaluate it concurrently.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>The current policy language; the only one in which <c>${...}</c> policy variables are substituted.</summary>
    public const string Version20121017 = "2012-10-17";

    /// <summary>The legacy language, also what IAM assumes when Version is absent.</summary>
    public const string Version20081017 = "2008-10-17";

    internal PolicyDocument(string json, PolicyKind kind, string? version, string? id, IReadOnlyList<PolicyStatement> statements)
    {
        Json = json;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>The text this document was parsed from.</summary>
    public string Json { get; }

    public PolicyKind Kind { get; }

    /// <summary>The Version element as written; null when absent (evaluated as <see cref="Version20081017"/>).</summary>
    public string? Version { get; }

    /// <summary>The version the document is evaluated under.</summary>
    public string EffectiveVersion => Version ?? Version20081017;

    /// <summary>True only for 2012-10-17: older documents treat <c>${aws:username}</c> as literal text, as IAM does.</summary>
    public bool SupportsPolicyVariables => EffectiveVersion == Version20121017;

    public string? Id { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Parses an identity-based policy. Throws <see cref="MalformedPolicyException"/> with IAM's message.</summary>
    public static PolicyDocument Parse(string json) => Parse(json, PolicyKind.Identity);

    /// <summary>
    /// Parses a policy of the given kind. <paramref name="requireAction"/> mirrors IAM, which refuses a statement
    /// with neither Action nor NotAction in identity and trust policies alike; pass false only to inspect fragments
    /// (such a statement then applies to no action).
    /// </summary>
    public static PolicyDocument Parse(string json, PolicyKind kind, bool requireAction = true) =>
        PolicyParser.Parse(json, kind, requireAction);
}
