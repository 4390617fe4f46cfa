# The whole issue-6 path in one session, as a user would run it with -Verbose and -Debug under Start-Transcript:
# identity center setup, an SSO profile, Connect-EksSso (PKCE, the sandbox browser approves), a chain of contexts from
# the SSO role into a member account and a role there, web identity federation, Disconnect-EksSso. Then the transcript
# is searched for every secret the sandbox issued.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Saved = Save-TestEnvironment 'BROWSER', 'DISPLAY', 'WAYLAND_DISPLAY'
    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    Set-TestEnvironmentVariable BROWSER (Join-Path $PSScriptRoot 'sandbox-browser.py')
    Set-TestEnvironmentVariable DISPLAY $null
    Set-TestEnvironmentVariable WAYLAND_DISPLAY $null
    $script:Transcript = Join-Path ([IO.Path]::GetTempPath()) "eksso-chain-$([guid]::NewGuid().ToString('N')).txt"
    $script:Minted = [Collections.Generic.List[string]]::new()
    $script:CacheSecrets = [Collections.Generic.List[string]]::new()

    $null = Start-Transcript -Path $script:Transcript
    $VerbosePreference = 'Continue'
    $DebugPreference = 'Continue'
    try {
        $setup = & (Join-Path $PSScriptRoot '../../examples/identity-center.ps1') -Verbose
        $script:Member = $setup.Account.AccountId
        $script:Mgmt = $script:Sandbox.ManagementAccountId
        # The SSO role in the management account may assume OrganizationAccountAccessRole in member accounts.
        $null = Grant-EksSsoAccountAssignment -AccountId $script:Mgmt -PermissionSet EKSClusterAdminAccess -Group EKS_Cluster_Admins -Verbose

        $accessRole = "arn:aws:iam::$($script:Member):role/OrganizationAccountAccessRole"
        $assumed = Invoke-Aws sts assume-role --role-arn $accessRole --role-session-name setup
        $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $accessRole }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
        $script:DeployRoleArn = (Invoke-Aws -As $assumed.Credentials iam create-role --role-name Deployer --assume-role-policy-document $trust).Role.Arn
        $script:Minted.Add($assumed.Credentials.SecretAccessKey); $script:Minted.Add($assumed.Credentials.SessionToken)

        $instance = Get-EksSsoInstance -Verbose
        $script:Profile = New-EksSsoProfile -Name eks-admin -StartUrl $instance.StartUrl -SsoRegion $instance.HomeRegion -AccountId $script:Mgmt -RoleName EKSClusterAdminAccess -Verbose
        $script:Login = Connect-EksSso -ProfileName eks-admin -Verbose
        foreach ($file in Get-ChildItem $env:EKSSSO_SSO_CACHE -Filter *.json) {
            $json = Get-Content $file.FullName -Raw | ConvertFrom-Json
            foreach ($name in 'accessToken', 'refreshToken', 'clientSecret') { if ($json.$name) { $script:CacheSecrets.Add($json.$name) } }
        }

        $script:Chain = Use-EksSsoContext -ProfileName eks-admin -Verbose {
            Get-EksSsoCallerIdentity -Verbose
            Use-EksSsoContext -AccountId $script:Member -Verbose {
                Get-EksSsoCallerIdentity -Verbose
                Use-EksSsoContext -RoleArn $script:DeployRoleArn -SessionName deploy -Verbose {
                    Get-EksSsoCallerIdentity -Verbose
                    , @(Get-EksSsoContext)
                    Get-EksSsoContext | Format-List * | Out-String | Write-Host
                    Write-Verbose "environment for child processes: $((Get-ChildItem env:AWS_*).Name -join ', ')"
                }
            }
        }

        $null = Invoke-Aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com --thumbprint-list 6938fd4d98bab03faadb97b34396831e3780aea1
        $ghTrust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ Federated = "arn:aws:iam::$($script:Mgmt):oidc-provider/token.actions.githubusercontent.com" }; Action = 'sts:AssumeRoleWithWebIdentity' }) } | ConvertTo-Json -Depth 6 -Compress
        $ghRole = (Invoke-Aws iam create-role --role-name GitHubDeploy --assume-role-policy-document $ghTrust).Role.Arn
        $token = (Invoke-SandboxControl -Path mint-web-identity-token -Method POST -Body @{ subject = 'repo:example/infra:ref:refs/heads/main' }).token
        $script:Minted.Add($token)
        $script:WebIdentity = Use-EksSsoContext -RoleArn $ghRole -WebIdentityToken $token -Verbose { Get-EksSsoCallerIdentity -Verbose }

        Get-EksSsoProfile -Verbose | Format-List * | Out-String | Write-Host
        Disconnect-EksSso -ProfileName eks-admin -Verbose -Confirm:$false
    }
    finally {
        $VerbosePreference = 'SilentlyContinue'
        $DebugPreference = 'SilentlyContinue'
        $null = Stop-Transcript
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
    Restore-TestEnvironment $script:Saved
    Remove-Item $script:Transcript -ErrorAction Ignore
}

Describe 'An SSO session chained into a member account' {
    It 'signs in, and each nested scope is the identity it names' {
        $script:Login.SessionName | Should -Not -BeNullOrEmpty
        $sso, $access, $deploy, $stack = $script:Chain
        $sso.Arn | Should -Match "^arn:aws:sts::$($script:Mgmt):assumed-role/AWSReservedSSO_EKSClusterAdminAccess_[0-9a-f]{16}/eksadmin$"
        $sso.PermissionSetName | Should -Be 'EKSClusterAdminAccess'
        $access.Arn | Should -BeLike "arn:aws:sts::$($script:Member):assumed-role/OrganizationAccountAccessRole/*"
        $deploy.Arn | Should -Be "arn:aws:sts::$($script:Member):assumed-role/Deployer/deploy"
        $stack.Kind | Should -Be @('AssumedRole', 'AssumedRole', 'Profile')
        $stack[2].IdentityArn | Should -Be $sso.Arn
        $script:WebIdentity.Arn | Should -BeLike '*:assumed-role/GitHubDeploy/*'
        Get-EksSsoContext | Should -BeNullOrEmpty
    }

    It 'writes no secret the sandbox issued to any stream (transcript of -Verbose -Debug)' {
        $text = Get-Content $script:Transcript -Raw
        $text | Should -Match 'AWS STS AssumeRole' -Because 'the transcript recorded the verbose call log'
        $text | Should -Match 'DEBUG: EksSso credentials from' -Because 'the transcript recorded the debug stream'

        # Every secret key and session token in the sandbox's state, the SSO tokens and client secrets of the cache, and
        # the web identity token and role credentials minted for the test.
        $state = Get-Content (Join-Path $script:Sandbox.Directory 'state/sandbox-state.json') -Raw | ConvertFrom-Json -AsHashtable
        $secrets = [Collections.Generic.List[string]]::new()
        function Find-Secret($node) {
            if ($node -is [System.Collections.IDictionary]) {
                foreach ($key in $node.Keys) {
                    if ($key -in 'SecretAccessKey', 'SessionToken' -and $node[$key] -is [string]) { $secrets.Add($node[$key]) }
                    else { Find-Secret $node[$key] }
                }
            }
            elseif ($node -is [System.Collections.IList]) { foreach ($item in $node) { Find-Secret $item } }
        }
        Find-Secret $state
        $secrets.Count | Should -BeGreaterThan 5 -Because 'the flows issued role sessions'
        $script:CacheSecrets.Count | Should -BeGreaterOrEqual 3 -Because 'the login cached an access token, a refresh token and a client secret'
        $all = @($secrets) + @($script:CacheSecrets) + @($script:Minted) | Where-Object { $_.Length -ge 16 } | Sort-Object -Unique
        $leaked = @($all | Where-Object { $text.Contains($_) })
        # Where, without repeating the secret: the 60 characters before it.
        $where = foreach ($secret in $leaked) { $i = $text.IndexOf($secret); $text.Substring([Math]::Max(0, $i - 60), [Math]::Min(60, $i)) }
        $leaked.Count | Should -Be 0 -Because "no secret may appear in output, verbose, debug or errors ($($all.Count) checked; found after: $($where -join ' | '))"
    }
}
