# The reference procedure's first half (organization → account → Identity Center group, user, permission set,
# assignment) as one pipeline script, examples/identity-center.ps1, against the sandbox.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    $script:Script = Join-Path $PSScriptRoot '../../examples/identity-center.ps1'
    $script:Parts = 'Organization', 'Account', 'Group', 'User', 'Membership', 'PermissionSet', 'Assignment', 'Role'
    function ConvertTo-Comparable { param($InputObject) $InputObject | Select-Object * -ExcludeProperty Changes | ConvertTo-Json -Depth 5 -Compress }
}

Describe 'examples/identity-center.ps1' {
    AfterEach {
        Stop-EksSsoSandbox -Remove -ErrorAction Ignore
    }

    It 'runs the procedure; a second run makes no mutating call and returns equal objects' {
        $sandbox = Start-EksSsoSandbox
        $first = & $script:Script
        foreach ($part in $script:Parts) { $first.$part | Should -Not -BeNullOrEmpty -Because "$part is part of the result" }
        $first.Organization.MasterAccountId | Should -Be $sandbox.ManagementAccountId
        $first.Account.AccountId | Should -Not -Be $sandbox.ManagementAccountId
        $first.PermissionSet.ManagedPolicies | Should -Be @('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')
        ($first.PermissionSet.InlinePolicy | ConvertFrom-Json).Statement[0].Action | Should -Be @('eks:*', 'sts:AssumeRole')
        $first.PermissionSet.RelayState | Should -Be 'https://console.aws.amazon.com/eks'
        $first.Assignment.AccountId | Should -Be $first.Account.AccountId
        $first.Role.Arn | Should -BeLike "arn:aws:iam::$($first.Account.AccountId):role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_EKSClusterAdminAccess_*"
        @(Get-EksSsoGroup EKS_Cluster_Admins | ForEach-Object { Get-EksSsoAccountAssignment -Group $_.GroupName }).AccountId | Should -Be @($first.Account.AccountId)

        Clear-SandboxRequestLog
        $second = & $script:Script
        @(Get-SandboxRequestLog -Mutating).Operation | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog).Count | Should -BeGreaterThan 0 -Because 'the second run reads the state'
        foreach ($part in $script:Parts) {
            ConvertTo-Comparable $second.$part | Should -Be (ConvertTo-Comparable $first.$part) -Because "$part must be unchanged"
        }
        $second.PermissionSet.Changes | Should -BeNullOrEmpty
    }

    It 'makes no mutating call under -WhatIf, and plans the first step' {
        $null = Start-EksSsoSandbox
        Clear-SandboxRequestLog
        $transcript = Join-Path $TestDrive whatif.txt
        $null = Start-Transcript -Path $transcript
        try { $result = & $script:Script -WhatIf } finally { $null = Stop-Transcript }
        $result | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog -Mutating).Operation | Should -BeNullOrEmpty
        Get-Content $transcript -Raw | Should -Match 'What if: Create an AWS Organizations organization with all features'
    }

    It 'completes with 20% of all requests throttled' {
        # With 1 in 5 requests throttled, each call fails after the SDK's default 3 attempts with probability 0.8%, and the
        # script makes about 70 calls; raising max_attempts (AWS_MAX_ATTEMPTS or the profile's max_attempts) is the
        # documented answer, and what this run does.
        $saved = Save-TestEnvironment 'AWS_MAX_ATTEMPTS'
        try {
            Set-TestEnvironmentVariable AWS_MAX_ATTEMPTS 10
            $null = Start-EksSsoSandbox
            Set-SandboxFault -ThrottleRate 0.2
            $result = & $script:Script
            $throttled = @(Get-SandboxRequestLog | Where-Object ErrorCode -Match 'Throttl|TooManyRequests')
            $throttled.Count | Should -BeGreaterThan 0 -Because 'the fault was injected'
            Clear-SandboxFault
            $result.Assignment.AccountId | Should -Be $result.Account.AccountId
            (Get-EksSsoAccountAssignment -AccountId $result.Account.AccountId).PermissionSetName | Should -Be 'EKSClusterAdminAccess'
        }
        finally {
            Restore-TestEnvironment $saved
        }
    }
}
