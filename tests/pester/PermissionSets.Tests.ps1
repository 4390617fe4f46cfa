# New-EksSsoPermissionSet, Get-EksSsoPermissionSet and Get-EksSsoRole against the sandbox. Account assignments (which
# make provisioning create the AWSReservedSSO_* roles) are made with the real AWS CLI v2, not with this module.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:ViewOnly = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'
    $script:Admin = 'arn:aws:iam::aws:policy/AdministratorAccess'
    $script:EksConsole = 'https://console.aws.amazon.com/eks'
    # The reference procedure's custom permissions policy, as a user pastes it (indented).
    $script:ReferencePolicy = @'
{
"Version": "2012-10-17",
"Statement": [
    {
        "Effect": "Allow",
        "Action": [
            "eks:*",
            "sts:AssumeRole"
        ],
        "Resource": "*"
    }
  ]
}
'@
    $script:Cmd = 'EksSso.Commands.IdentityCenter.NewEksSsoPermissionSetCommand'
    $script:Compared = 'Name', 'PermissionSetArn', 'Description', 'SessionDuration', 'RelayState', 'ManagedPolicies', 'InlinePolicy', 'CreatedDate', 'InstanceArn'

    function Assert-SameSet($Actual, $Expected) {
        foreach ($p in $script:Compared) {
            ($Actual.$p | ConvertTo-Json -Compress) | Should -Be ($Expected.$p | ConvertTo-Json -Compress) -Because "$p must be unchanged"
        }
    }

    function Get-LoggedRequest([switch] $Mutating) {
        @(Get-SandboxRequestLog -Mutating:$Mutating)
    }

    function Get-SsoAdmin([string] $PermissionSetArn) {
        # The sandbox state as the AWS CLI sees it.
        $instance = (Get-EksSsoInstance).InstanceArn
        $described, $managed, $inline = Invoke-AwsParallel `
            @('sso-admin', 'describe-permission-set', '--instance-arn', $instance, '--permission-set-arn', $PermissionSetArn) `
            @('sso-admin', 'list-managed-policies-in-permission-set', '--instance-arn', $instance, '--permission-set-arn', $PermissionSetArn) `
            @('sso-admin', 'get-inline-policy-for-permission-set', '--instance-arn', $instance, '--permission-set-arn', $PermissionSetArn)
        [pscustomobject]@{
            PermissionSet   = $described.PermissionSet
            ManagedPolicies = @($managed.AttachedManagedPolicies.Arn | Sort-Object)
            InlinePolicy    = $inline.InlinePolicy
        }
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'New-EksSsoPermissionSet' {
    It 'creates EKSClusterAdminAccess as in the reference procedure' {
        $ps = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -Description 'EKS cluster administrators' -RelayState $script:EksConsole `
            -SessionDuration (New-TimeSpan -Hours 8) -ManagedPolicy ViewOnlyAccess -InlinePolicy $script:ReferencePolicy
        $ps | Should -BeOfType ([EksSso.EksSsoPermissionSet])
        $ps.Name | Should -Be 'EKSClusterAdminAccess'
        $ps.InstanceArn | Should -Be (Get-EksSsoInstance).InstanceArn
        $ps.Changes[0] | Should -Be 'Created'
        $ps.Changes | Should -Contain "Attached $script:ViewOnly"
        $ps.Changes | Should -Contain 'Inline policy set'

        $aws = Get-SsoAdmin $ps.PermissionSetArn
        $aws.PermissionSet.Name | Should -Be 'EKSClusterAdminAccess'
        $aws.PermissionSet.RelayState | Should -Be $script:EksConsole
        $aws.PermissionSet.SessionDuration | Should -Be 'PT8H'
        $aws.PermissionSet.Description | Should -Be 'EKS cluster administrators'
        $aws.ManagedPolicies | Should -Be @($script:ViewOnly)
        $policy = $aws.InlinePolicy | ConvertFrom-Json
        $policy.Statement[0].Action | Should -Be @('eks:*', 'sts:AssumeRole')
        $policy.Statement[0].Resource | Should -Be '*'

        $ps.PermissionSetArn | Should -Be $aws.PermissionSet.PermissionSetArn
        $ps.SessionDuration | Should -Be (New-TimeSpan -Hours 8)
        $ps.RelayState | Should -Be $script:EksConsole
        $ps.ManagedPolicies | Should -Be @($script:ViewOnly)
        $ps.InlinePolicy | Should -Be ($aws.InlinePolicy | ConvertFrom-Json | ConvertTo-Json -Depth 10 -Compress)
        $script:First = $ps
    }

    It 'makes no mutating call when run again, and returns an equal object' {
        Clear-SandboxRequestLog
        # The same policy, reformatted and as a hashtable: equal in meaning, so nothing to change.
        $again = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -Description 'EKS cluster administrators' -RelayState $script:EksConsole `
            -SessionDuration (New-TimeSpan -Hours 8) -ManagedPolicy $script:ViewOnly `
            -InlinePolicy @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Resource = '*'; Action = @('eks:*', 'sts:AssumeRole') }) }
        (Get-LoggedRequest -Mutating).Operation | Should -BeNullOrEmpty
        (Get-LoggedRequest).Count | Should -BeGreaterThan 0 -Because 'the state was read'
        $again.Changes | Should -BeNullOrEmpty
        Assert-SameSet $again $script:First

        $got = Get-EksSsoPermissionSet -Name 'EKSCluster*'
        @($got).Count | Should -Be 1
        $got.Changes | Should -BeNullOrEmpty
        Assert-SameSet $got $script:First
    }

    It 'converges relay state and managed policies, leaves the unbound inline policy alone, and reports each change' {
        $relay = 'https://console.aws.amazon.com/eks/home#/clusters'
        $ps = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -RelayState $relay -ManagedPolicy AdministratorAccess
        $ps.Changes | Should -Contain "RelayState: $script:EksConsole → $relay"
        $ps.Changes | Should -Contain "Attached $script:Admin"
        $ps.Changes | Should -Contain "Detached $script:ViewOnly"
        @($ps.Changes).Count | Should -Be 3 -Because 'the permission set is not provisioned anywhere yet'

        $aws = Get-SsoAdmin $ps.PermissionSetArn
        $aws.PermissionSet.RelayState | Should -Be $relay
        $aws.PermissionSet.SessionDuration | Should -Be 'PT8H' -Because 'an unbound -SessionDuration is left alone'
        $aws.PermissionSet.Description | Should -Be 'EKS cluster administrators'
        $aws.ManagedPolicies | Should -Be @($script:Admin)
        $aws.InlinePolicy | Should -Not -BeNullOrEmpty -Because 'an unbound -InlinePolicy is left alone'
        $ps.ManagedPolicies | Should -Be @($script:Admin)
        $ps.InlinePolicy | Should -Be $script:First.InlinePolicy

        # Back to the reference procedure, from a policy file this time.
        $file = Join-Path $TestDrive 'eks-admin.json'
        Set-Content -Path $file -Value '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"eks:*","Resource":"*"}}'
        $back = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -RelayState $script:EksConsole -ManagedPolicy ViewOnlyAccess -InlinePolicy (Get-Item $file)
        $back.Changes | Should -Contain 'Inline policy replaced'
        ((Get-SsoAdmin $back.PermissionSetArn).InlinePolicy | ConvertFrom-Json).Statement.Action | Should -Be 'eks:*'
        $null = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -InlinePolicy $script:ReferencePolicy
    }

    It 'asks ShouldProcess and, with -WhatIf, makes no mutating call' {
        Clear-SandboxRequestLog
        $out = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -RelayState 'https://console.aws.amazon.com/ec2' -WhatIf
        $out | Should -BeNullOrEmpty
        (Get-LoggedRequest -Mutating).Operation | Should -BeNullOrEmpty
        (Get-SsoAdmin $script:First.PermissionSetArn).PermissionSet.RelayState | Should -Be $script:EksConsole

        $null = New-EksSsoPermissionSet -Name WhatIfOnly -ManagedPolicy ViewOnlyAccess -WhatIf
        (Get-LoggedRequest -Mutating).Operation | Should -BeNullOrEmpty
        Get-EksSsoPermissionSet -Name WhatIfOnly -ErrorAction SilentlyContinue -ErrorVariable notFound | Should -BeNullOrEmpty
        $notFound[0].FullyQualifiedErrorId | Should -Be 'PermissionSetNotFound,EksSso.Commands.IdentityCenter.GetEksSsoPermissionSetCommand'
    }

    It 'rejects <Case> with <ErrorId> before any AWS call' -ForEach @(
        @{ Case = 'malformed JSON'; ErrorId = 'InvalidPolicyDocument'; Params = @{ Name = 'Bad1'; InlinePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}' }; Message = '*not valid JSON*' }
        @{ Case = 'Action and NotAction'; ErrorId = 'InvalidPolicyDocument'; Params = @{ Name = 'Bad2'; InlinePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","NotAction":"iam:*","Resource":"*"}]}' }; Message = '*Statement`[0`]*both Action and NotAction*' }
        @{ Case = 'a statement without Effect'; ErrorId = 'InvalidPolicyDocument'; Params = @{ Name = 'Bad3'; InlinePolicy = @{ Version = '2012-10-17'; Statement = @(@{ Action = 'eks:*'; Resource = '*' }) } }; Message = '*Statement`[0`] has no Effect*' }
        @{ Case = 'an unknown managed policy'; ErrorId = 'UnknownManagedPolicy'; Params = @{ Name = 'Bad4'; ManagedPolicy = 'ViewOnlyAccess', 'NoSuchPolicyAnywhere' }; Message = '*NoSuchPolicyAnywhere*full ARN*' }
        @{ Case = 'a customer managed policy'; ErrorId = 'CustomerManagedPolicyNotSupported'; Params = @{ Name = 'Bad5'; ManagedPolicy = 'arn:aws:iam::111122223333:policy/Mine' }; Message = '*customer managed*' }
        @{ Case = 'invalid name characters'; ErrorId = 'InvalidPermissionSetName'; Params = @{ Name = 'EKS Admin!' }; Message = "*'EKS Admin!'*" }
        @{ Case = 'a name over 32 characters'; ErrorId = 'InvalidPermissionSetName'; Params = @{ Name = 'A' * 33 }; Message = '*1 to 32*' }
        @{ Case = 'a 13-hour session'; ErrorId = 'InvalidSessionDuration'; Params = @{ Name = 'Bad6'; SessionDuration = (New-TimeSpan -Hours 13) }; Message = '*1 hour to 12 hours*' }
        @{ Case = 'an http relay state'; ErrorId = 'InvalidRelayState'; Params = @{ Name = 'Bad7'; RelayState = 'http://console.aws.amazon.com/eks' }; Message = '*https*' }
    ) {
        Clear-SandboxRequestLog
        $err = { New-EksSsoPermissionSet @Params } | Should -Throw -PassThru -ErrorId "$ErrorId,$script:Cmd"
        $err.Exception.Message | Should -BeLike $Message
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $log = Get-LoggedRequest
        $log.Count | Should -Be 0 -Because "no call may be made on bad input (made: $($log.Operation -join ', '))"
    }
}

Describe 'Get-EksSsoRole' {
    BeforeAll {
        $script:Instance = (Get-EksSsoInstance).InstanceArn
        $script:Store = (Get-EksSsoInstance).IdentityStoreId
        $script:PsArn = $script:First.PermissionSetArn
        $script:User = (Invoke-Aws identitystore create-user --identity-store-id $script:Store --user-name eksadmin --display-name 'EKS Admin' `
                --name 'GivenName=EKS,FamilyName=Admin').UserId

        function Grant-ViaCli([string] $Account) {
            $creation = (Invoke-Aws sso-admin create-account-assignment --instance-arn $script:Instance --permission-set-arn $script:PsArn `
                    --target-type AWS_ACCOUNT --target-id $Account --principal-type USER --principal-id $script:User).AccountAssignmentCreationStatus
            $done = Wait-AwsState -Because 'the assignment' -Poll {
                (Invoke-Aws sso-admin describe-account-assignment-creation-status --instance-arn $script:Instance `
                    --account-assignment-creation-request-id $creation.RequestId).AccountAssignmentCreationStatus
            } -Until { $_.Status -ne 'IN_PROGRESS' }
            $done.Status | Should -Be 'SUCCEEDED'
            [pscustomobject]@{ PermissionSetName = 'EKSClusterAdminAccess'; AccountId = $Account }
        }
    }

    It 'finds no role before the permission set is assigned, and fails with SsoRoleNotFound' {
        $err = { Get-EksSsoRole -PermissionSetName EKSClusterAdminAccess -Timeout 00:00:01 -ErrorAction Stop } |
            Should -Throw -PassThru -ErrorId 'SsoRoleNotFound,EksSso.Commands.IdentityCenter.GetEksSsoRoleCommand'
        $err.Exception.Message | Should -BeLike '*may not be assigned*'
        { Get-EksSsoRole -PermissionSetName NoSuchSet -Timeout 00:00:01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'PermissionSetNotFound,EksSso.Commands.IdentityCenter.GetEksSsoRoleCommand'
    }

    It 'returns the provisioned role with its path in the management account, piped from an assignment' {
        # A second permission set whose name starts the same must not be matched.
        $other = New-EksSsoPermissionSet -Name EKSClusterAdminAccess_Read -ManagedPolicy ViewOnlyAccess
        $creation = (Invoke-Aws sso-admin create-account-assignment --instance-arn $script:Instance --permission-set-arn $other.PermissionSetArn `
                --target-type AWS_ACCOUNT --target-id $script:Mgmt --principal-type USER --principal-id $script:User).AccountAssignmentCreationStatus
        $assignment = Grant-ViaCli $script:Mgmt
        $null = Wait-AwsState -Because 'the other assignment' -Poll {
            (Invoke-Aws sso-admin describe-account-assignment-creation-status --instance-arn $script:Instance `
                --account-assignment-creation-request-id $creation.RequestId).AccountAssignmentCreationStatus
        } -Until { $_.Status -ne 'IN_PROGRESS' }

        $role = $assignment | Get-EksSsoRole
        $role | Should -BeOfType ([EksSso.EksSsoRole])
        $role.RoleName | Should -MatchExactly '^AWSReservedSSO_EKSClusterAdminAccess_[0-9a-f]{16}$'
        $role.AccountId | Should -Be $script:Mgmt
        $role.PermissionSetName | Should -Be 'EKSClusterAdminAccess'
        $iam = (Invoke-Aws iam get-role --role-name $role.RoleName).Role
        $role.Arn | Should -Be $iam.Arn
        $role.Path | Should -Be $iam.Path
        $role.RoleId | Should -Be $iam.RoleId
        $role.Path | Should -BeLike '/aws-reserved/sso.amazonaws.com/*'
        $role.Arn | Should -Be "arn:aws:iam::$($script:Mgmt):role$($iam.Path)$($role.RoleName)"
        $role.ArnWithoutPath | Should -Be "arn:aws:iam::$($script:Mgmt):role/$($role.RoleName)"

        $read = Get-EksSsoRole -PermissionSetName EKSClusterAdminAccess_Read -AccountId $script:Mgmt
        $read.RoleName | Should -MatchExactly '^AWSReservedSSO_EKSClusterAdminAccess_Read_[0-9a-f]{16}$'
        $read.Arn | Should -Not -Be $role.Arn
    }

    It 'provisions a changed permission set again to its account, so the role carries the change' {
        $ps = New-EksSsoPermissionSet -Name EKSClusterAdminAccess -ManagedPolicy ViewOnlyAccess, AdministratorAccess
        $ps.Changes | Should -Be @("Attached $script:Admin", 'Provisioned to 1 account')
        $role = Get-EksSsoRole -PermissionSetName EKSClusterAdminAccess
        $attached = (Invoke-Aws iam list-attached-role-policies --role-name $role.RoleName).AttachedPolicies.PolicyArn | Sort-Object
        $attached | Should -Be @($script:Admin, $script:ViewOnly)
    }

    It 'reads the role of a member account through OrganizationAccountAccessRole' {
        try { $null = Invoke-Aws organizations create-organization --feature-set ALL }
        catch { if ("$_" -notmatch 'AlreadyInOrganizationException') { throw } }
        $email = "ps-$([guid]::NewGuid().ToString('n').Substring(0, 8))@example.com"
        $request = (Invoke-Aws organizations create-account --email $email --account-name ps-member).CreateAccountStatus
        $done = Wait-AwsState -Because 'the member account' -Poll {
            (Invoke-Aws organizations describe-create-account-status --create-account-request-id $request.Id).CreateAccountStatus
        } -Until { $_.State -ne 'IN_PROGRESS' }
        $done.State | Should -Be 'SUCCEEDED'
        $member = $done.AccountId

        $role = Grant-ViaCli $member | Get-EksSsoRole
        $role.AccountId | Should -Be $member
        $assumed = Invoke-Aws sts assume-role --role-arn "arn:aws:iam::$($member):role/OrganizationAccountAccessRole" --role-session-name check
        $iam = (Invoke-Aws -As $assumed.Credentials iam get-role --role-name $role.RoleName).Role
        $role.Arn | Should -Be $iam.Arn
        $role.Arn | Should -BeLike "arn:aws:iam::$($member):role/aws-reserved/sso.amazonaws.com/*"

        $err = { Get-EksSsoRole -PermissionSetName EKSClusterAdminAccess -AccountId $member -AccessRoleName NoSuchAccessRole -ErrorAction Stop } |
            Should -Throw -PassThru -ErrorId 'AccessRoleUnavailable,EksSso.Commands.IdentityCenter.GetEksSsoRoleCommand'
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($assumed.Credentials.SessionToken))
    }
}
