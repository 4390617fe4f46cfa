#Requires -Version 7.0
<#
    Add/Get/Remove/Restore-EksIdentityMapping against the sandbox (Pester 5). The cluster is a CONFIG_MAP cluster made
    with the real AWS CLI (New-SandboxEksCluster): its managed nodegroup made EKS write the node role's aws-auth entry.
    aws-auth is read and (for the malformed case) written directly through the cluster's Kubernetes API as the sandbox
    admin, the cluster creator; the Kubernetes requests of the cmdlets are in the sandbox request log (service
    Kubernetes, operation "VERB /path").
#>
BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxCluster.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Account = $script:Sandbox.ManagementAccountId
    $script:Admin = (Get-EksSsoCallerIdentity).Arn
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $script:Admin }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
    $script:Role = (Invoke-Aws iam create-role --role-name ClusterAdmin --path /team/ops/ --assume-role-policy-document $trust).Role
    $script:RoleArn = "arn:aws:iam::$($script:Account):role/ClusterAdmin"
    $script:Made = New-SandboxEksCluster -Name cm
    $script:Endpoint = $script:Made.Cluster.endpoint
    $script:NodeRoleArn = $script:Made.NodeRoleArn
    $script:AwsAuthPath = '/api/v1/namespaces/kube-system/configmaps/aws-auth'
    $script:Cmd = 'EksSso.Commands.IdentityMapping'

    function Invoke-Kube([string] $Method = 'GET', [string] $Path = $script:AwsAuthPath, $Body, [string] $RoleArn) {
        # The cluster's Kubernetes API as the admin (or as -RoleArn): the parsed reply, or the HTTP status code on failure.
        Invoke-SandboxKube -ClusterName cm -Endpoint $script:Endpoint -Method $Method -Path $Path -Body $Body -RoleArn $RoleArn
    }

    function Get-AwsAuth { Invoke-Kube }


    function Get-KubeWrite {
        # Every mutating Kubernetes request the sandbox logged since the last Clear-SandboxRequestLog.
        @(Get-SandboxRequestLog -Mutating | Where-Object Service -EQ 'Kubernetes')
    }

    function Get-Entry([string] $Arn) {
        "- groups:`n  - parallel`n  rolearn: $Arn`n  username: $($Arn.Split('/')[-1].ToLowerInvariant())`n"
    }

    function Set-AwsAuthData([hashtable] $Data) {
        # Writes the data as a user with kubectl edit would, keeping the rest of the object.
        $map = Get-AwsAuth
        $map.data = [pscustomobject]$Data
        $null = Invoke-Kube -Method PUT -Body $map
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'Add-EksIdentityMapping' {
    It 'starts from the node role mapping EKS wrote' {
        $map = Get-AwsAuth
        $map.data.mapRoles | Should -Be "- groups:`n  - system:bootstrappers`n  - system:nodes`n  rolearn: $($script:NodeRoleArn)`n  username: system:node:{{EC2PrivateDNSName}}`n"
        $script:NodeMapRoles = $map.data.mapRoles
    }

    It 'refuses bad input before any call: <Case>' -TestCases @(
        @{ Case = 'user ARN as -Role'; Parameters = @{ Role = 'arn:aws:iam::111122223333:user/alice' }; Id = 'InvalidPrincipal' }
        @{ Case = 'role ARN as -UserArn'; Parameters = @{ UserArn = 'arn:aws:iam::111122223333:role/x' }; Id = 'InvalidPrincipal' }
        @{ Case = 'malformed ARN'; Parameters = @{ Role = 'arn:aws:iam::1234:role/x' }; Id = 'InvalidPrincipal' }
        @{ Case = 'user name with a space'; Parameters = @{ Role = 'arn:aws:iam::111122223333:role/x'; UserName = 'cluster admin' }; Id = 'InvalidUserName' }
        @{ Case = 'unknown template'; Parameters = @{ Role = 'arn:aws:iam::111122223333:role/x'; UserName = '{{Nope}}' }; Id = 'InvalidUserName' }
        @{ Case = 'empty group'; Parameters = @{ Role = 'arn:aws:iam::111122223333:role/x'; UserName = 'x'; Group = @('a', '') }; Id = 'InvalidKubernetesGroup' }
        @{ Case = 'group with a space'; Parameters = @{ Role = 'arn:aws:iam::111122223333:role/x'; Group = 'two words' }; Id = 'InvalidKubernetesGroup' }
        @{ Case = 'bad cluster name'; Parameters = @{ Cluster = '-x'; Role = 'arn:aws:iam::111122223333:role/x' }; Id = 'InvalidClusterName' }
    ) {
        $p = @{ Cluster = 'cm' }
        foreach ($key in $Parameters.Keys) { $p[$key] = $Parameters[$key] }
        Clear-SandboxRequestLog
        { Add-EksIdentityMapping @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$($script:Cmd).AddEksIdentityMappingCommand"
        @(Get-SandboxRequestLog) | Should -BeNullOrEmpty
    }

    It 'gets 401 for the role on the Kubernetes API before it is mapped' {
        Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Role.Arn | Should -Be 401
    }

    It 'with -WhatIf shows the YAML change and the system:masters warning, and writes nothing' {
        $before = Get-AwsAuth
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Add-EksIdentityMapping -Cluster cm -Role $script:Role -UserName 'admin:{{SessionName}}' -Group system:masters -WhatIf }
        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -BeLike '*mapRoles:*'
        $run.Text | Should -BeLike '*+ - groups:*'
        $run.Text | Should -BeLike '*+   - system:masters*'
        $run.Text | Should -BeLike "*+   rolearn: $($script:RoleArn)*"
        $run.Text | Should -BeLike '*+   username: admin:{{SessionName}}*'
        $run.Text | Should -BeLike "*Add-EksAccessEntry -Cluster cm -Principal $($script:Role.Arn) -AccessPolicy AmazonEKSClusterAdminPolicy*"
        Get-KubeWrite | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog | Where-Object Service -EQ 'Kubernetes').Operation | Should -Be "GET $($script:AwsAuthPath)"
        (Get-AwsAuth).metadata.resourceVersion | Should -Be $before.metadata.resourceVersion
    }

    It 'maps the SSO-style role without its path, warns about system:masters, keeps the node mapping and the previous data' {
        Clear-SandboxRequestLog
        $mapping = Add-EksIdentityMapping -Cluster cm -Role $script:Role -UserName 'admin:{{SessionName}}' -Group system:masters -WarningVariable warnings -WarningAction SilentlyContinue
        $mapping | Should -BeOfType ([EksSso.EksIdentityMapping])
        $mapping.Arn | Should -Be $script:RoleArn
        $mapping.OriginalArn | Should -Be $script:Role.Arn
        $mapping.Kind | Should -Be 'Role'
        $mapping.UserName | Should -Be 'admin:{{SessionName}}'
        $mapping.Groups | Should -Be 'system:masters'
        $mapping.Changed | Should -BeTrue
        $mapping.Changes | Should -Contain "+   rolearn: $($script:RoleArn)"
        "$warnings" | Should -BeLike '*system:masters*Add-EksAccessEntry*-AccessPolicy AmazonEKSClusterAdminPolicy*'
        (Get-KubeWrite).Operation | Should -Be "PUT $($script:AwsAuthPath)"

        $map = Get-AwsAuth
        $map.data.mapRoles | Should -Be ($script:NodeMapRoles + "- groups:`n  - system:masters`n  rolearn: $($script:RoleArn)`n  username: admin:{{SessionName}}`n")
        ($map.metadata.annotations.'eksso.io/previous-data' | ConvertFrom-Json).mapRoles | Should -Be $script:NodeMapRoles
    }

    It 'lets the role list nodes through the Kubernetes API once mapped' {
        $nodes = Invoke-Kube -Path /api/v1/nodes -RoleArn $script:Role.Arn
        $nodes.kind | Should -Be 'NodeList'
        @($nodes.items).Count | Should -Be 2
    }

    It 'writes nothing the second time and returns what Get-EksIdentityMapping shows (ARN with path or without)' {
        $got = Get-EksIdentityMapping -Cluster cm -Arn $script:Role.Arn
        Clear-SandboxRequestLog
        $again = Add-EksIdentityMapping -Cluster cm -Role $script:RoleArn -UserName 'admin:{{SessionName}}' -Group system:masters -WarningAction SilentlyContinue
        $withPath = Add-EksIdentityMapping -Cluster cm -Role $script:Role.Arn -UserName 'admin:{{SessionName}}' -Group system:masters -WarningAction SilentlyContinue
        Get-KubeWrite | Should -BeNullOrEmpty
        $again.Changed | Should -BeFalse
        $again.Changes | Should -BeNullOrEmpty
        ($again | ConvertTo-Json -Depth 5) | Should -Be ($got | ConvertTo-Json -Depth 5)
        $withPath.Changed | Should -BeFalse
        $withPath.OriginalArn | Should -Be $script:Role.Arn
    }

    It 'refuses a different mapping without -Force (AwsAuthMappingConflict, no write), replaces it with -Force' {
        $before = (Get-AwsAuth).data.mapRoles
        Clear-SandboxRequestLog
        { Add-EksIdentityMapping -Cluster cm -Role $script:Role -UserName viewer -Group viewers -ErrorAction Stop } | Should -Throw -ErrorId "AwsAuthMappingConflict,$($script:Cmd).AddEksIdentityMappingCommand"
        Get-KubeWrite | Should -BeNullOrEmpty
        (Get-AwsAuth).data.mapRoles | Should -Be $before

        $replaced = Add-EksIdentityMapping -Cluster cm -Role $script:Role -UserName viewer -Group viewers -Force
        $replaced.Changed | Should -BeTrue
        $replaced.Changes | Should -Contain '-   - system:masters'
        $replaced.Changes | Should -Contain '+   - viewers'
        (Get-KubeWrite).Count | Should -Be 1
        (Get-AwsAuth).data.mapRoles | Should -Be ($script:NodeMapRoles + "- groups:`n  - viewers`n  rolearn: $($script:RoleArn)`n  username: viewer`n")
        $now = @(Get-EksIdentityMapping -Cluster cm -Arn $script:Role)
        $now.Count | Should -Be 1
        $now.Groups | Should -Be 'viewers'
    }

    It 'maps an IAM user in mapUsers' {
        $user = Add-EksIdentityMapping -Cluster cm -UserArn "arn:aws:iam::$($script:Account):user/alice" -UserName alice -Group viewers
        $user.Kind | Should -Be 'User'
        (Get-AwsAuth).data.mapUsers | Should -Be "- groups:`n  - viewers`n  userarn: arn:aws:iam::$($script:Account):user/alice`n  username: alice`n"
        (Get-EksIdentityMapping -Cluster cm -Kind User).Arn | Should -Be "arn:aws:iam::$($script:Account):user/alice"
    }

    It 'keeps all of 10 concurrent adds (each in its own runspace), and the node mapping' {
        Clear-SandboxRequestLog
        $account = $script:Account
        $results = 0..9 | ForEach-Object -ThrottleLimit 10 -Parallel {
            Import-Module $using:ModulePath
            Add-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($using:account):role/team/Parallel$_" -UserName "parallel$_" -Group parallel -ErrorAction Stop
        }
        @($results).Count | Should -Be 10
        @($results | Where-Object Changed).Count | Should -Be 10

        $mapRoles = (Get-AwsAuth).data.mapRoles
        $mapRoles | Should -BeLike "$($script:NodeMapRoles)*"
        foreach ($i in 0..9) {
            $mapRoles | Should -BeLike "*$(Get-Entry "arn:aws:iam::$($account):role/Parallel$i")*"
        }
        $all = @(Get-EksIdentityMapping -Cluster cm -Kind Role)
        $all.Count | Should -Be 12
        ($all | Where-Object Arn -EQ $script:NodeRoleArn).Groups | Should -Be system:bootstrappers, system:nodes
        $writes = @(Get-KubeWrite | Where-Object Status -EQ 200)
        $writes.Count | Should -Be 10 -Because 'each add wrote once; a 409 was re-read and redone'
        Write-Host "    10 concurrent adds: $(@(Get-KubeWrite | Where-Object Status -EQ 409).Count) conflicts retried"
    }
}

Describe 'Get-EksIdentityMapping' {
    It 'lists roles then users, typed' {
        $all = @(Get-EksIdentityMapping -Cluster cm)
        $all[0].Arn | Should -Be $script:NodeRoleArn
        $all[0].UserName | Should -Be 'system:node:{{EC2PrivateDNSName}}'
        $all[-1].Kind | Should -Be 'User'
        $all | ForEach-Object { $_ | Should -BeOfType ([EksSso.EksIdentityMapping]) }
        @(Get-EksIdentityMapping -Cluster cm -Arn '*Parallel*').Count | Should -Be 10
    }

    It 'writes IdentityMappingNotFound for an ARN without a mapping' {
        { Get-EksIdentityMapping -Cluster cm -Arn "arn:aws:iam::$($script:Account):role/Nobody" -ErrorAction Stop } | Should -Throw -ErrorId "IdentityMappingNotFound,$($script:Cmd).GetEksIdentityMappingCommand"
    }
}

Describe 'Remove-EksIdentityMapping and Restore-EksIdentityMapping' {
    It 'with -WhatIf shows the removed lines and writes nothing' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Remove-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($script:Account):role/Parallel3" -WhatIf }
        $run.Text | Should -BeLike "*-   rolearn: arn:aws:iam::$($script:Account):role/Parallel3*"
        $run.Text | Should -BeLike '*-   username: parallel3*'
        Get-KubeWrite | Should -BeNullOrEmpty
    }

    It 'removes one entry and leaves every other byte as it was' {
        $before = Get-AwsAuth
        $entry = Get-Entry "arn:aws:iam::$($script:Account):role/Parallel3"
        $before.data.mapRoles | Should -BeLike "*$entry*"
        Clear-SandboxRequestLog
        $out = Remove-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($script:Account):role/team/Parallel3" -Confirm:$false
        $out | Should -BeNullOrEmpty
        (Get-KubeWrite).Operation | Should -Be "PUT $($script:AwsAuthPath)"
        $after = Get-AwsAuth
        $after.data.mapRoles | Should -BeExactly $before.data.mapRoles.Replace($entry, '')
        $after.data.mapUsers | Should -BeExactly $before.data.mapUsers
        ($after.metadata.annotations.'eksso.io/previous-data' | ConvertFrom-Json).mapRoles | Should -BeExactly $before.data.mapRoles
        $script:BeforeRemove = $before.data
        $script:AfterRemove = $after.data
    }

    It 'has nothing to do for an absent mapping: no write, no error, a verbose line' {
        Clear-SandboxRequestLog
        $verbose = Remove-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($script:Account):role/Parallel3" -Confirm:$false -ErrorAction Stop -Verbose 4>&1
        Get-KubeWrite | Should -BeNullOrEmpty
        "$verbose" | Should -BeLike '*no role mapping for*Parallel3*nothing to remove*'
    }

    It 'Restore brings back the previous data, and a second restore undoes the first' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Restore-EksIdentityMapping -Cluster cm -WhatIf }
        $run.Text | Should -BeLike "*+   rolearn: arn:aws:iam::$($script:Account):role/Parallel3*"
        Get-KubeWrite | Should -BeNullOrEmpty

        $restored = @(Restore-EksIdentityMapping -Cluster cm -Confirm:$false)
        (Get-KubeWrite).Count | Should -Be 1
        $restored.Arn | Should -Contain "arn:aws:iam::$($script:Account):role/Parallel3"
        $data = (Get-AwsAuth).data
        $data.mapRoles | Should -BeExactly $script:BeforeRemove.mapRoles
        $data.mapUsers | Should -BeExactly $script:BeforeRemove.mapUsers

        $null = Restore-EksIdentityMapping -Cluster cm -Confirm:$false
        (Get-AwsAuth).data.mapRoles | Should -BeExactly $script:AfterRemove.mapRoles
        $null = Restore-EksIdentityMapping -Cluster cm -Confirm:$false
        (Get-AwsAuth).data.mapRoles | Should -BeExactly $script:BeforeRemove.mapRoles
    }

    It 'removes what Get-EksIdentityMapping pipes to it' {
        Clear-SandboxRequestLog
        Get-EksIdentityMapping -Cluster cm -Arn "arn:aws:iam::$($script:Account):role/Parallel9" | Remove-EksIdentityMapping -Confirm:$false
        (Get-KubeWrite).Count | Should -Be 1
        (Get-AwsAuth).data.mapRoles | Should -BeExactly $script:BeforeRemove.mapRoles.Replace((Get-Entry "arn:aws:iam::$($script:Account):role/Parallel9"), '')
    }
}

Describe 'A malformed aws-auth' {
    It 'is refused with the line named, and nothing is written' {
        $good = (Get-AwsAuth).data
        $lines = ($good.mapRoles -split "`n").Count
        $bad = $good.mapRoles + "- username: nobody`n  groups: []`n"
        Set-AwsAuthData @{ mapRoles = $bad; mapUsers = $good.mapUsers }
        $before = Get-AwsAuth

        Clear-SandboxRequestLog
        { Add-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($script:Account):role/Late" -UserName late -ErrorAction Stop } | Should -Throw -ErrorId "AwsAuthMalformed,$($script:Cmd).AddEksIdentityMappingCommand"
        $err = $null
        try { Add-EksIdentityMapping -Cluster cm -Role "arn:aws:iam::$($script:Account):role/Late" -UserName late -ErrorAction Stop } catch { $err = $_ }
        "$err" | Should -BeLike "*mapRoles line $lines*no rolearn*"
        { Remove-EksIdentityMapping -Cluster cm -Role $script:Role -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "AwsAuthMalformed,*"
        { Get-EksIdentityMapping -Cluster cm -ErrorAction Stop } | Should -Throw -ErrorId "AwsAuthMalformed,*"
        Get-KubeWrite | Should -BeNullOrEmpty
        $after = Get-AwsAuth
        $after.metadata.resourceVersion | Should -Be $before.metadata.resourceVersion
        $after.data.mapRoles | Should -BeExactly $bad
    }

    It 'can be put back with Restore-EksIdentityMapping' {
        $kept = (Get-AwsAuth).metadata.annotations.'eksso.io/previous-data' | ConvertFrom-Json
        $null = Restore-EksIdentityMapping -Cluster cm -Confirm:$false -WarningAction SilentlyContinue
        (Get-AwsAuth).data.mapRoles | Should -BeExactly $kept.mapRoles
        { Get-EksIdentityMapping -Cluster cm -ErrorAction Stop } | Should -Not -Throw
    }
}
