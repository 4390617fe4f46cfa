<#
.SYNOPSIS
    What the module can do so far, against the embedded sandbox: no AWS account needed.
.DESCRIPTION
    Starts the sandbox and shows who the default credentials are (the sandbox's management-account
    administrator). Then runs the first half of the reference procedure, examples/identity-center.ps1: the
    organization, a member account, the EKS_Cluster_Admins group with eksadmin in it, the EKSClusterAdminAccess
    permission set assigned in the new account, and the SSO role that provisioning created there. Runs it a second
    time to show that nothing changes. Stops the sandbox, restoring the environment. The full quick-start
    (issue #8) replaces this tour.
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/EksSso')

$sandbox = Start-EksSsoSandbox
try {
    "Sandbox at $($sandbox.Endpoint), management account $($sandbox.ManagementAccountId)"
    Get-EksSsoCallerIdentity | Format-List | Out-String
    Get-EksSsoInstance | Format-List | Out-String

    '== The reference procedure, organization to account assignment (examples/identity-center.ps1) =='
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $result = & (Join-Path $PSScriptRoot 'identity-center.ps1')
    "Done in $([int]$clock.Elapsed.TotalSeconds) s:"
    $result.Organization | Format-Table | Out-String
    $result.Account | Format-Table | Out-String
    $result.Membership | Format-Table | Out-String
    $result.PermissionSet | Format-List Name, RelayState, ManagedPolicies, InlinePolicy, Changes | Out-String
    $result.Assignment | Format-Table | Out-String
    $result.Role | Format-List RoleName, Arn, ArnWithoutPath | Out-String

    '== The same script again: idempotent =='
    $again = & (Join-Path $PSScriptRoot 'identity-center.ps1')
    "Second run: permission set changes: $(if ($again.PermissionSet.Changes) { $again.PermissionSet.Changes -join '; ' } else { 'none' }); same role: $($again.Role.Arn -eq $result.Role.Arn)"
}
finally {
    Stop-EksSsoSandbox $sandbox -Remove
}
