using System.Management.Automation;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using EksSso.Engine.Clusters;
using EksSso.Engine.Identity;

namespace EksSso.Commands.Clusters;

/// <summary>
/// Creates or converges the role that creates EKS clusters (the reference procedure's EKSClusterCreator), trusted by
/// exactly one role — normally the IAM Identity Center role of EKSClusterAdminAccess, by its IAM ARN with path — with
/// the reference procedure's policy (Broad) or only the actions New-EksCluster calls (Scoped). In the account of the
/// current context.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksClusterCreatorRole", SupportsShouldProcess = true)]
[OutputType(typeof(EksClusterCreatorRole))]
public sealed partial class NewEksClusterCreatorRoleCommand : EksSsoAwsCmdlet
{
    /// <summary>An EksSsoRole (Get-EksSsoRole), a role ARN with or without path, an assumed-role ARN, or a role name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object TrustedRole { get; set; } = "";

    [Parameter]
    public string RoleName { get; set; } = "EKSClusterCreator";

    [Parameter]
    public string PolicyName { get; set; } = "EKSClusterCreatorPolicy";

    [Parameter]
    public CreatorPolicy Policy { get; set; } = CreatorPolicy.Broad;

    protected override object? ErrorTarget => RoleName;

    protected override async Task ProcessRecordAsync()
    {
        var trusted = TrustedRoleText(TrustedRole);
        if (!IamNamePattern().IsMatch(RoleName) || RoleName.Length > 64)
        {
            throw new EksSsoException("InvalidRoleName", AwsErrorKind.Validation, $"'{RoleName}' is not a valid IAM role name (1 to 64 characters of letters, digits and +=,.@_-).");
        }

        if (!IamNamePattern().IsMatch(PolicyName) || PolicyName.Length > 128)
        {
            throw new EksSsoException("InvalidPolicyName", AwsErrorKind.Validation, $"'{PolicyName}' is not a valid IAM policy name (1 to 128 characters of letters, digits and +=,.@_-).");
        }

        var caller = await CallerIdentityService.GetAsync(Transport, CancellationToken, resolveRole: false);
        var partition = AwsArn.Parse(caller.Arn).Partition;
        var (trustedArn, verified) = await ClusterCreatorRoles.ResolveTrustedRoleAsync(Transport, caller.Account, trusted, CancellationToken);
        if (!verified)
        {
            WriteWarning($"{trustedArn} is in another account: it is trusted as given, without looking up its path.");
        }

        var spec = new CreatorRoleSpec(trustedArn, RoleName, PolicyName, Policy == CreatorPolicy.Scoped ? CreatorPolicyKind.Scoped : CreatorPolicyKind.Broad);
        var (role, policyArn, document, attached) = await ClusterCreatorRoles.ReadAsync(Transport, caller.Account, partition, spec, CancellationToken);
        var changes = ClusterCreatorRoles.Plan(spec, role, policyArn, document, attached);
        if (changes.Count == 0)
        {
            WriteVerbose($"Role {RoleName} already trusts {trustedArn} with {PolicyName} ({Policy}); nothing to change.");
            WriteObject(new EksClusterCreatorRole(RoleName, role!.Arn ?? "", trustedArn, policyArn!, Policy, []));
            return;
        }

        if (!ShouldProcess($"account {caller.Account}", string.Join("; ", changes)))
        {
            return;
        }

        var state = await ClusterCreatorRoles.ApplyAsync(Transport, caller.Account, partition, spec, CancellationToken);
        WriteObject(new EksClusterCreatorRole(state.RoleName, state.RoleArn, state.TrustedPrincipal, state.PolicyArn, Policy, [.. state.Changes]));
    }

    /// <summary>The ARN or name in what was passed: an object with an Arn property (EksSsoRole, Get-EksSsoCallerIdentity's RoleArn) or text.</summary>
    private static string TrustedRoleText(object value)
    {
        var o = value is PSObject ps ? ps.BaseObject : value;
        var wrapped = PSObject.AsPSObject(value);
        var text = o switch
        {
            string s => s,
            EksSsoRole role => role.Arn,
            EksSsoCallerIdentity { RoleArn: { } roleArn } => roleArn,
            _ => wrapped.Properties["Arn"]?.Value as string ?? wrapped.Properties["RoleArn"]?.Value as string,
        };
        return string.IsNullOrWhiteSpace(text)
            ? throw new EksSsoException("InvalidTrustedRole", AwsErrorKind.Validation, "-TrustedRole takes an EksSsoRole (Get-EksSsoRole), a role ARN or a role name.")
            : text.Trim();
    }

    [GeneratedRegex(@"^[\w+=,.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IamNamePattern();
}

/// <summary>-Policy of New-EksClusterCreatorRole.</summary>
public enum CreatorPolicy
{
    /// <summary>The reference procedure's EKSClusterCreatorPolicy: eks:*, iam:*, ec2:*, cloudformation:*, autoscaling:*, ssm:*, kms:*.</summary>
    Broad,

    /// <summary>Only the EKS, EC2, IAM and STS actions New-EksCluster and Remove-EksCluster call.</summary>
    Scoped,
}
