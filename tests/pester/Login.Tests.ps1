# Connect-EksSso / Disconnect-EksSso and credentials for SSO profiles against the sandbox, side by side with the
# real AWS CLI v2 (/usr/bin/aws 2.9.19) sharing one token cache.
#
# The cache directory: the module uses ~/.aws/sso/cache from HOME, as the CLI does, unless EKSSSO_SSO_CACHE names
# another (Start-EksSsoSandbox sets it to the sandbox's own directory). These tests unset the override and give this
# process (and so every child AWS CLI) a HOME of its own, so both tools find the same files by the same rule.
#
# The CLI 2.9.19 sends its internal sso and sso-oidc calls to the real AWS endpoints whatever --endpoint-url says, and
# has no AWS_ENDPOINT_URL; AWS_DATA_PATH with an endpoint rule set for those two services points them at the sandbox.
#
# The user's browser is a BROWSER command (both the module and Python's webbrowser run it with the URL): a script
# that does what eksadmin would do on the page, through the sandbox's control endpoints: approve a device code, or
# authorize the PKCE request and follow the redirect back to the loopback listener.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    $script:ModulePath = (Resolve-Path $modulePath).Path
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Saved = Save-TestEnvironment 'HOME', 'BROWSER', 'EKSSSO_SSO_CACHE', 'AWS_DATA_PATH', 'DISPLAY', 'WAYLAND_DISPLAY', 'EKSSSO_TEST_BROWSER_LOG'
    $script:Sandbox = Start-EksSsoSandbox
    $script:SandboxCache = $env:EKSSSO_SSO_CACHE
    $setup = & (Join-Path $PSScriptRoot '../../examples/identity-center.ps1')
    $script:AccountId = $setup.Account.AccountId
    $instance = Get-EksSsoInstance
    $script:StartUrl = $instance.StartUrl
    $script:SsoRegion = $instance.HomeRegion
    Initialize-AwsCli -Endpoint $env:AWS_ENDPOINT_URL

    # Not under TestDrive: Pester empties it at the end of each Describe, and the cache must outlive them.
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "eksso-login-tests-$([guid]::NewGuid().ToString('N'))"
    $script:TestHome = Join-Path $script:Work 'home'
    $script:Cache = Join-Path $script:TestHome '.aws/sso/cache'
    $null = New-Item -ItemType Directory -Force $script:TestHome
    Set-TestEnvironmentVariable HOME $script:TestHome
    Set-TestEnvironmentVariable EKSSSO_SSO_CACHE $null
    Set-TestEnvironmentVariable BROWSER $null
    Set-TestEnvironmentVariable DISPLAY $null
    Set-TestEnvironmentVariable WAYLAND_DISPLAY $null

    # AWS_DATA_PATH: the CLI's sso and sso-oidc clients resolve to the sandbox.
    $dataPath = Join-Path $script:Work 'aws-data'
    $botocoreData = '/usr/lib/python3/dist-packages/awscli/botocore/data'
    foreach ($service in 'sso', 'sso-oidc') {
        $dir = Join-Path $dataPath "$service/2019-06-10"
        $null = New-Item -ItemType Directory -Force $dir
        $ruleSet = Get-Content (Join-Path $botocoreData "$service/2019-06-10/endpoint-rule-set-1.json") -Raw | ConvertFrom-Json -AsHashtable
        $ruleSet.rules = @(@{ conditions = @(); endpoint = @{ url = $env:AWS_ENDPOINT_URL; properties = @{}; headers = @{} }; type = 'endpoint' })
        $ruleSet | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $dir 'endpoint-rule-set-1.json')
    }
    Set-TestEnvironmentVariable AWS_DATA_PATH $dataPath

    # The browser: approves a device code, or authorizes a PKCE request and follows the redirect.
    $script:BrowserLog = Join-Path $script:Work 'browser.log'
    Set-TestEnvironmentVariable EKSSSO_TEST_BROWSER_LOG $script:BrowserLog
    $script:Browser = Join-Path $PSScriptRoot 'sandbox-browser.py'

    # One profile and sso-session each: device code (eks), PKCE (pkce), and a token the AWS CLI caches (cli).
    $config = foreach ($profile in @{ 'eks-admin' = 'eks'; 'eks-pkce' = 'pkce'; 'cli-admin' = 'cli' }.GetEnumerator()) {
        "`n[profile $($profile.Key)]`nsso_session = $($profile.Value)`nsso_account_id = $script:AccountId`nsso_role_name = EKSClusterAdminAccess`nregion = us-east-1"
        "`n[sso-session $($profile.Value)]`nsso_start_url = $script:StartUrl`nsso_region = $script:SsoRegion`nsso_registration_scopes = sso:account:access"
    }
    Add-Content $env:AWS_CONFIG_FILE -Value ($config + "`n[profile not-sso]`nregion = us-east-1")

    function Get-Sha1Hex([string] $Text) {
        [Convert]::ToHexString([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($Text))).ToLowerInvariant()
    }

    function Get-CacheFile([string] $SessionName) { Join-Path $script:Cache "$(Get-Sha1Hex $SessionName).json" }

    # Every stream of a command, as text: what a transcript of it under -Verbose -Debug would hold.
    function Invoke-Captured([scriptblock] $Command) {
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
        $records = & $Command *>&1
        $script:Captured += @($records | ForEach-Object { ($_ | Out-String -Width 500) + ($_ | Format-List * -Force | Out-String -Width 500) })
        $records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.DebugRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] }
    }
    $script:Captured = @()
    $script:Secrets = [System.Collections.Generic.HashSet[string]]::new()
    function Add-CachedSecrets([string] $Path) {
        if (-not (Test-Path $Path)) { return }
        $t = Get-Content $Path -Raw | ConvertFrom-Json
        foreach ($name in 'accessToken', 'refreshToken', 'clientSecret') { if ($t.$name) { $null = $script:Secrets.Add($t.$name) } }
    }

    # Connect-EksSso in a runspace of its own (a host nobody looks at), so the test can read the prompt while it waits.
    function Start-BackgroundConnect([hashtable] $Parameters) {
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($script:ModulePath).AddStatement().AddCommand('Connect-EksSso').AddParameters($Parameters).AddParameter('Verbose').AddParameter('Debug', $true)
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Wait-Prompt($Background, [string] $Tag) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            $prompt = @($Background.PowerShell.Streams.Information | Where-Object { $_.Tags -contains $Tag })
            if ($prompt) { return $prompt[0] }
            if ($Background.Handle.IsCompleted) { throw "Connect-EksSso ended without a prompt: $($Background.PowerShell.Streams.Error | Out-String)" }
            Start-Sleep -Milliseconds 100
        }
        throw "No $Tag prompt within 60 s."
    }

    function Complete-BackgroundConnect($Background) {
        $ps = $Background.PowerShell
        try {
            $result = $ps.EndInvoke($Background.Handle)
            $script:Captured += @($ps.Streams.Verbose + $ps.Streams.Debug + $ps.Streams.Information + $ps.Streams.Warning + $ps.Streams.Error + $ps.Streams.Progress | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 })
            $script:Captured += @($result | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500 })
            @($ps.Streams.Error) | Should -BeNullOrEmpty
            $result
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-EksSsoSandbox -Remove -ErrorAction Ignore
    Restore-TestEnvironment $script:Saved
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction Ignore }
}

Describe 'Connect-EksSso' {
    It 'the sandbox keeps SSO tokens in a cache directory of its own' {
        $script:SandboxCache | Should -Be (Join-Path $script:Sandbox.Directory 'aws/sso/cache')
        Test-Path $script:SandboxCache -PathType Container | Should -BeTrue
    }

    It 'signs in by the device code flow in a host no one looks at, and caches the token as the AWS CLI does' {
        $background = Start-BackgroundConnect @{ ProfileName = 'eks-admin' }
        $prompt = Wait-Prompt $background 'EksSso.Login.DeviceCode'
        $text = "$($prompt.MessageData)"
        $text | Should -Match 'https://device\.sso\.us-east-1\.amazonaws\.com/\?user_code=[A-Z]{4}-[A-Z]{4}'
        $code = [regex]::Match($text, 'the code ([A-Z]{4}-[A-Z]{4})').Groups[1].Value
        $code | Should -Not -BeNullOrEmpty
        $null = Invoke-SandboxControl approve-authorization -Method POST -Body @{ userCode = $code; userName = 'eksadmin' }
        $login = Complete-BackgroundConnect $background

        $login.Flow | Should -Be 'DeviceCode'
        $login.SessionName | Should -Be 'eks'
        $login.StartUrl | Should -Be $script:StartUrl
        $login.Region | Should -Be $script:SsoRegion
        $login.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(7))
        $login.PSObject.Properties.Name | Should -Not -Contain 'AccessToken'

        # The CLI's file: sha1 of the sso-session name, its fields in its order, its time format, owner-only.
        $file = Get-CacheFile 'eks'
        $login.CacheFile | Should -Be $file
        Test-Path $file | Should -BeTrue
        (Get-Item $file).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        $raw = Get-Content $file -Raw
        $raw | Should -Match '^\{"startUrl": "'
        $token = $raw | ConvertFrom-Json
        $token.PSObject.Properties.Name | Should -Be @('startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken')
        $token.startUrl | Should -Be $script:StartUrl
        $token.region | Should -Be $script:SsoRegion
        $token.accessToken | Should -Match '^aoa'
        $token.refreshToken | Should -Match '^aor'
        # ConvertFrom-Json turns the dates into DateTime: read the raw text.
        $raw | Should -Match '"expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        $raw | Should -Match '"registrationExpiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        Add-CachedSecrets $file
        $text | Should -Not -Match ([regex]::Escape($token.accessToken))
    }

    It 'reuses the cached token with no OIDC call' {
        Clear-SandboxRequestLog
        $login = Invoke-Captured { Connect-EksSso -ProfileName eks-admin }
        $login.Flow | Should -Be 'Cached'
        @(Get-SandboxRequestLog | Where-Object Service -eq 'sso-oidc') | Should -BeNullOrEmpty
    }

    It 'refreshes an expired access token with the refresh token' {
        $file = Get-CacheFile 'eks'
        $before = Get-Content $file -Raw | ConvertFrom-Json
        $raw = (Get-Content $file -Raw) -replace '"expiresAt": "[^"]+"', '"expiresAt": "2020-01-01T00:00:00Z"'
        [IO.File]::WriteAllText($file, $raw)
        Clear-SandboxRequestLog

        $login = Invoke-Captured { Connect-EksSso -ProfileName eks-admin }
        $login.Flow | Should -Be 'Refreshed'
        $login.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(7))
        @(Get-SandboxRequestLog | Where-Object Service -eq 'sso-oidc').Operation | Should -Be @('CreateToken')
        $after = Get-Content $file -Raw | ConvertFrom-Json
        $after.accessToken | Should -Not -Be $before.accessToken
        $after.refreshToken | Should -Not -Be $before.refreshToken -Because 'the sandbox rotates refresh tokens'
        $after.clientId | Should -Be $before.clientId
        (Get-Item $file).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        Add-CachedSecrets $file
    }

    It 'signs in by the authorization code flow with PKCE through the browser' {
        Set-TestEnvironmentVariable BROWSER $script:Browser
        try {
            Remove-Item $script:BrowserLog -ErrorAction Ignore
            $login = Invoke-Captured { Connect-EksSso -ProfileName eks-pkce }
        }
        finally { Set-TestEnvironmentVariable BROWSER $null }

        $login.Flow | Should -Be 'AuthorizationCode'
        $login.SessionName | Should -Be 'pkce'
        $url = [uri] @(Get-Content $script:BrowserLog)[0]
        $url.GetLeftPart('Path') | Should -Be "$($env:AWS_ENDPOINT_URL.TrimEnd('/'))/authorize"
        $query = [System.Web.HttpUtility]::ParseQueryString($url.Query)
        $query['response_type'] | Should -Be 'code'
        $query['code_challenge_method'] | Should -Be 'S256'
        $query['code_challenge'] | Should -Match '^[A-Za-z0-9_-]{43}$'
        $query['redirect_uri'] | Should -Match '^http://127\.0\.0\.1:\d+/oauth/callback$'
        $query['state'] | Should -Not -BeNullOrEmpty
        $query['scopes'] | Should -Be 'sso:account:access'

        $token = Get-Content (Get-CacheFile 'pkce') -Raw | ConvertFrom-Json
        $token.refreshToken | Should -Not -BeNullOrEmpty
        Add-CachedSecrets (Get-CacheFile 'pkce')
        (Invoke-Captured { Get-EksSsoCallerIdentity -ProfileName eks-pkce }).PermissionSetName | Should -Be 'EKSClusterAdminAccess'
    }

    It 'with -NoBrowser prints the authorize URL and waits for the redirect' {
        # BROWSER set makes the authorization code flow possible in a hosted runspace; -NoBrowser must not run it.
        Set-TestEnvironmentVariable BROWSER $script:Browser
        try {
            Remove-Item $script:BrowserLog -ErrorAction Ignore
            $background = Start-BackgroundConnect @{ ProfileName = 'eks-pkce'; NoBrowser = $true; Force = $true }
            $prompt = Wait-Prompt $background 'EksSso.Login.OpenUrl'
            Test-Path $script:BrowserLog | Should -BeFalse -Because '-NoBrowser opens nothing'
            $url = [regex]::Match("$($prompt.MessageData)", 'http://\S+/authorize\?\S+').Value
            $url | Should -Not -BeNullOrEmpty
            /usr/bin/python3 $script:Browser $url
            $login = Complete-BackgroundConnect $background
        }
        finally { Set-TestEnvironmentVariable BROWSER $null }
        $login.Flow | Should -Be 'AuthorizationCode'
        Add-CachedSecrets (Get-CacheFile 'pkce')
    }

    It 'fails with a clear error for a profile that is not an SSO profile' {
        { Connect-EksSso -ProfileName not-sso -ErrorAction Stop } | Should -Throw -ErrorId 'NotAnSsoProfile,EksSso.Commands.Login.ConnectEksSsoCommand'
        { Connect-EksSso -SessionName missing -ErrorAction Stop } | Should -Throw -ErrorId 'SsoSessionNotFound,EksSso.Commands.Login.ConnectEksSsoCommand'
    }
}

Describe 'Credentials for SSO profiles' {
    It 'Get-EksSsoCallerIdentity -ProfileName shows the SSO identity' {
        $identity = Invoke-Captured { Get-EksSsoCallerIdentity -ProfileName eks-admin }
        $identity.Account | Should -Be $script:AccountId
        $identity.PermissionSetName | Should -Be 'EKSClusterAdminAccess'
        $identity.SsoUserName | Should -Be 'eksadmin'
        $identity.Arn | Should -BeLike "arn:aws:sts::$($script:AccountId):assumed-role/AWSReservedSSO_EKSClusterAdminAccess_*/eksadmin"
    }

    It 'the AWS CLI signs in from the module''s token cache' {
        $identity = Invoke-Aws sts get-caller-identity --profile eks-admin
        $identity.Account | Should -Be $script:AccountId
        $identity.Arn | Should -BeLike '*:assumed-role/AWSReservedSSO_EKSClusterAdminAccess_*/eksadmin'
    }

    It 'the module signs in from a token the AWS CLI cached (aws sso login)' {
        Set-TestEnvironmentVariable BROWSER $script:Browser
        try { $result = Invoke-AwsCli -Arguments @('sso', 'login', '--profile', 'cli-admin') }
        finally { Set-TestEnvironmentVariable BROWSER $null }
        $result.ExitCode | Should -Be 0 -Because $result.Stderr
        $file = Get-CacheFile 'cli'
        Test-Path $file | Should -BeTrue
        Add-CachedSecrets $file

        Clear-SandboxRequestLog
        $login = Invoke-Captured { Connect-EksSso -ProfileName cli-admin }
        $login.Flow | Should -Be 'Cached'
        @(Get-SandboxRequestLog | Where-Object Service -eq 'sso-oidc') | Should -BeNullOrEmpty
        (Invoke-Captured { Get-EksSsoCallerIdentity -ProfileName cli-admin }).PermissionSetName | Should -Be 'EKSClusterAdminAccess'
    }

    It 'a refresh by the module leaves a token the AWS CLI still uses' {
        $file = Get-CacheFile 'cli'
        [IO.File]::WriteAllText($file, ((Get-Content $file -Raw) -replace '"expiresAt": "[^"]+"', '"expiresAt": "2020-01-01T00:00:00Z"'))
        (Invoke-Captured { Connect-EksSso -ProfileName cli-admin }).Flow | Should -Be 'Refreshed'
        Add-CachedSecrets $file
        (Invoke-Aws sts get-caller-identity --profile cli-admin).Account | Should -Be $script:AccountId
    }

    It 'without a cached token says to run Connect-EksSso (SsoLoginRequired)' {
        $file = Get-CacheFile 'cli'
        Move-Item $file "$file.bak"
        try {
            $err = $null
            $null = Get-EksSsoCallerIdentity -ProfileName cli-admin -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SsoLoginRequired,*'
            "$($err[0])" | Should -Match 'Connect-EksSso -ProfileName cli-admin'
        }
        finally { Move-Item "$file.bak" $file }
    }
}

Describe 'Disconnect-EksSso' {
    It '-WhatIf changes nothing' {
        Disconnect-EksSso -ProfileName eks-admin -WhatIf
        Test-Path (Get-CacheFile 'eks') | Should -BeTrue
    }

    It 'signs out: the token no longer works and the file is gone' {
        $file = Get-CacheFile 'eks'
        $token = (Get-Content $file -Raw | ConvertFrom-Json).accessToken
        Clear-SandboxRequestLog
        $null = Invoke-Captured { Disconnect-EksSso -ProfileName eks-admin -Confirm:$false }
        @(Get-SandboxRequestLog | Where-Object Service -eq 'sso').Operation | Should -Be @('Logout')
        Test-Path $file | Should -BeFalse
        # The portal refuses the old token now.
        $answer = Invoke-WebRequest -Method Get -Uri "$env:AWS_ENDPOINT_URL/federation/credentials?account_id=$($script:AccountId)&role_name=EKSClusterAdminAccess" `
            -Headers @{ 'x-amz-sso_bearer_token' = $token } -SkipHttpErrorCheck
        $answer.StatusCode | Should -Be 401

        $err = $null
        $null = Get-EksSsoCallerIdentity -ProfileName eks-admin -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SsoLoginRequired,*'
    }

    It 'warns when there is nothing to sign out of' {
        Disconnect-EksSso -ProfileName eks-admin -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'Not signed in'
    }
}

Describe 'No secret in any stream' {
    It 'no token, client secret or role credential appears in what these commands wrote' {
        $state = Get-Content (Join-Path $script:Sandbox.Directory 'state/sandbox-state.json') -Raw | ConvertFrom-Json -AsHashtable
        $sessions = 0
        foreach ($key in $state.AccessKeys.Values) {
            if ($key.SecretAccessKey) { $null = $script:Secrets.Add($key.SecretAccessKey) }
            if ($key.SessionToken) { $null = $script:Secrets.Add($key.SessionToken); $sessions++ }
        }
        $sessions | Should -BeGreaterThan 0 -Because 'the role sessions the portal issued are in the state'
        $script:Secrets.Count | Should -BeGreaterThan 10
        $script:Captured.Count | Should -BeGreaterThan 10
        $all = $script:Captured -join "`n"
        foreach ($secret in $script:Secrets) {
            $all.Contains($secret) | Should -BeFalse -Because "a secret ($($secret.Substring(0, 6))…) must not be written"
        }
    }
}
