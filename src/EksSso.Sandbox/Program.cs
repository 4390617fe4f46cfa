using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

SandboxOptions options;
try
{
    options = SandboxOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var host = SandboxHost.Create(options);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
var app = builder.Build();
var pipeline = new SandboxPipeline(host);
app.Run(pipeline.HandleAsync);
await app.StartAsync();

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var admin = host.AdminKey;

// One JSON line on stdout: Start-EksSsoSandbox reads it; a person running the sandbox by hand reads it too.
// These are sandbox-only credentials; they open nothing outside this process.
Console.WriteLine(new JsonObject
{
    ["endpoint"] = address,
    ["region"] = host.State.HomeRegion,
    ["managementAccountId"] = host.State.ManagementAccountId,
    ["accessKeyId"] = admin.AccessKeyId,
    ["secretAccessKey"] = admin.SecretAccessKey,
    ["stateDirectory"] = options.StateDirectory,
    ["processId"] = Environment.ProcessId,
}.ToJsonString());
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;
