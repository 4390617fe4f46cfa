using System.Text.Json.Nodes;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Iam;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Engine.Clusters;

public enum CreatorPolicyKind
{
    /// <summary>The reference procedure's policy: every action of the services eksctl touches.</summary>
    Broad,

    /// <summary>Only the actions New-EksCluster and Remove-EksCluster call.</summary>
    Scoped,
}

public sealed record CreatorRoleSpec(string TrustedRoleArn, string RoleName, string PolicyName, CreatorPolicyKind Policy);

public sealed record CreatorRoleState(string RoleName, string RoleArn, string TrustedPrincipal, string PolicyArn, IReadOnlyList<string> Changes);

/// <summary>
/// The EKSClusterCreator role of the reference procedure: a role that trusts exactly one principal (the SSO role,
/// by its IAM ARN with path) and carries a customer managed policy with what cluster creation needs. Converges an
/// existing role: a trust policy that drifted is rewritten, a policy that differs gets a new default version.
/// </summary>
public static class ClusterCreatorRoles
{
    /// <summary>The reference procedure's EKSClusterCreatorPolicy, verbatim in meaning.</summary>
    public static readonly IReadOnlyList<string> BroadActions =
        ["eks:*", "iam:*", "cloudformation:*", "ec2:*", "autoscaling:*", "ssm:*", "kms:*", "sts:GetCallerIdentity"];

    /// <summary>
    /// The calls New-EksCluster and Remove-EksCluster make (network, the two service roles, cluster, nodegroup),
    /// and nothing else. Pester runs New-EksCluster under a role with only this policy to prove it suffices.
    /// </summary>
    public static readonly IReadOnlyList<string> ScopedActions =
    [
        "eks:CreateCluster", "eks:DescribeCluster", "eks:ListClusters", "eks:DeleteCluster", "eks:TagResource",
        "eks:CreateNodegroup", "eks:DescribeNodegroup", "eks:ListNodegroups", "eks:DeleteNodegroup",
        "eks:CreateAccessEntry", "eks:DescribeAccessEntry", "eks:ListAccessEntries", "eks:DeleteAccessEntry",
        "eks:AssociateAccessPolicy", "eks:DisassociateAccessPolicy", "eks:ListAssociatedAccessPolicies", "eks:ListAccessPolicies",
        "ec2:DescribeAvailabilityZones", "ec2:DescribeVpcs", "ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:DeleteVpc",
        "ec2:DescribeSubnets", "ec2:CreateSubnet", "ec2:ModifySubnetAttribute", "ec2:DeleteSubnet",
        "ec2:DescribeInternetGateways", "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:DeleteInternetGateway",
        "ec2:DescribeAddresses", "ec2:AllocateAddress", "ec2:ReleaseAddress",
        "ec2:DescribeNatGateways", "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
        "ec2:DescribeRouteTables", "ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:DeleteRouteTable",
        "ec2:DescribeSecurityGroups", "ec2:CreateTags", "ec2:DescribeTags",
        "iam:GetRole", "iam:CreateRole", "iam:TagRole", "iam:DeleteRole", "iam:PassRole",
        "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies", "iam:CreateServiceLinkedRole",
        "sts:GetCallerIdentity",
    ];

    public static string PolicyDocument(CreatorPolicyKind kind) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray([.. (kind == CreatorPolicyKind.Broad ? BroadActions : ScopedActions).Select(a => (JsonNode)JsonValue.Create(a)!)]),
            ["Resource"] = "*",
        }),
    }.ToJsonString();

    public static string TrustDocument(string principalArn) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = principalArn },
            ["Action"] = "sts:AssumeRole",
        }),
    }.ToJsonString();

    /// <summary>
    /// The IAM ARN (with its path) of the role to trust, given its ARN with or without path, an assumed-role STS ARN of
    /// it, or a role name: through IAM GetRole when the role is in the caller's account; a role of another account
    /// cannot be looked up and is trusted as given (it must then include its path).
    /// </summary>
    public static async Task<(string Arn, bool Verified)> ResolveTrustedRoleAsync(AwsTransport transport, string callerAccount, string roleOrArn, CancellationToken cancellationToken)
    {
        string name;
        if (AwsArn.TryParse(roleOrArn, out var arn))
        {
            if (!(arn.Service == "iam" && arn.ResourceType == "role") && !arn.IsAssumedRole)
            {
                throw new EksSsoException("InvalidTrustedRole", AwsErrorKind.Validation, $"'{roleOrArn}' is not an IAM role ARN or an assumed-role ARN.");
            }

            if (arn.AccountId != callerAccount)
            {
                if (arn.IsAssumedRole)
                {
                    throw new EksSsoException("InvalidTrustedRole", AwsErrorKind.Validation,
                        $"The role of '{roleOrArn}' is in account {arn.AccountId}, where its path cannot be looked up from {callerAccount}: pass the role's IAM ARN with its path (Get-EksSsoRole gives it).");
                }

                return (roleOrArn, false);
            }

            name = arn.Name;
        }
        else
        {
            name = roleOrArn;
        }

        try
        {
            var role = (await new IamClient(transport).GetRoleAsync(new GetRoleRequest { RoleName = name }, cancellationToken).ConfigureAwait(false)).Role;
            return (role?.Arn ?? throw new InvalidDataException($"GetRole returned no role for {name}."), true);
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            throw new EksSsoException("TrustedRoleNotFound", AwsErrorKind.NotFound, $"There is no IAM role '{name}' in account {callerAccount} to trust. For an IAM Identity Center role, Get-EksSsoRole -PermissionSetName <name> -AccountId {callerAccount} finds it once the permission set is provisioned there.", e);
        }
    }

    /// <summary>What exists now: the role (null when missing), its trust document, the policy's default document.</summary>
    public static async Task<(Role? Role, string? PolicyArn, string? PolicyDocument, bool Attached)> ReadAsync(AwsTransport transport, string accountId, string partition, CreatorRoleSpec spec, CancellationToken cancellationToken)
    {
        var iam = new IamClient(transport);
        Role? role = null;
        try
        {
            role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = spec.RoleName }, cancellationToken).ConfigureAwait(false)).Role;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
        }

        string? policyArn = $"arn:{partition}:iam::{accountId}:policy/{spec.PolicyName}";
        string? document = null;
        try
        {
            var policy = (await iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = policyArn }, cancellationToken).ConfigureAwait(false)).Policy;
            var version = await iam.GetPolicyVersionAsync(new GetPolicyVersionRequest { PolicyArn = policyArn, VersionId = policy?.DefaultVersionId }, cancellationToken).ConfigureAwait(false);
            document = version.PolicyVersion?.Document;
        }
        catch (AwsServiceException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            policyArn = null;
        }

        var attached = role is not null && policyArn is not null && (await iam.ListAllAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = spec.RoleName }, cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.PolicyArn == policyArn);
        return (role, policyArn, document, attached);
    }

    /// <summary>The changes that bring what exists to the spec, in order; empty when it already matches.</summary>
    public static List<string> Plan(CreatorRoleSpec spec, Role? role, string? policyArn, string? policyDocument, bool attached)
    {
        var changes = new List<string>();
        if (role is null)
        {
            changes.Add($"Create role {spec.RoleName} trusting {spec.TrustedRoleArn}");
        }
        else if (!PolicyDocumentValidator.AreEquivalent(role.AssumeRolePolicyDocument, TrustDocument(spec.TrustedRoleArn)))
        {
            changes.Add($"Rewrite the trust policy of {spec.RoleName} to trust only {spec.TrustedRoleArn}");
        }

        if (policyArn is null)
        {
            changes.Add($"Create policy {spec.PolicyName} ({spec.Policy})");
        }
        else if (!PolicyDocumentValidator.AreEquivalent(policyDocument, PolicyDocument(spec.Policy)))
        {
            changes.Add($"Set a new default version of {spec.PolicyName} ({spec.Policy})");
        }

        if (!attached)
        {
            changes.Add($"Attach {spec.PolicyName} to {spec.RoleName}");
        }

        return changes;
    }

    public static async Task<CreatorRoleState> ApplyAsync(AwsTransport transport, string accountId, string partition, CreatorRoleSpec spec, CancellationToken cancellationToken)
    {
        var iam = new IamClient(transport);
        var (role, policyArn, document, attached) = await ReadAsync(transport, accountId, partition, spec, cancellationToken).ConfigureAwait(false);
        var changes = Plan(spec, role, policyArn, document, attached);
        var trust = TrustDocument(spec.TrustedRoleArn);
        if (role is null)
        {
            role = (await iam.CreateRoleAsync(
                new CreateRoleRequest
                {
                    RoleName = spec.RoleName,
                    AssumeRolePolicyDocument = trust,
                    Description = "Creates EKS clusters (EksSso New-EksClusterCreatorRole); trusted by one IAM Identity Center role.",
                    Tags = [new Tag { Key = "eksso.io/created-by", Value = "EksSso" }],
                },
                cancellationToken).ConfigureAwait(false)).Role;
        }
        else if (!PolicyDocumentValidator.AreEquivalent(role.AssumeRolePolicyDocument, trust))
        {
            await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = spec.RoleName, PolicyDocument = trust }, cancellationToken).ConfigureAwait(false);
        }

        var wanted = PolicyDocument(spec.Policy);
        if (policyArn is null)
        {
            policyArn = (await iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = spec.PolicyName, PolicyDocument = wanted, Description = $"EKS cluster creation ({spec.Policy}), EksSso." }, cancellationToken).ConfigureAwait(false)).Policy?.Arn
                ?? throw new InvalidDataException("CreatePolicy returned no policy.");
        }
        else if (!PolicyDocumentValidator.AreEquivalent(document, wanted))
        {
            // A managed policy keeps at most five versions: make room by deleting the oldest that is not the default.
            var versions = await iam.ListAllPolicyVersionsAsync(new ListPolicyVersionsRequest { PolicyArn = policyArn }, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
            if (versions.Count >= 5 && versions.Where(v => v.IsDefaultVersion != true).OrderBy(v => v.CreateDate).FirstOrDefault() is { VersionId: { } oldest })
            {
                await iam.DeletePolicyVersionAsync(new DeletePolicyVersionRequest { PolicyArn = policyArn, VersionId = oldest }, cancellationToken).ConfigureAwait(false);
            }

            await iam.CreatePolicyVersionAsync(new CreatePolicyVersionRequest { PolicyArn = policyArn, PolicyDocument = wanted, SetAsDefault = true }, cancellationToken).ConfigureAwait(false);
        }

        if (!attached)
        {
            await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = spec.RoleName, PolicyArn = policyArn }, cancellationToken).ConfigureAwait(false);
        }

        return new CreatorRoleState(spec.RoleName, role?.Arn ?? "", spec.TrustedRoleArn, policyArn, changes);
    }
}
