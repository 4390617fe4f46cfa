using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;

namespace EksSso.Commands.IdentityMapping;

/// <summary>What the aws-auth cmdlets share: -Cluster (base), the connection, ShouldProcess with the YAML change, output.</summary>
public abstract class IdentityMappingCmdlet : EksClusterCmdlet
{
    private protected const string RoleSet = "Role";
    private protected const string UserSet = "User";

    /// <summary>The ARN of a -Role/-UserArn value, checked for its kind (InvalidPrincipal before any call).</summary>
    private protected string ValidateArn(AwsAuthMappingKind kind, object value)
    {
        var text = ArnText(value)?.Trim() ?? "";
        try
        {
            return AwsAuthInput.ValidateArn(kind, text).ToString();
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, value);
            throw;
        }
    }

    /// <summary>Describes the cluster and opens its Kubernetes API as the current identity.</summary>
    private protected Task<KubeClusterConnection> OpenAsync(string cluster) => KubeClusterConnection.OpenAsync(Transport, cluster, CancellationToken);

    /// <summary>ShouldProcess for an aws-auth edit: -WhatIf and -Confirm show the lines removed (- ) and added (+ ).</summary>
    private protected bool ConfirmEdit(AwsAuthEditResult result, string action)
    {
        var diff = string.Join(Environment.NewLine, result.Changes);
        var target = $"kube-system/aws-auth of cluster {result.ClusterName}";
        return ShouldProcess(
            $"{action} in {target}:{Environment.NewLine}{diff}",
            $"{action} in {target}?{Environment.NewLine}{diff}",
            action);
    }

    private protected static EksIdentityMapping ToOutput(string cluster, AwsAuthMapping mapping, string originalArn, bool changed, IEnumerable<string> changes) => new(
        cluster, mapping.Kind.ToString(), mapping.Arn, originalArn, mapping.UserName, [.. mapping.Groups], changed, [.. changes]);

    private protected static EksIdentityMapping ToOutput(string cluster, AwsAuthEntry entry) => new(
        cluster, entry.Kind.ToString(), entry.Arn, entry.Arn, entry.UserName, [.. entry.Groups], false, []);
}

/// <summary>-Role or -UserArn: the principal of Add- and Remove-EksIdentityMapping.</summary>
public abstract class IdentityMappingPrincipalCmdlet : IdentityMappingCmdlet
{
    /// <summary>An EksSsoRole (Get-EksSsoRole), an object with an Arn property, or an IAM role ARN (with or without path).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RoleSet)]
    [Alias("RoleArn")]
    [ValidateNotNull]
    public object Role { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = UserSet)]
    [ValidateNotNullOrEmpty]
    public string UserArn { get; set; } = "";

    /// <summary>The kind and ARN (as given) of -Role or -UserArn, checked before any call.</summary>
    private protected (AwsAuthMappingKind Kind, string Arn) ValidatePrincipal() => ParameterSetName == UserSet
        ? (AwsAuthMappingKind.User, ValidateArn(AwsAuthMappingKind.User, UserArn))
        : (AwsAuthMappingKind.Role, ValidateArn(AwsAuthMappingKind.Role, Role));
}
