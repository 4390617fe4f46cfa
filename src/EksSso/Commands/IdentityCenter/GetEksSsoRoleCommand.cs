using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>
/// The AWSReservedSSO_&lt;PermissionSet&gt;_&lt;hex&gt; role that provisioning created in an account, with the ARN (path
/// included) that IAM reports. Another account is read through its access role; a role that provisioning has not
/// created yet is waited for up to -Timeout.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EksSsoRole")]
[OutputType(typeof(EksSsoRole))]
public sealed class GetEksSsoRoleCommand : EksSsoIdentityCenterCmdlet
{
    // object, not AwsArn/AwsTransport: see the load-context rules in docs/ARCHITECTURE.md.
    private object? _caller;
    private readonly Dictionary<string, object> _accountTransports = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PermissionSetNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string PermissionSetName { get; set; } = "";

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(@"^\d{12}$")]
    public string? AccountId { get; set; }

    [Parameter]
    [ValidatePattern(@"^[\w+=,.@-]{1,64}$")]
    public string AccessRoleName { get; set; } = SsoRoles.DefaultAccessRoleName;

    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    protected override object? ErrorTarget => PermissionSetName;

    protected override async Task ProcessRecordAsync()
    {
        if (Timeout < TimeSpan.Zero)
        {
            ThrowTerminating("InvalidTimeout", ErrorCategory.InvalidArgument, "-Timeout must not be negative.", Timeout);
        }

        var caller = (AwsArn)(_caller ??= await SsoRoles.CallerAsync(Transport, CancellationToken));
        var accountId = AccountId ?? caller.AccountId;
        if (!_accountTransports.TryGetValue(accountId, out var cached))
        {
            cached = await SsoRoles.TransportForAccountAsync(Transport, caller, accountId, AccessRoleName, CancellationToken);
            _accountTransports[accountId] = cached;
        }

        var transport = (AwsTransport)cached;
        var role = await SsoRoles.FindAsync(transport, PermissionSetName, accountId, CancellationToken);
        if (role is null)
        {
            await RequirePermissionSetAsync();
            using var progress = StartProgress($"Waiting for the role of permission set {PermissionSetName}");
            role = await SsoRoles.WaitAsync(transport, PermissionSetName, accountId, Timeout, progress, CancellationToken);
        }

        WriteObject(new EksSsoRole(role.RoleName, role.Arn, AwsArn.Parse(role.Arn).Canonical.ToString(), role.Path, role.PermissionSetName, role.AccountId, role.RoleId, role.CreateDate));
    }

    /// <summary>A misspelt permission set fails at once instead of after the wait; skipped when Identity Center cannot be asked.</summary>
    private async Task RequirePermissionSetAsync()
    {
        IdentityCenterInstance instance;
        try
        {
            instance = await GetInstanceAsync();
        }
        catch (Exception e) when (e is EksSsoException or AwsServiceException)
        {
            WriteDebug($"Could not check that permission set {PermissionSetName} exists: {e.Message}");
            return;
        }

        if (await PermissionSets.FindAsync(Transport, instance.InstanceArn, PermissionSetName, CancellationToken) is null)
        {
            throw new EksSsoException("PermissionSetNotFound", AwsErrorKind.NotFound,
                $"There is no permission set named '{PermissionSetName}' in {instance.InstanceArn}, so no account has its role. Check the name (it tab-completes) or create it with New-EksSsoPermissionSet.");
        }
    }
}
