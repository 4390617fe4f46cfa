using System.Management.Automation;

namespace EksSso.Commands;

/// <summary>
/// The -Name filter of Get- cmdlets: wildcard patterns, case-insensitive; no names matches everything. A name
/// without wildcards that matched nothing is reported as an ObjectNotFound error (as Get-Item does); a pattern that
/// matched nothing is not an error.
/// </summary>
internal sealed class NameFilter
{
    private readonly string[] _names;
    private readonly WildcardPattern[] _patterns;
    private readonly bool[] _matched;

    public NameFilter(string[]? names)
    {
        _names = names ?? [];
        _patterns = [.. _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase))];
        _matched = new bool[_names.Length];
    }

    public bool IsMatch(string? value)
    {
        if (_names.Length == 0)
        {
            return true;
        }

        var any = false;
        for (var i = 0; i < _patterns.Length; i++)
        {
            if (value is not null && _patterns[i].IsMatch(value))
            {
                _matched[i] = any = true;
            }
        }

        return any;
    }

    public void WriteUnmatched(Cmdlet cmdlet, string errorId, string what)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (!_matched[i] && !WildcardPattern.ContainsWildcardCharacters(_names[i]))
            {
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"No {what} named '{_names[i]}'."), errorId, ErrorCategory.ObjectNotFound, _names[i]));
            }
        }
    }
}
