<#
.SYNOPSIS
    The whole reference procedure ("A quick path to Amazon EKS single sign-on using AWS SSO") with EksSso cmdlets:
    from the organization to the nodes listed by the SSO identity.
.DESCRIPTION
    1. Organization and member account, Identity Center group, user, membership, permission set and assignment
       (examples/identity-center.ps1).
    2. An AWS CLI v2 SSO profile for EKSClusterAdminAccess in the member account, and the sign-in.
    3. Who the SSO profile is (aws sts get-caller-identity).
    4. EKSClusterCreator, created in the member account through OrganizationAccountAccessRole, trusted by exactly the
       SSO role.
    5. The cluster, created as EKSClusterCreator assumed by the SSO identity (nested contexts: the SSO profile, then the
       creator role).
    6. What the cluster thinks of the SSO identity before it is mapped (Unauthorized the first time).
    7. The SSO role mapped into the cluster by the creator: an EKS access entry (AmazonEKSClusterAdminPolicy) and, as
       the reference procedure does with eksctl, aws-auth (cluster-admin in system:masters).
    8. A kubeconfig for the SSO profile (aws eks update-kubeconfig), and the nodes listed as the SSO identity.

    Idempotent: a second run changes nothing and returns equal objects. Runs under whatever credentials the EksSso
    cmdlets resolve for the administrator (the default profile, a Use-EksSsoContext scope, or a sandbox started with
    Start-EksSsoSandbox -SignInAs eksadmin). Against a real AWS account two steps have no API and are done in the
    console first: enabling IAM Identity Center and its MFA settings (see README.md, "A real AWS account").
.OUTPUTS
    One object with every step's result: Organization ... Role (identity-center.ps1), Profile, Login, SsoIdentity,
    CreatorRole, Cluster, AccessBefore, AccessEntry, IdentityMapping, Kubeconfig, Access, Nodes.
.EXAMPLE
    $sandbox = Start-EksSsoSandbox -SignInAs eksadmin; ./examples/quickstart.ps1; Stop-EksSsoSandbox $sandbox
.EXAMPLE
    ./examples/quickstart.ps1 -AccountEmail 'youralias+ekscluster@example.com' -UserEmail 'you@example.com' -UseDeviceCode
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $AccountName = 'EKS-Account',
    [string] $AccountEmail = 'aws+ekscluster@example.com',
    [string] $GroupName = 'EKS_Cluster_Admins',
    [string] $UserName = 'eksadmin',
    [string] $UserEmail = 'eksadmin@example.com',
    [string] $PermissionSetName = 'EKSClusterAdminAccess',
    [string] $ProfileName = 'EKSClusterAdminAccess-EKSAccount1',
    [string] $ClusterName = 'eksso-quickstart',
    # The region of the SSO profile, so of the cluster; default: AWS_REGION or AWS_DEFAULT_REGION, else the profile has none
    # and the SDK's region order applies.
    [string] $Region,
    # Sign in with the device code flow (a browser on another machine), as on a server with no desktop.
    [switch] $UseDeviceCode,
    # Where Update-EksKubeconfig writes; default: KUBECONFIG or ~/.kube/config.
    [string] $KubeconfigPath
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module EksSso)) { Import-Module (Join-Path $PSScriptRoot '../out/EksSso') }

$script:step = 0
function Write-Step([string] $Text) {
    $script:step++
    Write-Host "[$script:step/11] $Text" -ForegroundColor Cyan
}

# 1. The organization, the member account and Identity Center: the first half of the procedure, one script.
Write-Step "Organization, member account $AccountName, group $GroupName, user $UserName, permission set $PermissionSetName, assignment"
$identity = & (Join-Path $PSScriptRoot 'identity-center.ps1') -AccountName $AccountName -AccountEmail $AccountEmail `
    -GroupName $GroupName -UserName $UserName -UserEmail $UserEmail -PermissionSetName $PermissionSetName
if (-not $identity -or -not $identity.Role) {
    Write-Host 'What if: the rest needs the account and the SSO role that this run would create.'
    return
}
$accountId = $identity.Account.AccountId
$ssoRole = $identity.Role
if (-not $Region) { $Region = if ($env:AWS_REGION) { $env:AWS_REGION } else { $env:AWS_DEFAULT_REGION } }
$regionParameter = if ($Region) { @{ Region = $Region } } else { @{} }

# 2. aws configure sso: the profile, in the AWS CLI v2 sso-session format.
Write-Step "SSO profile $ProfileName (account $accountId, role $PermissionSetName)"
$instance = Get-EksSsoInstance
$ssoProfile = New-EksSsoProfile -Name $ProfileName -StartUrl $instance.StartUrl -SsoRegion $instance.HomeRegion `
    -AccountId $accountId -RoleName $PermissionSetName @regionParameter

# 3. aws sso login; aws sts get-caller-identity --profile ...
Write-Step "Sign in as $UserName (IAM Identity Center)"
$login = Connect-EksSso -ProfileName $ProfileName -UseDeviceCode:$UseDeviceCode
$ssoIdentity = Get-EksSsoCallerIdentity -ProfileName $ProfileName
Write-Host "    signed in: $($ssoIdentity.Arn)"

# 4. EKSClusterCreator in the member account, created through OrganizationAccountAccessRole (the eval of
#    `aws sts assume-role` in the procedure), trusting the SSO role by its ARN with path.
Write-Step 'EKSClusterCreator role, trusted by exactly the SSO role'
$creator = Use-EksSsoContext -AccountId $accountId -RoleName OrganizationAccountAccessRole -SessionName adminSession-CreateEKSCreatorRole {
    $ssoRole | New-EksClusterCreatorRole
}
if (-not $creator) { return }

# 5. eksctl create cluster, as EKSClusterCreator assumed by the SSO identity.
Write-Step "Cluster $ClusterName with its VPC and a two-node managed nodegroup, as EKSClusterCreator (takes 15-20 minutes on AWS)"
$cluster = Use-EksSsoContext -ProfileName $ProfileName {
    Use-EksSsoContext -RoleArn $creator.Arn -SessionName create-eks-cluster {
        New-EksCluster -Name $ClusterName
    }
}
if (-not $cluster) { return }

# 6. The SSO identity before it is mapped: the cluster does not know it yet (on a re-run it already does).
Write-Step 'What the cluster makes of the SSO identity before the mapping'
$accessBefore = Test-EksClusterAccess -Cluster $ClusterName -ProfileName $ProfileName
Write-Host "    authenticated: $($accessBefore.Authenticated)"

# 7. The mapping, made by the cluster creator (the only identity the new cluster admits): an access entry, the modern
#    way, and the aws-auth entry of `eksctl create iamidentitymapping --username cluster-admin --group system:masters`.
Write-Step 'Access entry for the SSO role (AmazonEKSClusterAdminPolicy)'
$accessEntry, $mapping = Use-EksSsoContext -ProfileName $ProfileName {
    Use-EksSsoContext -RoleArn $creator.Arn -SessionName create-eks-cluster {
        $cluster | Add-EksAccessEntry -Principal $ssoRole -AccessPolicy AmazonEKSClusterAdminPolicy
        Write-Step 'aws-auth mapping for the SSO role (cluster-admin, system:masters), path stripped'
        # The warning that system:masters has an access-entry equivalent is answered by the entry above.
        $cluster | Add-EksIdentityMapping -Role $ssoRole -UserName cluster-admin -Group system:masters -WarningAction SilentlyContinue
    }
}

# 8. aws eks update-kubeconfig --profile ...; kubectl get nodes
Write-Step "Kubeconfig for $ProfileName"
$kubeconfigParameters = @{ ProfileName = $ProfileName }
if ($KubeconfigPath) { $kubeconfigParameters.KubeconfigPath = $KubeconfigPath }
$kubeconfig = $cluster | Update-EksKubeconfig @kubeconfigParameters

Write-Step 'What the cluster makes of the SSO identity now'
$access = Test-EksClusterAccess -Cluster $ClusterName -ProfileName $ProfileName
Write-Host "    $($access.UserName) in $($access.Groups -join ', '); can list nodes: $($access.CanListNodes)"

Write-Step 'The nodes, listed as the SSO identity (kubectl get nodes)'
$nodes = Get-EksNode -Cluster $ClusterName -ProfileName $ProfileName

[pscustomobject]@{
    Organization    = $identity.Organization
    Account         = $identity.Account
    Group           = $identity.Group
    User            = $identity.User
    PermissionSet   = $identity.PermissionSet
    Assignment      = $identity.Assignment
    Role            = $ssoRole
    Profile         = $ssoProfile
    Login           = $login
    SsoIdentity     = $ssoIdentity
    CreatorRole     = $creator
    Cluster         = $cluster
    AccessBefore    = $accessBefore
    AccessEntry     = $accessEntry
    IdentityMapping = $mapping
    Kubeconfig      = $kubeconfig
    Access          = $access
    Nodes           = $nodes
}
