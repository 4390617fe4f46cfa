using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services;

/// <summary>
/// Numbers from the model codec arrive as <c>long</c> (JSON and query parsers alike), which
/// <see cref="JsonValue.TryGetValue{T}(out T)"/> will not hand out as <c>int</c>; these accept any numeric backing.
/// </summary>
internal static class InputValues
{
    public static int? Integer(this OperationContext ctx, string member) => Int(ctx.Input[member]);

    public static int? Int(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l is >= int.MinValue and <= int.MaxValue ? (int)l : null;
        }

        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        return value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) ? n : null;
    }
}
