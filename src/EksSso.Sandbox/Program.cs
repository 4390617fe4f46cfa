using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

if (args.Length > 0 && args[0] == SandboxBrowser.Command)
{
    return await SandboxBrowser.RunAsync(args[1..], Console.Error);
}

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

await using var server = await SandboxServer.StartAsync(options);
var admin = server.Host.AdminKey;

// One JSON line on stdout: Start-EksSsoSandbox reads it; a person running the sandbox by hand reads it too.
// These are sandbox-only credentials; they open nothing outside this process.
Console.WriteLine(new JsonObject
{
    ["endpoint"] = server.Endpoint.GetLeftPart(UriPartial.Authority),
    ["region"] = server.Host.State.HomeRegion,
    ["managementAccountId"] = server.Host.State.ManagementAccountId,
    ["accessKeyId"] = admin.AccessKeyId,
    ["secretAccessKey"] = admin.SecretAccessKey,
    ["stateDirectory"] = options.StateDirectory,
    ["processId"] = Environment.ProcessId,
    ["timeScale"] = server.Host.Clock.TimeScale,
}.ToJsonString());
Console.Out.Flush();

await server.WaitForShutdownAsync();
return 0;
