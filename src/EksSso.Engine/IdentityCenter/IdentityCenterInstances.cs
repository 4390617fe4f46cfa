using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.SsoAdmin;

namespace EksSso.Engine.IdentityCenter;

/// <summary>The IAM Identity Center instance every Identity Center operation needs (ARN, identity store, home region).</summary>
public sealed record IdentityCenterInstance(string InstanceArn, string IdentityStoreId, string HomeRegion, string? OwnerAccountId, string? Status, string? Name, DateTimeOffset? CreatedDate);

public static class IdentityCenterInstances
{
    public const string NotEnabledErrorId = "IdentityCenterNotEnabled";

    /// <summary>
    /// The instance visible from the session's region (Identity Center is regional: ListInstances only answers in
    /// its home region). None is an <see cref="EksSsoException"/> that says what to click: there is no API that
    /// enables the organization instance.
    /// </summary>
    public static async Task<IdentityCenterInstance> GetAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var region = transport.Session.Region;
        var found = await new SsoAdminClient(transport).ListAllInstancesAsync(new ListInstancesRequest(), cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false);
        var instance = found.FirstOrDefault(i => i.InstanceArn is not null && i.IdentityStoreId is not null && i.Status is null or "ACTIVE")
            ?? throw new EksSsoException(NotEnabledErrorId, AwsErrorKind.NotFound, NotEnabledMessage(region));
        return new IdentityCenterInstance(
            instance.InstanceArn!,
            instance.IdentityStoreId!,
            instance.PrimaryRegion ?? region,
            instance.OwnerAccountId,
            instance.Status,
            instance.Name,
            instance.CreatedDate);
    }

    public static string NotEnabledMessage(string region) =>
        $"IAM Identity Center is not enabled in {region} for this account (sso-admin ListInstances returned no instance). " +
        "There is no API that enables it for an organization: sign in to the AWS Management Console as the organization's management account, " +
        $"open https://console.aws.amazon.com/singlesignon/home?region={region}, choose 'Enable', then 'Enable with AWS Organizations' " +
        "(the console creates the organization first if it has none). " +
        "If Identity Center is already enabled in another region, run the command with -Region <that home region>.";
}
