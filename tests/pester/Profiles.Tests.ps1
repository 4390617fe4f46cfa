#Requires -Version 7.0
<#
    New-EksSsoProfile and Get-EksSsoProfile (Pester 5) on config and credentials files in TestDrive, pointed at by
    AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. No sandbox: these cmdlets make no AWS call. The real AWS CLI v2
    (/usr/bin/aws) reads what New-EksSsoProfile wrote.
#>
BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Saved = Save-TestEnvironment -Name AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, AWS_DEFAULT_PROFILE
    Set-TestEnvironmentVariable -Name AWS_PROFILE -Value $null
    Set-TestEnvironmentVariable -Name AWS_DEFAULT_PROFILE -Value $null
    # Nothing listens there: the CLI calls below fail (or succeed) before any request.
    Initialize-AwsCli -Endpoint 'http://127.0.0.1:9'
    $script:NewId = 'EksSso.Commands.Profiles.NewEksSsoProfileCommand'

    # A hand-edited file: comments of both kinds, odd spacing, tabs, an inline comment, nested values, an unknown
    # section, and no newline at the end.
    $script:ExistingConfig = (
        '# my AWS config',
        '[default]',
        'region=us-east-1',
        'output   =    json   # inline comment',
        '',
        '; team profiles',
        '[profile   dev  ]',
        "`tregion = eu-west-1",
        's3 =',
        '  max_concurrent_requests = 10',
        '[profile deploy]',
        'role_arn = arn:aws:iam::444455556666:role/Deploy',
        'source_profile = static',
        '[profile ci]',
        'role_arn = arn:aws:iam::444455556666:role/Ci',
        'web_identity_token_file = /var/run/token',
        '[profile proc]',
        'credential_process = /usr/local/bin/creds',
        '[profile legacy]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-east-2',
        'sso_account_id = 777788889999',
        'sso_role_name = ReadOnly',
        '[unknown-kind thing]',
        'Some_Key = Some Value') -join "`n"
    $script:Secrets = @('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ASIAY34FZKBOKMUTVV7A', 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+/=', 'tmpSecretKeyForStaticTwo')
    $script:ExistingCredentials = (
        '[static]',
        "aws_access_key_id = $($Secrets[0])",
        "aws_secret_access_key = $($Secrets[1])",
        '',
        '[temporary]',
        "aws_access_key_id=$($Secrets[2])",
        "aws_secret_access_key=$($Secrets[4])",
        "aws_session_token=$($Secrets[3])",
        '') -join "`n"

    $script:Profile = @{
        Name      = 'EksAdmin'
        StartUrl  = 'https://d-1234567890.awsapps.com/start'
        SsoRegion = 'eu-west-1'
        AccountId = '111122223333'
        RoleName  = 'EKSClusterAdminAccess'
    }
    $script:Added = (
        '',
        '',
        '[profile EksAdmin]',
        'sso_session = d-1234567890',
        'sso_account_id = 111122223333',
        'sso_role_name = EKSClusterAdminAccess',
        'region = eu-west-1',
        '',
        '[sso-session d-1234567890]',
        'sso_start_url = https://d-1234567890.awsapps.com/start',
        'sso_region = eu-west-1',
        'sso_registration_scopes = sso:account:access',
        '') -join "`n"

    function New-ProfileFiles {
        # Fresh files for one test; the environment points at them.
        param([string] $Config = $script:ExistingConfig, [switch] $NoConfig)
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory $dir
        $files = [pscustomobject]@{ Config = Join-Path $dir 'config'; Credentials = Join-Path $dir 'credentials' }
        if (-not $NoConfig) { [IO.File]::WriteAllText($files.Config, $Config) }
        [IO.File]::WriteAllText($files.Credentials, $script:ExistingCredentials)
        Set-TestEnvironmentVariable -Name AWS_CONFIG_FILE -Value $files.Config
        Set-TestEnvironmentVariable -Name AWS_SHARED_CREDENTIALS_FILE -Value $files.Credentials
        $files
    }

    function Get-Bytes([string] $Path) { [Convert]::ToBase64String([IO.File]::ReadAllBytes($Path)) }
}

AfterAll {
    Restore-TestEnvironment -Saved $script:Saved
}

Describe 'New-EksSsoProfile' {
    It 'adds an sso-session and a profile at the end and keeps every other line of the file' {
        $files = New-ProfileFiles
        $credentialsBefore = Get-Bytes $files.Credentials

        $result = New-EksSsoProfile @Profile

        [IO.File]::ReadAllText($files.Config) | Should -BeExactly ($ExistingConfig + $Added)
        Get-Bytes $files.Credentials | Should -Be $credentialsBefore
        $result | Should -BeOfType EksSso.EksSsoProfile
        $result.Name | Should -Be 'EksAdmin'
        "$($result.Kind)" | Should -Be 'Sso'
        $result.SsoSession | Should -Be 'd-1234567890'
        $result.SsoStartUrl | Should -Be $Profile.StartUrl
        $result.SsoRegion | Should -Be 'eu-west-1'
        $result.AccountId | Should -Be '111122223333'
        $result.RoleName | Should -Be 'EKSClusterAdminAccess'
        $result.Region | Should -Be 'eu-west-1'
    }

    It 'writes a profile that the AWS CLI v2 reads' {
        $null = New-ProfileFiles
        $null = New-EksSsoProfile @Profile -Region us-east-2 -Output json

        foreach ($pair in @(('sso_session', 'd-1234567890'), ('sso_account_id', '111122223333'), ('sso_role_name', 'EKSClusterAdminAccess'), ('region', 'us-east-2'), ('output', 'json'))) {
            $r = Invoke-AwsCli -Arguments 'configure', 'get', $pair[0], '--profile', 'EksAdmin'
            $r.ExitCode | Should -Be 0 -Because $r.Stderr
            $r.Stdout.Trim() | Should -BeExactly $pair[1]
        }

        # AWS CLI 2.9.19's "configure get" does not follow sso_session into the [sso-session] section: it prints
        # nothing and exits 1 for sso_start_url. A legacy profile's own sso_start_url it does print.
        $r = Invoke-AwsCli -Arguments 'configure', 'get', 'sso_start_url', '--profile', 'EksAdmin'
        $r.ExitCode | Should -Be 1
        $r.Stdout.Trim() | Should -BeNullOrEmpty
        (Invoke-AwsCli -Arguments 'configure', 'get', 'sso_start_url', '--profile', 'legacy').Stdout.Trim() | Should -Be 'https://old.awsapps.com/start'

        $list = Invoke-AwsCli -Arguments 'configure', 'list-profiles'
        $list.ExitCode | Should -Be 0
        ($list.Stdout -split "`r?`n" | Where-Object { $_ }) | Should -Be @('default', 'dev', 'deploy', 'ci', 'proc', 'legacy', 'EksAdmin', 'static', 'temporary')

        # The SSO credential provider resolves the session (start URL and region) and only then misses the token, which
        # Connect-EksSso or "aws sso login" would cache. A session without sso_start_url fails differently.
        $identity = Invoke-AwsCli -Arguments 'sts', 'get-caller-identity', '--profile', 'EksAdmin'
        $identity.ExitCode | Should -Not -Be 0
        $identity.Stderr | Should -Match 'Token for d-1234567890 does not exist'
        $identity.Stderr | Should -Not -Match 'missing required configuration'
    }

    It 'leaves the file byte-identical with its modification time on a second run, with the same output' {
        $files = New-ProfileFiles
        $first = New-EksSsoProfile @Profile
        $bytes = Get-Bytes $files.Config
        $past = (Get-Date).AddDays(-1)
        (Get-Item $files.Config).LastWriteTime = $past
        $mode = (Get-Item $files.Config).UnixFileMode

        $second = New-EksSsoProfile @Profile -Verbose 4>&1
        $verbose = @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $second = $second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        Get-Bytes $files.Config | Should -Be $bytes
        (Get-Item $files.Config).LastWriteTime | Should -Be $past
        (Get-Item $files.Config).UnixFileMode | Should -Be $mode
        ($second | ConvertTo-Json -Compress) | Should -Be ($first | ConvertTo-Json -Compress)
        "$verbose" | Should -Match 'already has these values'
    }

    It 'changes only the lines whose value differs' {
        $files = New-ProfileFiles
        $null = New-EksSsoProfile @Profile
        $before = [IO.File]::ReadAllText($files.Config)

        $result = New-EksSsoProfile @Profile -RoleName ReadOnly -Region us-west-2

        [IO.File]::ReadAllText($files.Config) | Should -BeExactly ($before.Replace('sso_role_name = EKSClusterAdminAccess', 'sso_role_name = ReadOnly').Replace("region = eu-west-1`n`n[sso-session", "region = us-west-2`n`n[sso-session"))
        $result.RoleName | Should -Be 'ReadOnly'
        $result.Region | Should -Be 'us-west-2'
    }

    It '-WhatIf shows one line per changed key and changes nothing' {
        $files = New-ProfileFiles
        $null = New-EksSsoProfile @Profile
        $bytes = Get-Bytes $files.Config
        $transcript = Join-Path $TestDrive 'whatif.txt'

        $null = Start-Transcript -Path $transcript -UseMinimalHeader
        try { $output = New-EksSsoProfile @Profile -RoleName ReadOnly -Region us-west-2 -WhatIf }
        finally { $null = Stop-Transcript }

        $output | Should -BeNullOrEmpty
        Get-Bytes $files.Config | Should -Be $bytes
        $text = Get-Content $transcript -Raw
        $text | Should -Match ([regex]::Escape('[profile EksAdmin] sso_role_name: EKSClusterAdminAccess → ReadOnly'))
        $text | Should -Match ([regex]::Escape('[profile EksAdmin] region: eu-west-1 → us-west-2'))
        $text | Should -Not -Match 'sso_account_id:'
    }

    It '-WhatIf for a new file creates nothing' {
        $files = New-ProfileFiles -NoConfig
        New-EksSsoProfile @Profile -WhatIf
        Test-Path $files.Config | Should -BeFalse
    }

    It 'reuses an sso-session with the same start URL' {
        $existing = "[sso-session corp]`nsso_start_url = https://d-1234567890.awsapps.com/start`nsso_region = eu-west-1`nsso_registration_scopes = sso:account:access`n"
        $files = New-ProfileFiles -Config $existing
        $a = New-EksSsoProfile @Profile
        $b = New-EksSsoProfile @Profile -Name Second -RoleName ReadOnly
        $a.SsoSession, $b.SsoSession | Should -Be 'corp', 'corp'
        @(Select-String -Path $files.Config -Pattern '^\[sso-session').Count | Should -Be 1
    }

    It 'rejects <Id> before touching the file' -TestCases @(
        @{ Id = 'InvalidProfileName'; Change = @{ Name = 'two words' } }
        @{ Id = 'InvalidProfileName'; Change = @{ Name = 'x[y]' } }
        @{ Id = 'InvalidStartUrl'; Change = @{ StartUrl = 'http://d-1234567890.awsapps.com/start' } }
        @{ Id = 'InvalidStartUrl'; Change = @{ StartUrl = 'not a url' } }
        @{ Id = 'InvalidRegion'; Change = @{ SsoRegion = 'Europe' } }
        @{ Id = 'InvalidRegion'; Change = @{ Region = 'eu_west_1' } }
        @{ Id = 'InvalidAccountId'; Change = @{ AccountId = '12345' } }
        @{ Id = 'InvalidRoleName'; Change = @{ RoleName = 'Role With Spaces' } }
        @{ Id = 'InvalidSessionName'; Change = @{ SessionName = 'a b' } }
    ) {
        $files = New-ProfileFiles
        $bytes = Get-Bytes $files.Config
        (Get-Item $files.Config).LastWriteTime = $past = (Get-Date).AddDays(-1)
        $parameters = $Profile.Clone()
        foreach ($k in $Change.Keys) { $parameters[$k] = $Change[$k] }

        { New-EksSsoProfile @parameters -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$NewId"

        Get-Bytes $files.Config | Should -Be $bytes
        (Get-Item $files.Config).LastWriteTime | Should -Be $past
    }

    It 'refuses to turn a role profile into an SSO profile' {
        $files = New-ProfileFiles
        $bytes = Get-Bytes $files.Config
        { New-EksSsoProfile @Profile -Name deploy -ErrorAction Stop } | Should -Throw -ErrorId "ProfileKindConflict,$NewId"
        Get-Bytes $files.Config | Should -Be $bytes
    }

    It 'creates a missing file and folder owner-only' -Skip:$IsWindows {
        $files = New-ProfileFiles -NoConfig
        $config = Join-Path (Split-Path $files.Config) 'new/.aws/config'
        Set-TestEnvironmentVariable -Name AWS_CONFIG_FILE -Value $config

        $null = New-EksSsoProfile @Profile

        [IO.File]::ReadAllText($config) | Should -BeExactly $Added.Substring(2)
        (Get-Item $config).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        (Get-Item -Force (Split-Path $config)).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    }

    It 'keeps the mode of an existing file' -Skip:$IsWindows {
        $files = New-ProfileFiles
        (Get-Item $files.Config).UnixFileMode = [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead'
        $null = New-EksSsoProfile @Profile
        (Get-Item $files.Config).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
    }

    It 'keeps CRLF line endings' {
        $files = New-ProfileFiles -Config ($ExistingConfig.Replace("`n", "`r`n") + "`r`n")
        $null = New-EksSsoProfile @Profile
        $text = [IO.File]::ReadAllText($files.Config)
        $text | Should -BeExactly ($ExistingConfig.Replace("`n", "`r`n") + "`r`n" + $Added.Substring(1).Replace("`n", "`r`n"))
    }

    It 'takes -ConfigPath over AWS_CONFIG_FILE' {
        $files = New-ProfileFiles
        $bytes = Get-Bytes $files.Config
        $other = Join-Path (Split-Path $files.Config) 'other-config'
        $result = New-EksSsoProfile @Profile -ConfigPath $other
        Get-Bytes $files.Config | Should -Be $bytes
        [IO.File]::ReadAllText($other) | Should -BeExactly $Added.Substring(2)
        $result.Source | Should -Contain $other
    }

    It 'binds an instance and an account assignment by property name' {
        $files = New-ProfileFiles
        $instanceLike = [pscustomobject]@{ StartUrl = 'https://d-1234567890.awsapps.com/start'; HomeRegion = 'eu-west-1' }
        $assignments = @(
            [pscustomobject]@{ AccountId = '111122223333'; PermissionSetName = 'EKSClusterAdminAccess' }
            [pscustomobject]@{ AccountId = '111122223333'; PermissionSetName = 'ViewOnly' }
        )
        $results = $assignments | New-EksSsoProfile -Name { "$($_.PermissionSetName)-$($_.AccountId)" } -StartUrl $instanceLike.StartUrl -SsoRegion $instanceLike.HomeRegion
        $results.Name | Should -Be 'EKSClusterAdminAccess-111122223333', 'ViewOnly-111122223333'
        $results.RoleName | Should -Be 'EKSClusterAdminAccess', 'ViewOnly'

        $byInstance = [pscustomobject]@{ Name = 'FromInstance'; StartUrl = $instanceLike.StartUrl; HomeRegion = 'eu-west-1'; AccountId = '111122223333'; PermissionSetName = 'X' } | New-EksSsoProfile
        $byInstance.SsoRegion | Should -Be 'eu-west-1'
        $byInstance.SsoSession | Should -Be 'd-1234567890'
    }
}

Describe 'Get-EksSsoProfile' {
    BeforeAll {
        $script:Files = New-ProfileFiles
        $null = New-EksSsoProfile @Profile
        $script:All = Get-EksSsoProfile
    }

    It 'lists every profile of both files with its kind' {
        $kinds = @{}
        foreach ($p in $All) { $kinds[$p.Name] = "$($p.Kind)" }
        $kinds['default'] | Should -Be 'Other'
        $kinds['dev'] | Should -Be 'Other'
        $kinds['deploy'] | Should -Be 'Role'
        $kinds['ci'] | Should -Be 'WebIdentity'
        $kinds['proc'] | Should -Be 'Process'
        $kinds['legacy'] | Should -Be 'Sso'
        $kinds['EksAdmin'] | Should -Be 'Sso'
        $kinds['static'] | Should -Be 'Static'
        $kinds['temporary'] | Should -Be 'Static'
        $kinds.Count | Should -Be 9
    }

    It 'shows the settings that say where credentials come from' {
        $deploy = $All | Where-Object Name -EQ deploy
        $deploy.RoleArn | Should -Be 'arn:aws:iam::444455556666:role/Deploy'
        $deploy.RoleName | Should -Be 'Deploy'
        $deploy.AccountId | Should -Be '444455556666'
        $deploy.SourceProfile | Should -Be 'static'
        $legacy = $All | Where-Object Name -EQ legacy
        $legacy.SsoStartUrl, $legacy.SsoRegion, $legacy.AccountId, $legacy.RoleName | Should -Be 'https://old.awsapps.com/start', 'us-east-2', '777788889999', 'ReadOnly'
        $static = $All | Where-Object Name -EQ static
        $static.AccessKeyId | Should -Be 'AKIA…MPLE'
        $static.Source | Should -Be $Files.Credentials
        ($All | Where-Object Name -EQ dev).Source | Should -Be $Files.Config
    }

    It 'filters by name with wildcards and reports a missing name' {
        (Get-EksSsoProfile -Name 'd*').Name | Should -Be 'default', 'deploy', 'dev'
        Get-EksSsoProfile -Name 'nomatch*' | Should -BeNullOrEmpty
        { Get-EksSsoProfile -Name missing -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotFound,EksSso.Commands.Profiles.GetEksSsoProfileCommand'
        ('EksAdmin' | Get-EksSsoProfile).SsoSession | Should -Be 'd-1234567890'
    }

    It 'never shows a secret from the credentials file' {
        $views = @(
            $All | Format-List * | Out-String -Width 500
            $All | Format-Table | Out-String -Width 500
            $All | Format-Table * | Out-String -Width 2000
            $All | ConvertTo-Json -Depth 5
            $All | Out-String
        )
        foreach ($view in $views) {
            foreach ($secret in $Secrets) {
                $view | Should -Not -Match ([regex]::Escape($secret))
            }
        }
        ($All | Format-Table | Out-String) | Should -Match 'EksAdmin\s+Sso\s+eu-west-1\s+111122223333\s+EKSClusterAdminAccess\s+d-1234567890'
    }
}
