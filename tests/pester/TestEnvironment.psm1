# Setting an environment variable to $null through [Environment]::SetEnvironmentVariable from PowerShell binds
# $null as "" and leaves an EMPTY variable behind on Unix (which breaks, e.g., the AWS CLI's AWS_MAX_ATTEMPTS).
# Tests set and restore variables through these instead.
Set-StrictMode -Version Latest

function Set-TestEnvironmentVariable {
    # $Value is untyped on purpose: a [string] parameter would turn $null into "" as well.
    param([Parameter(Mandatory)] [string] $Name, [AllowNull()] [AllowEmptyString()] $Value)
    if ($null -eq $Value) { Remove-Item "Env:\$Name" -ErrorAction Ignore }
    else { Set-Item "Env:\$Name" $Value }
}

function Save-TestEnvironment {
    param([Parameter(Mandatory)] [string[]] $Name)
    $saved = [ordered]@{}
    foreach ($n in $Name) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    $saved
}

function Restore-TestEnvironment {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Saved)
    foreach ($n in @($Saved.Keys)) { Set-TestEnvironmentVariable -Name $n -Value $Saved[$n] }
}

function Get-WhatIfText {
    <# Runs a -WhatIf command: its output, and the text it showed (WhatIf messages go to the host only; a transcript records them). #>
    param([Parameter(Mandatory)] [scriptblock] $Command)
    $path = Join-Path ([IO.Path]::GetTempPath()) "eksso-whatif-$([guid]::NewGuid().ToString('n')).txt"
    $null = Start-Transcript -Path $path -UseMinimalHeader
    try { $result = & $Command } finally { $null = Stop-Transcript }
    try { [pscustomobject]@{ Output = $result; Text = ((Get-Content $path -Raw) -replace '\x1b\[[0-9;]*m', '') } }
    finally { Remove-Item $path -ErrorAction Ignore }
}

Export-ModuleMember -Function Set-TestEnvironmentVariable, Save-TestEnvironment, Restore-TestEnvironment, Get-WhatIfText
