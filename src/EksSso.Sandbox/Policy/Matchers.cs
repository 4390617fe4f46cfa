namespace EksSso.Sandbox.Policy;

/// <summary>
/// The Action/NotAction list of a statement. Exact names go into a hash set because managed policies such as
/// ViewOnlyAccess list hundreds of them and every request probes every statement; only wildcard entries are scanned.
/// Actions compare case-insensitively, service prefix included.
/// </summary>
internal sealed class ActionMatcher
{
    private static readonly WildcardPattern[] s_none = [];

    private readonly bool _matchAll;
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);

    // Wildcard entries with a literal service prefix ("ec2:Describe*"), grouped by that prefix so a request only
    // scans its own service's patterns; ViewOnlyAccess alone has about a hundred of them.
    private readonly Dictionary<string, WildcardPattern[]> _byService;
    private readonly Dictionary<string, WildcardPattern[]>.AlternateLookup<ReadOnlySpan<char>> _byServiceLookup;

    // Wildcard entries whose service part is itself a wildcard ("*:Get*").
    private readonly WildcardPattern[] _other;

    public ActionMatcher(IEnumerable<string> actions)
    {
        var byService = new Dictionary<string, List<WildcardPattern>>(StringComparer.OrdinalIgnoreCase);
        var other = new List<WildcardPattern>();
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
            else if (action.IndexOf(':') is var colon and > 0 && action.AsSpan(0, colon).IndexOfAny('*', '?') < 0)
            {
                var service = action[..colon];
                if (!byService.TryGetValue(service, out var list))
                {
                    byService[service] = list = [];
                }

                list.Add(pattern);
            }
            else
            {
                other.Add(pattern);
            }
        }

        _byService = byService.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        _byServiceLookup = _byService.GetAlternateLookup<ReadOnlySpan<char>>();
        _other = [.. other];
    }

    public bool IsMatch(string action)
    {
        if (_matchAll || _exact.Contains(action))
        {
            return true;
        }

        var colon = action.IndexOf(':');
        var candidates = colon > 0 && _byServiceLookup.TryGetValue(action.AsSpan(0, colon), out var found) ? found : s_none;
        foreach (var pattern in candidates)
        {
            if (pattern.IsMatch(action, null))
            {
                return true;
            }
        }

        foreach (var pattern in _other)
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
