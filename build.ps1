#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages and benchmarks the EksSso module.
.DESCRIPTION
    Tasks:
      Build    lays out an importable module at out/EksSso (psd1, format file, cmdlet dll, Dependencies/, en-US help)
      Test     Build, then xunit and Pester; ends with one line "N passed, N failed[, N skipped]" over both
      Package  Build, then writes out/packages/EksSso.<version>.nupkg (installable with Install-PSResource)
      Bench    Build, then prints benchmark figures (module import over bare pwsh start; token helper against aws eks get-token)
      Demo     Build, then the full quick-start (examples/quickstart.ps1) against the embedded sandbox, twice
      Sandbox  Build, then runs the local AWS stand-in in the foreground (prints endpoint and admin credentials)
.EXAMPLE
    dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Bench', 'Demo', 'Sandbox')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Package/Bench: use the module already in out/EksSso.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'EksSso'
. (Join-Path $root 'tools/PwshProcess.ps1')

function Invoke-Native {
    param([string] $Exe, [string[]] $Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-Version {
    ([xml](Get-Content (Join-Path $root 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Build {
    $version = Get-Version
    $staging = Join-Path $out 'staging'
    Remove-Item $moduleDir, $staging -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/EksSso.Engine/EksSso.Engine.csproj'), '-c', $Configuration, '-o', (Join-Path $staging 'engine'), '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('build', (Join-Path $root 'src/EksSso/EksSso.csproj'), '-c', $Configuration, '-o', (Join-Path $staging 'cmdlets'), '--nologo', '-v', 'quiet')

    $deps = New-Item -ItemType Directory -Force (Join-Path $moduleDir 'Dependencies')
    Copy-Item (Join-Path $staging 'cmdlets/EksSso.dll') $moduleDir
    # Everything the engine needs goes to Dependencies/, loaded by the module's own AssemblyLoadContext.
    Get-ChildItem (Join-Path $staging 'engine') -File |
        Where-Object { $_.Extension -eq '.dll' -and $_.Name -ne 'EksSso.dll' } |
        Copy-Item -Destination $deps
    # The sandbox server ships inside the module: Start-EksSsoSandbox runs it as a child process.
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/EksSso.Sandbox/EksSso.Sandbox.csproj'), '-c', $Configuration, '-o', (Join-Path $moduleDir 'Sandbox'), '--nologo', '-v', 'quiet')
    Publish-TokenHelper (Join-Path $moduleDir 'TokenHelper')
    Copy-Item (Join-Path $root 'EksSso*.Format.ps1xml') $moduleDir
    $manifest = Get-Content (Join-Path $root 'EksSso.psd1') -Raw
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content (Join-Path $moduleDir 'EksSso.psd1') $manifest -NoNewline
    $null = & (Join-Path $root 'tools/Build-Help.ps1') -Source (Join-Path $root 'docs/en-US') -Destination (Join-Path $moduleDir 'en-US') -ModuleName EksSso -CmdletAssemblyName EksSso.dll
    Remove-Item $staging -Recurse -Force
    Write-Host "Built EksSso $version at $moduleDir"
}

function Publish-TokenHelper([string] $Destination) {
    # kubectl's exec plugin: NativeAOT where this machine can link it (milliseconds per call), else framework-dependent.
    $project = Join-Path $root 'src/EksSso.TokenHelper/EksSso.TokenHelper.csproj'
    & dotnet publish $project -c $Configuration -o $Destination --nologo -v quiet
    if ($LASTEXITCODE -ne 0) {
        Write-Warning 'NativeAOT publishing of the token helper failed; publishing it framework-dependent instead.'
        Remove-Item $Destination -Recurse -Force -ErrorAction Ignore
        Invoke-Native dotnet @('publish', $project, '-c', $Configuration, '-o', $Destination, '--nologo', '-v', 'quiet', '-p:PublishAot=false', '-p:PublishReadyToRun=true', '--self-contained', 'false')
    }
    # Symbols stay out of the module.
    Get-ChildItem $Destination -File | Where-Object { $_.Extension -in '.dbg', '.pdb' } | Remove-Item
}

function Install-TestTools {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tools/TestDependencies.csproj'), '--nologo', '-v', 'quiet')
    $packages = Get-NuGetPackageRoot
    $pester = Join-Path $root 'tools/Pester'
    if (-not (Test-Path (Join-Path $pester 'Pester.psd1'))) {
        Remove-Item $pester -Recurse -Force -ErrorAction Ignore
        Copy-Item (Join-Path $packages 'pester/5.7.1/tools') $pester -Recurse
    }
    $env:EKSSSO_AWSSDK37_PATH = Join-Path $packages 'awssdk.core/3.7.501.1/lib/net8.0/AWSSDK.Core.dll'
}

function Invoke-Test {
    Invoke-Build
    Install-TestTools
    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $results | Out-Null

    # xunit: every test project of the solution (engine, conformance, cmdlets in-process, sandbox).
    $trxDir = Join-Path $results 'xunit'
    & dotnet test (Join-Path $root 'EksSso.sln') -c $Configuration --nologo `
        --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $trxDir
    $xunit = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $trxFiles = @(Get-ChildItem $trxDir -Filter '*.trx' -ErrorAction Ignore)
    $expectedProjects = @(Get-ChildItem (Join-Path $root 'tests') -Filter '*.Tests.csproj' -Recurse).Count
    foreach ($trx in $trxFiles) {
        # Count test results, not the summary counters: the trx summary leaves skipped tests out of notExecuted.
        $outcomes = @(([xml](Get-Content $trx.FullName -Raw)).TestRun.Results.UnitTestResult | ForEach-Object outcome)
        $passed = @($outcomes | Where-Object { $_ -eq 'Passed' }).Count
        $skipped = @($outcomes | Where-Object { $_ -eq 'NotExecuted' }).Count
        $xunit.Passed += $passed
        $xunit.Skipped += $skipped
        $xunit.Failed += $outcomes.Count - $passed - $skipped
    }
    if ($trxFiles.Count -lt $expectedProjects) {
        # A test project that did not build or crashed leaves no results: count it as a failure, never as nothing.
        $xunit.Failed += $expectedProjects - $trxFiles.Count
        Write-Host "xunit: $($trxFiles.Count) of $expectedProjects test projects produced results" -ForegroundColor Red
    }

    # Pester: the built module, each file in a fresh pwsh.
    $pesterJson = Join-Path $results 'pester.json'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$root/tools/Pester/Pester.psd1' -RequiredVersion 5.7.1
`$c = New-PesterConfiguration
`$c.Run.Path = '$root/tests/pester'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Normal'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputPath = '$results/pester.xml'
`$r = Invoke-Pester -Configuration `$c
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount; Skipped = `$r.SkippedCount } | ConvertTo-Json | Set-Content '$pesterJson'
"@
    $env:EKSSSO_MODULE_PATH = $moduleDir
    Invoke-FreshPwsh -Command $script
    $pester = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    $line = "$passed passed, $failed failed" + $(if ($skipped) { ", $skipped skipped" } else { '' })
    Write-Output $line
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $packages = New-Item -ItemType Directory -Force (Join-Path $out 'packages')
    $repoName = 'EksSsoBuild'
    Unregister-PSResourceRepository -Name $repoName -ErrorAction Ignore
    Register-PSResourceRepository -Name $repoName -Uri $packages.FullName -Trusted
    try {
        Get-ChildItem $packages -Filter 'EksSso.*.nupkg' | Remove-Item
        Publish-PSResource -Path $moduleDir -Repository $repoName
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
    }
    Get-ChildItem $packages -Filter 'EksSso.*.nupkg' | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Invoke-Bench {
    if (-not $NoBuild) { Invoke-Build }
    & (Join-Path $root 'tools/Measure-Import.ps1') -ModulePath $moduleDir
    ''
    Invoke-FreshPwsh -Command "& '$root/tools/Measure-Sandbox.ps1' -ModulePath '$moduleDir'"
    ''
    Invoke-FreshPwsh -Command "& '$root/tools/Measure-Tokens.ps1' -ModulePath '$moduleDir'"
}

function Invoke-Demo {
    if (-not $NoBuild) { Invoke-Build }
    # The full quick-start against a fresh sandbox, twice (examples/demo.ps1 runs examples/quickstart.ps1).
    Invoke-FreshPwsh -Command "& '$root/examples/demo.ps1'"
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Sandbox {
    if (-not $NoBuild) { Invoke-Build }
    Write-Host 'EksSso sandbox: the first line below has its endpoint and the administrator''s sandbox credentials. Ctrl+C stops it.'
    & dotnet (Join-Path $moduleDir 'Sandbox/EksSso.Sandbox.dll')
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Demo' { Invoke-Demo }
    'Sandbox' { Invoke-Sandbox }
}
