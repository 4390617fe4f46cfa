using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// Typed service state kept in <see cref="State.SandboxState.Global"/>: deserialised at the start of a request and
/// written back only when the handler succeeds, so a failed request leaves no half-applied change behind.
/// </summary>
internal static class ServiceState
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static T Load<T>(SandboxHost host, string key)
        where T : class, new() =>
        host.State.Global.TryGetValue(key, out var node) ? node.Deserialize<T>(s_options) ?? new T() : new T();

    public static void Save<T>(SandboxHost host, string key, T value)
        where T : class =>
        host.State.Global[key] = JsonSerializer.SerializeToNode(value, s_options)!.AsObject();

    /// <summary>Secrets (tokens, device codes, client secrets) are kept only as hashes so a state dump leaks nothing usable.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Drops null members (optional output members the handler left unset), all the way down.</summary>
    public static JsonObject? Compact(JsonObject? output)
    {
        if (output is not null)
        {
            CompactNode(output);
        }

        return output;
    }

    /// <summary>
    /// An integer member. The codec reads every integer as a long, which <see cref="OperationContext.Int"/> does not
    /// accept (JsonValue.TryGetValue&lt;int&gt; fails on a long), so this reads either.
    /// </summary>
    public static int? Int(OperationContext ctx, string member) => ctx.Input[member] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    /// <summary>A string from a JSON node without throwing on other kinds (document members may hold anything).</summary>
    public static string? AsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void CompactNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    CompactNode(value!);
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    CompactNode(item);
                }

                break;
        }
    }
}

