<#
.SYNOPSIS
    Benchmark: sandbox start time, and 1,000 sequential Get-EksSsoCallerIdentity calls through the module.
.DESCRIPTION
    Each figure has a baseline measured in this same process right before it: a bare child-process start of
    `dotnet --version` for the start time, and 1,000 unsigned HTTP GETs of the sandbox's info page for the calls.
    Prints figures and ratios; asserts nothing.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Calls = 1000
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[int][Math]::Floor($Values.Count / 2)] }

$dotnet = (Get-Command dotnet).Source
$baselineStart = foreach ($i in 1..3) { (Measure-Command { & $dotnet --version | Out-Null }).TotalMilliseconds }
$starts = foreach ($i in 1..3) {
    $ms = (Measure-Command { $s = Start-EksSsoSandbox -NoEnvironment }).TotalMilliseconds
    Stop-EksSsoSandbox $s -Remove
    $ms
}

$sandbox = Start-EksSsoSandbox
try {
    $http = [System.Net.Http.HttpClient]::new()
    $info = "$($sandbox.Endpoint)/_sandbox/info"
    $null = $http.GetStringAsync($info).GetAwaiter().GetResult()
    $null = Get-EksSsoCallerIdentity
    $baseline = (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { $null = $http.GetStringAsync($info).GetAwaiter().GetResult() } }).TotalMilliseconds
    $module = (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { $null = Get-EksSsoCallerIdentity } }).TotalMilliseconds
}
finally {
    Stop-EksSsoSandbox $sandbox -Remove
}

'{0,-62} {1,10}' -f 'Benchmark', 'ms'
'{0,-62} {1,10:N1}' -f 'baseline: dotnet --version child process (median of 3)', (Get-Median $baselineStart)
'{0,-62} {1,10:N1}' -f 'Start-EksSsoSandbox until ready (median of 3; target < 2000)', (Get-Median $starts)
'{0,-62} {1,10:N3}' -f 'ratio sandbox start / dotnet --version', ((Get-Median $starts) / (Get-Median $baselineStart))
'{0,-62} {1,10:N1}' -f "baseline: $Calls unsigned GETs of /_sandbox/info", $baseline
'{0,-62} {1,10:N1}' -f "$Calls sequential Get-EksSsoCallerIdentity (target < 10000)", $module
'{0,-62} {1,10:N3}' -f 'ratio module calls / bare HTTP GETs', ($module / $baseline)
'{0,-62} {1,10:N2}' -f 'ms per Get-EksSsoCallerIdentity', ($module / $Calls)
