using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services;

/// <summary>
/// An integer nested inside an input structure (<c>scalingConfig.minSize</c>, <c>IpPermissions[].FromPort</c>):
/// the codec reads numbers as <c>long</c>, which <see cref="JsonValue.TryGetValue{T}(out T)"/> will not hand out
/// as <c>int</c>. Top-level members go through <see cref="OperationContext.Int"/>.
/// </summary>
internal static class InputValues
{
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
