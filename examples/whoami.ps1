<#
.SYNOPSIS
    Shows who the current AWS credentials are and which organization they belong to.
.EXAMPLE
    ./examples/whoami.ps1 -ProfileName EKSClusterAdminAccess-EKSAccount1 -Verbose
#>
[CmdletBinding()]
param(
    [string] $ProfileName,
    [string] $Region
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/EksSso')

$context = @{}
if ($ProfileName) { $context.ProfileName = $ProfileName }
if ($Region) { $context.Region = $Region }

$identity = Get-EksSsoCallerIdentity @context
$identity
if ($identity.IsSsoSession) {
    "Signed in through IAM Identity Center as '$($identity.SsoUserName)' with permission set '$($identity.PermissionSetName)'."
}
Get-EksSsoOrganization @context -ErrorAction Continue
