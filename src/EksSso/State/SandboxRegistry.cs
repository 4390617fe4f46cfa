namespace EksSso.State;

/// <summary>
/// Sandboxes this process started. A plain static on purpose: a child process and the environment it rewired are
/// process-wide, so every runspace must see (and be able to stop) them.
/// </summary>
internal static class SandboxRegistry
{
    private static readonly List<EksSsoSandbox> s_sandboxes = [];

    public static IReadOnlyList<EksSsoSandbox> All
    {
        get
        {
            lock (s_sandboxes)
            {
                return [.. s_sandboxes];
            }
        }
    }

    public static EksSsoSandbox? EnvironmentOwner => All.FirstOrDefault(s => s.OwnsEnvironment && s.PreviousEnvironment is not null);

    public static void Add(EksSsoSandbox sandbox)
    {
        lock (s_sandboxes)
        {
            s_sandboxes.Add(sandbox);
        }
    }

    public static void Remove(EksSsoSandbox sandbox)
    {
        lock (s_sandboxes)
        {
            s_sandboxes.Remove(sandbox);
        }
    }
}
