# Use-EksSsoContext and Get-EksSsoContext against the sandbox: chains of roles, scope end on success, error and
# -Pop, the environment for child processes, renewal of short sessions, and web identity federation.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Admin = (Get-EksSsoCallerIdentity).Arn
    $result = & (Join-Path $PSScriptRoot '../../examples/identity-center.ps1')
    $script:Member = $result.Account.AccountId
    $script:AccessRoleArn = "arn:aws:iam::$($script:Member):role/OrganizationAccountAccessRole"

    # A third role in the member account that only OrganizationAccountAccessRole may assume.
    $assumed = Invoke-Aws sts assume-role --role-arn $script:AccessRoleArn --role-session-name setup
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:AccessRoleArn }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
    $script:DeployRoleArn = (Invoke-Aws -As $assumed.Credentials iam create-role --role-name Deployer --assume-role-policy-document $trust).Role.Arn

    $script:Watched = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CREDENTIAL_EXPIRATION'
}

AfterAll {
    while (Get-EksSsoContext) { Use-EksSsoContext -Pop }
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Use-EksSsoContext' {
    It 'chains roles: each nested scope assumes its role with the outer credentials, and everything is back afterwards' {
        $before = Save-TestEnvironment $script:Watched
        $seen = Use-EksSsoContext -AccountId $script:Member {
            (Get-EksSsoCallerIdentity).Arn
            Use-EksSsoContext -RoleArn $script:DeployRoleArn -SessionName deploy {
                (Get-EksSsoCallerIdentity).Arn
                @(Get-EksSsoContext).Count
                @(Get-EksSsoContext)[0].IdentityArn
            }
        }
        $seen[0] | Should -Be "arn:aws:sts::$($script:Member):assumed-role/OrganizationAccountAccessRole/EksSso-$([Environment]::UserName -replace '[^\w+=,.@-]', '')"
        $seen[1] | Should -Be "arn:aws:sts::$($script:Member):assumed-role/Deployer/deploy"
        $seen[2] | Should -Be 2
        $seen[3] | Should -Be $seen[1]

        (Get-EksSsoCallerIdentity).Arn | Should -Be $script:Admin
        Get-EksSsoContext | Should -BeNullOrEmpty
        $after = Save-TestEnvironment $script:Watched
        foreach ($n in $script:Watched) { $after[$n] | Should -Be $before[$n] -Because "$n must be restored" }
    }

    It 'cannot reach the inner role without the outer one (the chain is real)' {
        { Use-EksSsoContext -RoleArn $script:DeployRoleArn { 'not reached' } -ErrorAction Stop } | Should -Throw -ErrorId 'AccessDenied,*'
        Get-EksSsoContext | Should -BeNullOrEmpty
    }

    It 'stops the script when the role cannot be assumed, even without -ErrorAction Stop' {
        $script:Continued = $false
        { Use-EksSsoContext -RoleArn $script:DeployRoleArn; $script:Continued = $true } | Should -Throw -ErrorId 'AccessDenied,*'
        $script:Continued | Should -BeFalse
        Get-EksSsoContext | Should -BeNullOrEmpty
    }

    It 'ends the scope and restores the environment when the block throws' {
        $before = Save-TestEnvironment $script:Watched
        { Use-EksSsoContext -AccountId $script:Member { throw 'inside' } } | Should -Throw 'inside'
        Get-EksSsoContext | Should -BeNullOrEmpty
        (Get-EksSsoCallerIdentity).Arn | Should -Be $script:Admin
        $after = Save-TestEnvironment $script:Watched
        foreach ($n in $script:Watched) { $after[$n] | Should -Be $before[$n] -Because "$n must be restored" }
    }

    It 'gives child processes the context through AWS_* variables, unless -NoEnvironment' {
        $cli = Use-EksSsoContext -AccountId $script:Member {
            & /usr/bin/aws sts get-caller-identity --endpoint-url $env:AWS_ENDPOINT_URL --output json | ConvertFrom-Json
            $env:AWS_CREDENTIAL_EXPIRATION
        }
        $cli[0].Arn | Should -BeLike "arn:aws:sts::$($script:Member):assumed-role/OrganizationAccountAccessRole/*"
        [datetimeoffset]::Parse($cli[1]) | Should -BeGreaterThan ([datetimeoffset]::UtcNow)

        $plain = Use-EksSsoContext -AccountId $script:Member -NoEnvironment {
            & /usr/bin/aws sts get-caller-identity --endpoint-url $env:AWS_ENDPOINT_URL --output json | ConvertFrom-Json
            (Get-EksSsoCallerIdentity).Arn
        }
        $plain[0].Arn | Should -Be $script:Admin
        $plain[1] | Should -BeLike "arn:aws:sts::$($script:Member):assumed-role/*"
    }

    It 'streams the block''s output and errors as they happen' {
        $errors = $null
        $out = Use-EksSsoContext -AccountId $script:Member { 'one'; Write-Error 'soft failure' -ErrorAction Continue; 'two' } -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -Be @('one', 'two')
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -Be 'soft failure'
    }

    It 'stays in force without a script block until -Pop' {
        $context = Use-EksSsoContext -AccountId $script:Member -PassThru
        try {
            $context.Kind | Should -Be 'AssumedRole'
            $context.SetsEnvironment | Should -BeTrue
            (Get-EksSsoCallerIdentity).Arn | Should -BeLike "arn:aws:sts::$($script:Member):assumed-role/*"
            $env:AWS_ACCESS_KEY_ID | Should -Match '^ASIA'
        }
        finally {
            Use-EksSsoContext -Pop
        }

        (Get-EksSsoCallerIdentity).Arn | Should -Be $script:Admin
        $env:AWS_ACCESS_KEY_ID | Should -BeNullOrEmpty
        Use-EksSsoContext -Pop -ErrorAction SilentlyContinue -ErrorVariable popError
        $popError[0].FullyQualifiedErrorId | Should -BeLike 'NoContextScope,*'
    }

    It 'renews 15-minute sessions through a 20-minute wait, so calls never fail on expiry' {
        # Sessions last 15 minutes of sandbox time, and 20 minutes of sandbox time pass in the block: at the sandbox's
        # time scale both are seconds, so the chain must renew (both levels) while the calls go on.
        $null = Invoke-SandboxControl -Path session-duration -Method POST -Body @{ simulatedSeconds = 900 }
        try {
            $scale = (Invoke-SandboxControl -Path info).timeScale
            $wait = [timespan]::FromMinutes(20 * $scale)
            $wait | Should -BeLessThan ([timespan]::FromSeconds(30))
            Clear-SandboxRequestLog
            $results = Use-EksSsoContext -AccountId $script:Member {
                Use-EksSsoContext -RoleArn $script:DeployRoleArn {
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    while ($clock.Elapsed -lt $wait) {
                        (Get-EksSsoCallerIdentity -ErrorAction Stop).Arn
                        Start-Sleep -Milliseconds 200
                    }
                }
            }
            $results.Count | Should -BeGreaterThan 10
            $results | Sort-Object -Unique | Should -Be "arn:aws:sts::$($script:Member):assumed-role/Deployer/EksSso-$([Environment]::UserName -replace '[^\w+=,.@-]', '')"
            $log = Get-SandboxRequestLog
            @($log | Where-Object Status -GE 400) | Should -BeNullOrEmpty -Because 'no call failed, on expiry or otherwise'
            $assumes = @($log | Where-Object { $_.Operation -eq 'AssumeRole' -and $_.Status -eq 200 })
            # Each level was assumed more than once: its 15-minute sessions ran out during the 20 minutes.
            @($assumes | Where-Object Caller -Like '*:user/admin').Count | Should -BeGreaterThan 1
            @($assumes | Where-Object Caller -Like '*:assumed-role/OrganizationAccountAccessRole/*').Count | Should -BeGreaterThan 1
        }
        finally {
            $null = Invoke-SandboxControl -Path session-duration -Method POST -Body @{ seconds = $null }
        }
    }

    It 'rejects a malformed role ARN, account ID or session name before any call' -TestCases @(
        @{ Command = { Use-EksSsoContext -RoleArn 'arn:aws:s3:::bucket' { } -ErrorAction Stop }; Id = 'InvalidRoleArn' }
        @{ Command = { Use-EksSsoContext -AccountId 12345 { } -ErrorAction Stop }; Id = 'InvalidAccountId' }
        @{ Command = { Use-EksSsoContext -AccountId $script:Member -SessionName 'has space' { } -ErrorAction Stop }; Id = 'InvalidSessionName' }
    ) {
        Clear-SandboxRequestLog
        $Command | Should -Throw -ErrorId "$Id,*"
        Get-SandboxRequestLog | Should -BeNullOrEmpty
    }
}

Describe 'Web identity federation' {
    BeforeAll {
        $null = Invoke-Aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com --thumbprint-list 6938fd4d98bab03faadb97b34396831e3780aea1
        $trust = @{ Version = '2012-10-17'; Statement = @(@{
                    Effect    = 'Allow'
                    Principal = @{ Federated = "arn:aws:iam::$($script:Sandbox.ManagementAccountId):oidc-provider/token.actions.githubusercontent.com" }
                    Action    = 'sts:AssumeRoleWithWebIdentity'
                    Condition = @{ StringEquals = @{ 'token.actions.githubusercontent.com:aud' = 'sts.amazonaws.com' }; StringLike = @{ 'token.actions.githubusercontent.com:sub' = 'repo:example/infra:*' } }
                }) } | ConvertTo-Json -Depth 8 -Compress
        $script:GitHubRoleArn = (Invoke-Aws iam create-role --role-name GitHubDeploy --assume-role-policy-document $trust).Role.Arn
        function New-Token([string] $Subject) { (Invoke-SandboxControl -Path mint-web-identity-token -Method POST -Body @{ subject = $Subject; audience = 'sts.amazonaws.com' }).token }
    }

    It 'assumes a role with a token or a token file, with no stored credentials at all' {
        $saved = Save-TestEnvironment 'AWS_SHARED_CREDENTIALS_FILE'
        try {
            # Nothing to sign with: an empty credentials file.
            $empty = Join-Path $TestDrive 'no-credentials'
            Set-Content $empty ''
            Set-TestEnvironmentVariable AWS_SHARED_CREDENTIALS_FILE $empty
            { Get-EksSsoCallerIdentity -ErrorAction Stop } | Should -Throw

            $token = New-Token 'repo:example/infra:ref:refs/heads/main'
            (Use-EksSsoContext -RoleArn $script:GitHubRoleArn -WebIdentityToken $token { Get-EksSsoCallerIdentity }).Arn |
                Should -BeLike "arn:aws:sts::*:assumed-role/GitHubDeploy/*"
            $file = Join-Path $TestDrive 'token'
            Set-Content $file (New-Token 'repo:example/infra:pull_request')
            (Use-EksSsoContext -RoleArn $script:GitHubRoleArn -WebIdentityTokenFile $file -SessionName ci { Get-EksSsoCallerIdentity }).Arn |
                Should -BeLike '*:assumed-role/GitHubDeploy/ci'
        }
        finally {
            Restore-TestEnvironment $saved
        }
    }

    It 'is refused for a subject the trust policy does not name' {
        $token = New-Token 'repo:someone/else:ref:refs/heads/main'
        { Use-EksSsoContext -RoleArn $script:GitHubRoleArn -WebIdentityToken $token { 'not reached' } -ErrorAction Stop } | Should -Throw -ErrorId 'AccessDenied,*'
        { Use-EksSsoContext -RoleArn $script:GitHubRoleArn -WebIdentityTokenFile (Join-Path $TestDrive 'missing') { } -ErrorAction Stop } |
            Should -Throw -ErrorId 'WebIdentityTokenFileNotFound,*'
    }
}
