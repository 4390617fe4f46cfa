using EksSso.Engine.Aws;

namespace EksSso.Engine.IdentityCenter;

/// <summary>
/// Turns the short name of an AWS managed policy (what the console shows: ViewOnlyAccess) into its ARN. The path is
/// part of the ARN and differs between policies (job-function/ViewOnlyAccess versus AdministratorAccess at the root), so a name is only
/// accepted when its path is known here; anything else must be passed as the full ARN.
/// </summary>
public static class ManagedPolicyCatalog
{
    public const string UnknownErrorId = "UnknownManagedPolicy";
    public const string CustomerManagedErrorId = "CustomerManagedPolicyNotSupported";
    public const string InvalidArnErrorId = "InvalidManagedPolicyArn";

    private const string JobFunction = "job-function/";

    private static readonly Dictionary<string, string> s_paths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AdministratorAccess"] = "",
        ["PowerUserAccess"] = "",
        ["ReadOnlyAccess"] = "",
        ["SecurityAudit"] = "",
        ["IAMReadOnlyAccess"] = "",
        ["IAMFullAccess"] = "",
        ["AmazonEKSClusterPolicy"] = "",
        ["AmazonEKSServicePolicy"] = "",
        ["AmazonEKSWorkerNodePolicy"] = "",
        ["AmazonEKS_CNI_Policy"] = "",
        ["AmazonEKSVPCResourceController"] = "",
        ["AmazonEC2ContainerRegistryReadOnly"] = "",
        ["AmazonEC2ReadOnlyAccess"] = "",
        ["AmazonS3ReadOnlyAccess"] = "",
        ["AmazonVPCReadOnlyAccess"] = "",
        ["AWSOrganizationsReadOnlyAccess"] = "",
        ["AWSSSOReadOnly"] = "",
        ["CloudWatchReadOnlyAccess"] = "",
        ["Billing"] = JobFunction,
        ["DatabaseAdministrator"] = JobFunction,
        ["DataScientist"] = JobFunction,
        ["NetworkAdministrator"] = JobFunction,
        ["SupportUser"] = JobFunction,
        ["SystemAdministrator"] = JobFunction,
        ["ViewOnlyAccess"] = JobFunction,
    };

    /// <summary>The policy ARN for a short name or an AWS managed policy ARN, in <paramref name="partition"/>.</summary>
    public static string Resolve(string nameOrArn, string partition)
    {
        var text = nameOrArn.Trim();
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return CheckArn(text);
        }

        if (text.Length == 0 || text.Contains('/') || text.Contains(':'))
        {
            throw new EksSsoException(UnknownErrorId, AwsErrorKind.Validation,
                $"'{nameOrArn}' is neither the short name of an AWS managed policy nor a policy ARN; pass the full ARN, for example arn:{partition}:iam::aws:policy/job-function/ViewOnlyAccess.");
        }

        if (!s_paths.TryGetValue(text, out var path))
        {
            throw new EksSsoException(UnknownErrorId, AwsErrorKind.Validation,
                $"'{nameOrArn}' is not an AWS managed policy this module knows the path of; pass the full ARN (arn:{partition}:iam::aws:policy/<path>/{text}), as the IAM console shows it.");
        }

        // The catalog's spelling, since IAM policy names are case-sensitive.
        var name = s_paths.Keys.First(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
        return $"arn:{partition}:iam::aws:policy/{path}{name}";
    }

    /// <summary>Every name or ARN resolved, duplicates removed (first spelling wins).</summary>
    public static IReadOnlyList<string> ResolveAll(IEnumerable<string> namesOrArns, string partition) =>
        [.. namesOrArns.Select(n => Resolve(n, partition)).Distinct(StringComparer.Ordinal)];

    private static string CheckArn(string text)
    {
        if (!AwsArn.TryParse(text, out var arn) || arn.Service != "iam" || arn.ResourceType != "policy" || !arn.Resource.StartsWith("policy/", StringComparison.Ordinal)
            || arn.Resource.Length <= "policy/".Length || arn.Resource.EndsWith('/') || arn.Region.Length != 0)
        {
            throw new EksSsoException(InvalidArnErrorId, AwsErrorKind.Validation,
                $"'{text}' is not an IAM managed policy ARN (arn:<partition>:iam::aws:policy/<path>/<name>).");
        }

        if (arn.AccountId != "aws")
        {
            throw new EksSsoException(CustomerManagedErrorId, AwsErrorKind.Validation,
                $"'{text}' is a customer managed policy (account {arn.AccountId}); a permission set takes AWS managed policies (arn:{arn.Partition}:iam::aws:policy/…) here. Put its statements into -InlinePolicy instead.");
        }

        return text;
    }
}
