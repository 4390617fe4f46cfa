# Dot-source: how to start a fresh pwsh like the current one (a dotnet local tool runs as "dotnet pwsh.dll").
function Get-PwshInvocation {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        return , @($exe, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($exe)
}

function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $Command)
    $invocation = Get-PwshInvocation
    $exe = $invocation[0]
    $prefix = @($invocation | Select-Object -Skip 1)
    & $exe @prefix -NoProfile -NonInteractive -Command $Command
}
