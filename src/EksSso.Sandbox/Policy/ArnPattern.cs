using System.Collections.Concurrent;

namespace EksSso.Sandbox.Policy;

/// <summary>
/// The ARN condition operators (ArnEquals, ArnLike and their negations, which IAM treats alike): the six
/// colon-separated parts are compared one by one, each a case-sensitive glob, so a <c>*</c> in the account part
/// cannot swallow the resource part. The resource part is everything after the fifth colon and may hold colons.
/// </summary>
internal sealed class ArnPattern
{
    private const int CacheLimit = 10_000;
    private const int Parts = 6;

    private static readonly ConcurrentDictionary<string, ArnPattern> s_cache = new(StringComparer.Ordinal);

    private readonly WildcardPattern[]? _parts;
    private readonly bool _matchAll;

    private ArnPattern(string text)
    {
        // A bare "*" is the one non-ARN value that still means "any ARN".
        _matchAll = text == "*";
        if (!_matchAll && Split(text) is { } parts)
        {
            _parts = [.. parts.Select(p => WildcardPattern.Get(p, PatternOptions.Wildcards))];
        }
    }

    public static ArnPattern Get(string text)
    {
        if (s_cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        if (s_cache.Count > CacheLimit)
        {
            s_cache.Clear();
        }

        return s_cache.GetOrAdd(text, static t => new ArnPattern(t));
    }

    public bool IsMatch(string arn)
    {
        if (_matchAll)
        {
            return Split(arn) is not null;
        }

        if (_parts is null || Split(arn) is not { } parts)
        {
            return false;
        }

        for (var i = 0; i < Parts; i++)
        {
            if (!_parts[i].IsMatch(parts[i], null))
            {
                return false;
            }
        }

        return true;
    }

    private static string[]? Split(string text)
    {
        var parts = text.Split(':', Parts);
        return parts.Length == Parts ? parts : null;
    }
}
