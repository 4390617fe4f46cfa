#Requires -Version 7.0
<#
    The whole reference procedure, examples/quickstart.ps1, against a sandbox whose stand-in browser signs in as
    eksadmin (Start-EksSsoSandbox -SignInAs): run twice, the second run changing nothing (AWS or Kubernetes); the SSO
    identity Unauthorized before the mapping and listing the nodes after it; the real kubectl through the kubeconfig
    Update-EksKubeconfig wrote for the SSO profile; and the README's main job (examples/demo.ps1) end to end.
#>
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:Saved = Save-TestEnvironment 'DISPLAY', 'WAYLAND_DISPLAY'
    Set-TestEnvironmentVariable DISPLAY $null
    Set-TestEnvironmentVariable WAYLAND_DISPLAY $null
    $script:Sandbox = Start-EksSsoSandbox -SignInAs eksadmin
    $script:Kubeconfig = Join-Path $TestDrive 'kubeconfig'
    $script:QuickStart = Join-Path $PSScriptRoot '../../examples/quickstart.ps1'

    $script:First = & $script:QuickStart -KubeconfigPath $script:Kubeconfig 6>$null
    $script:FirstLog = @(Get-SandboxRequestLog)

    function Get-Comparable($Result) {
        # What a second run must reproduce: every step's object, less the list of changes it made, the times, and the
        # review's Extra (it names the access key of this run's session credentials).
        $Result.PSObject.Properties | Where-Object Name -NotIn 'Login', 'AccessBefore' | ForEach-Object {
            [pscustomobject]@{
                Name  = $_.Name
                Value = @($_.Value) | Select-Object * -ExcludeProperty Changes, Changed, Age, AgeText, Extra | ConvertTo-Json -Depth 6 -Compress
            }
        }
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
    Restore-TestEnvironment $script:Saved
}

Describe 'examples/quickstart.ps1' {
    It 'signs in as eksadmin through the SSO profile, with no browser' {
        $script:First.Login.Flow | Should -Be 'AuthorizationCode'
        $script:First.SsoIdentity.Arn | Should -BeLike "arn:aws:sts::$($script:First.Account.AccountId):assumed-role/AWSReservedSSO_EKSClusterAdminAccess_*/eksadmin"
        $script:First.Profile.Name | Should -Be 'EKSClusterAdminAccess-EKSAccount1'
        # ViewOnlyAccess allows iam:List* but not iam:GetRole: the role ARN with its path comes from ListRoles.
        $script:First.SsoIdentity.RoleArn | Should -Be $script:First.Role.Arn
    }

    It 'creates the cluster as EKSClusterCreator, trusted by exactly the SSO role, assumed by the SSO identity' {
        $script:First.CreatorRole.TrustedPrincipal | Should -Be $script:First.Role.Arn
        $script:First.Cluster.Status | Should -Be 'ACTIVE'
        $created = $script:FirstLog | Where-Object { $_.Service -eq 'eks' -and $_.Operation -eq 'CreateCluster' }
        @($created).Count | Should -Be 1
        $created.Caller | Should -Be "arn:aws:sts::$($script:First.Account.AccountId):assumed-role/EKSClusterCreator/create-eks-cluster"
    }

    It 'finds the SSO identity Unauthorized before the mapping, and a cluster admin after it' {
        $script:First.AccessBefore.Authenticated | Should -BeFalse
        $script:First.AccessBefore.CanListNodes | Should -BeFalse
        $script:First.Access.Authenticated | Should -BeTrue
        $script:First.Access.CanListNodes | Should -BeTrue
        $script:First.Access.CanReadAwsAuth | Should -BeTrue
        # The first Kubernetes request of the run (Test-EksClusterAccess before the mapping) was answered 401, and it
        # came before the first Kubernetes write (the aws-auth mapping).
        $kube = @(0..($script:FirstLog.Count - 1) | Where-Object { $script:FirstLog[$_].Service -eq 'Kubernetes' })
        $kube.Count | Should -BeGreaterThan 0
        $script:FirstLog[$kube[0]].Status | Should -Be 401 -Because "the first Kubernetes request was $($script:FirstLog[$kube[0]].Operation)"
        $firstWrite = @($kube | Where-Object { $script:FirstLog[$_].Mutating })
        $firstWrite.Count | Should -BeGreaterThan 0
        $kube[0] | Should -BeLessThan $firstWrite[0]
    }

    It 'maps the SSO role with an access entry and in aws-auth, as the creator, keeping the node role' {
        $script:First.AccessEntry.PrincipalArn | Should -Be $script:First.Role.Arn
        $script:First.AccessEntry.AccessPolicies.PolicyArn | Should -Be 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'
        $script:First.IdentityMapping.Arn | Should -Be $script:First.Role.ArnWithoutPath
        $script:First.IdentityMapping.UserName | Should -Be 'cluster-admin'
        $script:First.IdentityMapping.Groups | Should -Be 'system:masters'
        $writes = @($script:FirstLog | Where-Object { $_.Service -eq 'kubernetes' -and $_.Mutating })
        $writes.Caller | Sort-Object -Unique | Should -Be "arn:aws:sts::$($script:First.Account.AccountId):assumed-role/EKSClusterCreator/create-eks-cluster"
        $mappings = Get-EksIdentityMapping -Cluster $script:First.Cluster -ProfileName EKSClusterAdminAccess-EKSAccount1
        $mappings.Count | Should -Be 2
        ($mappings | Where-Object UserName -EQ 'system:node:{{EC2PrivateDNSName}}').Groups | Should -Be @('system:bootstrappers', 'system:nodes')
    }

    It 'lists the nodes as the SSO identity' {
        $script:First.Nodes.Count | Should -Be 2
        $script:First.Nodes.Status | Sort-Object -Unique | Should -Be 'Ready'
        $script:First.Nodes.Nodegroup | Sort-Object -Unique | Should -Be $script:First.Cluster.Nodegroups[0].Name
    }

    It 'writes a kubeconfig with which the real kubectl, as the SSO profile, lists the nodes and shows aws-auth' {
        if (-not (Get-Command kubectl -ErrorAction Ignore)) {
            Set-ItResult -Skipped -Because 'kubectl is not installed (.ci/run installs the Debian package kubernetes-client)'
            return
        }
        $nodes = & kubectl --kubeconfig $script:Kubeconfig --request-timeout 20s get nodes -o json 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$nodes"
        @(($nodes | Out-String | ConvertFrom-Json).items).Count | Should -Be 2
        $yaml = & kubectl --kubeconfig $script:Kubeconfig --request-timeout 20s get configmap -n kube-system aws-auth -o yaml 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $yaml
        $yaml | Should -Match ([regex]::Escape("rolearn: $($script:First.Role.ArnWithoutPath)"))
        $yaml | Should -Match 'username: cluster-admin'
        $yaml | Should -Match 'system:node:\{\{EC2PrivateDNSName\}\}'
        # The exec plugin runs with the SSO profile: the user of the context is that profile's.
        (Get-Content $script:Kubeconfig -Raw) | Should -Match 'EKSClusterAdminAccess-EKSAccount1'
    }

    It 'makes no mutating call, AWS or Kubernetes, the second time, and ends in the same state' {
        Clear-SandboxRequestLog
        $again = & $script:QuickStart -KubeconfigPath $script:Kubeconfig 6>$null
        @(Get-SandboxRequestLog -Mutating | ForEach-Object { "$($_.Service) $($_.Operation)" }) | Should -BeNullOrEmpty
        $again.AccessBefore.Authenticated | Should -BeTrue -Because 'the mapping is already there'
        $again.Login.Flow | Should -Be 'Cached'
        $expected = Get-Comparable $script:First
        $actual = Get-Comparable $again
        foreach ($step in $expected) {
            ($actual | Where-Object Name -EQ $step.Name).Value | Should -Be $step.Value -Because "step $($step.Name) must be the same"
        }
    }
}

Describe 'Start-EksSsoSandbox -SignInAs' {
    It 'approves a device-code sign-in too, with the stand-in browser in BROWSER' {
        $env:BROWSER | Should -Be $script:Sandbox.BrowserCommand
        $script:Sandbox.BrowserCommand | Should -Match ' browse --user eksadmin --port \d+$' -Because 'BROWSER is split at ":", so no URL may be in it'
        $login = Connect-EksSso -ProfileName EKSClusterAdminAccess-EKSAccount1 -UseDeviceCode -Force 6>$null
        $login.Flow | Should -Be 'DeviceCode'
        (Get-EksSsoCallerIdentity -ProfileName EKSClusterAdminAccess-EKSAccount1).Arn | Should -BeLike '*/eksadmin'
    }

    It 'leaves BROWSER alone with -NoEnvironment, and puts it back when a sandbox that set it stops' {
        # This file's sandbox owns the environment: a second one started here must not touch it.
        $before = $env:BROWSER
        $other = Start-EksSsoSandbox -NoEnvironment -SignInAs someone
        try {
            $other.BrowserCommand | Should -Match ' browse --user someone --port \d+$'
            $env:BROWSER | Should -Be $before -Because '-NoEnvironment leaves the environment alone'
        }
        finally { Stop-EksSsoSandbox $other -Remove }

        # A sandbox that owns the environment, in a fresh pwsh: BROWSER is its command while it runs, and as before after.
        . (Join-Path $PSScriptRoot '../../tools/PwshProcess.ps1')
        $child = @'
$ErrorActionPreference = 'Stop'
Import-Module '{0}'
$env:BROWSER = 'before'
$sandbox = Start-EksSsoSandbox -SignInAs x
$during = $env:BROWSER
Stop-EksSsoSandbox -Sandbox $sandbox -Remove
'RESULT ' + (@{{ Command = $sandbox.BrowserCommand; During = $during; After = $env:BROWSER }} | ConvertTo-Json -Compress)
'@ -f $modulePath
        $out = Invoke-FreshPwsh -Command $child *>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
        $line = ($out -split "`r?`n") -match '^RESULT ' | Select-Object -First 1
        $line | Should -Not -BeNullOrEmpty -Because $out
        $result = $line.Substring(7) | ConvertFrom-Json
        $result.Command | Should -Match ' browse --user x --port \d+$'
        $result.During | Should -Be $result.Command -Because 'the sandbox sets BROWSER to its stand-in browser'
        $result.After | Should -Be 'before' -Because 'Stop-EksSsoSandbox puts BROWSER back'
    }
}

Describe 'build.ps1 Demo (examples/demo.ps1)' {
    It 'runs the quick-start against a fresh sandbox, shows the nodes and aws-auth, and a re-run changes nothing' {
        . (Join-Path $PSScriptRoot '../../tools/PwshProcess.ps1')
        $out = Invoke-FreshPwsh -Command "Import-Module '$modulePath'; & '$PSScriptRoot/../../examples/demo.ps1'" *>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match '\[11/11\] The nodes, listed as the SSO identity'
        $out | Should -Match 'Signed in as: arn:aws:sts::\d{12}:assumed-role/AWSReservedSSO_EKSClusterAdminAccess_[0-9a-f]{16}/eksadmin'
        $out | Should -Match 'Before the mapping the cluster said: authenticated False'
        $out | Should -Match 'ip-[0-9-]+\.ec2\.internal\s+Ready'
        $out | Should -Match 'kind: ConfigMap'
        $out | Should -Match 'username: cluster-admin'
        $out | Should -Match 'The quick-start again: \d+ requests, 0 of them changes\.'
    }
}
