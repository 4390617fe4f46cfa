namespace EksSso.Engine.Aws;

/// <summary>What one line of an AWS config or credentials file is.</summary>
public enum AwsConfigLineKind
{
    Blank,
    Comment,
    Section,

    /// <summary><c>key = value</c> at the top level of a section.</summary>
    Value,

    /// <summary>An indented <c>key = value</c> under a key with an empty value (<c>s3 =</c> / <c>  max_concurrent_requests = 10</c>).</summary>
    NestedValue,

    /// <summary>Anything else (text before the first section, a line without '='): kept, never interpreted.</summary>
    Other,
}

/// <summary>
/// One line as the AWS CLI reads it. For values, <see cref="ValueStart"/> and <see cref="ValueLength"/> locate the
/// value inside the raw line (after the '=' and its spaces, before an inline comment), so an edit can replace
/// exactly the value and keep the key's spelling, the spacing and the comment.
/// </summary>
public readonly record struct AwsConfigToken(
    AwsConfigLineKind Kind,
    string SectionKind,
    string SectionName,
    string Key,
    string Value,
    string? ParentKey,
    int ValueStart,
    int ValueLength);

/// <summary>
/// The one grammar of the shared AWS config and credentials files, used by <see cref="AwsConfigFile"/> (reading) and
/// <see cref="AwsConfigDocument"/> (editing): <c>[default]</c>, <c>[profile NAME]</c>, <c>[sso-session NAME]</c>,
/// <c>[services NAME]</c>, bare <c>[NAME]</c> (credentials file), <c>#</c>/<c>;</c> comments, inline comments after
/// a space, and indented sub-keys under a key with an empty value.
/// </summary>
public static class AwsConfigSyntax
{
    /// <summary>Reads lines (without their line terminators) in order; a token per line.</summary>
    public static IEnumerable<AwsConfigToken> Tokenize(IEnumerable<string> lines)
    {
        string? sectionKind = null;
        var sectionName = "";
        string? parentKey = null;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                yield return Token(AwsConfigLineKind.Blank);
                continue;
            }

            if (trimmed[0] is '#' or ';')
            {
                yield return Token(AwsConfigLineKind.Comment);
                continue;
            }

            if (trimmed[0] == '[' && trimmed.EndsWith(']'))
            {
                (sectionKind, sectionName) = SplitHeader(trimmed[1..^1].Trim());
                parentKey = null;
                yield return Token(AwsConfigLineKind.Section);
                continue;
            }

            var eq = line.IndexOf('=');
            if (sectionKind is null || eq < 0)
            {
                yield return Token(AwsConfigLineKind.Other);
                continue;
            }

            var key = line[..eq].Trim();
            var start = eq + 1;
            while (start < line.Length && char.IsWhiteSpace(line[start]))
            {
                start++;
            }

            var value = StripInlineComment(line[start..]).TrimEnd();
            if (char.IsWhiteSpace(line[0]) && parentKey is not null)
            {
                yield return new AwsConfigToken(AwsConfigLineKind.NestedValue, sectionKind, sectionName, key, value, parentKey, start, value.Length);
            }
            else
            {
                parentKey = value.Length == 0 ? key : null;
                yield return new AwsConfigToken(AwsConfigLineKind.Value, sectionKind, sectionName, key, value, null, start, value.Length);
            }
        }

        AwsConfigToken Token(AwsConfigLineKind kind) => new(kind, sectionKind ?? "", sectionName, "", "", null, 0, 0);
    }

    /// <summary>"profile x" → ("profile", "x"); "default" → ("profile", "default"); a bare name → ("", name).</summary>
    public static (string Kind, string Name) SplitHeader(string header)
    {
        var space = header.IndexOf(' ');
        if (space < 0)
        {
            // "[default]" and, in the credentials file, bare profile names.
            return header == "default" ? ("profile", "default") : ("", header);
        }

        return (header[..space].Trim(), header[(space + 1)..].Trim());
    }

    /// <summary>The header line for a section: the inverse of <see cref="SplitHeader"/>.</summary>
    public static string Header(string kind, string name) =>
        kind.Length == 0 || (kind == "profile" && name == "default") ? $"[{name}]" : $"[{kind} {name}]";

    /// <summary>Whether <paramref name="value"/>, written after <c>key = </c>, reads back as itself (one line, no comment marker, no outer spaces).</summary>
    public static bool IsWritableValue(string value) =>
        !value.Any(c => c is '\r' or '\n') && value == value.Trim() && StripInlineComment(value) == value;

    private static string StripInlineComment(string value)
    {
        // The CLI treats " #" and " ;" as the start of a comment, not a bare "#" inside a URL.
        var cut = value.Length;
        foreach (var marker in new[] { " #", " ;", "\t#", "\t;" })
        {
            var i = value.IndexOf(marker, StringComparison.Ordinal);
            if (i >= 0 && i < cut)
            {
                cut = i;
            }
        }

        return value[..cut];
    }
}
