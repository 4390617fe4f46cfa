<#
.SYNOPSIS
    What the module can do so far, against the embedded sandbox: no AWS account needed.
.DESCRIPTION
    Starts the sandbox, shows who the default credentials are (the sandbox's management-account administrator),
    shows that the account has no organization yet (with the module's guidance), and stops the sandbox, restoring
    the environment. The full reference procedure replaces this tour when its cmdlets land.
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/EksSso')

$sandbox = Start-EksSsoSandbox
try {
    "Sandbox at $($sandbox.Endpoint), management account $($sandbox.ManagementAccountId)"
    Get-EksSsoCallerIdentity -Verbose | Format-List | Out-String
    $org = Get-EksSsoOrganization -ErrorAction SilentlyContinue -ErrorVariable orgError
    if ($org) { $org | Format-Table | Out-String }
    else { "No organization yet: $($orgError[0].FullyQualifiedErrorId) - $($orgError[0])" }
}
finally {
    Stop-EksSsoSandbox $sandbox -Remove
}
