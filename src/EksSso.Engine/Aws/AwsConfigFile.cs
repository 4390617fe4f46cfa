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

    public static AwsConfigFile Parse(string text) => FromLines(text.Split('\n').Select(l => l.TrimEnd('\r')));

    /// <summary>The settings of a document being edited, as the AWS CLI would read them.</summary>
    public static AwsConfigFile From(AwsConfigDocument document) => FromLines(document.Lines);

    private static AwsConfigFile FromLines(IEnumerable<string> lines)
    {
        var file = new AwsConfigFile();
        AwsConfigSection? section = null;
        foreach (var token in AwsConfigSyntax.Tokenize(lines))
        {
            switch (token.Kind)
            {
                case AwsConfigLineKind.Section:
                    section = new AwsConfigSection(token.SectionKind, token.SectionName);
                    file._sections[Key(token.SectionKind, token.SectionName)] = section;
                    break;
                case AwsConfigLineKind.Value:
                    section!.Values[token.Key] = token.Value;
                    break;
                case AwsConfigLineKind.NestedValue:
                    section!.SetNested(token.ParentKey!, token.Key, token.Value);
                    break;
            }
        }

        return file;
    }

    public AwsConfigSection? Profile(string name) =>
        _sections.GetValueOrDefault(Key("profile", name)) ??
        (name == "default" ? _sections.GetValueOrDefault(Key("", "default")) : null);

    public AwsConfigSection? Section(string kind, string name) => _sections.GetValueOrDefault(Key(kind, name));

    public IEnumerable<AwsConfigSection> Sections => _sections.Values;

    private static string Key(string kind, string name) => kind + "\u0000" + name;
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
