using EksSso.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EksSso.Sandbox.Hosting;

/// <summary>The sandbox's HTTP listener on 127.0.0.1: used by the executable and, in-process, by tests.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, SandboxHost host, Uri endpoint)
    {
        _app = app;
        Host = host;
        Endpoint = endpoint;
    }

    public SandboxHost Host { get; }

    public Uri Endpoint { get; }

    public static async Task<SandboxServer> StartAsync(SandboxOptions options)
    {
        var host = SandboxHost.Create(options);
        host.KubernetesApi = new KubernetesApi(host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var pipeline = new SandboxPipeline(host);
        app.Run(pipeline.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);

        // Clusters that were serving when the state was saved serve again, with their CA and, if free, their port.
        await host.KubernetesApi.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, host, new Uri(address));
    }

    public Task WaitForShutdownAsync() => HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app);

    public async ValueTask DisposeAsync()
    {
        if (Host.KubernetesApi is { } kubernetes)
        {
            await kubernetes.DisposeAsync().ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
