using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>One cluster's API endpoint: Kestrel on 127.0.0.1 serving HTTPS (HTTP/1.1 and HTTP/2) with the cluster's serving certificate.</summary>
internal sealed class KubeClusterListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private int _disposed;

    private KubeClusterListener(WebApplication app, X509Certificate2 certificate, int port)
    {
        _app = app;
        _certificate = certificate;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts listening on <paramref name="preferredPort"/> when it is free, else on a free port. Blocks until Kestrel
    /// listens: the caller reports the endpoint right after, and a client may connect at once.
    /// </summary>
    public static KubeClusterListener Start(int preferredPort, X509Certificate2 certificate, RequestDelegate handler)
    {
        if (preferredPort > 0)
        {
            try
            {
                return StartOn(preferredPort, certificate, handler);
            }
            catch (IOException)
            {
                // Taken by something else since the sandbox last ran: a new port, and DescribeCluster says which.
            }
        }

        return StartOn(0, certificate, handler);
    }

    private static KubeClusterListener StartOn(int port, X509Certificate2 certificate, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });
        var app = builder.Build();
        app.Run(handler);
        try
        {
            // Called under the sandbox lock from a synchronous handler (DescribeCluster): Kestrel's start needs
            // neither the lock nor a synchronisation context.
            Task.Run(() => app.StartAsync()).GetAwaiter().GetResult();
        }
        catch
        {
            Task.Run(async () => await app.DisposeAsync()).GetAwaiter().GetResult();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KubeClusterListener(app, certificate, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }
}
