<#
.SYNOPSIS
    Benchmark: what Import-Module EksSso adds to a fresh pwsh start, and the first call's engine load.
.DESCRIPTION
    Baseline and measurement run in this same script, alternating, so machine noise hits both alike.
    Prints medians and the ratio; it asserts nothing (a benchmark is not a test).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 7
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'PwshProcess.ps1')

function Measure-Run([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Invoke-FreshPwsh -Command $Command | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "pwsh exited $LASTEXITCODE running: $Command" }
    $sw.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# Warm-up: the first start pays for disk cache and tiered-JIT warm-up of pwsh itself.
Measure-Run 'exit 0' | Out-Null
Measure-Run "Import-Module '$ModulePath'" | Out-Null

# A second baseline: an empty manifest module, i.e. what PowerShell's own first Import-Module costs.
$empty = Join-Path ([IO.Path]::GetTempPath()) "eksso-bench-empty-$PID/Empty"
New-Item -ItemType Directory -Force $empty | Out-Null
Set-Content (Join-Path $empty 'Empty.psd1') "@{ ModuleVersion = '1.0'; GUID = '9a8b7c6d-0000-4000-8000-000000000001'; FunctionsToExport = @() }"
Measure-Run "Import-Module '$empty'" | Out-Null

$bare = [Collections.Generic.List[double]]::new()
$emptyImport = [Collections.Generic.List[double]]::new()
$import = [Collections.Generic.List[double]]::new()
$inProcess = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Runs; $i++) {
    $bare.Add((Measure-Run 'exit 0'))
    $emptyImport.Add((Measure-Run "Import-Module '$empty'"))
    $import.Add((Measure-Run "Import-Module '$ModulePath'"))
    $ms = Invoke-FreshPwsh -Command "(Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds"
    $inProcess.Add([double]($ms | Select-Object -Last 1))
}

# First AWS-facing call: loads the engine, AWSSDK.Core and friends into the module's load context.
$firstCall = Invoke-FreshPwsh -Command @"
Import-Module '$ModulePath'
`$env:AWS_ACCESS_KEY_ID = 'AKIDBENCHEXAMPLE'; `$env:AWS_SECRET_ACCESS_KEY = 'bench'; `$env:AWS_REGION = 'us-east-1'
`$env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; `$env:AWS_MAX_ATTEMPTS = '1'
(Measure-Command { try { Get-EksSsoCallerIdentity -ErrorAction Stop } catch { } }).TotalMilliseconds
"@

$bareMedian = Get-Median $bare
$importMedian = Get-Median $import
$added = $importMedian - $bareMedian
'{0,-52} {1,10}' -f 'Benchmark', 'median ms'
'{0,-52} {1,10:N1}' -f "bare pwsh start (baseline, $Runs runs)", $bareMedian
'{0,-52} {1,10:N1}' -f "pwsh start + Import-Module EksSso ($Runs runs)", $importMedian
'{0,-52} {1,10:N1}' -f 'Import-Module added over bare start (target < 150)', $added
'{0,-52} {1,10:N1}' -f "pwsh start + Import-Module of an empty module ($Runs runs)", (Get-Median $emptyImport)
'{0,-52} {1,10:N1}' -f 'EksSso import over the empty-module import', ($importMedian - (Get-Median $emptyImport))
'{0,-52} {1,10:N1}' -f 'Import-Module measured inside pwsh (Measure-Command)', (Get-Median $inProcess)
'{0,-52} {1,10:N1}' -f 'first AWS call incl. engine load (unreachable endpoint)', [double]($firstCall | Select-Object -Last 1)
'{0,-52} {1,10:N3}' -f 'ratio start+import / bare start', ($importMedian / $bareMedian)
Remove-Item (Split-Path $empty) -Recurse -Force -ErrorAction Ignore
