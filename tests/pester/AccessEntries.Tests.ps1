#Requires -Version 7.0
<#
    Add-EksAccessEntry, Get-EksAccessEntry and Remove-EksAccessEntry against the sandbox (Pester 5). The cluster is
    created with New-EksCluster as the sandbox admin; the principal is an IAM role created through the real AWS CLI
    (aws 2.9 has no access-entry commands: entries are checked through Get-EksAccessEntry and the sandbox state dump).
    The last tests prove the entry with the cluster's Kubernetes API, as that role.
#>
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Admin = (Get-EksSsoCallerIdentity).Arn
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:Admin }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
    $script:Role = (Invoke-Aws iam create-role --role-name ClusterViewer --path /team/ --assume-role-policy-document $trust).Role
    $script:Other = (Invoke-Aws iam create-role --role-name NamespaceViewer --assume-role-policy-document $trust).Role
    $script:Cluster = New-EksCluster -Name test -NodeCount 1
    $script:AdminPolicy = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'
    $script:ViewPolicy = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy'

    function Get-SandboxEntry([string] $PrincipalArn) {
        # The entry as the sandbox stores it (its state dump), or nothing.
        $state = Invoke-SandboxControl -Path state
        $eks = $state.Accounts.$script:Mgmt.Regional.eks.'us-east-1'.PSObject.Properties.Value | Where-Object { $_.PSObject.Properties.Name -contains 'Clusters' } | Select-Object -First 1
        $eks.Clusters.test.AccessEntries.PSObject.Properties.Value | Where-Object PrincipalArn -EQ $PrincipalArn
    }


    function Invoke-AsRole([string] $RoleArn, [string] $Path) {
        # The Kubernetes API of the cluster as the role: the HTTP status code.
        $token = Use-EksSsoContext -RoleArn $RoleArn { Get-EksToken -ClusterName test }
        try {
            $null = Invoke-RestMethod -SkipCertificateCheck -Headers @{ Authorization = "Bearer $($token.Token)" } "$($script:Cluster.Endpoint)$Path"
            200
        } catch {
            [int]$_.Exception.Response.StatusCode
        }
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Add-EksAccessEntry' {
    It 'refuses bad input before any call: <Case>' -TestCases @(
        @{ Case = 'unknown policy short name'; Parameters = @{ Principal = 'arn:aws:iam::111122223333:role/x'; AccessPolicy = 'AmazonEKSRootPolicy' }; Id = 'UnknownAccessPolicy' }
        @{ Case = 'malformed principal ARN'; Parameters = @{ Principal = 'arn:aws:iam::1234:role/x' }; Id = 'InvalidPrincipal' }
        @{ Case = 'not a principal'; Parameters = @{ Principal = 'arn:aws:s3:::bucket' }; Id = 'InvalidPrincipal' }
        @{ Case = 'bad namespace'; Parameters = @{ Principal = 'arn:aws:iam::111122223333:role/x'; AccessPolicy = 'AmazonEKSViewPolicy'; Namespace = 'Bad_Name' }; Id = 'InvalidNamespace' }
        @{ Case = 'bad cluster name'; Parameters = @{ Cluster = '-x'; Principal = 'arn:aws:iam::111122223333:role/x' }; Id = 'InvalidClusterName' }
        @{ Case = 'reserved group'; Parameters = @{ Principal = 'arn:aws:iam::111122223333:role/x'; KubernetesGroup = 'system:masters' }; Id = 'InvalidKubernetesGroup' }
    ) {
        $p = @{ Cluster = 'test' }
        foreach ($key in $Parameters.Keys) { $p[$key] = $Parameters[$key] }
        Clear-SandboxRequestLog
        { Add-EksAccessEntry @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,EksSso.Commands.Access.AddEksAccessEntryCommand"
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }

    It 'refuses a malformed principal in Get and Remove too, before any call' {
        Clear-SandboxRequestLog
        { Get-EksAccessEntry -Cluster test -Principal 'role/x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPrincipal,*'
        { Remove-EksAccessEntry -Cluster test -Principal 'nope' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPrincipal,*'
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }

    It 'with -WhatIf lists the changes and makes no mutating call' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Add-EksAccessEntry -Cluster $script:Cluster -Principal $script:Role.Arn -AccessPolicy AmazonEKSClusterAdminPolicy -WhatIf }
        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -BeLike "*Create the access entry of $($script:Role.Arn) on cluster test*"
        $run.Text | Should -BeLike "*Associate $($script:AdminPolicy) with scope the cluster*"
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-SandboxEntry $script:Role.Arn | Should -BeNullOrEmpty
    }

    It 'denies the role on the Kubernetes API before it has an entry' {
        Invoke-AsRole $script:Role.Arn '/api/v1/nodes' | Should -BeIn 401, 403
    }

    It 'creates the entry with AmazonEKSClusterAdminPolicy at cluster scope' {
        $entry = $script:Cluster | Add-EksAccessEntry -Principal $script:Role -AccessPolicy AmazonEKSClusterAdminPolicy
        $entry | Should -BeOfType ([EksSso.EksAccessEntry])
        $entry.ClusterName | Should -Be 'test'
        $entry.PrincipalArn | Should -Be $script:Role.Arn
        $entry.Type | Should -Be 'STANDARD'
        $entry.AccessPolicies.PolicyArn | Should -Be $script:AdminPolicy
        $entry.AccessPolicies.ScopeType | Should -Be 'cluster'
        $entry.Changes.Count | Should -Be 2

        $stored = Get-SandboxEntry $script:Role.Arn
        $stored | Should -Not -BeNullOrEmpty
        @($stored.Policies).PolicyArn | Should -Be $script:AdminPolicy
        (Get-EksAccessEntry -Cluster test -Principal $script:Role.Arn).AccessPolicies.PolicyArn | Should -Be $script:AdminPolicy
    }

    It 'makes no mutating call the second time and returns an equal object (role ARN without path too)' {
        $first = Get-EksAccessEntry -Cluster test -Principal $script:Role.Arn
        Clear-SandboxRequestLog
        $again = Add-EksAccessEntry -Cluster test -Principal "arn:aws:iam::$($script:Mgmt):role/ClusterViewer" -AccessPolicy AmazonEKSClusterAdminPolicy
        @(Get-SandboxRequestLog -Mutating).Operation | Should -BeNullOrEmpty
        $again.Changes | Should -BeNullOrEmpty
        ($again | ConvertTo-Json -Depth 5) | Should -Be ($first | ConvertTo-Json -Depth 5)
    }

    It 'turns an assumed-role ARN of the account into the role''s IAM ARN with path' {
        $session = Use-EksSsoContext -RoleArn $script:Role.Arn -SessionName alice { (Get-EksSsoCallerIdentity).Arn }
        $session | Should -Be "arn:aws:sts::$($script:Mgmt):assumed-role/ClusterViewer/alice"
        Clear-SandboxRequestLog
        $entry = Add-EksAccessEntry -Cluster test -Principal $session -AccessPolicy AmazonEKSClusterAdminPolicy
        $entry.PrincipalArn | Should -Be $script:Role.Arn
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog).Operation | Should -Contain 'GetRole'
    }

    It 'refuses an assumed-role ARN of another account (InvalidPrincipal), with no mutating call' {
        Clear-SandboxRequestLog
        { Add-EksAccessEntry -Cluster test -Principal 'arn:aws:sts::999988887777:assumed-role/Other/bob' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPrincipal,*'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It 'lets the role list nodes once it has the entry' {
        Invoke-AsRole $script:Role.Arn '/api/v1/nodes' | Should -Be 200
    }

    It 'converges Kubernetes groups and the user name through UpdateAccessEntry' {
        Clear-SandboxRequestLog
        $entry = Add-EksAccessEntry -Cluster test -Principal $script:Role -KubernetesGroup viewers, auditors -UserName viewer
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be 'UpdateAccessEntry'
        $entry.KubernetesGroups | Sort-Object | Should -Be auditors, viewers
        $entry.UserName | Should -Be viewer
        $entry.Changes.Count | Should -Be 2
        $entry.AccessPolicies.PolicyArn | Should -Be $script:AdminPolicy -Because 'an entry''s other policies are left alone'
        (Get-SandboxEntry $script:Role.Arn).KubernetesGroups | Sort-Object | Should -Be auditors, viewers

        Clear-SandboxRequestLog
        $null = Add-EksAccessEntry -Cluster test -Principal $script:Role -KubernetesGroup auditors, viewers -UserName viewer
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It 'refuses to change the type of an existing entry (AccessEntryTypeConflict), with no mutating call' {
        Clear-SandboxRequestLog
        { Add-EksAccessEntry -Cluster test -Principal $script:Role -Type EC2_LINUX -ErrorAction Stop } | Should -Throw -ErrorId 'AccessEntryTypeConflict,*'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It 'reports a missing cluster with the AWS error code' {
        { Add-EksAccessEntry -Cluster ghost -Principal $script:Role -AccessPolicy AmazonEKSViewPolicy -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotFoundException,*'
    }

    It 'associates AmazonEKSViewPolicy with namespace scope, and re-scopes it' {
        $entry = Add-EksAccessEntry -Cluster test -Principal $script:Other.Arn -AccessPolicy AmazonEKSViewPolicy -Namespace team-a
        $entry.AccessPolicies.PolicyArn | Should -Be $script:ViewPolicy
        $entry.AccessPolicies.ScopeType | Should -Be 'namespace'
        $entry.AccessPolicies.Namespaces | Should -Be 'team-a'
        Invoke-AsRole $script:Other.Arn '/api/v1/namespaces/team-a/configmaps' | Should -Be 200
        Invoke-AsRole $script:Other.Arn '/api/v1/nodes' | Should -Be 403

        Clear-SandboxRequestLog
        $entry = Add-EksAccessEntry -Cluster test -Principal $script:Other.Arn -AccessPolicy AmazonEKSViewPolicy -Namespace team-a, team-b
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be 'AssociateAccessPolicy'
        $entry.AccessPolicies.Namespaces | Should -Be team-a, team-b
        @((Get-SandboxEntry $script:Other.Arn).Policies)[0].Namespaces | Should -Be team-a, team-b
    }
}

Describe 'Get-EksAccessEntry' {
    It 'lists every entry of the cluster, the creator''s included' {
        $all = @(Get-EksAccessEntry -Cluster test)
        $all.PrincipalArn | Should -Contain $script:Role.Arn
        $all.PrincipalArn | Should -Contain $script:Other.Arn
        $all.Count | Should -BeGreaterOrEqual 3
        ($all | Where-Object PrincipalArn -Like '*NodeRole').Type | Should -Be 'EC2_LINUX'
    }

    It 'writes AccessEntryNotFound for a principal without an entry' {
        { Get-EksAccessEntry -Cluster test -Principal "arn:aws:iam::$($script:Mgmt):role/Nobody" -ErrorAction Stop } | Should -Throw -ErrorId 'AccessEntryNotFound,*'
    }
}

Describe 'Remove-EksAccessEntry' {
    It 'with -WhatIf makes no mutating call' {
        Clear-SandboxRequestLog
        Remove-EksAccessEntry -Cluster test -Principal $script:Other.Arn -WhatIf
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It 'removes the entry from the pipeline, then has nothing to do' {
        Get-EksAccessEntry -Cluster test -Principal $script:Other.Arn | Remove-EksAccessEntry -Confirm:$false
        Get-SandboxEntry $script:Other.Arn | Should -BeNullOrEmpty
        Invoke-AsRole $script:Other.Arn '/api/v1/namespaces/team-a/configmaps' | Should -BeIn 401, 403

        Clear-SandboxRequestLog
        Remove-EksAccessEntry -Cluster test -Principal $script:Other.Arn -Confirm:$false -ErrorAction Stop
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }
}
