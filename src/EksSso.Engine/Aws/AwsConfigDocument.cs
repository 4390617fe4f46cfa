using System.Text;

namespace EksSso.Engine.Aws;

/// <summary>
/// A line-preserving editor for the shared AWS config or credentials file. Every line, comment, blank line, odd
/// spacing, unknown section and line ending is kept as it was; an edit touches only the lines it changes, so the
/// file written back is byte-identical except for those lines. Lines are read with <see cref="AwsConfigSyntax"/>,
/// the same grammar <see cref="AwsConfigFile"/> reads settings with.
/// </summary>
public sealed class AwsConfigDocument
{
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly List<(string Text, string Newline)> _lines;
    private readonly bool _bom;
    private List<AwsConfigToken> _tokens;

    private AwsConfigDocument(List<(string Text, string Newline)> lines, bool bom, string newline)
    {
        _lines = lines;
        _bom = bom;
        Newline = newline;
        _tokens = Tokenize();
    }

    /// <summary>The line ending of inserted lines: the file's first one, "\n" for a new file.</summary>
    public string Newline { get; }

    /// <summary>The lines without their line endings.</summary>
    public IEnumerable<string> Lines => _lines.Select(l => l.Text);

    /// <summary>Every section header in file order (a duplicated header appears twice).</summary>
    public IEnumerable<(string Kind, string Name)> Sections =>
        _tokens.Where(t => t.Kind == AwsConfigLineKind.Section).Select(t => (t.SectionKind, t.SectionName));

    public static AwsConfigDocument Parse(string text)
    {
        var bom = text.StartsWith('\uFEFF');
        if (bom)
        {
            text = text[1..];
        }

        var lines = new List<(string, string)>();
        var start = 0;
        while (start < text.Length)
        {
            var lf = text.IndexOf('\n', start);
            if (lf < 0)
            {
                lines.Add((text[start..], ""));
                break;
            }

            var cr = lf > start && text[lf - 1] == '\r';
            lines.Add((text[start..(cr ? lf - 1 : lf)], cr ? "\r\n" : "\n"));
            start = lf + 1;
        }

        var newline = lines.Select(l => l.Item2).FirstOrDefault(n => n.Length > 0) ?? "\n";
        return new AwsConfigDocument(lines, bom, newline);
    }

    /// <summary>Reads a file; a file that does not exist is an empty document.</summary>
    public static AwsConfigDocument Load(string path) =>
        Parse(File.Exists(path) ? new UTF8Encoding(false).GetString(File.ReadAllBytes(path)) : "");

    public override string ToString()
    {
        var text = new StringBuilder(_bom ? "\uFEFF" : "");
        foreach (var (line, newline) in _lines)
        {
            text.Append(line).Append(newline);
        }

        return text.ToString();
    }

    public byte[] ToBytes() => new UTF8Encoding(false).GetBytes(ToString());

    public bool HasSection(string kind, string name) => FindSection(kind, name) >= 0;

    /// <summary>A top-level value of a section, null when the section or key is missing.</summary>
    public string? Get(string kind, string name, string key) =>
        FindValue(kind, name, key) is var i and >= 0 ? _tokens[i].Value : null;

    /// <summary>The top-level values of a section, in file order (the last wins for a duplicated key).</summary>
    public IReadOnlyDictionary<string, string> Values(string kind, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in SectionTokens(kind, name).Where(t => t.Kind == AwsConfigLineKind.Value))
        {
            values[t.Key] = t.Value;
        }

        return values;
    }

    /// <summary>
    /// Sets a top-level key: replaces only the value on the key's line (keeping its spacing and inline comment), or
    /// adds a <c>key = value</c> line after the section's last setting, or adds the section at the end of the file.
    /// Returns false when the value was already that.
    /// </summary>
    public bool Set(string kind, string name, string key, string value)
    {
        CheckKey(key);
        CheckValue(value);
        var at = FindValue(kind, name, key);
        if (at >= 0)
        {
            var token = _tokens[at];
            if (token.Value == value)
            {
                return false;
            }

            var (text, newline) = _lines[at];
            _lines[at] = (text[..token.ValueStart] + value + text[(token.ValueStart + token.ValueLength)..], newline);
        }
        else
        {
            var header = FindSection(kind, name);
            if (header < 0)
            {
                AddSection(kind, name, [new(key, value)]);
                return true;
            }

            Insert(LastSetting(header) + 1, $"{key} = {value}");
        }

        _tokens = Tokenize();
        return true;
    }

    /// <summary>Adds a section at the end of the file, one blank line after what is there.</summary>
    public void AddSection(string kind, string name, IEnumerable<KeyValuePair<string, string>> values)
    {
        CheckSectionName(name);
        if (HasSection(kind, name))
        {
            throw new InvalidOperationException($"The section {AwsConfigSyntax.Header(kind, name)} already exists.");
        }

        var lines = new List<string>();
        if (_lines.Count > 0 && _lines[^1].Text.Trim().Length > 0)
        {
            lines.Add("");
        }

        lines.Add(AwsConfigSyntax.Header(kind, name));
        foreach (var (key, value) in values)
        {
            CheckKey(key);
            CheckValue(value);
            lines.Add($"{key} = {value}");
        }

        foreach (var line in lines)
        {
            Insert(_lines.Count, line);
        }

        _tokens = Tokenize();
    }

    /// <summary>Removes a top-level key and its indented sub-keys. Returns false when it was not there.</summary>
    public bool Remove(string kind, string name, string key)
    {
        var at = FindValue(kind, name, key);
        if (at < 0)
        {
            return false;
        }

        var end = at + 1;
        while (end < _tokens.Count && _tokens[end].Kind == AwsConfigLineKind.NestedValue)
        {
            end++;
        }

        _lines.RemoveRange(at, end - at);
        _tokens = Tokenize();
        return true;
    }

    /// <summary>
    /// Removes a section: its header and every line up to its last setting. Comments and blank lines after that stay
    /// (they usually introduce the next section), as does one blank line before the header when one separated it.
    /// </summary>
    public bool RemoveSection(string kind, string name)
    {
        var header = FindSection(kind, name);
        if (header < 0)
        {
            return false;
        }

        _lines.RemoveRange(header, LastSetting(header) + 1 - header);
        if (header > 0 && _lines[header - 1].Text.Trim().Length == 0 && (header == _lines.Count || _lines[header].Text.Trim().Length == 0))
        {
            // Do not leave two blank lines (or a trailing one) where the section was.
            _lines.RemoveAt(header - 1);
        }

        _tokens = Tokenize();
        return true;
    }

    /// <summary>
    /// Writes the document to <paramref name="path"/> unless the file already holds exactly these bytes (then it is
    /// not touched, so its modification time stays). The write is atomic (a temporary file in the same folder,
    /// renamed over the file); a new file gets mode 0600 and an existing one keeps its mode. A symbolic link is
    /// followed: its target is replaced. Returns whether the file was written.
    /// </summary>
    public bool Save(string path)
    {
        var bytes = ToBytes();
        var target = Path.GetFullPath(path);
        if (File.Exists(target) && new FileInfo(target).ResolveLinkTarget(returnFinalTarget: true) is { } link)
        {
            target = link.FullName;
        }

        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        PrivateFile.WriteAtomic(target, bytes);
        return true;
    }

    private void Insert(int index, string text)
    {
        if (index > 0 && _lines[index - 1].Newline.Length == 0)
        {
            // The file did not end with a line break: the line before the new one needs one now.
            _lines[index - 1] = (_lines[index - 1].Text, Newline);
        }

        _lines.Insert(index, (text, Newline));
    }

    private List<AwsConfigToken> Tokenize() => [.. AwsConfigSyntax.Tokenize(_lines.Select(l => l.Text))];

    private int FindSection(string kind, string name) =>
        _tokens.FindIndex(t => t.Kind == AwsConfigLineKind.Section && t.SectionKind == kind && t.SectionName == name);

    private int FindValue(string kind, string name, string key)
    {
        var header = FindSection(kind, name);
        if (header < 0)
        {
            return -1;
        }

        var found = -1;
        for (var i = header + 1; i < _tokens.Count && _tokens[i].Kind != AwsConfigLineKind.Section; i++)
        {
            if (_tokens[i].Kind == AwsConfigLineKind.Value && string.Equals(_tokens[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                found = i; // the last one wins, as when the CLI reads it
            }
        }

        return found;
    }

    private IEnumerable<AwsConfigToken> SectionTokens(string kind, string name)
    {
        var header = FindSection(kind, name);
        for (var i = header + 1; header >= 0 && i < _tokens.Count && _tokens[i].Kind != AwsConfigLineKind.Section; i++)
        {
            yield return _tokens[i];
        }
    }

    /// <summary>The last line of a section that is a setting (or the header when it has none).</summary>
    private int LastSetting(int header)
    {
        var last = header;
        for (var i = header + 1; i < _tokens.Count && _tokens[i].Kind != AwsConfigLineKind.Section; i++)
        {
            if (_tokens[i].Kind is AwsConfigLineKind.Value or AwsConfigLineKind.NestedValue or AwsConfigLineKind.Other)
            {
                last = i;
            }
        }

        return last;
    }

    private static void CheckSectionName(string name)
    {
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '[' or ']'))
        {
            throw new ArgumentException($"'{name}' cannot be a section name: it must be non-empty, without spaces or brackets.", nameof(name));
        }
    }

    private static void CheckKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '=' or '[' or ']' or '#' or ';'))
        {
            throw new ArgumentException($"'{key}' cannot be a key.", nameof(key));
        }
    }

    private static void CheckValue(string value)
    {
        // A line break would start a new line; " #" or " ;" would make the rest a comment when read back.
        if (!AwsConfigSyntax.IsWritableValue(value))
        {
            throw new ArgumentException($"The value '{value}' cannot be written to one line of the AWS config file.", nameof(value));
        }
    }
}
