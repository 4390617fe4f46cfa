#Requires -Version 7.0
<#
    Convert-EksIdentityMapping against the sandbox (Pester 5). The cluster is a CONFIG_MAP cluster made with the real
    AWS CLI (New-SandboxEksCluster): its managed nodegroup made EKS write the node role's aws-auth entry. The sandbox
    admin (the cluster creator) adds, with Add-EksIdentityMapping: a role with a path in system:masters, a role in the
    custom group team-a-readers (bound to the ClusterRole view in namespace default), a self-managed node role, an IAM
    user, and a role only in system:bootstrappers, which has no access entry equivalent. Kubernetes requests are in
    the sandbox request log too (service Kubernetes), so "no mutating call" covers aws-auth as well.
#>
BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxCluster.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Account = $script:Sandbox.ManagementAccountId
    $script:Admin = (Get-EksSsoCallerIdentity).Arn
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:Admin }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
    $ec2Trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $script:Masters = (Invoke-Aws iam create-role --role-name MigrationAdmin --path /team/ops/ --assume-role-policy-document $trust).Role
    $script:Reader = (Invoke-Aws iam create-role --role-name TeamAReader --assume-role-policy-document $trust).Role
    $script:Bootstrapper = (Invoke-Aws iam create-role --role-name Bootstrapper --assume-role-policy-document $trust).Role
    $script:SelfNodes = (Invoke-Aws iam create-role --role-name SelfManagedNodes --assume-role-policy-document $ec2Trust).Role
    $script:User = (Invoke-Aws iam create-user --user-name alice).User
    $script:Made = New-SandboxEksCluster -Name mig
    $script:Endpoint = $script:Made.Cluster.endpoint
    $script:NodeRoleArn = $script:Made.NodeRoleArn
    $script:AwsAuthPath = '/api/v1/namespaces/kube-system/configmaps/aws-auth'
    $script:AdminPolicy = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'
    $script:Cmd = 'EksSso.Commands.IdentityMapping.ConvertEksIdentityMappingCommand'

    function Invoke-Kube([string] $Method = 'GET', [string] $Path = $script:AwsAuthPath, $Body, [string] $RoleArn) {
        Invoke-SandboxKube -ClusterName mig -Endpoint $script:Endpoint -Method $Method -Path $Path -Body $Body -RoleArn $RoleArn
    }

    function Get-Mode { (Get-EksCluster -Name mig).AuthenticationMode }

    function Get-Step($Steps, [string] $Arn) { @($Steps | Where-Object Arn -EQ $Arn) }

    $script:MastersArn = "arn:aws:iam::$($script:Account):role/MigrationAdmin"
    $null = Add-EksIdentityMapping -Cluster mig -Role $script:Masters.Arn -UserName 'admin:{{SessionName}}' -Group system:masters -WarningAction SilentlyContinue
    $null = Add-EksIdentityMapping -Cluster mig -Role $script:Reader.Arn -UserName 'reader-{{AccountID}}' -Group team-a-readers
    $null = Add-EksIdentityMapping -Cluster mig -Role $script:SelfNodes.Arn -UserName 'system:node:{{EC2PrivateDNSName}}' -Group system:bootstrappers, system:nodes
    $null = Add-EksIdentityMapping -Cluster mig -UserArn $script:User.Arn -UserName alice -Group team-a-readers
    $null = Add-EksIdentityMapping -Cluster mig -Role $script:Bootstrapper.Arn -UserName bootstrapper -Group system:bootstrappers
    $script:GoneArn = "arn:aws:iam::$($script:Account):role/DeletedLongAgo"
    $null = Add-EksIdentityMapping -Cluster mig -Role $script:GoneArn -Group team-a-readers
    $binding = @{
        apiVersion = 'rbac.authorization.k8s.io/v1'; kind = 'RoleBinding'
        metadata   = @{ name = 'team-a-readers'; namespace = 'default' }
        roleRef    = @{ apiGroup = 'rbac.authorization.k8s.io'; kind = 'ClusterRole'; name = 'view' }
        subjects   = @(@{ apiGroup = 'rbac.authorization.k8s.io'; kind = 'Group'; name = 'team-a-readers' })
    }
    $null = Invoke-Kube -Method POST -Path /apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings -Body $binding
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Convert-EksIdentityMapping' {
    It 'starts from a CONFIG_MAP cluster whose aws-auth admits each identity' {
        Get-Mode | Should -Be 'CONFIG_MAP'
        @(Get-EksIdentityMapping -Cluster mig).Count | Should -Be 7
        (Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Masters.Arn).kind | Should -Be 'NodeList'
        (Invoke-Kube -Path /api/v1/namespaces/default/configmaps -RoleArn $script:Reader.Arn).kind | Should -Be 'ConfigMapList'
        Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Reader.Arn | Should -Be 403
        Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Bootstrapper.Arn | Should -Be 403 -Because 'aws-auth authenticates it; system:bootstrappers may not list nodes'
    }

    It 'refuses bad input before any call: <Case>' -TestCases @(
        @{ Case = 'bad cluster name'; Parameters = @{ Cluster = '-x' }; Id = 'InvalidClusterName' }
        @{ Case = 'unknown target mode'; Parameters = @{ Cluster = 'mig'; TargetAuthenticationMode = 'CONFIG_MAP' }; Id = 'ParameterArgumentValidationError' }
    ) {
        Clear-SandboxRequestLog
        { Convert-EksIdentityMapping @Parameters -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$($script:Cmd)"
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }

    It 'refuses a malformed aws-auth (AwsAuthMalformed) before any change' {
        $map = Invoke-Kube
        $good = $map.data.mapRoles
        $map.data.mapRoles = $good + "- rolearn: [unclosed`n"
        $null = Invoke-Kube -Method PUT -Body $map
        try {
            Clear-SandboxRequestLog
            { Convert-EksIdentityMapping -Cluster mig -ErrorAction Stop } | Should -Throw -ErrorId "AwsAuthMalformed,$script:Cmd"
            @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
            Get-Mode | Should -Be 'CONFIG_MAP'
        }
        finally {
            $map = Invoke-Kube
            $map.data.mapRoles = $good
            $null = Invoke-Kube -Method PUT -Body $map
        }
    }

    It 'with -WhatIf shows the mode switch and the entries, and makes no mutating call' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Convert-EksIdentityMapping -Cluster mig -WhatIf }
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-Mode | Should -Be 'CONFIG_MAP'
        $run.Text | Should -BeLike '*from CONFIG_MAP to API_AND_CONFIG_MAP*'
        $run.Text | Should -BeLike "*Create the access entry of $($script:Masters.Arn) on cluster mig (type STANDARD; user name admin:{{SessionName}})*Associate $($script:AdminPolicy) with scope the cluster*"
        $run.Text | Should -BeLike "*Create the access entry of $($script:SelfNodes.Arn) on cluster mig (type EC2_LINUX)*"
        $run.Text | Should -BeLike "*Create the access entry of $($script:User.Arn) on cluster mig (type STANDARD; groups team-a-readers; user name alice)*"
        @($run.Output).Action | Should -Be 'Skipped', 'Skipped' -Because 'only what exists or cannot migrate is written under -WhatIf'
        @($run.Output).Arn | Should -Be "arn:aws:iam::$($script:Account):role/Bootstrapper", $script:GoneArn
    }

    It 'switches to API_AND_CONFIG_MAP and creates the access entries' {
        Clear-SandboxRequestLog
        $script:First = @(Convert-EksIdentityMapping -Cluster mig -WarningVariable warnings -WarningAction SilentlyContinue)
        Get-Mode | Should -Be 'API_AND_CONFIG_MAP'
        $script:First.Count | Should -Be 7
        $script:First | Should -BeOfType ([EksSso.EksIdentityMappingMigration])

        $masters = Get-Step $script:First $script:MastersArn
        $masters.Action | Should -Be 'Created'
        $masters.PrincipalArn | Should -Be $script:Masters.Arn -Because 'the entry names the role with its path, looked up through IAM'
        $masters.EntryType | Should -Be 'STANDARD'
        $masters.AccessPolicy | Should -Be 'AmazonEKSClusterAdminPolicy'
        $masters.UserName | Should -Be 'admin:{{SessionName}}'
        $masters.KubernetesGroups | Should -BeNullOrEmpty

        $reader = Get-Step $script:First $script:Reader.Arn
        $reader.Action | Should -Be 'Created'
        $reader.KubernetesGroups | Should -Be 'team-a-readers'
        $reader.UserName | Should -Be "arn:aws:sts::$($script:Account):assumed-role/TeamAReader/{{SessionName}}"
        $reader.Reason | Should -BeLike '*reader-{{AccountID}} not copied*'

        $self = Get-Step $script:First $script:SelfNodes.Arn
        ($self.Action, $self.EntryType) | Should -Be 'Created', 'EC2_LINUX'
        $self.KubernetesGroups | Should -Be 'system:nodes'

        $managed = Get-Step $script:First $script:NodeRoleArn
        ($managed.Action, $managed.EntryType) | Should -Be 'Exists', 'EC2_LINUX' -Because 'EKS made the managed node role its entry when access entries were turned on'

        $user = Get-Step $script:First $script:User.Arn
        ($user.Kind, $user.Action, $user.EntryType, $user.UserName) | Should -Be 'User', 'Created', 'STANDARD', 'alice'
        $user.KubernetesGroups | Should -Be 'team-a-readers'

        $boot = Get-Step $script:First "arn:aws:iam::$($script:Account):role/Bootstrapper"
        $boot.Action | Should -Be 'Skipped'
        $boot.Reason | Should -BeLike '*system:bootstrappers*'
        $gone = Get-Step $script:First $script:GoneArn
        ($gone.Action, $gone.EntryType) | Should -Be 'Skipped', $null
        $gone.Reason | Should -BeLike '*DeletedLongAgo does not exist in IAM*Remove-EksIdentityMapping*'
        "$warnings" | Should -BeLike '*2 aws-auth entries have no access entry*Bootstrapper*DeletedLongAgo*'

        $mutating = @(Get-SandboxRequestLog -Mutating)
        @($mutating | Where-Object Service -EQ 'Kubernetes') | Should -BeNullOrEmpty -Because 'aws-auth is read, never written'
        @($mutating | Where-Object Operation -EQ 'UpdateClusterConfig').Count | Should -Be 1
        @($mutating | Where-Object Operation -EQ 'CreateAccessEntry').Count | Should -Be 4
        @($mutating | Where-Object Operation -EQ 'AssociateAccessPolicy').Count | Should -Be 1
    }

    It 'made the access entries Get-EksAccessEntry shows' {
        $admin = Get-EksAccessEntry -Cluster mig -Principal $script:Masters.Arn
        $admin.PrincipalArn | Should -Be $script:Masters.Arn
        $admin.AccessPolicies.PolicyArn | Should -Be $script:AdminPolicy
        $admin.AccessPolicies.ScopeType | Should -Be 'cluster'
        (Get-EksAccessEntry -Cluster mig -Principal $script:SelfNodes.Arn).Type | Should -Be 'EC2_LINUX'
        (Get-EksAccessEntry -Cluster mig -Principal $script:NodeRoleArn).Type | Should -Be 'EC2_LINUX'
        (Get-EksAccessEntry -Cluster mig -Principal $script:Reader.Arn).KubernetesGroups | Should -Be 'team-a-readers'
        (Get-EksAccessEntry -Cluster mig -Principal $script:User.Arn).UserName | Should -Be 'alice'
        { Get-EksAccessEntry -Cluster mig -Principal $script:Bootstrapper.Arn -ErrorAction Stop } | Should -Throw -ErrorId 'AccessEntryNotFound,*'
    }

    It 'makes no mutating call the second time: every entry Exists or Skipped, the same each run' {
        Clear-SandboxRequestLog
        $second = @(Convert-EksIdentityMapping -Cluster mig -WarningAction SilentlyContinue)
        $third = @(Convert-EksIdentityMapping -Cluster mig -WarningAction SilentlyContinue)
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        ($second.Action | Sort-Object -Unique) | Should -Be 'Exists', 'Skipped'
        @($second | Where-Object Action -EQ 'Skipped').Arn | Should -Be "arn:aws:iam::$($script:Account):role/Bootstrapper", $script:GoneArn
        ($third | ConvertTo-Json -Depth 5) | Should -Be ($second | ConvertTo-Json -Depth 5)
        foreach ($created in $script:First | Where-Object Action -EQ 'Created') {
            $again = Get-Step $second $created.Arn
            ($again.PrincipalArn, $again.EntryType, ($again.KubernetesGroups -join ','), $again.UserName, $again.AccessPolicy) |
                Should -Be ($created.PrincipalArn, $created.EntryType, ($created.KubernetesGroups -join ','), $created.UserName, $created.AccessPolicy)
        }
    }

    It 'refuses API mode while an entry cannot migrate (IdentityMappingsNotMigrated), and makes no mutating call' {
        Clear-SandboxRequestLog
        $out = Convert-EksIdentityMapping -Cluster mig -TargetAuthenticationMode API -ErrorVariable failed -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 7
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be "IdentityMappingsNotMigrated,$script:Cmd"
        "$($failed[0])" | Should -BeLike "*2 of its entries have no access entry: Role arn:aws:iam::$($script:Account):role/Bootstrapper: *system:bootstrappers* | Role $($script:GoneArn): *does not exist*-Force*"
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-Mode | Should -Be 'API_AND_CONFIG_MAP'
        { Convert-EksIdentityMapping -Cluster mig -TargetAuthenticationMode API -ErrorAction Stop } | Should -Throw -ErrorId "IdentityMappingsNotMigrated,$script:Cmd"
    }

    It 'with -WhatIf -Force shows the switch to API and changes nothing' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Convert-EksIdentityMapping -Cluster mig -TargetAuthenticationMode API -Force -WhatIf }
        $run.Text | Should -BeLike '*from API_AND_CONFIG_MAP to API: aws-auth is no longer read, and 2 of its entries*'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-Mode | Should -Be 'API_AND_CONFIG_MAP'
    }

    It 'switches to API with -Force: access entries admit, aws-auth alone no longer does' {
        Clear-SandboxRequestLog
        $out = @(Convert-EksIdentityMapping -Cluster mig -TargetAuthenticationMode API -Force -WarningVariable warnings -WarningAction SilentlyContinue)
        Get-Mode | Should -Be 'API'
        $out.Count | Should -Be 7
        "$warnings" | Should -BeLike '*now in authentication mode API*aws-auth is no longer read*'
        @(Get-SandboxRequestLog -Mutating).Operation | Should -Be 'UpdateClusterConfig'

        $nodes = Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Masters.Arn
        $nodes.kind | Should -Be 'NodeList'
        @($nodes.items).Count | Should -Be 2
        (Invoke-Kube -Path /api/v1/namespaces/default/configmaps -RoleArn $script:Reader.Arn).kind | Should -Be 'ConfigMapList'
        Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Reader.Arn | Should -Be 403
        Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Bootstrapper.Arn | Should -Be 401 -Because 'only aws-auth mapped it, and API mode does not read aws-auth'
        (Invoke-Kube).data.mapRoles | Should -BeLike '*Bootstrapper*' -Because 'aws-auth is left in place'
    }

    It 'makes no mutating call once the cluster is in API mode' {
        Clear-SandboxRequestLog
        $again = @(Convert-EksIdentityMapping -Cluster mig -TargetAuthenticationMode API -WarningAction SilentlyContinue)
        $default = @(Convert-EksIdentityMapping -Cluster mig -WarningAction SilentlyContinue)
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $again.Count | Should -Be 7
        ($default | ConvertTo-Json -Depth 5) | Should -Be ($again | ConvertTo-Json -Depth 5)
        Get-Mode | Should -Be 'API'
    }
}

Describe 'Convert-EksIdentityMapping to API on a cluster where every entry migrates' {
    BeforeAll {
        $script:Made2 = New-SandboxEksCluster -Name mig2
        $null = Add-EksIdentityMapping -Cluster mig2 -Role $script:Masters.Arn -Group system:masters -WarningAction SilentlyContinue
        function Get-Mode2 { (Get-EksCluster -Name mig2).AuthenticationMode }
    }

    It 'with -WhatIf shows both switches, CONFIG_MAP to API_AND_CONFIG_MAP to API, and changes nothing' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Convert-EksIdentityMapping -Cluster mig2 -TargetAuthenticationMode API -WhatIf }
        $run.Text | Should -BeLike '*from CONFIG_MAP to API_AND_CONFIG_MAP*from API_AND_CONFIG_MAP to API: aws-auth is no longer read; EKS cannot switch back*'
        $run.Output | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-Mode2 | Should -Be 'CONFIG_MAP'
    }

    It 'goes from CONFIG_MAP to API in one run without -Force, one switch at a time' {
        Clear-SandboxRequestLog
        $out = @(Convert-EksIdentityMapping -Cluster mig2 -TargetAuthenticationMode API -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue)
        Get-Mode2 | Should -Be 'API'
        (Get-Step $out $script:MastersArn).Action | Should -Be 'Created'
        (Get-Step $out $script:MastersArn).PrincipalArn | Should -Be $script:Masters.Arn
        (Get-Step $out $script:Made2.NodeRoleArn).Action | Should -Be 'Exists'
        "$warnings" | Should -BeLike '*mig2 is now in authentication mode API (1 created, 1 already had one, 0 skipped)*'
        $updates = @(Get-SandboxRequestLog -Mutating | Where-Object Operation -EQ 'UpdateClusterConfig')
        $updates.Count | Should -Be 2
        @(Get-SandboxRequestLog -Mutating).Operation | Sort-Object | Should -Be 'AssociateAccessPolicy', 'CreateAccessEntry', 'UpdateClusterConfig', 'UpdateClusterConfig'
        $token = Use-EksSsoContext -RoleArn $script:Masters.Arn { Get-EksToken -ClusterName mig2 }
        $nodes = Invoke-RestMethod -SkipCertificateCheck -Headers @{ Authorization = "Bearer $($token.Token)" } "$($script:Made2.Cluster.endpoint)/api/v1/nodes"
        @($nodes.items).Count | Should -Be 2
    }

    It 'says what it found on a re-run, as information, and makes no mutating call' {
        Clear-SandboxRequestLog
        $out = @(Convert-EksIdentityMapping -Cluster mig2 -TargetAuthenticationMode API -InformationVariable info -WarningVariable warnings)
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $out.Action | Should -Be 'Exists', 'Exists'
        $warnings | Should -BeNullOrEmpty
        "$(@($info | Where-Object Tags -Contains 'EksSso.Migration').MessageData)" | Should -Be 'Cluster mig2 (authentication mode API): 0 created, 2 already had one, 0 skipped.'
    }
}
