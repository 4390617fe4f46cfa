# The end of the reference procedure against the sandbox, with the machine's real kubectl and a kubeconfig written
# by the real AWS CLI (`aws eks update-kubeconfig`), whose exec plugin is `aws eks get-token`.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxCluster.psm1') -Force

    $script:SavedPath = Save-TestEnvironment 'PATH'
    # kubectl runs the exec plugin "aws" from PATH: make it the AWS CLI v2 (another aws may come first).
    $env:PATH = "/usr/bin$([IO.Path]::PathSeparator)$env:PATH"
    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Account = $script:Sandbox.ManagementAccountId
    $script:Kubeconfig = $env:KUBECONFIG

    function Invoke-Kubectl {
        param([string[]] $Arguments, [object] $Credential)
        $saved = Save-TestEnvironment 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'
        try {
            if ($Credential) {
                $env:AWS_ACCESS_KEY_ID = $Credential.AccessKeyId
                $env:AWS_SECRET_ACCESS_KEY = $Credential.SecretAccessKey
                $env:AWS_SESSION_TOKEN = $Credential.SessionToken
            }
            $out = & kubectl --kubeconfig $script:Kubeconfig --request-timeout 20s @Arguments 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
        }
        finally { Restore-TestEnvironment $saved }
    }

    function New-TrustedRole([string] $Name) {
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::' + $script:Account + ':user/admin"},"Action":"sts:AssumeRole"}]}'
        $null = Invoke-Aws iam create-role --role-name $Name --assume-role-policy-document $trust
        (Invoke-Aws sts assume-role --role-arn "arn:aws:iam::$($script:Account):role/$Name" --role-session-name $Name).Credentials
    }

    # Network, roles, cluster and nodegroup, as eksctl would lay them out (two AZs).
    $script:NodeRoleArn = (New-SandboxEksCluster -Name demo -NodeRolePath /eks/).NodeRoleArn
    # update-kubeconfig prints a sentence, not JSON.
    $written = Invoke-AwsCli -Arguments @('eks', 'update-kubeconfig', '--name', 'demo', '--kubeconfig', $script:Kubeconfig)
    if ($written.ExitCode -ne 0) { throw "update-kubeconfig failed: $($written.Stderr)" }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
    Restore-TestEnvironment $script:SavedPath
}

Describe 'kubectl against a sandbox cluster, through aws eks update-kubeconfig and aws eks get-token' {
    It 'writes a kubeconfig as the AWS CLI does: server, CA data, and the get-token exec plugin' {
        $config = Get-Content $script:Kubeconfig -Raw
        $config | Should -Match 'server: https://127\.0\.0\.1:\d+'
        $config | Should -Match 'certificate-authority-data: \S{100,}'
        $config | Should -Match 'command: aws'
        $config | Should -Match '- get-token'
    }

    It 'lists the nodes for the cluster creator' {
        $r = Invoke-Kubectl @('get', 'nodes', '-o', 'json')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $nodes = ($r.Output | ConvertFrom-Json -Depth 30).items
        @($nodes).Count | Should -Be 2
        foreach ($n in $nodes) {
            $n.metadata.labels.'eks.amazonaws.com/nodegroup' | Should -Be 'ng-1'
            ($n.status.conditions | Where-Object type -EQ 'Ready').status | Should -Be 'True'
        }
    }

    It 'shows the node mapping in aws-auth exactly as EKS writes it' {
        $r = Invoke-Kubectl @('get', 'configmap', '-n', 'kube-system', 'aws-auth', '-o', 'yaml')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match ([regex]::Escape("rolearn: arn:aws:iam::$($script:Account):role/demo-node"))
        $r.Output | Should -Not -Match 'role/eks/demo-node'
        $r.Output | Should -Match 'system:bootstrappers'
        $r.Output | Should -Match 'system:nodes'
        $r.Output | Should -Match ([regex]::Escape('username: system:node:{{EC2PrivateDNSName}}'))
    }

    It 'answers Unauthorized to a role that is mapped nowhere' {
        $stranger = New-TrustedRole 'unmapped'
        $r = Invoke-Kubectl @('get', 'nodes') -Credential $stranger
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match 'Unauthorized'
    }

    It 'lets a role bound to a namespace Role list configmaps there and forbids nodes' {
        $teamCredential = New-TrustedRole 'team-a'
        $manifest = Join-Path $TestDrive 'team-a.yaml'
        @"
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: configmap-reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team-a-readers
  namespace: team-a
subjects:
- kind: Group
  name: team-a-readers
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: configmap-reader
  apiGroup: rbac.authorization.k8s.io
"@ | Set-Content $manifest
        $applied = Invoke-Kubectl @('apply', '--validate=false', '-f', $manifest)
        $applied.ExitCode | Should -Be 0 -Because $applied.Output

        # Add the team's role to aws-auth (read-modify-write, keeping the node mapping).
        $awsAuth = (Invoke-Kubectl @('get', 'configmap', '-n', 'kube-system', 'aws-auth', '-o', 'json')).Output | ConvertFrom-Json -Depth 30
        $awsAuth.data.mapRoles = $awsAuth.data.mapRoles.TrimEnd() + "`n- rolearn: arn:aws:iam::$($script:Account):role/team-a`n  username: team-a-user`n  groups:`n  - team-a-readers`n"
        $file = Join-Path $TestDrive 'aws-auth.json'
        $awsAuth | ConvertTo-Json -Depth 30 | Set-Content $file
        $replaced = Invoke-Kubectl @('replace', '-f', $file)
        $replaced.ExitCode | Should -Be 0 -Because $replaced.Output

        $made = Invoke-Kubectl @('create', 'configmap', 'team-settings', '-n', 'team-a', '--from-literal=owner=team-a')
        $made.ExitCode | Should -Be 0 -Because $made.Output
        $ok = Invoke-Kubectl @('get', 'configmaps', '-n', 'team-a', '-o', 'json') -Credential $teamCredential
        $ok.ExitCode | Should -Be 0 -Because $ok.Output
        ($ok.Output | ConvertFrom-Json -Depth 30).items.metadata.name | Should -Contain 'team-settings'

        $nodes = Invoke-Kubectl @('get', 'nodes') -Credential $teamCredential
        $nodes.ExitCode | Should -Not -Be 0
        $nodes.Output | Should -Match 'Forbidden'
        $nodes.Output | Should -Match 'team-a-user'

        $other = Invoke-Kubectl @('get', 'configmaps', '-n', 'kube-system') -Credential $teamCredential
        $other.Output | Should -Match 'Forbidden'

        $whoami = Invoke-Kubectl @('auth', 'whoami', '-o', 'json') -Credential $teamCredential
        $whoami.ExitCode | Should -Be 0 -Because $whoami.Output
        $info = ($whoami.Output | ConvertFrom-Json -Depth 30).status.userInfo
        $info.username | Should -Be 'team-a-user'
        $info.groups | Should -Contain 'team-a-readers'

        # can-i prints its answer on a line of its own (kubectl may add a warning line before it).
        (Invoke-Kubectl @('auth', 'can-i', 'list', 'configmaps', '-n', 'team-a') -Credential $teamCredential).Output | Should -Match '(?m)^yes\s*$'
        (Invoke-Kubectl @('auth', 'can-i', 'list', 'nodes') -Credential $teamCredential).Output | Should -Match '(?m)^no\s*$'
        (Invoke-Kubectl @('auth', 'can-i', 'list', 'nodes')).Output | Should -Match '(?m)^yes\s*$'
        $rules = Invoke-Kubectl @('auth', 'can-i', '--list', '-n', 'team-a') -Credential $teamCredential
        $rules.ExitCode | Should -Be 0 -Because $rules.Output
        $rules.Output | Should -Match '(?m)^configmaps\s+\[\]\s+\[\]\s+\[get list\]'
    }
}
