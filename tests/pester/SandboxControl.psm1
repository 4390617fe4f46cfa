<#
    The sandbox's /_sandbox/ control endpoints for Pester tests: request log, fault injection, reset.
    Every function takes the endpoint of the running sandbox (default: $env:AWS_ENDPOINT_URL, which
    Start-EksSsoSandbox sets).
#>

function Invoke-SandboxControl {
    param(
        [Parameter(Mandatory)][string] $Path,
        [ValidateSet('GET', 'POST', 'DELETE')][string] $Method = 'GET',
        [hashtable] $Body,
        [string] $Endpoint = $env:AWS_ENDPOINT_URL
    )
    if (-not $Endpoint) { throw 'No sandbox endpoint: start a sandbox or pass -Endpoint.' }
    $params = @{ Uri = "$Endpoint/_sandbox/$Path"; Method = $Method }
    if ($Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress); $params.ContentType = 'application/json' }
    # Invoke-RestMethod writes a JSON array as one object: unroll it so callers get its items.
    Invoke-RestMethod @params | ForEach-Object { $_ }
}

function Clear-SandboxRequestLog {
    param([string] $Endpoint = $env:AWS_ENDPOINT_URL)
    $null = Invoke-SandboxControl -Path requests -Method DELETE -Endpoint $Endpoint
}

function Get-SandboxRequestLog {
    <# Every logged AWS request: Service, Operation, Caller, Status, ErrorCode, Mutating. #>
    param([string] $Endpoint = $env:AWS_ENDPOINT_URL, [switch] $Mutating)
    $entries = Invoke-SandboxControl -Path requests/entries -Endpoint $Endpoint
    # -Mutating: every attempted mutating call, whether it succeeded or not.
    if ($Mutating) { $entries = $entries | Where-Object Mutating }
    $entries
}

function Set-SandboxFault {
    param(
        [string] $Service = '*',
        [string] $Operation = '*',
        [double] $ThrottleRate = 0,
        [double] $ErrorRate = 0,
        [int] $LatencyMs = 0,
        [string] $Endpoint = $env:AWS_ENDPOINT_URL
    )
    $null = Invoke-SandboxControl -Path faults -Method POST -Endpoint $Endpoint -Body @{
        service = $Service; operation = $Operation; throttleRate = $ThrottleRate; errorRate = $ErrorRate; latencyMs = $LatencyMs
    }
}

function Clear-SandboxFault {
    param([string] $Endpoint = $env:AWS_ENDPOINT_URL)
    $null = Invoke-SandboxControl -Path faults -Method DELETE -Endpoint $Endpoint
}

Export-ModuleMember -Function Invoke-SandboxControl, Clear-SandboxRequestLog, Get-SandboxRequestLog, Set-SandboxFault, Clear-SandboxFault
