# New-EksClusterCreatorRole against the sandbox: the reference procedure's EKSClusterCreator in the member account,
# trusted by exactly the EKSClusterAdminAccess SSO role (IAM ARN with path), assumed by eksadmin after signing in.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Saved = Save-TestEnvironment 'BROWSER', 'DISPLAY', 'WAYLAND_DISPLAY'
    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $setup = & (Join-Path $PSScriptRoot '../../examples/identity-center.ps1')
    $script:Member = $setup.Account.AccountId
    $script:SsoRole = $setup.Role
    $script:AccessRole = "arn:aws:iam::$($script:Member):role/OrganizationAccountAccessRole"
    function Get-MemberRole([string] $Name) {
        $assumed = Invoke-Aws sts assume-role --role-arn $script:AccessRole --role-session-name check
        (Invoke-Aws -As $assumed.Credentials iam get-role --role-name $Name).Role
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
    Restore-TestEnvironment $script:Saved
}

Describe 'New-EksClusterCreatorRole' {
    It 'creates the role in the member account, trusting exactly the SSO role by its ARN with path' {
        $creator = Use-EksSsoContext -AccountId $script:Member { $script:SsoRole | New-EksClusterCreatorRole }
        $creator | Should -BeOfType ([EksSso.EksClusterCreatorRole])
        $creator.Arn | Should -Be "arn:aws:iam::$($script:Member):role/EKSClusterCreator"
        $creator.TrustedPrincipal | Should -Be $script:SsoRole.Arn
        $creator.TrustedPrincipal | Should -BeLike '*:role/aws-reserved/sso.amazonaws.com/*'
        $creator.PolicyArn | Should -Be "arn:aws:iam::$($script:Member):policy/EKSClusterCreatorPolicy"
        $creator.Changes.Count | Should -Be 3

        $role = Get-MemberRole EKSClusterCreator
        $trust = $role.AssumeRolePolicyDocument   # the AWS CLI decodes IAM's URL-encoded JSON
        @($trust.Statement).Count | Should -Be 1
        $trust.Statement[0].Principal.AWS | Should -Be $script:SsoRole.Arn
        $trust.Statement[0].Action | Should -Be 'sts:AssumeRole'
    }

    It 'makes no mutating call the second time and returns an equal object' {
        $first = Use-EksSsoContext -AccountId $script:Member { New-EksClusterCreatorRole -TrustedRole $script:SsoRole.Arn }
        Clear-SandboxRequestLog
        $again = Use-EksSsoContext -AccountId $script:Member { New-EksClusterCreatorRole -TrustedRole $script:SsoRole.ArnWithoutPath }
        @(Get-SandboxRequestLog -Mutating).Operation | Should -BeNullOrEmpty
        $again.Changes | Should -BeNullOrEmpty
        ($again | Select-Object * -ExcludeProperty Changes | ConvertTo-Json) | Should -Be ($first | Select-Object * -ExcludeProperty Changes | ConvertTo-Json)
        $again.TrustedPrincipal | Should -Be $script:SsoRole.Arn -Because 'an ARN without path is resolved through IAM'
    }

    It 'converges a trust policy that drifted, and switches to the scoped policy' {
        $assumed = Invoke-Aws sts assume-role --role-arn $script:AccessRole --role-session-name drift
        $loose = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = "arn:aws:iam::$($script:Member):root" }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
        $null = Invoke-Aws -As $assumed.Credentials iam update-assume-role-policy --role-name EKSClusterCreator --policy-document $loose

        $plan = Use-EksSsoContext -AccountId $script:Member { New-EksClusterCreatorRole -TrustedRole $script:SsoRole -Policy Scoped -WhatIf }
        $plan | Should -BeNullOrEmpty
        $converged = Use-EksSsoContext -AccountId $script:Member { New-EksClusterCreatorRole -TrustedRole $script:SsoRole -Policy Scoped }
        $converged.Changes | Should -Be @("Rewrite the trust policy of EKSClusterCreator to trust only $($script:SsoRole.Arn)", 'Set a new default version of EKSClusterCreatorPolicy (Scoped)')
        (Get-MemberRole EKSClusterCreator).AssumeRolePolicyDocument.Statement[0].Principal.AWS | Should -Be $script:SsoRole.Arn
        $policy = Invoke-Aws -As $assumed.Credentials iam get-policy --policy-arn $converged.PolicyArn
        $version = Invoke-Aws -As $assumed.Credentials iam get-policy-version --policy-arn $converged.PolicyArn --version-id $policy.Policy.DefaultVersionId
        $actions = $version.PolicyVersion.Document.Statement[0].Action
        $actions | Should -Contain 'eks:CreateCluster'
        $actions | Should -Not -Contain 'iam:*'
    }

    It 'is assumed by eksadmin through the SSO profile, as in the reference procedure' {
        Set-TestEnvironmentVariable BROWSER (Join-Path $PSScriptRoot 'sandbox-browser.py')
        Set-TestEnvironmentVariable DISPLAY $null
        Set-TestEnvironmentVariable WAYLAND_DISPLAY $null
        $instance = Get-EksSsoInstance
        $null = New-EksSsoProfile -Name EKSClusterAdminAccess-EKSAccount1 -StartUrl $instance.StartUrl -SsoRegion $instance.HomeRegion -AccountId $script:Member -RoleName EKSClusterAdminAccess
        $null = Connect-EksSso -ProfileName EKSClusterAdminAccess-EKSAccount1
        $ids = Use-EksSsoContext -ProfileName EKSClusterAdminAccess-EKSAccount1 {
            (Get-EksSsoCallerIdentity).Arn
            Use-EksSsoContext -RoleArn "arn:aws:iam::$($script:Member):role/EKSClusterCreator" -SessionName create-eks-cluster { (Get-EksSsoCallerIdentity).Arn }
        }
        $ids[0] | Should -BeLike "arn:aws:sts::$($script:Member):assumed-role/AWSReservedSSO_EKSClusterAdminAccess_*/eksadmin"
        $ids[1] | Should -Be "arn:aws:sts::$($script:Member):assumed-role/EKSClusterCreator/create-eks-cluster"
        # Anyone else in the account is refused: the trust names one role.
        { Use-EksSsoContext -AccountId $script:Member { Use-EksSsoContext -RoleArn "arn:aws:iam::$($script:Member):role/EKSClusterCreator" { } } } | Should -Throw -ErrorId 'AccessDenied,*'
    }

    It 'with the Scoped policy, lets eksadmin create a cluster through the creator role, calling only actions the policy lists' {
        # The previous test left EKSClusterCreatorPolicy Scoped. The cluster is created as the reference procedure does.
        Clear-SandboxRequestLog
        $cluster = Use-EksSsoContext -ProfileName EKSClusterAdminAccess-EKSAccount1 {
            Use-EksSsoContext -RoleArn "arn:aws:iam::$($script:Member):role/EKSClusterCreator" -SessionName create-eks-cluster {
                New-EksCluster -Name scoped -ErrorAction Stop
            }
        }
        $cluster.Status | Should -Be 'ACTIVE'
        $cluster.Nodegroups.Status | Should -Be 'ACTIVE'
        $calls = @(Get-SandboxRequestLog | Where-Object Caller -Like '*:assumed-role/EKSClusterCreator/*')
        $calls.Count | Should -BeGreaterThan 20
        # Lookups of what does not exist yet answer 404; nothing may be denied.
        @($calls | Where-Object { $_.Status -ge 400 -and $_.Status -ne 404 }) | Should -BeNullOrEmpty -Because 'the scoped policy allows every call New-EksCluster makes'
        # The IAM action of each call (service prefix as IAM names it) is in the scoped list: the list is what the code calls.
        $prefix = @{ ec2 = 'ec2'; eks = 'eks'; iam = 'iam'; sts = 'sts' }
        $actions = @($calls | ForEach-Object { "$($prefix[$_.Service]):$($_.Operation)" } | Sort-Object -Unique)
        $assumedAdmin = Invoke-Aws sts assume-role --role-arn $script:AccessRole --role-session-name policy
        $document = (Invoke-Aws -As $assumedAdmin.Credentials iam get-policy-version --policy-arn "arn:aws:iam::$($script:Member):policy/EKSClusterCreatorPolicy" `
                --version-id (Invoke-Aws -As $assumedAdmin.Credentials iam get-policy --policy-arn "arn:aws:iam::$($script:Member):policy/EKSClusterCreatorPolicy").Policy.DefaultVersionId).PolicyVersion.Document
        $allowed = @($document.Statement[0].Action)
        foreach ($action in $actions) { $allowed | Should -Contain $action }
    }

    It 'gives the creator a kubeconfig with which real kubectl lists the nodes (bootstrap cluster-admin access entry)' {
        $kubeconfig = Join-Path $TestDrive 'kubeconfig'
        $nodes = Use-EksSsoContext -ProfileName EKSClusterAdminAccess-EKSAccount1 {
            Use-EksSsoContext -RoleArn "arn:aws:iam::$($script:Member):role/EKSClusterCreator" -SessionName create-eks-cluster {
                $entry = Get-EksCluster -Name scoped | Update-EksKubeconfig -KubeconfigPath $kubeconfig
                $entry.Context | Should -Be "arn:aws:eks:us-east-1:$($script:Member):cluster/scoped"
                # kubectl runs the module's token helper, which takes the scope's credentials from the environment.
                & kubectl --kubeconfig $kubeconfig --request-timeout 20s get nodes -o json 2>&1
            }
        }
        $LASTEXITCODE | Should -Be 0 -Because "$nodes"
        $items = ($nodes | Out-String | ConvertFrom-Json).items
        $items.Count | Should -Be 2
        $items.metadata.labels.'eks.amazonaws.com/nodegroup' | Sort-Object -Unique | Should -Be 'scoped-ng'
        # Outside the chain, with no credentials of the creator, the same kubeconfig does not get in.
        $denied = & kubectl --kubeconfig $kubeconfig --request-timeout 20s get nodes 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        "$denied" | Should -Match 'Unauthorized|forbidden|You must be logged in'
    }

    It 'refuses bad input before any call' -TestCases @(
        @{ Command = { New-EksClusterCreatorRole -TrustedRole 'arn:aws:s3:::bucket' -ErrorAction Stop }; Id = 'InvalidTrustedRole' }
        @{ Command = { New-EksClusterCreatorRole -TrustedRole x -RoleName 'bad name' -ErrorAction Stop }; Id = 'InvalidRoleName' }
    ) {
        Clear-SandboxRequestLog
        $Command | Should -Throw -ErrorId "$Id,*"
        @(Get-SandboxRequestLog | Where-Object Service -NE 'sts') | Should -BeNullOrEmpty
    }
}
