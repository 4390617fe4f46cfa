namespace EksSso.Sandbox.Policy;

/// <summary>
/// A policy document IAM would refuse. <see cref="Exception.Message"/> is IAM's own wording so a service can return
/// it verbatim as the <c>MalformedPolicyDocument</c> error message.
/// </summary>
public sealed class MalformedPolicyException : Exception
{
    /// <summary>The IAM error code a service reports for this failure.</summary>
    public const string IamErrorCode = "MalformedPolicyDocument";

    public const string SyntaxErrors = "Syntax errors in policy.";
    public const string BadVersion = "Policy document must be version 2012-10-17 or greater.";
    public const string MissingStatement = "Missing required field Statement";
    public const string MissingEffect = "Missing required field Effect";

    // IAM has answered a mis-cased or unknown Effect ("allow") with this legacy-parser message rather than a precise one.
    public const string InvalidEffect = "The policy failed legacy parsing";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string PrincipalInIdentityPolicy = "Policy document should not specify a principal.";
    public const string ActionWithoutVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string ActionWithManyColons = "Actions/Condition can contain only one colon.";
    public const string TrustActionNotSts = "AssumeRolePolicy policy may only specify STS AssumeRole actions.";
    public const string SidNotAlphanumeric = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string SidNotUnique = "Statement IDs (SID) in a single policy must be unique.";

    public MalformedPolicyException(string message)
        : base(message)
    {
    }

    public MalformedPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static MalformedPolicyException Syntax() => new(SyntaxErrors);

    internal static MalformedPolicyException ResourceNotArn(string resource) => new($"Resource {resource} must be in ARN format or \"*\".");

    internal static MalformedPolicyException InvalidConditionType(string op) => new($"Invalid Condition type : {op}");

    internal static MalformedPolicyException ProhibitedField(string field) => new($"Has prohibited field {field}");

    internal static MalformedPolicyException InvalidPrincipal(string type, string value) => new($"Invalid principal in policy: \"{type}\":\"{value}\"");
}
