#Requires -Version 7.0
<#
    New-EksSsoOrganization, New-/Wait-/Get-EksSsoMemberAccount against the sandbox (Pester 5).
    The sandbox's clock runs at 0.02: an account that takes a minute on AWS takes 1.2 s here, long enough to see a
    request IN_PROGRESS, short enough to keep the file under a minute.
#>
BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.02
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Run = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:NewAccountId = 'EksSso.Commands.Organizations.NewEksSsoMemberAccountCommand'

    function Get-LoggedCall {
        # The sandbox's request log as 'service:Operation', one per call.
        param([switch] $Mutating)
        @(Get-SandboxRequestLog -Mutating:$Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" })
    }

    function Get-PropertyValues {
        # Every public property and its value, to compare two output objects as equal.
        param($InputObject)
        $InputObject.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, ($_.Value -is [DateTimeOffset] ? $_.Value.ToString('o') : $_.Value) }
    }

    function Get-WhatIfText {
        # WhatIf messages go to the host only; a transcript records them (joined without line wrapping).
        param([scriptblock] $Command)
        $path = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('n')).txt"
        $null = Start-Transcript -Path $path -UseMinimalHeader
        try { $result = & $Command } finally { $null = Stop-Transcript }
        [pscustomobject]@{ Output = $result; Text = ((Get-Content $path -Raw) -replace '\x1b\[[0-9;]*m', '' -replace '\s+', '') }
    }

    function Invoke-WithProgress {
        # Progress records are not redirectable: run the command in a second runspace of this process and read its streams.
        param([string] $Command, [hashtable] $Parameters)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($script:ModulePath).AddStatement().AddCommand($Command).AddParameters($Parameters)
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'New-EksSsoOrganization' {
    It '-WhatIf says what it would create and makes no mutating call' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { New-EksSsoOrganization -WhatIf }
        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -BeLike "*Whatif:CreateanAWSOrganizationsorganizationwithallfeatures,withaccount$($script:Mgmt)asitsmanagementaccount*"
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
        { Get-EksSsoOrganization -ErrorAction Stop } | Should -Throw -ErrorId 'OrganizationNotInUse,EksSso.Commands.Organizations.GetEksSsoOrganizationCommand'
    }

    It 'creates the organization with all features, managed by the caller' {
        Clear-SandboxRequestLog
        $org = $script:Org = New-EksSsoOrganization
        $org | Should -BeOfType ([EksSso.EksSsoOrganization])
        $org.Id | Should -MatchExactly '^o-[a-z0-9]{10}$'
        $org.FeatureSet | Should -Be 'ALL'
        $org.MasterAccountId | Should -Be $script:Mgmt
        @(Get-LoggedCall -Mutating) | Should -Be @('organizations:CreateOrganization')
        Get-PropertyValues (Get-EksSsoOrganization) | Should -Be (Get-PropertyValues $org)
    }

    It 'run again: returns the same organization and makes no mutating call' {
        Clear-SandboxRequestLog
        $again = New-EksSsoOrganization
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
        Get-PropertyValues $again | Should -Be (Get-PropertyValues $script:Org)
        # -WhatIf has nothing to say either: there is nothing to create.
        (Get-WhatIfText { New-EksSsoOrganization -WhatIf }).Text | Should -Not -BeLike '*Whatif:*'
    }
}

Describe 'New-EksSsoMemberAccount' {
    It 'refuses invalid input with a specific error id before any AWS call' -ForEach @(
        @{ Case = 'address without @'; Params = @{ Name = 'dev'; Email = 'dev.example.com' }; Id = 'InvalidEmail' }
        @{ Case = 'address too short'; Params = @{ Name = 'dev'; Email = 'a@b.c' }; Id = 'InvalidEmail' }
        @{ Case = '51-character name'; Params = @{ Name = ('n' * 51); Email = 'dev@example.com' }; Id = 'InvalidAccountName' }
        @{ Case = 'non-ASCII name'; Params = @{ Name = 'café'; Email = 'dev@example.com' }; Id = 'InvalidAccountName' }
        @{ Case = 'role name with a space'; Params = @{ Name = 'dev'; Email = 'dev@example.com'; RoleName = 'Admin Role' }; Id = 'InvalidRoleName' }
        @{ Case = 'malformed parent'; Params = @{ Name = 'dev'; Email = 'dev@example.com'; ParentId = 'ou-x' }; Id = 'InvalidParentId' }
    ) {
        Clear-SandboxRequestLog
        $err = $null
        $result = New-EksSsoMemberAccount @Params -ErrorAction SilentlyContinue -ErrorVariable err
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,$script:NewAccountId"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-LoggedCall | Should -BeNullOrEmpty -Because 'validation comes before any call'
    }

    It 'refuses an organizational unit as -ParentId (CreateAccount puts accounts in the root) without creating anything' {
        Clear-SandboxRequestLog
        { New-EksSsoMemberAccount -Name dev -Email "ou-$($script:Run)@example.com" -ParentId 'ou-ab12-abcd1234' -ErrorAction Stop } |
            Should -Throw -ErrorId "ParentNotSupported,$script:NewAccountId"
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
    }

    It '-WhatIf says what it would create and makes no mutating call' {
        Clear-SandboxRequestLog
        $email = "whatif-$($script:Run)@example.com"
        $run = Get-WhatIfText { New-EksSsoMemberAccount -Name whatif -Email $email -WhatIf }
        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -BeLike "*Whatif:*CreateanAWSaccountintheorganization,withtheIAMroleOrganizationAccountAccessRole*account'whatif'<$email>*"
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
        Get-EksSsoMemberAccount -Email $email -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'creates the account, showing progress while it waits, and returns it' {
        Clear-SandboxRequestLog
        $script:DevEmail = "dev-$($script:Run)@example.com"
        $run = Invoke-WithProgress New-EksSsoMemberAccount @{ Name = 'dev'; Email = $script:DevEmail; Tag = @{ team = 'platform' } }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 1
        $account = $script:Dev = $run.Output[0]
        $account | Should -BeOfType ([EksSso.EksSsoMemberAccount])
        $account.AccountId | Should -MatchExactly '^\d{12}$'
        $account.AccountId | Should -Not -Be $script:Mgmt
        $account.Name | Should -Be 'dev'
        $account.Email | Should -Be $script:DevEmail
        $account.Status | Should -Be 'ACTIVE'
        $account.JoinedMethod | Should -Be 'CREATED'
        $account.Arn | Should -Be "arn:aws:organizations::$($script:Mgmt):account/$($script:Org.Id)/$($account.AccountId)"
        @(Get-LoggedCall -Mutating) | Should -Be @('organizations:CreateAccount')

        $progress = $run.Progress
        $progress.Count | Should -BeGreaterOrEqual 2
        @($progress.ActivityId | Select-Object -Unique).Count | Should -Be 1
        $progress[0].StatusDescription | Should -Match "^account 'dev' \(request car-[a-z0-9]+\): IN_PROGRESS"
        $progress[-1].RecordType | Should -Be 'Completed'

        Get-PropertyValues (Get-EksSsoMemberAccount -AccountId $account.AccountId) | Should -Be (Get-PropertyValues $account)
    }

    It 'run again (address in another case): returns the same account and makes no mutating call' {
        Clear-SandboxRequestLog
        $again = New-EksSsoMemberAccount -Name dev -Email $script:DevEmail.ToUpperInvariant() -Tag @{ team = 'platform' }
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
        Get-PropertyValues $again | Should -Be (Get-PropertyValues $script:Dev)
    }

    It '-NoWait returns the request, which pipes into Wait-EksSsoMemberAccount' {
        $email = "nowait-$($script:Run)@example.com"
        $status = New-EksSsoMemberAccount -Name nowait -Email $email -NoWait
        $status | Should -BeOfType ([EksSso.EksSsoAccountCreationStatus])
        $status.RequestId | Should -MatchExactly '^car-[a-z0-9]{8,32}$'
        $status.AccountName | Should -Be 'nowait'
        $status.State | Should -Be 'IN_PROGRESS'
        $status.AccountId | Should -BeNullOrEmpty

        $account = $status | Wait-EksSsoMemberAccount
        $account | Should -BeOfType ([EksSso.EksSsoMemberAccount])
        $account.Name | Should -Be 'nowait'
        $account.Email | Should -Be $email
        Get-PropertyValues (Get-EksSsoMemberAccount -Email $email) | Should -Be (Get-PropertyValues $account)
        # The request is done now: waiting again returns the same account at once.
        Get-PropertyValues (Wait-EksSsoMemberAccount -Id $status.RequestId) | Should -Be (Get-PropertyValues $account)
    }

    It 'run again while the first request is still in progress: waits for that request instead of creating a second account' {
        $email = "resume-$($script:Run)@example.com"
        $status = New-EksSsoMemberAccount -Name resume -Email $email -NoWait
        Clear-SandboxRequestLog
        $account = New-EksSsoMemberAccount -Name resume -Email $email
        Get-LoggedCall -Mutating | Should -BeNullOrEmpty
        $account.Email | Should -Be $email
        (Get-EksSsoMemberAccount -Email $email).AccountId | Should -Be $account.AccountId
        (Wait-EksSsoMemberAccount -RequestId $status.RequestId).AccountId | Should -Be $account.AccountId
    }

    It 'an address another account already has (one requested a moment ago) fails with EmailAlreadyExists' {
        $email = "taken-$($script:Run)@example.com"
        $first = New-EksSsoMemberAccount -Name taken-first -Email $email -NoWait
        $err = $null
        $result = New-EksSsoMemberAccount -Name taken-second -Email $email -ErrorAction SilentlyContinue -ErrorVariable err
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "EmailAlreadyExists,$script:NewAccountId"
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].Exception.Message | Should -Match 'EMAIL_ALREADY_EXISTS'
        $err[0].Exception.Message | Should -Match ([regex]::Escape("'taken-second' <$email>"))
        # The first request is unaffected.
        ($first | Wait-EksSsoMemberAccount).Email | Should -Be $email
    }

    It 'Wait-EksSsoMemberAccount refuses a malformed request id before any call, and reports an unknown one' {
        Clear-SandboxRequestLog
        { Wait-EksSsoMemberAccount -RequestId 'o-abcdefghij' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidRequestId,EksSso.Commands.Organizations.WaitEksSsoMemberAccountCommand'
        Get-LoggedCall | Should -BeNullOrEmpty
        { Wait-EksSsoMemberAccount -RequestId 'car-0000000000' -ErrorAction Stop } |
            Should -Throw -ErrorId 'CreateAccountStatusNotFoundException,EksSso.Commands.Organizations.WaitEksSsoMemberAccountCommand'
    }
}

Describe 'Get-EksSsoMemberAccount' {
    It 'lists every account, the management account included, and filters by wildcard name and address' {
        $all = @(Get-EksSsoMemberAccount)
        $all.AccountId | Should -Contain $script:Mgmt
        $all.AccountId | Should -Contain $script:Dev.AccountId
        @(Get-EksSsoMemberAccount -Name 'DE*').AccountId | Should -Be @($script:Dev.AccountId)
        @(Get-EksSsoMemberAccount -Name 'no-such-*').Count | Should -Be 0
        (Get-EksSsoMemberAccount -Email $script:DevEmail).AccountId | Should -Be $script:Dev.AccountId
        # An account object pipes in by AccountId.
        ($script:Dev | Get-EksSsoMemberAccount).Name | Should -Be 'dev'
    }

    It 'an exact name or an ID that is not in the organization is MemberAccountNotFound' {
        { Get-EksSsoMemberAccount -Name 'no-such-account' -ErrorAction Stop } |
            Should -Throw -ErrorId 'MemberAccountNotFound,EksSso.Commands.Organizations.GetEksSsoMemberAccountCommand'
        { Get-EksSsoMemberAccount -AccountId '123456789012' -ErrorAction Stop } |
            Should -Throw -ErrorId 'MemberAccountNotFound,EksSso.Commands.Organizations.GetEksSsoMemberAccountCommand'
    }
}

Describe 'New-EksSsoOrganization from a member account' {
    It 'refuses with AccountInAnotherOrganization, naming the organization and its management account' {
        $roleArn = "arn:aws:iam::$($script:Dev.AccountId):role/OrganizationAccountAccessRole"
        $assumed = Invoke-Aws sts assume-role --role-arn $roleArn --role-session-name organizations-test
        $names = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'
        $saved = Save-TestEnvironment $names
        try {
            Set-TestEnvironmentVariable AWS_PROFILE $null
            Set-TestEnvironmentVariable AWS_ACCESS_KEY_ID $assumed.Credentials.AccessKeyId
            Set-TestEnvironmentVariable AWS_SECRET_ACCESS_KEY $assumed.Credentials.SecretAccessKey
            Set-TestEnvironmentVariable AWS_SESSION_TOKEN $assumed.Credentials.SessionToken
            (Get-EksSsoCallerIdentity).Account | Should -Be $script:Dev.AccountId

            Clear-SandboxRequestLog
            $err = $null
            $verbose = New-EksSsoOrganization -ErrorAction SilentlyContinue -ErrorVariable err -Verbose 4>&1
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'AccountInAnotherOrganization,EksSso.Commands.Organizations.NewEksSsoOrganizationCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($script:Org.Id))
            $err[0].Exception.Message | Should -Match "management account is $($script:Mgmt)"
            Get-LoggedCall -Mutating | Should -BeNullOrEmpty
            # Nothing secret in what the command wrote.
            "$($err[0]) $($verbose -join ' ')" | Should -Not -Match ([regex]::Escape($assumed.Credentials.SecretAccessKey))
            "$($err[0]) $($verbose -join ' ')" | Should -Not -Match ([regex]::Escape($assumed.Credentials.SessionToken))
        }
        finally {
            Restore-TestEnvironment $saved
        }
        (Get-EksSsoCallerIdentity).Account | Should -Be $script:Mgmt
    }
}
