<#
.SYNOPSIS
    The reference procedure from "create the organization" to "eksadmin in EKS_Cluster_Admins, assigned
    EKSClusterAdminAccess in the new account", as one pipeline script.
.DESCRIPTION
    Idempotent: run it again and it makes no change, returning the same objects. Runs under whatever credentials the
    EksSso cmdlets resolve (the environment's default profile, a Use-EksSsoContext scope, or a sandbox started with
    Start-EksSsoSandbox). Against a real AWS account, IAM Identity Center must first be enabled in the console
    (Get-EksSsoInstance says how); that is the one step no API can do.
.OUTPUTS
    One object with the Organization, Account, Group, User, Membership, PermissionSet, Assignment and Role.
.EXAMPLE
    ./examples/identity-center.ps1 -AccountEmail 'youralias+ekscluster@example.com'
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $AccountName = 'EKS-Account',
    [string] $AccountEmail = 'aws+ekscluster@example.com',
    [string] $GroupName = 'EKS_Cluster_Admins',
    [string] $UserName = 'eksadmin',
    [string] $UserEmail = 'eksadmin@example.com',
    [string] $GivenName = 'EKS',
    [string] $FamilyName = 'Admin',
    [string] $PermissionSetName = 'EKSClusterAdminAccess'
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module EksSso)) { Import-Module (Join-Path $PSScriptRoot '../out/EksSso') }

# Under -WhatIf a step that would create something returns nothing, and the steps that need it cannot be planned yet.
function Test-Planned([object] $Value, [string] $What) {
    if ($null -ne $Value) { return $true }
    if ($WhatIfPreference) { Write-Host "What if: the remaining steps need the $What that this run would create; plan them again once it exists." }
    $false
}

# aws organizations create-organization; aws organizations create-account (waits until SUCCEEDED)
$organization = New-EksSsoOrganization
if (-not (Test-Planned $organization 'organization')) { return }
$account = New-EksSsoMemberAccount -Name $AccountName -Email $AccountEmail

# IAM Identity Center: the group, the user, and the membership.
$group = New-EksSsoGroup -Name $GroupName -Description 'Administrators of the EKS clusters'
$user = New-EksSsoUser -UserName $UserName -Email $UserEmail -GivenName $GivenName -FamilyName $FamilyName
if (-not (Test-Planned $group 'group') -or -not (Test-Planned $user 'user')) { return }
$membership = $user | Add-EksSsoGroupMember -GroupName $group.GroupName

# The permission set: ViewOnlyAccess plus the inline policy, landing in the EKS console.
$permissionSet = New-EksSsoPermissionSet -Name $PermissionSetName `
    -RelayState 'https://console.aws.amazon.com/eks' `
    -ManagedPolicy ViewOnlyAccess `
    -InlinePolicy @{
        Version   = '2012-10-17'
        Statement = @(@{ Effect = 'Allow'; Action = @('eks:*', 'sts:AssumeRole'); Resource = '*' })
    }

if (-not (Test-Planned $account 'member account') -or -not (Test-Planned $permissionSet 'permission set')) { return }

# The group gets the permission set in the new account (provisioning creates the AWSReservedSSO_ role there).
$assignment = $account | Grant-EksSsoAccountAssignment -PermissionSet $permissionSet.PermissionSetArn -Group $group.GroupName

# The AWSReservedSSO_EKSClusterAdminAccess_… role in that account, with its path: what trust policies and aws-auth name.
$role = $assignment | Get-EksSsoRole

[pscustomobject]@{
    Organization  = $organization
    Account       = $account
    Group         = $group
    User          = $user
    Membership    = $membership
    PermissionSet = $permissionSet
    Assignment    = $assignment
    Role          = $role
}
