using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace EksSso.State;

/// <summary>
/// The stack of Use-EksSsoContext scopes, one stack per runspace (never a plain static: two runspaces in one
/// process must not see each other's credentials).
/// </summary>
internal static class ContextScopes
{
    private static readonly ConditionalWeakTable<Runspace, Stack<EksSsoContext>> s_stacks = new();

    public static EksSsoContext? Innermost(Runspace? runspace) =>
        runspace is not null && s_stacks.TryGetValue(runspace, out var stack) && stack.Count > 0 ? stack.Peek() : null;

    public static IReadOnlyList<EksSsoContext> All(Runspace? runspace) =>
        runspace is not null && s_stacks.TryGetValue(runspace, out var stack) ? [.. stack] : [];

    public static void Push(Runspace runspace, EksSsoContext context) => s_stacks.GetOrCreateValue(runspace).Push(context);

    public static EksSsoContext? Pop(Runspace runspace) =>
        s_stacks.TryGetValue(runspace, out var stack) && stack.Count > 0 ? stack.Pop() : null;
}
