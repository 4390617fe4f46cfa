#Requires -Version 7.0
<#
    Get-EksNode, Test-EksClusterAccess and Grant-EksNamespaceAccess against the sandbox (Pester 5).
    'test' is made by New-EksCluster (API_AND_CONFIG_MAP, the sandbox admin is its creator); 'legacy' by the AWS CLI
    (CONFIG_MAP, as eksctl's defaults leave it). The principals are IAM roles made with the AWS CLI that may only
    describe clusters; the tests act as them with Use-EksSsoContext -RoleArn and call the Kubernetes API as them.
    Kubernetes calls are in the sandbox's request log too (service 'Kubernetes', operation 'METHOD /path', Mutating for
    an attempted write); the tests here read them from the module's verbose lines (one per call), and resourceVersions
    tell whether an object was written.
#>
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxCluster.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Admin = (Get-EksSsoCallerIdentity).Arn
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:Admin }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
    # What `aws eks update-kubeconfig` needs, and nothing else: Kubernetes rights come from the cluster only.
    $describe = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:DescribeCluster","Resource":"*"}]}'
    function New-DescribeOnlyRole([string] $Name, [string] $Path = '/') {
        $role = (Invoke-Aws iam create-role --role-name $Name --path $Path --assume-role-policy-document $trust).Role
        $null = Invoke-Aws iam put-role-policy --role-name $Name --policy-name describe-clusters --policy-document $describe
        $role
    }
    $script:Viewer = New-DescribeOnlyRole -Name NamespaceViewer -Path /team/
    $script:LegacyViewer = New-DescribeOnlyRole -Name LegacyViewer -Path /team/

    $script:Cluster = New-EksCluster -Name test -NodeCount 2
    $script:Legacy = (New-SandboxEksCluster -Name legacy).Cluster

    $script:Endpoints = @{ test = $script:Cluster.Endpoint; legacy = $script:Legacy.Endpoint }
    function Invoke-Kube {
        <# The Kubernetes API of a cluster as the admin or (RoleArn) a role: Status (200 for any success) and parsed Body. #>
        param([string] $Cluster, [string] $Path, [string] $RoleArn, [string] $Method = 'GET', [object] $Body)
        $reply = Invoke-SandboxKube -ClusterName $Cluster -Endpoint $script:Endpoints[$Cluster] -Path $Path -Method $Method -Body $Body -RoleArn $RoleArn
        if ($reply -is [int]) { [pscustomobject]@{ Status = $reply; Body = $null } } else { [pscustomobject]@{ Status = 200; Body = $reply } }
    }

    function Invoke-Observed([scriptblock] $Command) {
        <# Runs a command with -Verbose on: its output, its errors, and the Kubernetes calls it made ("VERB /path"). #>
        $lines = & { $VerbosePreference = 'Continue'; $ErrorActionPreference = 'Continue'; & $Command } 2>&1 4>&1
        $verbose = @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        [pscustomobject]@{
            Output     = @($lines | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors     = @($lines | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            KubeCalls  = @($verbose | Where-Object { $_ -match '^AWS Kubernetes (\S+ \S+)' } | ForEach-Object { $Matches[1] })
            # A review (SelfSubject*Review) is a POST that changes nothing.
            KubeWrites = @($verbose | Where-Object { $_ -match '^AWS Kubernetes ((POST|PUT|PATCH|DELETE) \S+)' -and $_ -notmatch 'reviews ' } | ForEach-Object { $Matches[1] })
        }
    }

}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Before any mapping' {
    It 'Test-EksClusterAccess says the role is not authenticated, with a reason, and writes no error' {
        $access = Use-EksSsoContext -RoleArn $script:Viewer.Arn { Test-EksClusterAccess -Cluster test -ErrorAction Stop }
        $access | Should -BeOfType ([EksSso.EksClusterAccess])
        $access.Authenticated | Should -BeFalse
        $access.Reason | Should -BeLike '*401*'
        $access.CanListNodes | Should -BeFalse
        $access.UserName | Should -BeNullOrEmpty
        $access.AuthenticationMode | Should -Be 'API_AND_CONFIG_MAP'
        ($access | Format-List | Out-String) | Should -BeLike '*Reason*401*'
    }

    It 'Get-EksNode fails with KubernetesUnauthorized for the role, and the error holds no bearer token' {
        { Use-EksSsoContext -RoleArn $script:Viewer.Arn { Get-EksNode -Cluster test -ErrorAction Stop } } |
            Should -Throw -ErrorId 'KubernetesUnauthorized,EksSso.Commands.Kubernetes.GetEksNodeCommand'
        $failure = $Error[0]
        $failure.FullyQualifiedErrorId | Should -BeLike 'KubernetesUnauthorized,*'
        # The request that failed carried the token; nothing of it may reach $Error, Get-Error or a serialised record.
        $failure.Exception.InnerException | Should -BeNullOrEmpty
        $shown = ($failure | Get-Error | Out-String) + ($failure | Format-List * -Force | Out-String) + [System.Management.Automation.PSSerializer]::Serialize($failure, 5)
        $shown | Should -Not -Match 'k8s-aws-v1\.'
        $shown | Should -Not -Match 'Bearer '
    }

    It 'Test-EksClusterAccess shows the creator as who it is, able to list nodes and read aws-auth' {
        $access = Test-EksClusterAccess -Cluster $script:Cluster
        $access.Authenticated | Should -BeTrue
        $access.Reason | Should -BeNullOrEmpty
        $access.CanListNodes | Should -BeTrue
        $access.CanReadAwsAuth | Should -BeTrue
        $access.CanListNamespaces | Should -BeTrue
        $access.Arn | Should -Be $script:Admin
        $access.Extra['arn'] | Should -Be $script:Admin
        $access.Extra['accessKeyId'] | Should -Match '^.{4}….{4}$' -Because 'the key id is masked'
        $access.Groups | Should -Contain 'system:authenticated'
        $access.Uid | Should -BeLike "aws-iam-authenticator:$($script:Mgmt):*"
        $access.UserName | Should -Not -BeNullOrEmpty
        $access.Namespaces | Should -Contain 'default'
        $access.Namespaces | Should -Contain 'kube-system'
        $access.Endpoint | Should -Be $script:Cluster.Endpoint
    }

    It 'refuses bad input before any call: <Case>' -TestCases @(
        @{ Case = 'Get-EksNode bad cluster name'; Command = { Get-EksNode -Cluster '-x' -ErrorAction Stop }; Id = 'InvalidClusterName,EksSso.Commands.Kubernetes.GetEksNodeCommand' }
        @{ Case = 'Test-EksClusterAccess bad namespace'; Command = { Test-EksClusterAccess -Cluster test -Namespace 'Bad_NS' -ErrorAction Stop }; Id = 'InvalidNamespace,EksSso.Commands.Kubernetes.TestEksClusterAccessCommand' }
    ) {
        Clear-SandboxRequestLog
        $Command | Should -Throw -ErrorId $Id
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }
}

Describe 'Get-EksNode' {
    BeforeAll {
        $script:Nodes = @(Get-EksNode -Cluster $script:Cluster)
    }

    It 'returns the nodegroup''s nodes with their fields' {
        $script:Nodes.Count | Should -Be 2
        foreach ($node in $script:Nodes) {
            $node | Should -BeOfType ([EksSso.EksNode])
            $node.ClusterName | Should -Be 'test'
            $node.Status | Should -Be 'Ready'
            $node.InstanceType | Should -Be $script:Cluster.Nodegroups[0].InstanceTypes[0]
            $node.Nodegroup | Should -Be $script:Cluster.Nodegroups[0].Name
            $node.KubeletVersion | Should -Match "^v$([regex]::Escape($script:Cluster.Version))\.\d+"
            $node.InternalIP | Should -Match '^\d+\.\d+\.\d+\.\d+$'
            $node.CreationTimestamp | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow)
            $node.Age | Should -BeGreaterOrEqual ([TimeSpan]::Zero)
            $node.AgeText | Should -Match '^\d+[smhdy]'
            $node.Roles | Should -BeNullOrEmpty
        }
    }

    It 'agrees with kubectl get nodes -o json' -Skip:(-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        $token = Get-EksToken -ClusterName test
        $empty = Join-Path $TestDrive 'empty-kubeconfig'
        Set-Content -Path $empty -Value ''
        $json = & kubectl --kubeconfig $empty --server $script:Cluster.Endpoint --token $token.Token --insecure-skip-tls-verify --request-timeout 20s get nodes -o json
        $LASTEXITCODE | Should -Be 0
        $items = ($json | Out-String | ConvertFrom-Json -AsHashtable).items
        @($items.metadata.name | Sort-Object) | Should -Be @($script:Nodes.Name | Sort-Object)
        foreach ($item in $items) {
            $node = $script:Nodes | Where-Object Name -EQ $item.metadata.name
            $ready = $item.status.conditions | Where-Object { $_.type -eq 'Ready' }
            $node.Status | Should -Be $(if ($ready.status -eq 'True') { 'Ready' } else { 'NotReady' })
            $node.InstanceType | Should -Be $item.metadata.labels['node.kubernetes.io/instance-type']
            $node.Nodegroup | Should -Be $item.metadata.labels['eks.amazonaws.com/nodegroup']
            $node.KubeletVersion | Should -Be $item.status.nodeInfo.kubeletVersion
            $node.InternalIP | Should -Be ($item.status.addresses | Where-Object { $_.type -eq 'InternalIP' }).address
            $node.CreationTimestamp | Should -Be ([DateTimeOffset]$item.metadata.creationTimestamp)
        }
    }

    It 'shows a table like kubectl get nodes' {
        $text = $script:Nodes | Out-String -Width 250
        $text | Should -Match 'Name\s+Status\s+Roles\s+Age\s+Version\s+InstanceType\s+Nodegroup\s+InternalIP'
        $text | Should -Match "$([regex]::Escape($script:Nodes[0].Name))\s+Ready\s+<none>\s+\S+\s+v\d"
    }
}

Describe 'Grant-EksNamespaceAccess on an API_AND_CONFIG_MAP cluster' {
    It 'refuses bad input before any call: <Case>' -TestCases @(
        @{ Case = 'namespace name'; Parameters = @{ Namespace = 'Bad_Name' }; Id = 'InvalidNamespace' }
        @{ Case = 'policy'; Parameters = @{ AccessPolicy = 'Admin' }; Id = 'UnknownAccessPolicy' }
        @{ Case = 'principal'; Parameters = @{ Principal = 'arn:aws:s3:::bucket' }; Id = 'InvalidPrincipal' }
        @{ Case = 'cluster name'; Parameters = @{ Cluster = '-x' }; Id = 'InvalidClusterName' }
    ) {
        $p = @{ Cluster = 'test'; Principal = $script:Viewer.Arn; Namespace = 'team-a'; AccessPolicy = 'View' }
        foreach ($key in $Parameters.Keys) { $p[$key] = $Parameters[$key] }
        Clear-SandboxRequestLog
        { Grant-EksNamespaceAccess @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,EksSso.Commands.Kubernetes.GrantEksNamespaceAccessCommand"
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }

    It 'with -WhatIf makes no mutating call and creates nothing' {
        Clear-SandboxRequestLog
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster test -Principal $script:Viewer -Namespace team-a -AccessPolicy View -CreateNamespace -WhatIf }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
        $run.KubeWrites | Should -BeNullOrEmpty
        $run.KubeCalls | Should -Contain 'GET /api/v1/namespaces/team-a'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        (Invoke-Kube -Cluster test -Path '/api/v1/namespaces/team-a').Status | Should -Be 404
        { Get-EksAccessEntry -Cluster test -Principal $script:Viewer -ErrorAction Stop } | Should -Throw -ErrorId 'AccessEntryNotFound,*'
    }

    It 'grants View in the namespace through a namespace-scoped access entry (namespace created)' {
        $grant = $script:Cluster | Grant-EksNamespaceAccess -Principal $script:Viewer -Namespace team-a -AccessPolicy view -CreateNamespace
        $grant | Should -BeOfType ([EksSso.EksNamespaceAccess])
        $grant.ClusterName | Should -Be 'test'
        $grant.PrincipalArn | Should -Be $script:Viewer.Arn
        $grant.Namespace | Should -Be 'team-a'
        $grant.AccessPolicy | Should -Be 'View'
        $grant.Mechanism | Should -Be 'AccessEntry'
        $grant.KubernetesGroup | Should -BeNullOrEmpty
        $grant.AccessPolicyArn | Should -Be 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy'
        $grant.Changes | Should -Contain 'Create namespace team-a'
        $grant.Changes.Count | Should -Be 3

        $entry = Get-EksAccessEntry -Cluster test -Principal $script:Viewer
        $entry.AccessPolicies.PolicyName | Should -Be 'AmazonEKSViewPolicy'
        $entry.AccessPolicies.ScopeType | Should -Be 'namespace'
        $entry.AccessPolicies.Namespaces | Should -Be 'team-a'
        (Invoke-Kube -Cluster test -Path '/api/v1/namespaces/team-a').Status | Should -Be 200
    }

    It 'lets the role list configmaps in the namespace and forbids it nodes' {
        (Invoke-Kube -Cluster test -RoleArn $script:Viewer.Arn -Path '/api/v1/namespaces/team-a/configmaps').Status | Should -Be 200
        (Invoke-Kube -Cluster test -RoleArn $script:Viewer.Arn -Path '/api/v1/nodes').Status | Should -Be 403
        (Invoke-Kube -Cluster test -RoleArn $script:Viewer.Arn -Path '/api/v1/namespaces/default/configmaps').Status | Should -Be 403
        { Use-EksSsoContext -RoleArn $script:Viewer.Arn { Get-EksNode -Cluster test -ErrorAction Stop } } |
            Should -Throw -ErrorId 'KubernetesForbidden,EksSso.Commands.Kubernetes.GetEksNodeCommand'
    }

    It 'Test-EksClusterAccess shows the role authenticated, without nodes, with the namespace' {
        $access = Use-EksSsoContext -RoleArn $script:Viewer.Arn -SessionName carol { Test-EksClusterAccess -Cluster test -Namespace team-a, default, kube-system }
        $access.Authenticated | Should -BeTrue
        $access.CanListNodes | Should -BeFalse
        $access.CanReadAwsAuth | Should -BeFalse
        $access.CanListNamespaces | Should -BeFalse
        $access.Namespaces | Should -Be 'team-a'
        $access.SessionName | Should -Be 'carol'
        $access.Arn | Should -Be "arn:aws:sts::$($script:Mgmt):assumed-role/NamespaceViewer/carol"
        $access.Extra['canonicalArn'] | Should -Be "arn:aws:iam::$($script:Mgmt):role/NamespaceViewer"

        $none = Use-EksSsoContext -RoleArn $script:Viewer.Arn { Test-EksClusterAccess -Cluster test }
        $none.Namespaces | Should -BeNullOrEmpty -Because 'without -Namespace only listable namespaces are checked, and the role cannot list them'
    }

    It 'makes no mutating call the second time and returns an equal object' {
        $first = Grant-EksNamespaceAccess -Cluster test -Principal $script:Viewer -Namespace team-a -AccessPolicy View
        Clear-SandboxRequestLog
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster test -Principal $script:Viewer.Arn -Namespace team-a -AccessPolicy View -CreateNamespace }
        $run.Errors | Should -BeNullOrEmpty
        $run.KubeWrites | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $run.Output[0].Changes | Should -BeNullOrEmpty
        ($run.Output[0] | ConvertTo-Json -Depth 5) | Should -Be ($first | ConvertTo-Json -Depth 5)
    }

    It 'adds a second namespace to the policy''s scope, keeping the first' {
        $null = Invoke-Kube -Cluster test -Path '/api/v1/namespaces' -Method POST -Body @{ apiVersion = 'v1'; kind = 'Namespace'; metadata = @{ name = 'team-b' } }
        Clear-SandboxRequestLog
        $grant = Grant-EksNamespaceAccess -Cluster test -Principal $script:Viewer -Namespace team-b -AccessPolicy View
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be 'AssociateAccessPolicy'
        $grant.Changes.Count | Should -Be 1
        (Get-EksAccessEntry -Cluster test -Principal $script:Viewer).AccessPolicies.Namespaces | Should -Be team-a, team-b
        (Invoke-Kube -Cluster test -RoleArn $script:Viewer.Arn -Path '/api/v1/namespaces/team-b/configmaps').Status | Should -Be 200
        (Invoke-Kube -Cluster test -RoleArn $script:Viewer.Arn -Path '/api/v1/namespaces/team-a/configmaps').Status | Should -Be 200
    }
}

Describe 'Grant-EksNamespaceAccess on a CONFIG_MAP cluster' {
    BeforeAll {
        $script:BindingPath = '/apis/rbac.authorization.k8s.io/v1/namespaces/apps/rolebindings/eksso:view'
        $script:LegacyRoleArn = "arn:aws:iam::$($script:Mgmt):role/LegacyViewer"   # aws-auth: the role without its path
    }

    It 'refuses a missing namespace (NamespaceNotFound) without writing' {
        Clear-SandboxRequestLog
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster legacy -Principal $script:LegacyViewer -Namespace apps -AccessPolicy View }
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'NamespaceNotFound,EksSso.Commands.Kubernetes.GrantEksNamespaceAccessCommand'
        $run.KubeWrites | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It 'with -WhatIf creates neither the namespace nor the RoleBinding' {
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster legacy -Principal $script:LegacyViewer -Namespace apps -AccessPolicy View -CreateNamespace -WhatIf }
        $run.KubeWrites | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        (Invoke-Kube -Cluster legacy -Path '/api/v1/namespaces/apps').Status | Should -Be 404
        (Invoke-Kube -Cluster legacy -RoleArn $script:LegacyViewer.Arn -Path '/api/v1/namespaces/apps/configmaps').Status | Should -Be 401 -Because 'aws-auth does not map the role yet'
        $unknown = Use-EksSsoContext -RoleArn $script:LegacyViewer.Arn { Test-EksClusterAccess -Cluster legacy }
        $unknown.Authenticated | Should -BeFalse
        $unknown.Reason | Should -Match 'aws-auth maps it to no user \(authentication mode CONFIG_MAP' -Because 'a CONFIG_MAP cluster reads no access entries'
    }

    It 'creates the namespace, a RoleBinding of group eksso:apps:view to ClusterRole view, and the aws-auth mapping' {
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster legacy -Principal $script:LegacyViewer -Namespace apps -AccessPolicy View -CreateNamespace }
        $run.Errors | Should -BeNullOrEmpty
        $run.KubeWrites | Should -Contain 'POST /api/v1/namespaces'
        $run.KubeWrites | Should -Contain 'POST /apis/rbac.authorization.k8s.io/v1/namespaces/apps/rolebindings'
        $run.Output[0].Mechanism | Should -Be 'AwsAuth'
        $run.Output[0].KubernetesGroup | Should -Be 'eksso:apps:view'
        $run.Output[0].RoleBinding | Should -Be 'apps/eksso:view'
        $run.Output[0].Changes | Should -Contain "Map $($script:LegacyRoleArn) to group eksso:apps:view in aws-auth"
        # aws-auth names the role without its path; the node role's mapping is still there.
        $mappings = Get-EksIdentityMapping -Cluster legacy
        ($mappings | Where-Object Arn -EQ $script:LegacyRoleArn).Groups | Should -Be 'eksso:apps:view'
        @($mappings | Where-Object { $_.Groups -contains 'system:nodes' }).Count | Should -Be 1

        $binding = (Invoke-Kube -Cluster legacy -Path $script:BindingPath).Body
        $binding.roleRef.kind | Should -Be 'ClusterRole'
        $binding.roleRef.name | Should -Be 'view'
        $binding.roleRef.apiGroup | Should -Be 'rbac.authorization.k8s.io'
        @($binding.subjects).Count | Should -Be 1
        $binding.subjects[0].kind | Should -Be 'Group'
        $binding.subjects[0].name | Should -Be 'eksso:apps:view'
        $binding.metadata.labels.'app.kubernetes.io/managed-by' | Should -Be 'EksSso'
    }

    It 'gives a role mapped to that group in aws-auth configmaps in the namespace and 403 on nodes' {
        (Invoke-Kube -Cluster legacy -RoleArn $script:LegacyViewer.Arn -Path '/api/v1/namespaces/apps/configmaps').Status | Should -Be 200
        (Invoke-Kube -Cluster legacy -RoleArn $script:LegacyViewer.Arn -Path '/api/v1/namespaces/apps/secrets').Status | Should -Be 403 -Because 'view reads no Secrets'
        (Invoke-Kube -Cluster legacy -RoleArn $script:LegacyViewer.Arn -Path '/api/v1/nodes').Status | Should -Be 403
        (Invoke-Kube -Cluster legacy -RoleArn $script:LegacyViewer.Arn -Path '/api/v1/namespaces/default/configmaps').Status | Should -Be 403

        $access = Use-EksSsoContext -RoleArn $script:LegacyViewer.Arn { Test-EksClusterAccess -Cluster legacy -Namespace apps, default }
        $access.AuthenticationMode | Should -Be 'CONFIG_MAP'
        $access.Authenticated | Should -BeTrue
        $access.UserName | Should -Be "arn:aws:sts::$($script:Mgmt):assumed-role/LegacyViewer/$($access.Extra.sessionName)" -Because 'the default user name of a role mapping is its session ARN'
        $access.Groups | Should -Contain 'eksso:apps:view'
        $access.CanListNodes | Should -BeFalse
        $access.Namespaces | Should -Be 'apps'
    }

    It 'writes nothing to the namespace or the RoleBinding on a re-run' {
        $before = (Invoke-Kube -Cluster legacy -Path $script:BindingPath).Body.metadata.resourceVersion
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster legacy -Principal $script:LegacyViewer -Namespace apps -AccessPolicy View -CreateNamespace }
        $run.Errors | Should -BeNullOrEmpty
        $run.KubeWrites | Should -BeNullOrEmpty -Because 'namespace, RoleBinding and aws-auth are already as asked'
        (Invoke-Kube -Cluster legacy -Path $script:BindingPath).Body.metadata.resourceVersion | Should -Be $before
    }

    It 'keeps other subjects of the RoleBinding and adds the group back when it was removed' {
        $binding = (Invoke-Kube -Cluster legacy -Path $script:BindingPath).Body
        $binding.subjects = @(@{ kind = 'User'; name = 'alice'; apiGroup = 'rbac.authorization.k8s.io' })
        (Invoke-Kube -Cluster legacy -Path $script:BindingPath -Method PUT -Body $binding).Status | Should -Be 200
        $run = Invoke-Observed { Grant-EksNamespaceAccess -Cluster legacy -Principal $script:LegacyViewer -Namespace apps -AccessPolicy View }
        $run.KubeWrites | Should -Contain 'PUT /apis/rbac.authorization.k8s.io/v1/namespaces/apps/rolebindings/eksso:view'
        $after = (Invoke-Kube -Cluster legacy -Path $script:BindingPath).Body
        @($after.subjects.name | Sort-Object) | Should -Be alice, eksso:apps:view
    }
}
