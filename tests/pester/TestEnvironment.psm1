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

Export-ModuleMember -Function Set-TestEnvironmentVariable, Save-TestEnvironment, Restore-TestEnvironment
