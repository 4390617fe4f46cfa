using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace EksSso.Sandbox.Hosting;

/// <summary>
/// The control path AWS does not have, under /_sandbox/: info, reset, state dump (secrets redacted), request log,
/// fault injection, session-duration override, and service actions such as approve-authorization.
/// </summary>
public static class SandboxControls
{
    public static async Task HandleAsync(SandboxHost host, HttpContext http, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, byte[] body)
    {
        var method = http.Request.Method;
        var path = rawPath["/_sandbox/".Length..].TrimEnd('/');
        JsonObject input;
        try
        {
            input = body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? [];
        }
        catch (JsonException e)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = "Body is not JSON: " + e.Message });
            return;
        }

        try
        {
            JsonNode? result;
            lock (host.Gate)
            {
                result = (method, path) switch
                {
                    ("GET", "info") => Info(host, http),
                    ("POST", "reset") => Do(host.Reset),
                    ("GET", "state") => JsonNode.Parse(Redact(StateStore.Dump(host.State))),
                    ("GET", "requests") => host.Log.Summary(),
                    ("GET", "requests/entries") => JsonSerializer.SerializeToNode(host.Log.Entries),
                    ("DELETE", "requests") => Do(host.Log.Clear),
                    ("GET", "faults") => host.Faults.Describe(),
                    ("POST", "faults") => SetFault(host, input),
                    ("DELETE", "faults") => Do(host.Faults.Clear),
                    ("POST", "session-duration") => SetSessionDuration(host, input),
                    ("POST", _) when host.ControlActions.TryGetValue(path, out var action) => SaveAfter(host, action(input)),
                    _ => throw new KeyNotFoundException($"No sandbox control {method} /_sandbox/{path}."),
                };
            }

            await WriteAsync(http, 200, result ?? new JsonObject());
        }
        catch (KeyNotFoundException e)
        {
            await WriteAsync(http, 404, new JsonObject { ["error"] = e.Message });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or SandboxException)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = e.Message });
        }
    }

    private static JsonObject Info(SandboxHost host, HttpContext http) => new()
    {
        ["endpoint"] = $"http://{http.Request.Host}",
        ["region"] = host.State.HomeRegion,
        ["managementAccountId"] = host.State.ManagementAccountId,
        ["adminAccessKeyId"] = host.AdminKey.AccessKeyId,
        ["timeScale"] = host.Clock.TimeScale,
        ["stateDirectory"] = host.Options.StateDirectory,
        ["accounts"] = host.State.Accounts.Count,
    };

    private static JsonNode? Do(Action action)
    {
        action();
        return new JsonObject { ["ok"] = true };
    }

    private static JsonNode SaveAfter(SandboxHost host, JsonObject result)
    {
        host.Save();
        return result;
    }

    private static JsonNode SetFault(SandboxHost host, JsonObject input)
    {
        var service = input["service"]?.GetValue<string>() ?? "*";
        var operation = input["operation"]?.GetValue<string>() ?? "*";
        var rule = new FaultRule(
            input["throttleRate"]?.GetValue<double>() ?? 0,
            input["errorRate"]?.GetValue<double>() ?? 0,
            input["latencyMs"]?.GetValue<int>() ?? 0);
        if (rule.ThrottleRate is < 0 or > 1 || rule.ErrorRate is < 0 or > 1 || rule.LatencyMilliseconds < 0)
        {
            throw new ArgumentException("throttleRate and errorRate are between 0 and 1; latencyMs is not negative.");
        }

        host.Faults.Set(service, operation, rule);
        return host.Faults.Describe();
    }

    /// <summary>
    /// Every session issued from now on lasts this long: <c>seconds</c> of real time, or <c>simulatedSeconds</c> of
    /// sandbox time (scaled like every other AWS duration, so "15 minutes" ends while a scaled 20-minute creation
    /// runs); neither resets to the durations callers ask for.
    /// </summary>
    private static JsonNode SetSessionDuration(SandboxHost host, JsonObject input)
    {
        var seconds = input["simulatedSeconds"]?.GetValue<double?>() is { } simulated
            ? simulated * host.Clock.TimeScale
            : input["seconds"]?.GetValue<double?>();
        host.Options.SessionDurationOverride = seconds is { } s ? TimeSpan.FromSeconds(s) : null;
        return new JsonObject { ["sessionDurationSeconds"] = seconds };
    }

    /// <summary>The dump is for looking at, not for stealing: keys' secrets and tokens are masked.</summary>
    private static string Redact(string json)
    {
        var node = JsonNode.Parse(json)!;
        if (node["AccessKeys"] is JsonObject keys)
        {
            foreach (var (_, key) in keys)
            {
                if (key is JsonObject k)
                {
                    k["SecretAccessKey"] = "***";
                    if (k["SessionToken"] is not null)
                    {
                        k["SessionToken"] = "***";
                    }
                }
            }
        }

        MaskPrivateKeys(node);
        return node.ToJsonString();
    }

    /// <summary>Private keys anywhere in the state (cluster CAs) are masked too.</summary>
    private static void MaskPrivateKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (o[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
                    {
                        o[name] = "***";
                    }
                    else
                    {
                        MaskPrivateKeys(o[name]);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    MaskPrivateKeys(item);
                }

                break;
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonNode result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(result.ToJsonString()));
    }
}
