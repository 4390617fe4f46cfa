<#
.SYNOPSIS
    Benchmark: the module's token helper (kubectl's exec plugin) against `aws eks get-token`, side by side.
.DESCRIPTION
    Against a sandbox, with warm credentials for both: the profile is a role_arn profile whose role credentials are
    already in ~/.aws/cli/cache (a temporary HOME), which the helper and the AWS CLI both read, so neither makes a
    network call. The two commands run alternately, each as a child process the way kubectl starts an exec plugin;
    the AWS CLI gets a bytecode cache (PYTHONPYCACHEPREFIX) so that it is as warm as it can be. Every output is
    checked to be an ExecCredential. A baseline, /bin/true started the same way, shows what process start-up
    alone costs on this machine. Prints the medians and their ratio; asserts nothing.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[int][Math]::Floor($Values.Count / 2)] }

function Invoke-Timed {
    # One child process; returns its wall time in ms after checking that it printed an ExecCredential.
    param([string] $Exe, [string[]] $Arguments, [hashtable] $Environment)
    $psi = [System.Diagnostics.ProcessStartInfo]::new($Exe)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $stdout = $p.StandardOutput.ReadToEndAsync()
    $stderr = $p.StandardError.ReadToEndAsync()
    $p.WaitForExit()
    $watch.Stop()
    if ($Exe -eq '/bin/true') { return $watch.Elapsed.TotalMilliseconds }
    if ($p.ExitCode -ne 0 -or ($stdout.Result | ConvertFrom-Json).kind -ne 'ExecCredential') {
        throw "$Exe $($Arguments -join ' ') failed ($($p.ExitCode)): $($stderr.Result)"
    }
    $watch.Elapsed.TotalMilliseconds
}

$helper = Join-Path $ModulePath 'TokenHelper/eksso-token'
$aws = '/usr/bin/aws'
if (-not (Test-Path $aws)) { $aws = (Get-Command aws -ErrorAction Stop).Source }
$sandbox = Start-EksSsoSandbox
$home_ = Join-Path ([IO.Path]::GetTempPath()) "eksso-bench-home-$PID"
try {
    $null = New-Item -ItemType Directory -Force $home_
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::' + $sandbox.ManagementAccountId + ':user/admin"},"Action":"sts:AssumeRole"}]}'
    $roleArn = "arn:aws:iam::$($sandbox.ManagementAccountId):role/bench-tokens"
    & $aws --endpoint-url $sandbox.Endpoint iam create-role --role-name bench-tokens --assume-role-policy-document $trust | Out-Null
    Add-Content $env:AWS_CONFIG_FILE "`n[profile bench]`nrole_arn = $roleArn`nsource_profile = default`nregion = $($sandbox.Region)`n"

    $environment = @{
        HOME = $home_; PYTHONPYCACHEPREFIX = Join-Path ([IO.Path]::GetTempPath()) "eksso-awscli-pycache-$([Environment]::UserName)"
        AWS_PAGER = ''
    }
    $helperArgs = @('token', '--cluster-name', 'demo', '--region', $sandbox.Region, '--profile', 'bench')
    $awsArgs = @('--region', $sandbox.Region, 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json', '--profile', 'bench')
    # Warm-up: the helper assumes the role and fills the cache; the CLI reads it and compiles its bytecode.
    $null = Invoke-Timed $helper $helperArgs $environment
    $null = Invoke-Timed $aws $awsArgs $environment
    $null = Invoke-Timed $aws $awsArgs $environment

    $baselineTimes = [Collections.Generic.List[double]]::new()
    $helperTimes = [Collections.Generic.List[double]]::new()
    $awsTimes = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Runs; $i++) {
        $baselineTimes.Add((Invoke-Timed '/bin/true' @() $environment))
        $helperTimes.Add((Invoke-Timed $helper $helperArgs $environment))
        $awsTimes.Add((Invoke-Timed $aws $awsArgs $environment))
    }
}
finally {
    Stop-EksSsoSandbox $sandbox -Remove
    Remove-Item $home_ -Recurse -Force -ErrorAction Ignore
}

$helperMedian = Get-Median $helperTimes
$awsMedian = Get-Median $awsTimes
$kind = if ([Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($helper)[1..3]) -eq 'ELF' -and -not (Test-Path "$helper.dll")) { 'NativeAOT' } else { 'framework-dependent' }
'{0,-62} {1,10}' -f "Token for kubectl (warm role credentials, median of $Runs)", 'ms'
'{0,-62} {1,10:N1}' -f 'baseline: /bin/true started the same way', (Get-Median $baselineTimes)
'{0,-62} {1,10:N1}' -f "EksSso token helper ($kind)", $helperMedian
'{0,-62} {1,10:N1}' -f 'aws eks get-token', $awsMedian
'{0,-62} {1,10:N1}' -f 'ratio: aws eks get-token / token helper', ($awsMedian / $helperMedian)
