# A scripted stand-in for an AWS endpoint, for tests that need a local HTTP address before the sandbox exists.
# It answers by rule (Query Action or JSON X-Amz-Target) and records every request it receives.
Set-StrictMode -Version Latest

function Start-FakeAwsEndpoint {
    param(
        # Rules: key = Query Action or X-Amz-Target; value = @{ Status = 200; ContentType = ...; Body = '...' }
        [Parameter(Mandatory)] [hashtable] $Rules
    )
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $requests = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
            param($listener, $rules, $requests)
            while ($listener.IsListening) {
                try { $ctx = $listener.GetContext() } catch { break }
                $req = $ctx.Request
                $reader = [System.IO.StreamReader]::new($req.InputStream)
                $body = $reader.ReadToEnd()
                $key = $req.Headers['X-Amz-Target']
                if (-not $key -and $body -match '(?:^|&)Action=([^&]+)') { $key = $Matches[1] }
                $requests.Enqueue([pscustomobject]@{
                        Method        = $req.HttpMethod
                        Path          = $req.Url.AbsolutePath
                        Key           = $key
                        Authorization = $req.Headers['Authorization']
                        SecurityToken = $req.Headers['X-Amz-Security-Token']
                        Body          = $body
                    })
                $rule = if ($key -and $rules.ContainsKey($key)) { $rules[$key] } else { @{ Status = 400; ContentType = 'application/json'; Body = '{"__type":"UnknownOperationException","message":"no rule for ' + $key + '"}' } }
                $ctx.Response.StatusCode = $rule.Status
                $ctx.Response.ContentType = $rule.ContentType
                $ctx.Response.Headers.Add('x-amzn-RequestId', 'req-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
                $bytes = [Text.Encoding]::UTF8.GetBytes($rule.Body)
                $ctx.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $ctx.Response.Close()
            }
        }).AddArgument($listener).AddArgument($Rules).AddArgument($requests)
    $handle = $ps.BeginInvoke()
    [pscustomobject]@{ Url = "http://127.0.0.1:$port"; Listener = $listener; PowerShell = $ps; Handle = $handle; Requests = $requests }
}

function Stop-FakeAwsEndpoint {
    param([Parameter(Mandatory)] $Endpoint)
    $Endpoint.Listener.Stop()
    $Endpoint.Listener.Close()
    $null = $Endpoint.PowerShell.EndInvoke($Endpoint.Handle)
    $Endpoint.PowerShell.Dispose()
}

function New-QueryReply {
    param([string] $Action, [string] $ResultXml, [string] $Namespace = 'https://sts.amazonaws.com/doc/2011-06-15/')
    @{ Status = 200; ContentType = 'text/xml'; Body = "<${Action}Response xmlns=`"$Namespace`"><${Action}Result>$ResultXml</${Action}Result><ResponseMetadata><RequestId>query-$Action</RequestId></ResponseMetadata></${Action}Response>" }
}

function New-QueryError {
    param([int] $Status, [string] $Code, [string] $Message)
    @{ Status = $Status; ContentType = 'text/xml'; Body = "<ErrorResponse><Error><Type>Sender</Type><Code>$Code</Code><Message>$Message</Message></Error><RequestId>err-$Code</RequestId></ErrorResponse>" }
}

function New-JsonReply {
    param([int] $Status = 200, [string] $Body)
    @{ Status = $Status; ContentType = 'application/x-amz-json-1.1'; Body = $Body }
}

Export-ModuleMember -Function Start-FakeAwsEndpoint, Stop-FakeAwsEndpoint, New-QueryReply, New-QueryError, New-JsonReply
