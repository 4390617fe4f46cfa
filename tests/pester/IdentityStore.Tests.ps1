# Identity Center groups, users, memberships and account assignments through the module's cmdlets, against the sandbox.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    function ConvertTo-Comparable { param($InputObject) $InputObject | ConvertTo-Json -Depth 5 -Compress }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Groups and users' {
    It 'creates a group and a user, and a second run makes no mutating call and returns equal objects' {
        $group = New-EksSsoGroup -Name EKS_Cluster_Admins -Description 'Administrators of the EKS clusters'
        $user = New-EksSsoUser -UserName eksadmin -Email eksadmin@example.com -GivenName Eks -FamilyName Admin
        $group | Should -BeOfType ([EksSso.EksSsoGroup])
        $group.GroupName | Should -Be 'EKS_Cluster_Admins'
        $user | Should -BeOfType ([EksSso.EksSsoUser])
        $user.DisplayName | Should -Be 'Eks Admin'
        $user.Email | Should -Be 'eksadmin@example.com'
        $user.IdentityStoreId | Should -Be (Get-EksSsoInstance).IdentityStoreId

        Clear-SandboxRequestLog
        $group2 = New-EksSsoGroup -Name EKS_Cluster_Admins -Description 'Administrators of the EKS clusters'
        $user2 = New-EksSsoUser -UserName eksadmin -Email eksadmin@example.com -GivenName Eks -FamilyName Admin
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
        ConvertTo-Comparable $group2 | Should -Be (ConvertTo-Comparable $group)
        ConvertTo-Comparable $user2 | Should -Be (ConvertTo-Comparable $user)

        # What the AWS CLI sees is what the cmdlets said.
        $described = Invoke-Aws identitystore describe-user --identity-store-id $user.IdentityStoreId --user-id $user.UserId
        $described.UserName | Should -Be 'eksadmin'
        $described.Name.GivenName | Should -Be 'Eks'
    }

    It 'converges an existing user and group to the given attributes, and -WhatIf changes nothing' {
        $before = Get-EksSsoUser eksadmin
        Clear-SandboxRequestLog
        $null = New-EksSsoUser -UserName eksadmin -Email eksadmin@corp.example.com -GivenName Eks -FamilyName Admin -WhatIf
        $null = New-EksSsoGroup -Name EKS_Cluster_Admins -Description 'changed' -WhatIf
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
        (Get-EksSsoUser eksadmin).Email | Should -Be $before.Email

        $changed = New-EksSsoUser -UserName eksadmin -Email eksadmin@corp.example.com -GivenName Eks -FamilyName Admin
        $changed.Email | Should -Be 'eksadmin@corp.example.com'
        $changed.UserId | Should -Be $before.UserId
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be @('UpdateUser')
        (New-EksSsoGroup -Name EKS_Cluster_Admins -Description 'EKS admins').Description | Should -Be 'EKS admins'
    }

    It 'says in -WhatIf exactly what it would create' {
        # "What if:" lines go to the host, which a transcript records.
        $transcript = Join-Path $TestDrive whatif.txt
        $null = Start-Transcript -Path $transcript
        try { New-EksSsoGroup -Name Planned_Group -WhatIf } finally { $null = Stop-Transcript }
        Get-Content $transcript -Raw | Should -Match "What if: Performing the operation `"Create group 'Planned_Group'`" on target `"identity store d-[0-9a-f]{10}`""
        Get-EksSsoGroup Planned_Group -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'finds users and groups by wildcard and reports names that match nothing' {
        $null = New-EksSsoUser -UserName eksviewer -Email eksviewer@example.com -GivenName Eks -FamilyName Viewer
        @(Get-EksSsoUser 'eks*').UserName | Sort-Object | Should -Be @('eksadmin', 'eksviewer')
        @(Get-EksSsoGroup 'EKS_*').GroupName | Should -Be @('EKS_Cluster_Admins')
        Get-EksSsoUser 'nobody*' | Should -BeNullOrEmpty
        Get-EksSsoUser nobody -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound,*'
        Get-EksSsoGroup nogroup -ErrorAction SilentlyContinue -ErrorVariable e2
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'GroupNotFound,*'
        (Get-EksSsoUser -UserId (Get-EksSsoUser eksadmin).UserId).UserName | Should -Be 'eksadmin'
    }

    It 'rejects bad input with a specific error before any AWS call' -TestCases @(
        @{ Command = { New-EksSsoUser -UserName 'two words' -Email a@example.com -GivenName A -FamilyName B -ErrorAction Stop }; Id = 'InvalidUserName' }
        @{ Command = { New-EksSsoUser -UserName ok -Email 'not-an-email' -GivenName A -FamilyName B -ErrorAction Stop }; Id = 'InvalidEmail' }
        @{ Command = { New-EksSsoUser -UserName Administrator -Email a@example.com -GivenName A -FamilyName B -ErrorAction Stop }; Id = 'InvalidUserName' }
        @{ Command = { New-EksSsoGroup -Name ('x' * 1025) -ErrorAction Stop }; Id = 'InvalidGroupName' }
    ) {
        Clear-SandboxRequestLog
        $Command | Should -Throw -ErrorId "$Id,*"
        Get-SandboxRequestLog | Should -BeNullOrEmpty
    }
}

Describe 'Group membership' {
    It 'adds a piped user to a group once; a second run makes no mutating call' {
        $m = Get-EksSsoUser eksadmin | Add-EksSsoGroupMember -GroupName EKS_Cluster_Admins
        $m | Should -BeOfType ([EksSso.EksSsoGroupMembership])
        $m.UserName | Should -Be 'eksadmin'
        $m.GroupName | Should -Be 'EKS_Cluster_Admins'

        Clear-SandboxRequestLog
        $again = Get-EksSsoGroup EKS_Cluster_Admins | Add-EksSsoGroupMember -UserName eksadmin
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
        ConvertTo-Comparable $again | Should -Be (ConvertTo-Comparable $m)
        $listed = Invoke-Aws identitystore list-group-memberships --identity-store-id $m.IdentityStoreId --group-id $m.GroupId
        @($listed.GroupMemberships.MemberId.UserId) | Should -Be @($m.UserId)
    }

    It 'removes a membership (piped), and removing it again is a no-op' {
        $m = Add-EksSsoGroupMember EKS_Cluster_Admins eksviewer
        $m | Remove-EksSsoGroupMember -Confirm:$false
        $listed = Invoke-Aws identitystore list-group-memberships --identity-store-id $m.IdentityStoreId --group-id $m.GroupId
        @($listed.GroupMemberships.MemberId.UserId) | Should -Not -Contain $m.UserId
        Clear-SandboxRequestLog
        Remove-EksSsoGroupMember EKS_Cluster_Admins eksviewer -Confirm:$false
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
    }

    It 'names the missing user or group' {
        { Add-EksSsoGroupMember EKS_Cluster_Admins ghost -ErrorAction Stop } | Should -Throw -ErrorId 'UserNotFound,*'
        { Add-EksSsoGroupMember Ghosts eksadmin -ErrorAction Stop } | Should -Throw -ErrorId 'GroupNotFound,*'
    }
}

Describe 'Account assignments' {
    BeforeAll {
        $instance = Get-EksSsoInstance
        $script:InstanceArn = $instance.InstanceArn
        $script:PermissionSetArn = (Invoke-Aws sso-admin create-permission-set --instance-arn $instance.InstanceArn --name AssignTest).PermissionSet.PermissionSetArn
        $null = Invoke-Aws sso-admin attach-managed-policy-to-permission-set --instance-arn $instance.InstanceArn --permission-set-arn $script:PermissionSetArn --managed-policy-arn arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
    }

    It 'grants a permission set to a group in an account, waits, and a second run makes no mutating call' {
        $a = Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet AssignTest -Group EKS_Cluster_Admins
        $a | Should -BeOfType ([EksSso.EksSsoAccountAssignment])
        $a.PermissionSetArn | Should -Be $script:PermissionSetArn
        $a.PrincipalType | Should -Be 'GROUP'
        $a.PrincipalName | Should -Be 'EKS_Cluster_Admins'
        # The assignment is complete when the command returns: provisioning created the SSO role.
        $roles = (Invoke-Aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/).Roles
        @($roles | Where-Object RoleName -Like 'AWSReservedSSO_AssignTest_*').Count | Should -Be 1

        Clear-SandboxRequestLog
        $again = [pscustomobject]@{ AccountId = $script:Mgmt } | Grant-EksSsoAccountAssignment -PermissionSet AssignTest -Group EKS_Cluster_Admins
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
        ConvertTo-Comparable $again | Should -Be (ConvertTo-Comparable $a)
    }

    It 're-provisions a permission set that changed since it was assigned' {
        $null = Invoke-Aws sso-admin put-inline-policy-to-permission-set --instance-arn $script:InstanceArn --permission-set-arn $script:PermissionSetArn `
            --inline-policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:DescribeCluster","Resource":"*"}]}'
        Clear-SandboxRequestLog
        $null = Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet AssignTest -Group EKS_Cluster_Admins
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be @('ProvisionPermissionSet')
        $stale = Invoke-Aws sso-admin list-permission-sets-provisioned-to-account --instance-arn $script:InstanceArn --account-id $script:Mgmt --provisioning-status LATEST_PERMISSION_SET_NOT_PROVISIONED
        @($stale.PermissionSets) | Should -Not -Contain $script:PermissionSetArn
    }

    It 'lists assignments by group, by account and by permission set' {
        $byGroup = @(Get-EksSsoAccountAssignment -Group EKS_Cluster_Admins)
        $byGroup.Count | Should -Be 1
        $byGroup[0].AccountId | Should -Be $script:Mgmt
        @(Get-EksSsoAccountAssignment -AccountId $script:Mgmt).PermissionSetName | Should -Contain 'AssignTest'
        @(Get-EksSsoAccountAssignment -PermissionSet AssignTest).PrincipalName | Should -Be @('EKS_Cluster_Admins')
        Get-EksSsoAccountAssignment -User eksadmin | Should -BeNullOrEmpty
    }

    It 'grants to a user, and revokes piped assignments' {
        $u = Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet $script:PermissionSetArn -User eksviewer
        $u.PrincipalName | Should -Be 'eksviewer'
        $u.PermissionSetName | Should -Be 'AssignTest'
        Get-EksSsoAccountAssignment -User eksviewer | Revoke-EksSsoAccountAssignment -Confirm:$false
        Get-EksSsoAccountAssignment -User eksviewer | Should -BeNullOrEmpty
        @(Get-EksSsoAccountAssignment -Group EKS_Cluster_Admins).Count | Should -Be 1
        Clear-SandboxRequestLog
        Revoke-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet AssignTest -User eksviewer -Confirm:$false
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
    }

    It 'makes no mutating call under -WhatIf and names a missing permission set' {
        Clear-SandboxRequestLog
        $null = Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet AssignTest -User eksviewer -WhatIf
        Get-SandboxRequestLog -Mutating | Should -BeNullOrEmpty
        { Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet NoSuchSet -User eksviewer -ErrorAction Stop } | Should -Throw -ErrorId 'PermissionSetNotFound,*'
        { Grant-EksSsoAccountAssignment -AccountId 12345 -PermissionSet AssignTest -User eksviewer } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Tab completion' {
    It 'completes group, user and permission set names from Identity Center' {
        $line = 'Add-EksSsoGroupMember -GroupName EKS_'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('EKS_Cluster_Admins')
        $line = 'Add-EksSsoGroupMember -UserName eksv'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('eksviewer')
        $line = 'Grant-EksSsoAccountAssignment -PermissionSet Assign'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be @('AssignTest')
    }
}

Describe 'Without IAM Identity Center' {
    It 'fails every Identity Center cmdlet with the console guidance, after one ListInstances call' {
        $bare = Start-EksSsoSandbox -NoIdentityCenter -NoEnvironment
        try {
            Clear-SandboxRequestLog -Endpoint $bare.Endpoint
            foreach ($command in { New-EksSsoGroup -Name G -Context $bare.AdminContext -ErrorAction Stop },
                { Get-EksSsoUser -Context $bare.AdminContext -ErrorAction Stop },
                { Grant-EksSsoAccountAssignment -AccountId $bare.ManagementAccountId -PermissionSet P -Group G -Context $bare.AdminContext -ErrorAction Stop }) {
                $err = { & $command } | Should -Throw -ErrorId 'IdentityCenterNotEnabled,*' -PassThru
                $err.Exception.Message | Should -Match 'Enable with AWS Organizations'
            }

            @((Get-SandboxRequestLog -Endpoint $bare.Endpoint).Operation | Sort-Object -Unique) | Should -Be @('ListInstances')
        }
        finally {
            Stop-EksSsoSandbox $bare -Remove
        }
    }
}
