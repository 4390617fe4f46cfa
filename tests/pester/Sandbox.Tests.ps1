BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    $script:Watched = 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'KUBECONFIG', 'AWS_REGION',
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_STS', 'EKSSSO_SANDBOX_DIRECTORY'
    function Get-WatchedEnvironment { Save-TestEnvironment $script:Watched }
}

AfterAll {
    Stop-EksSsoSandbox -Remove -ErrorAction Ignore
}

Describe 'Start-EksSsoSandbox and Stop-EksSsoSandbox' {
    AfterEach {
        # A failed test must not leave a sandbox owning the environment for the next one.
        Stop-EksSsoSandbox -ErrorAction Ignore
    }

    It 'points the session at the sandbox, hides real credentials, and restores everything on stop' {
        $saved = Get-WatchedEnvironment
        try {
            $env:AWS_ACCESS_KEY_ID = 'AKIDREALLOOKINGKEY01'
            $env:AWS_SECRET_ACCESS_KEY = 'real-secret-that-must-not-travel'
            $env:AWS_ENDPOINT_URL_STS = 'https://sts.example.invalid'
            $before = Get-WatchedEnvironment

            $sandbox = Start-EksSsoSandbox
            $sandbox | Should -BeOfType ([EksSso.EksSsoSandbox])
            $sandbox.Endpoint | Should -Match '^http://127\.0\.0\.1:\d+$'
            $env:AWS_ENDPOINT_URL | Should -Be $sandbox.Endpoint
            $env:AWS_ACCESS_KEY_ID | Should -BeNullOrEmpty
            $env:AWS_ENDPOINT_URL_STS | Should -BeNullOrEmpty
            $env:AWS_CONFIG_FILE | Should -BeLike "$($sandbox.Directory)*"
            $env:KUBECONFIG | Should -BeLike "$($sandbox.Directory)*"

            # The default chain now finds the sandbox administrator, and calls go to the sandbox.
            $id = Get-EksSsoCallerIdentity
            $id.Arn | Should -Be "arn:aws:iam::$($sandbox.ManagementAccountId):user/admin"

            if (-not $IsWindows) {
                (Get-Item $env:AWS_SHARED_CREDENTIALS_FILE).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            }
            "$sandbox" | Should -Not -Match 'secret'
            ($sandbox | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape((Get-Content $env:AWS_SHARED_CREDENTIALS_FILE | Select-String 'aws_secret_access_key').ToString().Split('=')[1].Trim()))

            Stop-EksSsoSandbox $sandbox
            $after = Get-WatchedEnvironment
            foreach ($n in $script:Watched) { $after[$n] | Should -Be $before[$n] -Because "$n must be restored" }
            { Get-Process -Id $sandbox.ProcessId -ErrorAction Stop } | Should -Throw
        }
        finally {
            Restore-TestEnvironment $saved
        }
    }

    It 'refuses a second sandbox that would take over the environment, and allows one with -NoEnvironment' {
        $first = Start-EksSsoSandbox
        try {
            { Start-EksSsoSandbox -ErrorAction Stop } | Should -Throw -ErrorId 'SandboxAlreadyRunning,EksSso.Commands.Sandbox.StartEksSsoSandboxCommand'
            $second = Start-EksSsoSandbox -NoEnvironment -NoIdentityCenter -HomeRegion eu-west-1
            $second.Region | Should -Be 'eu-west-1'
            $second.Endpoint | Should -Not -Be $first.Endpoint
            $env:AWS_ENDPOINT_URL | Should -Be $first.Endpoint
            (Get-EksSsoCallerIdentity -Context $second.AdminContext).Account | Should -Be $second.ManagementAccountId
            (Get-EksSsoCallerIdentity).Account | Should -Be $first.ManagementAccountId
            Stop-EksSsoSandbox $second -Remove
            Test-Path $second.Directory | Should -BeFalse
        }
        finally {
            Stop-EksSsoSandbox $first -Remove
        }
    }

    It 'resumes a rehearsal from its state directory' {
        $dir = Join-Path $TestDrive 'rehearsal'
        $sandbox = Start-EksSsoSandbox -StateDirectory $dir
        $account = $sandbox.ManagementAccountId
        $raw = /usr/bin/aws --endpoint-url $sandbox.Endpoint --output json organizations create-organization 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($raw | Out-String)
        $org = ($raw | Out-String) | ConvertFrom-Json
        $org.Organization.MasterAccountId | Should -Be $account
        Stop-EksSsoSandbox $sandbox

        $again = Start-EksSsoSandbox -StateDirectory $dir
        try {
            $again.ManagementAccountId | Should -Be $account
            (Get-EksSsoOrganization).Id | Should -Be $org.Organization.Id
            if (-not $IsWindows) {
                (Get-Item (Join-Path $dir 'state/sandbox-state.json')).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            }
        }
        finally {
            Stop-EksSsoSandbox $again
        }
    }

    It 'starts nothing with -WhatIf' {
        $before = @(Get-Process -Name dotnet -ErrorAction Ignore).Count
        $result = Start-EksSsoSandbox -WhatIf
        $result | Should -BeNullOrEmpty
        $env:AWS_ENDPOINT_URL | Should -Not -Match '127\.0\.0\.1'
        @(Get-Process -Name dotnet -ErrorAction Ignore).Count | Should -BeLessOrEqual $before
    }
}
