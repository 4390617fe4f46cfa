namespace EksSso.Engine.Aws;

/// <summary>
/// Reads the shared AWS config file the way the AWS CLI does (<c>[default]</c>, <c>[profile NAME]</c>,
/// <c>[services NAME]</c>, <c>[sso-session NAME]</c>, indented sub-keys). Credentials are left to AWSSDK.Core;
/// this exists for the settings the SDK does not surface, such as a <c>services</c> section's endpoints.
/// </summary>
public sealed class AwsConfigFile
{
    private readonly Dictionary<string, AwsConfigSection> _sections = new(StringComparer.Ordinal);

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config");

    public static AwsConfigFile Load(string? path = null)
    {
        path ??= DefaultPath;
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : new AwsConfigFile();
    }

    public static AwsConfigFile Parse(string text)
    {
        var file = new AwsConfigFile();
        AwsConfigSection? section = null;
        string? parentKey = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed.EndsWith(']'))
            {
                var header = trimmed[1..^1].Trim();
                var (kind, name) = SplitHeader(header);
                section = new AwsConfigSection(kind, name);
                file._sections[Key(kind, name)] = section;
                parentKey = null;
                continue;
            }

            if (section is null)
            {
                continue;
            }

            var eq = trimmed.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var key = trimmed[..eq].Trim();
            var value = StripInlineComment(trimmed[(eq + 1)..].Trim());
            var indented = char.IsWhiteSpace(line[0]);
            if (indented && parentKey is not null)
            {
                section.SetNested(parentKey, key, value);
            }
            else
            {
                section.Values[key] = value;
                parentKey = value.Length == 0 ? key : null;
            }
        }

        return file;
    }

    public AwsConfigSection? Profile(string name) =>
        _sections.GetValueOrDefault(Key("profile", name)) ??
        (name == "default" ? _sections.GetValueOrDefault(Key("", "default")) : null);

    public AwsConfigSection? Section(string kind, string name) => _sections.GetValueOrDefault(Key(kind, name));

    public IEnumerable<AwsConfigSection> Sections => _sections.Values;

    private static (string Kind, string Name) SplitHeader(string header)
    {
        var space = header.IndexOf(' ');
        if (space < 0)
        {
            // "[default]" and, in the credentials file, bare profile names.
            return header == "default" ? ("profile", "default") : ("", header);
        }

        return (header[..space].Trim(), header[(space + 1)..].Trim());
    }

    private static string Key(string kind, string name) => kind + "\u0000" + name;

    private static string StripInlineComment(string value)
    {
        // The CLI treats " #" and " ;" as the start of a comment, not a bare "#" inside a URL.
        foreach (var marker in new[] { " #", " ;", "\t#", "\t;" })
        {
            var i = value.IndexOf(marker, StringComparison.Ordinal);
            if (i >= 0)
            {
                value = value[..i].TrimEnd();
            }
        }

        return value;
    }
}

public sealed class AwsConfigSection(string kind, string name)
{
    public string Kind { get; } = kind;

    public string Name { get; } = name;

    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Dictionary<string, string>> Nested { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string key] => Values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public string? Get(string parentKey, string key) =>
        Nested.TryGetValue(parentKey, out var d) && d.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    internal void SetNested(string parentKey, string key, string value)
    {
        if (!Nested.TryGetValue(parentKey, out var d))
        {
            Nested[parentKey] = d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        d[key] = value;
    }
}
