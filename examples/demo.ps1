<#
.SYNOPSIS
    The README's main job (build.ps1 Demo): the quick-start against a fresh sandbox, then again to show a re-run
    changes nothing.
.DESCRIPTION
    Starts a sandbox whose stand-in browser approves the IAM Identity Center sign-in as eksadmin, runs
    examples/quickstart.ps1 (each step printed), runs it a second time quietly and counts the requests that changed
    anything (0), shows the nodes listed by the SSO identity and the aws-auth ConfigMap as `kubectl get configmap -n
    kube-system aws-auth -o yaml` shows it, and stops the sandbox, restoring the environment.
#>
[CmdletBinding()]
param(
    # Keep the sandbox's directory (state, AWS config, kubeconfig) instead of removing it.
    [switch] $Keep
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module EksSso)) { Import-Module (Join-Path $PSScriptRoot '../out/EksSso') }

function Get-Requests([string] $Endpoint) {
    Invoke-RestMethod "$Endpoint/_sandbox/requests"
}

$sandbox = Start-EksSsoSandbox -SignInAs eksadmin
try {
    Write-Host "Sandbox at $($sandbox.Endpoint) (management account $($sandbox.ManagementAccountId)); sign-ins approved as eksadmin." -ForegroundColor Green
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $result = & (Join-Path $PSScriptRoot 'quickstart.ps1')
    $first = Get-Requests $sandbox.Endpoint
    Write-Host ("Quick-start done in {0:n1} s: {1} requests, {2} of them changes." -f $clock.Elapsed.TotalSeconds, $first.total, $first.mutating) -ForegroundColor Green

    # Again, quietly: a re-run must change nothing (the sandbox counts every request that would).
    $null = Invoke-RestMethod -Method Delete "$($sandbox.Endpoint)/_sandbox/requests"
    $null = & (Join-Path $PSScriptRoot 'quickstart.ps1') 6>$null
    $second = Get-Requests $sandbox.Endpoint
    Write-Host ("The quick-start again: {0} requests, {1} of them changes." -f $second.total, $second.mutating) -ForegroundColor Green
    if ($second.mutating -ne 0) { throw "The re-run changed something: $($second | ConvertTo-Json -Depth 4)" }

    Write-Host "`nSigned in as: $($result.SsoIdentity.Arn)" -ForegroundColor Green
    Write-Host "Before the mapping the cluster said: authenticated $($result.AccessBefore.Authenticated) ($($result.AccessBefore.Reason))"
    Write-Host "After it: $($result.Access.UserName) in $($result.Access.Groups -join ', '); can list nodes: $($result.Access.CanListNodes)"

    Write-Host "`nkubectl get nodes, as the SSO identity (Get-EksNode):" -ForegroundColor Green
    $result.Nodes | Format-Table Name, Status, InstanceType, Nodegroup, KubeletVersion -AutoSize | Out-String -Width 200 | Out-Host

    Write-Host 'kubectl get configmap -n kube-system aws-auth -o yaml (Get-EksIdentityMapping -AsYaml):' -ForegroundColor Green
    Get-EksIdentityMapping -Cluster $result.Cluster -ProfileName $result.Profile.Name -AsYaml | Out-Host
} finally {
    Stop-EksSsoSandbox -Sandbox $sandbox -Remove:(-not $Keep)
}
