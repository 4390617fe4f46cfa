using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>Watch streams of one cluster: every write the store records is offered to the watchers it matches.</summary>
internal sealed class KubeWatchHub
{
    private readonly Lock _lock = new();
    private readonly List<KubeWatcher> _watchers = [];

    public KubeWatcher Subscribe(KubeResource resource, string? ns, Func<JsonObject, bool> filter)
    {
        var watcher = new KubeWatcher(resource, ns, filter);
        lock (_lock)
        {
            _watchers.Add(watcher);
        }

        return watcher;
    }

    public void Unsubscribe(KubeWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }

        watcher.Events.Writer.TryComplete();
    }

    public void Publish(IEnumerable<(string Type, KubeResource Resource, JsonObject Object)> events)
    {
        List<KubeWatcher> watchers;
        lock (_lock)
        {
            watchers = [.. _watchers];
        }

        foreach (var (type, resource, obj) in events)
        {
            foreach (var watcher in watchers.Where(w => w.Resource == resource && (w.Namespace is null || KubeObjectStore.Namespace(obj) == w.Namespace) && w.Filter(obj)))
            {
                watcher.Events.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() });
            }
        }
    }

    /// <summary>Ends every stream (the listener is stopping).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Events.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }
}

internal sealed class KubeWatcher(KubeResource resource, string? ns, Func<JsonObject, bool> filter)
{
    public KubeResource Resource { get; } = resource;

    public string? Namespace { get; } = ns;

    public Func<JsonObject, bool> Filter { get; } = filter;

    public Channel<JsonObject> Events { get; } = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
}
