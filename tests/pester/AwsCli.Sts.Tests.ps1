# The sandbox's STS and its request authentication and authorization, driven by the real AWS CLI v2
# (/usr/bin/aws 2.9.19): who the caller is, assumed-role credentials across accounts, and the errors AWS gives for
# a bad signature, an unknown key, a denied action and a role that does not trust the caller.
# (The bad-enum ValidationException proof is in AwsCli.Organizations.Tests.ps1.)
#
# Another identity acts for one call only: Invoke-Aws -As <credentials> puts AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN into that CLI process's environment, not into this session's.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:AdminKeys = Get-SandboxAdminCredential
    $script:Uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'sts and request authentication through the AWS CLI' {
    It 'get-caller-identity names the sandbox admin user of the management account' {
        $me = Invoke-Aws sts get-caller-identity
        $me.Account | Should -Be $script:Mgmt
        $me.Arn | Should -MatchExactly "^arn:aws:iam::$($script:Mgmt):user/[\w+=,.@-]+$"
        $me.UserId | Should -MatchExactly '^AIDA[A-Z0-9]{16,}$'
        $script:AdminArn = $me.Arn
    }

    It 'refuses a request signed with the wrong secret key: SignatureDoesNotMatch' {
        $secret = $script:AdminKeys.SecretAccessKey
        $wrong = New-AwsCredential -AccessKeyId $script:AdminKeys.AccessKeyId -SecretAccessKey ($secret.Substring(0, $secret.Length - 1) + $(if ($secret[-1] -eq 'A') { 'B' } else { 'A' }))
        $err = Get-AwsError -As $wrong sts get-caller-identity
        $err.Code | Should -Be 'SignatureDoesNotMatch'
        $err.Operation | Should -Be 'GetCallerIdentity'
    }

    It 'refuses an access key it does not know: InvalidClientTokenId' {
        $unknown = New-AwsCredential -AccessKeyId 'AKIAZZZZZZZZZZZZZZZZ' -SecretAccessKey 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
        Invoke-AwsError -As $unknown sts get-caller-identity | Should -Be 'InvalidClientTokenId'
    }

    It 'gives the JSON-protocol names of the same failures for eks: InvalidSignatureException and UnrecognizedClientException' {
        $secret = $script:AdminKeys.SecretAccessKey
        $wrong = New-AwsCredential -AccessKeyId $script:AdminKeys.AccessKeyId -SecretAccessKey ($secret.Substring(0, $secret.Length - 1) + $(if ($secret[-1] -eq 'A') { 'B' } else { 'A' }))
        $unknown = New-AwsCredential -AccessKeyId 'AKIAZZZZZZZZZZZZZZZZ' -SecretAccessKey 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
        $badSignature, $badKey = Invoke-AwsParallel @('-As', $wrong, '-ExpectError', 'eks', 'list-clusters') @('-As', $unknown, '-ExpectError', 'eks', 'list-clusters')
        $badSignature.Code | Should -Be 'InvalidSignatureException'
        $badKey.Code | Should -Be 'UnrecognizedClientException'
    }

    It 'assumes OrganizationAccountAccessRole of a new member account; the credentials act in that account' {
        $null = Invoke-Aws organizations create-organization --feature-set ALL
        $request = (Invoke-Aws organizations create-account --email "sts-$([guid]::NewGuid().ToString('n').Substring(0, 8))@example.com" --account-name sts-member).CreateAccountStatus
        $done = Wait-AwsState -Because 'the member account to be created' -Poll {
            (Invoke-Aws organizations describe-create-account-status --create-account-request-id $request.Id).CreateAccountStatus
        } -Until { $_.State -ne 'IN_PROGRESS' }
        $done.State | Should -Be 'SUCCEEDED'
        $member = $done.AccountId

        $roleArn = "arn:aws:iam::$($member):role/OrganizationAccountAccessRole"
        $assumed = Invoke-Aws sts assume-role --role-arn $roleArn --role-session-name cli-test --duration-seconds 900
        $assumed.Credentials.AccessKeyId | Should -MatchExactly '^ASIA[A-Z0-9]{16}$'
        $assumed.Credentials.SecretAccessKey | Should -Not -BeNullOrEmpty
        $assumed.Credentials.SessionToken | Should -Not -BeNullOrEmpty
        $expires = ([datetime] $assumed.Credentials.Expiration).ToUniversalTime()
        $expires | Should -BeGreaterThan ([datetime]::UtcNow.AddMinutes(13)) -Because '--duration-seconds 900 asks for 15 minutes'
        $expires | Should -BeLessThan ([datetime]::UtcNow.AddMinutes(16))
        $assumed.AssumedRoleUser.Arn | Should -Be "arn:aws:sts::$($member):assumed-role/OrganizationAccountAccessRole/cli-test"
        $assumed.AssumedRoleUser.AssumedRoleId | Should -MatchExactly '^AROA[A-Z0-9]{16,}:cli-test$'

        $me, $role = Invoke-AwsParallel @('-As', $assumed.Credentials, 'sts', 'get-caller-identity') `
            @('-As', $assumed.Credentials, 'iam', 'get-role', '--role-name', 'OrganizationAccountAccessRole')
        $me.Account | Should -Be $member
        $me.Arn | Should -Be $assumed.AssumedRoleUser.Arn
        $me.UserId | Should -Be $assumed.AssumedRoleUser.AssumedRoleId
        $role.Role.Arn | Should -Be $roleArn -Because 'the credentials read IAM of the member account, not of the management account'
        $role.Role.AssumeRolePolicyDocument.Statement[0].Principal.AWS | Should -Be "arn:aws:iam::$($script:Mgmt):root"
    }

    It 'denies iam:CreateRole to a role with ViewOnlyAccess and eks:* only (AccessDenied names the assumed role), while eks list-clusters works' {
        $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:AdminArn }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
        $role = (Invoke-Aws iam create-role --role-name cli-limited --assume-role-policy-document $trust).Role
        $null = Invoke-AwsParallel @('iam', 'attach-role-policy', '--role-name', 'cli-limited', '--policy-arn', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess') `
            @('iam', 'put-role-policy', '--role-name', 'cli-limited', '--policy-name', 'eks-and-assume',
            '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*","sts:AssumeRole"],"Resource":"*"}]}')

        $assumed = Invoke-Aws sts assume-role --role-arn $role.Arn --role-session-name limited
        $sessionArn = "arn:aws:sts::$($script:Mgmt):assumed-role/cli-limited/limited"
        $assumed.AssumedRoleUser.Arn | Should -Be $sessionArn

        $denied, $clusters = Invoke-AwsParallel `
            @('-As', $assumed.Credentials, '-ExpectError', 'iam', 'create-role', '--role-name', 'cli-not-allowed', '--assume-role-policy-document', $trust) `
            @('-As', $assumed.Credentials, 'eks', 'list-clusters')
        $denied.Code | Should -Be 'AccessDenied'
        $denied.Operation | Should -Be 'CreateRole'
        $denied.Message | Should -Match ([regex]::Escape($sessionArn))
        $denied.Message | Should -Match 'iam:CreateRole'
        Invoke-AwsError iam get-role --role-name cli-not-allowed | Should -Be 'NoSuchEntity' -Because 'the denied role was not created'

        $clusters.PSObject.Properties.Name | Should -Contain 'clusters'
        @($clusters.clusters).Count | Should -Be 0
    }

    It 'refuses assume-role on a role whose trust policy names a different principal: AccessDenied' {
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::' + $script:Mgmt + ':role/cli-limited"},"Action":"sts:AssumeRole"}]}'
        $role = (Invoke-Aws iam create-role --role-name cli-trusts-another --assume-role-policy-document $trust).Role
        $err = Get-AwsError sts assume-role --role-arn $role.Arn --role-session-name nope
        $err.Code | Should -Be 'AccessDenied'
        $err.Operation | Should -Be 'AssumeRole'
        $err.Message | Should -Match ([regex]::Escape($script:AdminArn))
        $err.Message | Should -Match 'sts:AssumeRole'
    }
}
