using System.Xml;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// What provisioning a permission set into an account does on AWS: an IAM role
/// AWSReservedSSO_&lt;name&gt;_&lt;16 hex&gt; under /aws-reserved/sso.amazonaws.com/, trusting the account's
/// AWSSSO_&lt;hex&gt;_DO_NOT_DELETE SAML provider, carrying the permission set's managed and inline policies.
/// </summary>
internal static class PermissionSetProvisioner
{
    public const string InlinePolicyName = "AwsSSOInlinePolicy";

    private static readonly TimeSpan s_minSession = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_maxSession = TimeSpan.FromHours(12);

    /// <summary>The role path AWS uses: the home region is part of it except for us-east-1.</summary>
    public static string RolePath(string homeRegion) =>
        homeRegion == "us-east-1" ? "/aws-reserved/sso.amazonaws.com/" : $"/aws-reserved/sso.amazonaws.com/{homeRegion}/";

    /// <summary>Parses an ISO-8601 session duration; null when it is not one or is outside 1–12 hours.</summary>
    public static TimeSpan? ParseSessionDuration(string value)
    {
        try
        {
            var duration = XmlConvert.ToTimeSpan(value);
            return duration >= s_minSession && duration <= s_maxSession ? duration : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static ProvisionedPermissionSet? Find(IdentityCenterState state, string permissionSetArn, string accountId) =>
        state.Provisioned.FirstOrDefault(p => p.PermissionSetArn == permissionSetArn && p.AccountId == accountId);

    /// <summary>Creates or updates the permission set's role in the account so it reflects the latest revision.</summary>
    public static IamRole Provision(SandboxHost host, IdentityCenterState state, PermissionSetRecord permissionSet, string accountId)
    {
        var instance = state.Instance ?? throw new InvalidOperationException("Provisioning needs an Identity Center instance.");
        var account = host.State.Account(accountId);
        var record = Find(state, permissionSet.Arn, accountId);
        if (record is null)
        {
            var suffix = SandboxHost.RandomHex(16);
            record = new ProvisionedPermissionSet
            {
                PermissionSetArn = permissionSet.Arn,
                AccountId = accountId,
                RoleSuffix = suffix,
                RoleName = $"AWSReservedSSO_{permissionSet.Name}_{suffix}",
            };
            state.Provisioned.Add(record);
        }

        var provider = EnsureSamlProvider(host, state, account);
        var maxSession = (int)(ParseSessionDuration(permissionSet.SessionDuration) ?? s_minSession).TotalSeconds;
        if (!account.Iam.Roles.TryGetValue(record.RoleName, out var role))
        {
            var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":""" + "\"" + provider + "\"" +
                """},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}""";
            role = host.CreateRole(account, record.RoleName, RolePath(instance.Region), trust, maxSessionDuration: maxSession);
        }

        role.MaxSessionDuration = maxSession;
        role.AttachedPolicyArns = [.. permissionSet.ManagedPolicies];
        if (permissionSet.InlinePolicy is { } inline)
        {
            role.InlinePolicies[InlinePolicyName] = inline;
        }
        else
        {
            role.InlinePolicies.Remove(InlinePolicyName);
        }

        record.Revision = permissionSet.Revision;
        return role;
    }

    /// <summary>Removes the permission set's role from the account (the last assignment there was deleted).</summary>
    public static void Deprovision(SandboxHost host, IdentityCenterState state, string permissionSetArn, string accountId)
    {
        if (Find(state, permissionSetArn, accountId) is not { } record)
        {
            return;
        }

        state.Provisioned.Remove(record);
        if (host.State.Accounts.TryGetValue(accountId, out var account))
        {
            account.Iam.Roles.Remove(record.RoleName);
        }
    }

    /// <summary>The role a provisioned permission set stands for in an account, if it is there.</summary>
    public static IamRole? Role(SandboxHost host, IdentityCenterState state, string permissionSetArn, string accountId) =>
        Find(state, permissionSetArn, accountId) is { } record
        && host.State.Accounts.TryGetValue(accountId, out var account)
        && account.Iam.Roles.TryGetValue(record.RoleName, out var role)
            ? role
            : null;

    private static string EnsureSamlProvider(SandboxHost host, IdentityCenterState state, AccountState account)
    {
        if (!state.SamlProviders.TryGetValue(account.Id, out var hex))
        {
            state.SamlProviders[account.Id] = hex = SandboxHost.RandomHex(16);
        }

        var arn = $"arn:{host.State.Partition}:iam::{account.Id}:saml-provider/AWSSSO_{hex}_DO_NOT_DELETE";
        if (!account.Iam.SamlProviders.ContainsKey(arn))
        {
            var region = state.Instance?.Region ?? host.State.HomeRegion;
            var entity = $"https://portal.sso.{region}.amazonaws.com/saml/assertion/{hex}";
            account.Iam.SamlProviders[arn] =
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity}\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"><md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"{entity}\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
        }

        return arn;
    }
}
