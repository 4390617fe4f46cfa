using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EksSso.Tests.Cmdlets;

/// <summary>
/// A loopback HTTP endpoint answering Query-protocol calls (STS GetCallerIdentity by default, or whatever
/// <c>reply</c> returns for a form body) and recording each request's Authorization header.
/// </summary>
internal sealed class FakeStsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeStsServer(string account = "111122223333", Func<string, string>? reply = null)
    {
        reply ??= _ => $"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/test</Arn><UserId>AIDATEST</UserId><Account>{account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Authorizations.Enqueue(ctx.Request.Headers["Authorization"] ?? "");
                var form = await new StreamReader(ctx.Request.InputStream).ReadToEndAsync();
                var body = Encoding.UTF8.GetBytes(reply(form));
                ctx.Response.ContentType = "text/xml";
                ctx.Response.Headers.Add("x-amzn-RequestId", "fake-1");
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        });
    }

    public string Url { get; }

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public string LastAccessKey => Authorizations.Last().Split("Credential=")[1].Split('/')[0];

    public string LastRegion => Authorizations.Last().Split("Credential=")[1].Split('/')[2];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>A TCP port that accepts connections and never answers: a request to it hangs until cancelled.</summary>
internal sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];

    public SilentServer()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var c = await _listener.AcceptTcpClientAsync();
                    lock (_clients)
                    {
                        _clients.Add(c);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
    }

    public string Url { get; }

    public void Dispose()
    {
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }
    }
}
