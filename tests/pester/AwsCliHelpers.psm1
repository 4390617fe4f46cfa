# Drives the sandbox with the real AWS CLI v2 (/usr/bin/aws, 2.9.19 from Debian) for the AwsCli.*.Tests.ps1 files.
#
# Every call runs `/usr/bin/aws --endpoint-url <sandbox> --output json <args>` as a child process. The arguments go
# through ProcessStartInfo.ArgumentList, so JSON documents and values with commas or quotes reach the CLI unchanged
# (no PowerShell native-argument quoting). Another identity is used for one call only: its keys go into that child's
# environment, never into this session's, so there is nothing to restore afterwards.
#
# From a test, Invoke-Aws and friends take the CLI arguments as they are typed after `aws`. Quote any argument with
# a comma ('Key=a,Value=b'): unquoted, PowerShell makes a,b an array, which goes to the CLI as two arguments.
#
# AWS CLI 2.9.19 does not honour AWS_ENDPOINT_URL, hence --endpoint-url on every call. The CLI (not AWS) is the slow
# part of these tests: Debian's package ships no bytecode and the environment sets PYTHONDONTWRITEBYTECODE, so each
# call would recompile botocore. The child gets PYTHONPYCACHEPREFIX instead: a bytecode cache in the temp directory,
# outside the system and the repository, which halves the start-up time of every call after the first.
Set-StrictMode -Version Latest

$script:AwsExe = '/usr/bin/aws'
$script:Endpoint = $null
$script:TimeoutMilliseconds = 120000
$script:PyCache = Join-Path ([IO.Path]::GetTempPath()) "eksso-awscli-pycache-$([Environment]::UserName)"
$script:ErrorPattern = [regex] '(?s)An error occurred \((?<code>[^)]+)\)(?: \(reached max retries: \d+\))? when calling the (?<op>\w+) operation(?: \([^)]*\))?: (?<message>.*)'

function Initialize-AwsCli {
    <# Sets the sandbox endpoint every later call passes with --endpoint-url. #>
    param([Parameter(Mandatory)] [string] $Endpoint)
    if (-not (Test-Path $script:AwsExe)) { throw "The AWS CLI v2 is not at $script:AwsExe." }
    $script:Endpoint = $Endpoint.TrimEnd('/')
}

function ConvertTo-AwsArgumentList {
    # Flattens what a simple function receives in $args: an unquoted a,b in command mode arrives as an array.
    param([object[]] $Arguments)
    foreach ($a in $Arguments) {
        if ($a -is [System.Collections.IEnumerable] -and $a -isnot [string]) { foreach ($x in $a) { [string] $x } }
        else { [string] $a }
    }
}

function Split-AwsOption {
    # Reads the helper's own leading options off $args: "-As <credentials>" (act as another identity for this call)
    # and "-ExpectError" (Invoke-AwsParallel: the call must fail; return its error). The rest goes to the CLI.
    param([object[]] $Arguments)
    $identity = $null
    $expectError = $false
    $i = 0
    while ($i -lt $Arguments.Count -and $Arguments[$i] -is [string]) {
        if ($Arguments[$i] -eq '-As' -and $i + 1 -lt $Arguments.Count) { $identity = $Arguments[$i + 1]; $i += 2 }
        elseif ($Arguments[$i] -eq '-ExpectError') { $expectError = $true; $i++ }
        else { break }
    }
    $rest = if ($i -lt $Arguments.Count) { $Arguments[$i..($Arguments.Count - 1)] } else { @() }
    [pscustomobject]@{ Identity = $identity; ExpectError = $expectError; Arguments = [string[]] @(ConvertTo-AwsArgumentList $rest) }
}

function Start-AwsCli {
    # Starts one CLI process; Complete-AwsCli collects it. Apart so that Invoke-AwsParallel can overlap calls.
    param([string[]] $Arguments, [object] $Credential)
    if (-not $script:Endpoint) { throw 'Call Initialize-AwsCli -Endpoint <sandbox endpoint> first.' }
    $psi = [System.Diagnostics.ProcessStartInfo]::new($script:AwsExe)
    foreach ($a in @('--endpoint-url', $script:Endpoint, '--output', 'json', '--no-cli-pager') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment.Remove('PYTHONDONTWRITEBYTECODE') | Out-Null
    $psi.Environment['PYTHONPYCACHEPREFIX'] = $script:PyCache
    $psi.Environment['AWS_PAGER'] = ''
    # One attempt: a throttle or 5xx from the sandbox shows up as a failure instead of being retried away.
    $psi.Environment['AWS_RETRY_MODE'] = 'standard'
    $psi.Environment['AWS_MAX_ATTEMPTS'] = '1'
    if ($Credential) {
        # This call only: the child's environment, not this session's.
        $psi.Environment['AWS_ACCESS_KEY_ID'] = [string] $Credential.AccessKeyId
        $psi.Environment['AWS_SECRET_ACCESS_KEY'] = [string] $Credential.SecretAccessKey
        $token = if ($Credential.PSObject.Properties['SessionToken']) { [string] $Credential.SessionToken } else { '' }
        if ($token) { $psi.Environment['AWS_SESSION_TOKEN'] = $token } else { $psi.Environment.Remove('AWS_SESSION_TOKEN') | Out-Null }
    }

    $process = [System.Diagnostics.Process]::Start($psi)
    [pscustomobject]@{
        Process     = $process
        Stdout      = $process.StandardOutput.ReadToEndAsync()
        Stderr      = $process.StandardError.ReadToEndAsync()
        CommandLine = "aws $($Arguments -join ' ')"
    }
}

function Complete-AwsCli {
    param([Parameter(Mandatory)] $Started)
    if (-not $Started.Process.WaitForExit($script:TimeoutMilliseconds)) {
        $Started.Process.Kill($true)
        throw "$($Started.CommandLine) did not finish within $($script:TimeoutMilliseconds / 1000) s."
    }
    $Started.Process.WaitForExit()
    $result = [pscustomobject]@{
        ExitCode    = $Started.Process.ExitCode
        Stdout      = $Started.Stdout.GetAwaiter().GetResult()
        Stderr      = $Started.Stderr.GetAwaiter().GetResult()
        CommandLine = $Started.CommandLine
    }
    $Started.Process.Dispose()
    $result
}

function Invoke-AwsCli {
    <#
    .SYNOPSIS
        Runs the AWS CLI once; returns ExitCode, Stdout, Stderr and the command line (for messages).
    .PARAMETER Credential
        Keys to act with for this call only: an object with AccessKeyId, SecretAccessKey and optionally SessionToken
        (the Credentials of `sts assume-role` fit). Without it the CLI uses the default profile (the sandbox admin).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Arguments,
        [object] $Credential
    )
    Complete-AwsCli (Start-AwsCli -Arguments $Arguments -Credential $Credential)
}

function ConvertFrom-AwsCliResult {
    param([Parameter(Mandatory)] $Result)
    if ($Result.ExitCode -ne 0) {
        throw "$($Result.CommandLine) failed with exit code $($Result.ExitCode): $($Result.Stderr.Trim())"
    }

    if ([string]::IsNullOrWhiteSpace($Result.Stdout)) { return $null }
    $Result.Stdout | ConvertFrom-Json -Depth 20
}

function Invoke-Aws {
    <#
    .SYNOPSIS
        aws <args> against the sandbox; returns the parsed JSON output ($null when the command prints nothing) or
        throws with the CLI's stderr.
    .EXAMPLE
        Invoke-Aws iam get-role --role-name demo
        Invoke-Aws -As $assumed.Credentials sts get-caller-identity
    #>
    $call = Split-AwsOption $args
    ConvertFrom-AwsCliResult (Invoke-AwsCli -Arguments $call.Arguments -Credential $call.Identity)
}

function Invoke-AwsParallel {
    <#
    .SYNOPSIS
        Runs independent CLI calls at the same time (each an argument list as Invoke-Aws takes it, "-As" included);
        returns their parsed outputs in order. A call marked "-ExpectError" must fail: its entry is the error
        (Code, Operation, Message) as Get-AwsError returns it. Throws if a call does not end as expected.
    .EXAMPLE
        $vpcs, $subnets = Invoke-AwsParallel @('ec2', 'describe-vpcs') @('ec2', 'describe-subnets')
        $policy, $conflict = Invoke-AwsParallel @('iam', 'get-policy', '--policy-arn', $arn) @('-ExpectError', 'iam', 'delete-role', '--role-name', 'r')
    #>
    $calls = foreach ($call in $args) { Split-AwsOption @($call) }
    $started = foreach ($c in $calls) { Start-AwsCli -Arguments $c.Arguments -Credential $c.Identity }
    $results = foreach ($s in $started) { Complete-AwsCli $s }
    for ($i = 0; $i -lt @($calls).Count; $i++) {
        if (@($calls)[$i].ExpectError) { ConvertFrom-AwsCliError @($results)[$i] } else { ConvertFrom-AwsCliResult @($results)[$i] }
    }
}

function ConvertFrom-AwsCliError {
    param([Parameter(Mandatory)] $Result)
    $r = $Result
    if ($r.ExitCode -eq 0) { throw "$($r.CommandLine) was expected to fail but succeeded: $($r.Stdout.Trim())" }
    $m = $script:ErrorPattern.Match($r.Stderr)
    if (-not $m.Success) { throw "$($r.CommandLine) failed (exit code $($r.ExitCode)) without an AWS error: $($r.Stderr.Trim())" }
    [pscustomobject]@{
        Code      = $m.Groups['code'].Value
        Operation = $m.Groups['op'].Value
        Message   = $m.Groups['message'].Value.Trim()
        Stderr    = $r.Stderr
    }
}

function Get-AwsError {
    <#
    .SYNOPSIS
        Runs a command that must fail; returns Code, Operation, Message and the raw Stderr. Throws if it succeeds
        or fails without an AWS error (for example a CLI parameter error).
    #>
    $call = Split-AwsOption $args
    ConvertFrom-AwsCliError (Invoke-AwsCli -Arguments $call.Arguments -Credential $call.Identity)
}

function Invoke-AwsError {
    <#
    .SYNOPSIS
        Runs a command that must fail; returns the AWS error code the CLI printed
        ("An error occurred (CODE) when calling the OP operation: message"). Get-AwsError also gives the message.
    #>
    (Get-AwsError @args).Code
}

function Wait-AwsState {
    <#
    .SYNOPSIS
        Polls a script block until its result satisfies the condition (default: truthy); returns the last result.
        Throws after the timeout with the last result, so a state that never comes reads clearly.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Poll,
        [scriptblock] $Until = { $_ },
        [double] $TimeoutSeconds = 10,
        [int] $IntervalMilliseconds = 100,
        [string] $Because = 'the awaited state'
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $result = & $Poll
        if (@($result | Where-Object $Until).Count -gt 0) { return $result }
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "Timed out after $TimeoutSeconds s waiting for $Because; last result: $($result | ConvertTo-Json -Depth 8 -Compress)"
        }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
}

function New-AwsCredential {
    <# Credentials for -As: from an `sts assume-role` Credentials object or from plain keys. #>
    param(
        [Parameter(Mandatory)] [string] $AccessKeyId,
        [Parameter(Mandatory)] [string] $SecretAccessKey,
        [string] $SessionToken
    )
    [pscustomobject]@{ AccessKeyId = $AccessKeyId; SecretAccessKey = $SecretAccessKey; SessionToken = $SessionToken }
}

function Get-SandboxAdminCredential {
    <# The admin keys Start-EksSsoSandbox wrote to the default profile (AWS_SHARED_CREDENTIALS_FILE). #>
    $file = $env:AWS_SHARED_CREDENTIALS_FILE
    if (-not $file -or -not (Test-Path $file)) { throw 'AWS_SHARED_CREDENTIALS_FILE does not point at the sandbox credentials.' }
    $values = @{}
    foreach ($line in Get-Content $file) {
        if ($line -match '^\s*(aws_access_key_id|aws_secret_access_key)\s*=\s*(\S+)') { $values[$Matches[1]] = $Matches[2] }
    }
    New-AwsCredential -AccessKeyId $values['aws_access_key_id'] -SecretAccessKey $values['aws_secret_access_key']
}

Export-ModuleMember -Function Initialize-AwsCli, Invoke-AwsCli, Invoke-Aws, Invoke-AwsParallel, Get-AwsError, Invoke-AwsError, Wait-AwsState, New-AwsCredential, Get-SandboxAdminCredential
