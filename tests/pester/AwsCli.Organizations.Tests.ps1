# The sandbox's AWS Organizations, driven by the real AWS CLI v2 (/usr/bin/aws 2.9.19).
# Every organizations command the brief lists exists in CLI 2.9.19.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    # A slower clock than the other AwsCli files (0.0005): an account takes 1 min on AWS, 6 s here. A CLI call takes
    # about a second, so at 0.0005 (30 ms) DescribeCreateAccountStatus could never be seen IN_PROGRESS.
    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.1
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Email = "cli-dev-$([guid]::NewGuid().ToString('n').Substring(0, 8))@example.com"
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'organizations through the AWS CLI' {
    It 'refuses an unknown feature set with ValidationException (and no organization exists yet)' {
        $invalid, $none = Invoke-AwsParallel @('-ExpectError', 'organizations', 'create-organization', '--feature-set', 'SOME') `
            @('-ExpectError', 'organizations', 'describe-organization')
        $invalid.Code | Should -Be 'ValidationException'
        $invalid.Operation | Should -Be 'CreateOrganization'
        $invalid.Message | Should -Match 'SOME'
        $none.Code | Should -Be 'AWSOrganizationsNotInUseException'
    }

    It 'creates the organization; describe-organization and list-roots show it' {
        $org = (Invoke-Aws organizations create-organization --feature-set ALL).Organization
        $org.Id | Should -MatchExactly '^o-[a-z0-9]{10}$'
        $org.Arn | Should -Be "arn:aws:organizations::$($script:Mgmt):organization/$($org.Id)"
        $org.FeatureSet | Should -Be 'ALL'
        $org.MasterAccountId | Should -Be $script:Mgmt
        $org.MasterAccountArn | Should -Be "arn:aws:organizations::$($script:Mgmt):account/$($org.Id)/$($script:Mgmt)"
        $script:OrgId = $org.Id

        $described, $roots = Invoke-AwsParallel @('organizations', 'describe-organization') @('organizations', 'list-roots')
        $described.Organization.Id | Should -Be $org.Id
        $described.Organization.Arn | Should -Be $org.Arn
        $described.Organization.FeatureSet | Should -Be 'ALL'
        $described.Organization.MasterAccountEmail | Should -Not -BeNullOrEmpty
        @($roots.Roots).Count | Should -Be 1
        $roots.Roots[0].Id | Should -MatchExactly '^r-[0-9a-z]{4,32}$'
        $roots.Roots[0].Arn | Should -Be "arn:aws:organizations::$($script:Mgmt):root/$($org.Id)/$($roots.Roots[0].Id)"
        $roots.Roots[0].Name | Should -Be 'Root'
    }

    It 'creates an account: IN_PROGRESS, then SUCCEEDED with the new AccountId' {
        $created = (Invoke-Aws organizations create-account --email $script:Email --account-name 'cli-dev').CreateAccountStatus
        $created.State | Should -Be 'IN_PROGRESS'
        $created.Id | Should -MatchExactly '^car-[a-z0-9]{8,32}$'
        $created.AccountName | Should -Be 'cli-dev'
        $created.PSObject.Properties['AccountId'] | Should -BeNullOrEmpty
        $script:RequestId = $created.Id

        $first = (Invoke-Aws organizations describe-create-account-status --create-account-request-id $created.Id).CreateAccountStatus
        $first.Id | Should -Be $created.Id
        $first.State | Should -Be 'IN_PROGRESS' -Because 'the account takes 6 s at this time scale'
        $first.PSObject.Properties['AccountId'] | Should -BeNullOrEmpty

        $done = Wait-AwsState -TimeoutSeconds 15 -Because 'the account creation to finish' -Poll {
            (Invoke-Aws organizations describe-create-account-status --create-account-request-id $created.Id).CreateAccountStatus
        } -Until { $_.State -ne 'IN_PROGRESS' }
        $done.State | Should -Be 'SUCCEEDED'
        $done.AccountId | Should -MatchExactly '^[1-9]\d{11}$'
        $done.AccountId | Should -Not -Be $script:Mgmt
        $done.AccountName | Should -Be 'cli-dev'
        $done.CompletedTimestamp | Should -Not -BeNullOrEmpty
        $done.PSObject.Properties['FailureReason'] | Should -BeNullOrEmpty
        $script:AccountId = $done.AccountId
    }

    It 'reports an e-mail address that already has an account as FAILED with EMAIL_ALREADY_EXISTS' {
        $created = (Invoke-Aws organizations create-account --email $script:Email --account-name 'cli-dev-again').CreateAccountStatus
        $created.State | Should -Be 'IN_PROGRESS' -Because 'AWS accepts the request and fails it asynchronously'
        $script:FailedRequestId = $created.Id

        $done = Wait-AwsState -TimeoutSeconds 15 -Because 'the duplicate request to finish' -Poll {
            (Invoke-Aws organizations describe-create-account-status --create-account-request-id $created.Id).CreateAccountStatus
        } -Until { $_.State -ne 'IN_PROGRESS' }
        $done.State | Should -Be 'FAILED'
        $done.FailureReason | Should -Be 'EMAIL_ALREADY_EXISTS'
        $done.PSObject.Properties['AccountId'] | Should -BeNullOrEmpty
    }

    It 'lists the create-account requests (filtered by state) and the accounts, and describes the new account' {
        # --page-size 1: the CLI follows NextToken through one-item pages and merges them.
        $all, $succeeded, $accounts, $account = Invoke-AwsParallel @('organizations', 'list-create-account-status', '--page-size', '1') `
            @('organizations', 'list-create-account-status', '--states', 'SUCCEEDED') `
            @('organizations', 'list-accounts', '--page-size', '1') `
            @('organizations', 'describe-account', '--account-id', $script:AccountId)

        @($all.CreateAccountStatuses).Count | Should -Be 2
        ($all.CreateAccountStatuses | Sort-Object Id | ForEach-Object Id) | Should -Be (@($script:RequestId, $script:FailedRequestId) | Sort-Object)
        ($all.CreateAccountStatuses | Where-Object Id -EQ $script:FailedRequestId).State | Should -Be 'FAILED'
        @($succeeded.CreateAccountStatuses).Count | Should -Be 1
        $succeeded.CreateAccountStatuses[0].Id | Should -Be $script:RequestId
        $succeeded.CreateAccountStatuses[0].AccountId | Should -Be $script:AccountId

        @($accounts.Accounts).Count | Should -Be 2
        ($accounts.Accounts.Id | Sort-Object) | Should -Be (@($script:Mgmt, $script:AccountId) | Sort-Object)
        $member = $accounts.Accounts | Where-Object Id -EQ $script:AccountId
        $member.Email | Should -Be $script:Email
        $member.Status | Should -Be 'ACTIVE'

        $account.Account.Id | Should -Be $script:AccountId
        $account.Account.Arn | Should -Be "arn:aws:organizations::$($script:Mgmt):account/$($script:OrgId)/$($script:AccountId)"
        $account.Account.Name | Should -Be 'cli-dev'
        $account.Account.Email | Should -Be $script:Email
        $account.Account.Status | Should -Be 'ACTIVE'
        $account.Account.JoinedMethod | Should -Be 'CREATED'
        $account.Account.JoinedTimestamp | Should -Not -BeNullOrEmpty
    }
}
