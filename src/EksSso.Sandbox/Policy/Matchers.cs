namespace EksSso.Sandbox.Policy;

/// <summary>
/// The Action/NotAction list of a statement. Exact names go into a hash set because managed policies such as
/// ViewOnlyAccess list hundreds of them and every request probes every statement; only wildcard entries are scanned.
/// Actions compare case-insensitively, service prefix included.
/// </summary>
internal sealed class ActionMatcher
{
    private readonly bool _matchAll;
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly WildcardPattern[] _patterns;

    public ActionMatcher(IEnumerable<string> actions)
    {
        var patterns = new List<WildcardPattern>();
        foreach (var action in actions)
        {
            var pattern = WildcardPattern.Get(action, PatternOptions.Wildcards | PatternOptions.IgnoreCase);
            if (pattern.IsMatchAll)
            {
                _matchAll = true;
            }
            else if (pattern.LiteralText is { } literal)
            {
                _exact.Add(literal);
            }
            else
            {
                patterns.Add(pattern);
            }
        }

        _patterns = [.. patterns];
    }

    public bool IsMatch(string action)
    {
        if (_matchAll || _exact.Contains(action))
        {
            return true;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(action, null))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The Resource/NotResource list of a statement: case-sensitive globs where <c>*</c> spans <c>:</c> and <c>/</c>,
/// with policy variables substituted from the request context (version 2012-10-17 only).
/// </summary>
internal sealed class ResourceMatcher
{
    private readonly bool _matchAll;
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly WildcardPattern[] _patterns;

    public ResourceMatcher(IEnumerable<string> resources, bool variables)
    {
        var options = PatternOptions.Wildcards | (variables ? PatternOptions.Variables : PatternOptions.None);
        var patterns = new List<WildcardPattern>();
        foreach (var resource in resources)
        {
            var pattern = WildcardPattern.Get(resource, options);
            if (pattern.IsMatchAll)
            {
                _matchAll = true;
            }
            else if (pattern.LiteralText is { } literal)
            {
                _exact.Add(literal);
            }
            else
            {
                patterns.Add(pattern);
            }
        }

        _patterns = [.. patterns];
    }

    public bool IsMatch(string resource, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        if (_matchAll || _exact.Contains(resource))
        {
            return true;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(resource, context))
            {
                return true;
            }
        }

        return false;
    }
}
