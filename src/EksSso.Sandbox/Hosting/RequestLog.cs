using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Hosting;

/// <summary>Every request the sandbox answered: for the control path's counts and for tests to assert on.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();

    public void Add(RequestLogEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > 10000 && _entries.TryDequeue(out _))
        {
        }
    }

    public void Clear() => _entries.Clear();

    public IReadOnlyList<RequestLogEntry> Entries => [.. _entries];

    public JsonObject Summary()
    {
        var entries = Entries;
        var byOperation = new JsonObject();
        foreach (var g in entries.GroupBy(e => $"{e.Service}:{e.Operation}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byOperation[g.Key] = g.Count();
        }

        var byCaller = new JsonObject();
        foreach (var g in entries.GroupBy(e => e.Caller ?? "(anonymous)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byCaller[g.Key] = g.Count();
        }

        return new JsonObject
        {
            ["total"] = entries.Count,
            ["mutating"] = entries.Count(e => e.Mutating),
            ["nonMutating"] = entries.Count(e => !e.Mutating),
            ["errors"] = entries.Count(e => e.ErrorCode is not null),
            ["byOperation"] = byOperation,
            ["byCaller"] = byCaller,
        };
    }
}

public sealed record RequestLogEntry(DateTimeOffset Time, string Service, string Operation, string? Caller, int Status, string? ErrorCode, bool Mutating, long Milliseconds);

/// <summary>Injected faults, per service and operation ("*" for all): throttling and 5xx rates, added latency.</summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, FaultRule> _rules = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string service, string operation, FaultRule rule) => _rules[$"{service}:{operation}"] = rule;

    public void Clear() => _rules.Clear();

    public FaultRule? For(string service, string operation) =>
        _rules.GetValueOrDefault($"{service}:{operation}") ?? _rules.GetValueOrDefault($"{service}:*") ?? _rules.GetValueOrDefault("*:*");

    public JsonArray Describe() => [.. _rules.Select(r => (JsonNode)new JsonObject
    {
        ["target"] = r.Key,
        ["throttleRate"] = r.Value.ThrottleRate,
        ["errorRate"] = r.Value.ErrorRate,
        ["latencyMs"] = r.Value.LatencyMilliseconds,
    })];
}

public sealed record FaultRule(double ThrottleRate, double ErrorRate, int LatencyMilliseconds);
