# Get-EksToken, the token helper and Update-EksKubeconfig against a sandbox cluster: the tokens pass the sandbox's
# aws-iam-authenticator rules and signature check like `aws eks get-token`'s, and real kubectl runs with the kubeconfig.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxCluster.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force

    $script:SavedPath = Save-TestEnvironment 'PATH', 'KUBERNETES_EXEC_INFO'
    # kubectl runs the exec plugin "aws" from PATH: make it the AWS CLI v2.
    $env:PATH = "/usr/bin$([IO.Path]::PathSeparator)$env:PATH"
    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Account = $script:Sandbox.ManagementAccountId
    $script:Region = $script:Sandbox.Region
    $script:Helper = Join-Path (Split-Path (Get-Module EksSso).Path) 'TokenHelper/eksso-token'

    # The cluster and a nodegroup, made with the AWS CLI (the sandbox admin is the creator).
    $script:Cluster = (New-SandboxEksCluster -Name demo).Cluster

    # A role the admin may assume, behind a role_arn profile, for the helper's credential cache.
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::' + $script:Account + ':user/admin"},"Action":"sts:AssumeRole"}]}'
    $script:CacheRoleArn = (Invoke-Aws iam create-role --role-name tokens-cache --assume-role-policy-document $trust).Role.Arn
    Add-Content $env:AWS_CONFIG_FILE "`n[profile cached-role]`nrole_arn = $($script:CacheRoleArn)`nsource_profile = default`nregion = $($script:Region)`n"

    function Invoke-KubeApi {
        # One call to the cluster's API with a bearer token; returns Status and the parsed Body.
        param([string] $Token, [string] $Path = '/apis/authentication.k8s.io/v1/selfsubjectreviews', [string] $Method = 'POST')
        $params = @{
            Uri = "$($script:Cluster.endpoint)$Path"; Method = $Method; SkipCertificateCheck = $true; SkipHttpErrorCheck = $true
            Headers = @{ Authorization = "Bearer $Token" }; StatusCodeVariable = 'status'
        }
        if ($Method -eq 'POST') {
            $params.Body = '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}'
            $params.ContentType = 'application/json'
        }
        $body = Invoke-RestMethod @params
        [pscustomobject]@{ Status = [int] $status; Body = $body }
    }

    function Invoke-TokenHelper {
        # The helper as kubectl runs it: a child process with its own environment additions.
        param([string[]] $Arguments, [hashtable] $Environment = @{})
        $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Helper)
        foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
        foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEnd()
        $stderr = $p.StandardError.ReadToEnd()
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Stdout = $stdout; Stderr = $stderr }
    }

    function Invoke-Kubectl {
        param([string] $Kubeconfig, [string[]] $Arguments)
        $out = & kubectl --kubeconfig $Kubeconfig --request-timeout 20s @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
    }

    $script:AdminArn = "arn:aws:iam::$($script:Account):user/admin"
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
    Restore-TestEnvironment $script:SavedPath
}

Describe 'Get-EksToken' {
    It 'makes a token the cluster accepts, for the cluster creator' {
        $token = Get-EksToken -ClusterName demo
        $token.ClusterName | Should -Be 'demo'
        $token.Identity | Should -Be $script:AdminArn
        $token.Token | Should -Match '^k8s-aws-v1\.[A-Za-z0-9_-]+$'
        ($token.ExpiresAt - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeGreaterThan 13.5
        ($token.ExpiresAt - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeLessOrEqual 14

        $review = Invoke-KubeApi -Token $token.Token
        $review.Status | Should -Be 201
        $review.Body.status.userInfo.username | Should -Be 'kubernetes-admin'
        $review.Body.status.userInfo.groups | Should -Contain 'system:masters'
        $review.Body.status.userInfo.extra.arn | Should -Be $script:AdminArn

        $nodes = Invoke-KubeApi -Token $token.Token -Path '/api/v1/nodes' -Method GET
        $nodes.Status | Should -Be 200
        @($nodes.Body.items).Count | Should -Be 2
    }

    It 'takes the cluster name from a piped object' {
        $token = [pscustomobject]@{ ClusterName = 'demo'; Name = 'ignored' } | Get-EksToken
        $token.ClusterName | Should -Be 'demo'
    }

    It 'is accepted exactly like a token from aws eks get-token' {
        $cli = Invoke-Aws eks get-token --cluster-name demo
        $cli.status.token | Should -Match '^k8s-aws-v1\.'
        $ours = Get-EksToken -ClusterName demo
        $fromCli = Invoke-KubeApi -Token $cli.status.token
        $fromUs = Invoke-KubeApi -Token $ours.Token
        $fromCli.Status | Should -Be 201
        $fromUs.Status | Should -Be 201
        $fromUs.Body.status.userInfo | ConvertTo-Json -Depth 5 | Should -Be ($fromCli.Body.status.userInfo | ConvertTo-Json -Depth 5)
    }

    It 'is refused by another cluster''s API (401)' {
        $other = Get-EksToken -ClusterName other
        (Invoke-KubeApi -Token $other.Token).Status | Should -Be 401
        (Invoke-KubeApi -Token $other.Token -Path '/api/v1/nodes' -Method GET).Status | Should -Be 401
    }

    It 'makes tokens that stop working 15 minutes after they were signed' {
        # The sandbox checks token age against real time (its clock scales only simulated work), so the token is
        # signed 16 minutes in the past with the engine's minter, the same code Get-EksToken uses.
        $null = Get-EksToken -ClusterName demo
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'EksSso.Engine' } | Select-Object -First 1
        $admin = Get-SandboxAdminCredential
        $keys = [Activator]::CreateInstance($engine.GetType('EksSso.Engine.Aws.Signing.AwsSigningCredentials'), @($admin.AccessKeyId, $admin.SecretAccessKey, $null))
        $sts = $engine.GetType('EksSso.Engine.Aws.AwsServiceInfo').GetField('Sts').GetValue($null)
        $endpoint = $engine.GetType('EksSso.Engine.Aws.AwsEndpointResolver').GetMethod('Resolve').Invoke($null, @($sts, $script:Region, $null, $null, $null, $null))
        $mint = $engine.GetType('EksSso.Engine.Tokens.EksTokenMinter').GetMethod('Mint')
        $old = $mint.Invoke($null, @($keys, $endpoint, 'demo', [DateTimeOffset]::UtcNow.AddMinutes(-16)))
        $recent = $mint.Invoke($null, @($keys, $endpoint, 'demo', [DateTimeOffset]::UtcNow.AddMinutes(-14)))
        (Invoke-KubeApi -Token $old.Token).Status | Should -Be 401
        (Invoke-KubeApi -Token $recent.Token).Status | Should -Be 201
    }

    It 'writes the ExecCredential with -AsExecCredential, in the apiVersion KUBERNETES_EXEC_INFO asks for' {
        $json = Get-EksToken -ClusterName demo -AsExecCredential
        $json | Should -BeOfType [string]
        $credential = $json | ConvertFrom-Json
        $credential.kind | Should -Be 'ExecCredential'
        $credential.apiVersion | Should -Be 'client.authentication.k8s.io/v1beta1'
        (Invoke-KubeApi -Token $credential.status.token).Status | Should -Be 201
        $env:KUBERNETES_EXEC_INFO = '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}'
        try { (Get-EksToken -ClusterName demo -AsExecCredential | ConvertFrom-Json).apiVersion | Should -Be 'client.authentication.k8s.io/v1' }
        finally { Set-TestEnvironmentVariable KUBERNETES_EXEC_INFO $null }
    }

    It 'never shows the token in its default views or its string form' {
        $token = Get-EksToken -ClusterName demo
        $secret = $token.Token
        $table = $token | Format-Table | Out-String -Width 4096
        $list = $token | Format-List | Out-String -Width 4096
        $default = $token | Out-String -Width 4096
        foreach ($text in $table, $list, $default, $token.ToString(), "$token") {
            $text | Should -Not -Match ([regex]::Escape($secret.Substring(0, 40)))
            $text | Should -Not -Match 'k8s-aws-v1'
        }
        $table | Should -Match 'demo'
        $table | Should -Match ([regex]::Escape($script:AdminArn))
        $list | Should -Match 'ExpiresAt'
        $list | Should -Match ([regex]::Escape($script:AdminArn))
    }
}

Describe 'The token helper' {
    It 'is a native program shipped in the module' {
        Test-Path $script:Helper | Should -BeTrue
        # NativeAOT where the build machine can link it: an ELF executable with no .dll beside it.
        $bytes = [IO.File]::ReadAllBytes($script:Helper)[0..3]
        [Text.Encoding]::ASCII.GetString($bytes[1..3]) | Should -Be 'ELF'
    }

    It 'prints an ExecCredential whose token the cluster accepts' {
        $r = Invoke-TokenHelper @('token', '--cluster-name', 'demo', '--region', $script:Region)
        $r.ExitCode | Should -Be 0 -Because $r.Stderr
        $credential = $r.Stdout | ConvertFrom-Json
        $credential.kind | Should -Be 'ExecCredential'
        $credential.apiVersion | Should -Be 'client.authentication.k8s.io/v1beta1'
        ([DateTimeOffset]::Parse($credential.status.expirationTimestamp) - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeGreaterThan 13
        $review = Invoke-KubeApi -Token $credential.status.token
        $review.Status | Should -Be 201
        $review.Body.status.userInfo.extra.arn | Should -Be $script:AdminArn
    }

    It 'honours KUBERNETES_EXEC_INFO' {
        $r = Invoke-TokenHelper @('token', '--cluster-name', 'demo', '--region', $script:Region) @{ KUBERNETES_EXEC_INFO = '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}' }
        ($r.Stdout | ConvertFrom-Json).apiVersion | Should -Be 'client.authentication.k8s.io/v1'
    }

    It 'caches role credentials as the AWS CLI does, so a warm call makes no AWS call' {
        $homeDir = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Force $homeDir
        Clear-SandboxRequestLog
        $first = Invoke-TokenHelper @('token', '--cluster-name', 'demo', '--region', $script:Region, '--profile', 'cached-role') @{ HOME = $homeDir }
        $first.ExitCode | Should -Be 0 -Because $first.Stderr
        @(Get-SandboxRequestLog | Where-Object Operation -EQ 'AssumeRole').Count | Should -Be 1

        $cacheFiles = @(Get-ChildItem (Join-Path $homeDir '.aws/cli/cache') -Filter '*.json')
        $cacheFiles.Count | Should -Be 1
        # botocore's key for a role_arn profile: sha1 of json.dumps({"RoleArn": ...}, sort_keys=True).
        $key = [Convert]::ToHexString([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes("{`"RoleArn`": `"$($script:CacheRoleArn)`"}"))).ToLowerInvariant()
        $cacheFiles[0].Name | Should -Be "$key.json"
        [IO.File]::GetUnixFileMode($cacheFiles[0].FullName) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')

        Clear-SandboxRequestLog
        $second = Invoke-TokenHelper @('token', '--cluster-name', 'demo', '--region', $script:Region, '--profile', 'cached-role') @{ HOME = $homeDir }
        $second.ExitCode | Should -Be 0 -Because $second.Stderr
        @(Get-SandboxRequestLog).Count | Should -Be 0
        $review = Invoke-KubeApi -Token ($second.Stdout | ConvertFrom-Json).status.token
        # The role is mapped nowhere: the cluster knows who it is but refuses it; the token itself verified.
        $review.Status | Should -BeIn 401, 403
        $review = Invoke-KubeApi -Token ($first.Stdout | ConvertFrom-Json).status.token
        $review.Status | Should -BeIn 401, 403

        # The AWS CLI reads the helper's cache entry: no AssumeRole of its own.
        $psi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/aws')
        foreach ($a in '--endpoint-url', $script:Sandbox.Endpoint, '--profile', 'cached-role', '--output', 'json', 'sts', 'get-caller-identity') { $psi.ArgumentList.Add($a) }
        $psi.Environment["HOME"] = $homeDir
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        Clear-SandboxRequestLog
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEnd(); $err = $p.StandardError.ReadToEnd(); $p.WaitForExit()
        $p.ExitCode | Should -Be 0 -Because $err
        ($out | ConvertFrom-Json).Arn | Should -Match ':assumed-role/tokens-cache/'
        @(Get-SandboxRequestLog | Where-Object Operation -EQ 'AssumeRole').Count | Should -Be 0
    }

    It 'fails with a message on stderr for an unknown profile' {
        $r = Invoke-TokenHelper @('token', '--cluster-name', 'demo', '--region', $script:Region, '--profile', 'no-such-profile')
        $r.ExitCode | Should -Be 1
        $r.Stdout | Should -BeNullOrEmpty
        $r.Stderr | Should -Match "no-such-profile"
    }
}

Describe 'Update-EksKubeconfig' {
    It 'writes the kubeconfig kubectl uses to list the nodes as the creator, with the token helper' {
        $path = Join-Path $TestDrive 'native.kubeconfig'
        $entry = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path
        $entry.Context | Should -Be $script:Cluster.arn
        $entry.Cluster | Should -Be $script:Cluster.arn
        $entry.User | Should -Be $script:Cluster.arn
        $entry.Exec | Should -Be 'Native'
        $entry.Changed | Should -BeTrue
        $entry.KubeconfigPath | Should -Be $path
        [IO.File]::GetUnixFileMode($path) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        $text = Get-Content $path -Raw
        $text | Should -Match ([regex]::Escape("command: $($script:Helper)"))
        $text | Should -Match ([regex]::Escape("certificate-authority-data: $($script:Cluster.certificateAuthority.data)"))
        $text | Should -Match ([regex]::Escape("server: $($script:Cluster.endpoint)"))

        $r = Invoke-Kubectl $path @('get', 'nodes', '-o', 'json')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        @(($r.Output | ConvertFrom-Json -Depth 30).items).Count | Should -Be 2
        $who = Invoke-Kubectl $path @('auth', 'whoami', '-o', 'json')
        ($who.Output | ConvertFrom-Json -Depth 30).status.userInfo.username | Should -Be 'kubernetes-admin'
    }

    It 'writes the AWS CLI''s exec entry with -Exec Aws, and kubectl lists the nodes through aws eks get-token' {
        $path = Join-Path $TestDrive 'aws.kubeconfig'
        $entry = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path -Exec Aws -Alias demo
        $entry.Context | Should -Be 'demo'
        $text = Get-Content $path -Raw
        $text | Should -Match 'command: aws'
        $text | Should -Match "(?s)args:\s+- --region\s+- $($script:Region)\s+- eks\s+- get-token\s+- --cluster-name\s+- demo\s+- --output\s+- json"
        $text | Should -Match 'current-context: demo'
        $r = Invoke-Kubectl $path @('get', 'nodes', '-o', 'json')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        @(($r.Output | ConvertFrom-Json -Depth 30).items).Count | Should -Be 2
    }

    It 'writes the same entries as aws eks update-kubeconfig (Exec Aws, with a profile)' {
        $ours = Join-Path $TestDrive 'ours.kubeconfig'
        $theirs = Join-Path $TestDrive 'theirs.kubeconfig'
        $null = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $ours -Exec Aws -ProfileName default
        $cli = Invoke-AwsCli -Arguments @('eks', 'update-kubeconfig', '--name', 'demo', '--kubeconfig', $theirs, '--profile', 'default')
        $cli.ExitCode | Should -Be 0 -Because $cli.Stderr
        # AWS CLI 2.9.19 predates "--output json" in the exec args; everything else is the same document.
        (Get-Content $ours -Raw) -replace '\s+- --output\s+- json', '' | Should -Be (Get-Content $theirs -Raw)
    }

    It 'leaves the file byte-identical when run twice' {
        $path = Join-Path $TestDrive 'twice.kubeconfig'
        $null = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path
        $before = [IO.File]::ReadAllBytes($path)
        [IO.File]::SetLastWriteTimeUtc($path, [datetime]'2020-01-01')
        $again = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path
        $again.Changed | Should -BeFalse
        [IO.File]::ReadAllBytes($path) | Should -Be $before
        [IO.File]::GetLastWriteTimeUtc($path) | Should -Be ([datetime]'2020-01-01')
    }

    It 'keeps another cluster, comments and unknown keys of an existing kubeconfig' {
        $path = Join-Path $TestDrive 'existing.kubeconfig'
        @'
# my clusters - keep this line
apiVersion: v1
kind: Config
clusters:
- name: kind-local
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
contexts:
- name: kind-local
  context:
    cluster: kind-local
    user: kind-local
    namespace: team-a  # default namespace
users:
- name: kind-local
  user:
    token: static-token
current-context: kind-local
x-team-owner: platform
'@ | Set-Content $path
        $null = Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path
        $text = Get-Content $path -Raw
        $text | Should -Match '# my clusters - keep this line'
        $text | Should -Match '# default namespace'
        $text | Should -Match 'x-team-owner: platform'
        $text | Should -Match 'insecure-skip-tls-verify: true'
        $text | Should -Match 'token: static-token'
        $contexts = (Invoke-Kubectl $path @('config', 'get-contexts', '-o', 'name')).Output -split "`n" | Where-Object { $_ }
        $contexts | Should -Contain 'kind-local'
        $contexts | Should -Contain $script:Cluster.arn
        (Invoke-Kubectl $path @('config', 'current-context')).Output.Trim() | Should -Be $script:Cluster.arn
        $r = Invoke-Kubectl $path @('get', 'nodes', '-o', 'name')
        $r.ExitCode | Should -Be 0 -Because $r.Output
    }

    It 'takes a cluster object from the pipeline without calling EKS, and -WhatIf writes nothing' {
        $cluster = [pscustomobject]@{
            Name = 'demo'; ClusterName = 'demo'; Arn = $script:Cluster.arn; Endpoint = $script:Cluster.endpoint
            CertificateAuthority = $script:Cluster.certificateAuthority.data
        }
        $path = Join-Path $TestDrive 'piped.kubeconfig'
        Clear-SandboxRequestLog
        $null = $cluster | Update-EksKubeconfig -KubeconfigPath $path -WhatIf
        Test-Path $path | Should -BeFalse
        $entry = $cluster | Update-EksKubeconfig -KubeconfigPath $path
        $entry.ClusterName | Should -Be 'demo'
        @(Get-SandboxRequestLog | Where-Object Operation -EQ 'DescribeCluster').Count | Should -Be 0
        (Invoke-Kubectl $path @('get', 'nodes', '-o', 'name')).ExitCode | Should -Be 0
    }

    It 'refuses to touch a kubeconfig that is not YAML' {
        $path = Join-Path $TestDrive 'broken.kubeconfig'
        Set-Content $path "clusters: [unclosed`n" -NoNewline
        { Update-EksKubeconfig -ClusterName demo -KubeconfigPath $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'KubeconfigNotValid,EksSso.Commands.Tokens.UpdateEksKubeconfigCommand'
        Get-Content $path -Raw | Should -Be "clusters: [unclosed`n"
    }
}
