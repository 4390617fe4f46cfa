using System.Text;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EksSso.Engine.Kubernetes;

/// <summary>Which list of aws-auth a mapping lives in: <c>mapRoles</c> (rolearn) or <c>mapUsers</c> (userarn).</summary>
public enum AwsAuthMappingKind
{
    Role,
    User,
}

/// <summary>
/// One aws-auth mapping: an IAM role or user, the Kubernetes user name (may hold aws-iam-authenticator templates such
/// as <c>{{SessionName}}</c>; null: the editor picks EKS's default) and groups. <see cref="Arn"/> as given; the editor
/// strips a role's path.
/// </summary>
public sealed record AwsAuthMapping(AwsAuthMappingKind Kind, string Arn, string? UserName, IReadOnlyList<string> Groups);

/// <summary>A mapping as aws-auth holds it, with the 1-based line of its item in the key's text and the keys EksSso does not know.</summary>
public sealed record AwsAuthEntry(AwsAuthMappingKind Kind, string Arn, string? UserName, IReadOnlyList<string> Groups, int Line, IReadOnlyList<string> OtherKeys)
{
    /// <summary>The ARN aws-iam-authenticator matches: a role without its path (case is ignored when comparing).</summary>
    public string CanonicalArn => AwsAuthDocument.CanonicalArn(Arn);
}

/// <summary>aws-auth's mapRoles or mapUsers text does not parse as aws-iam-authenticator needs it.</summary>
public sealed class AwsAuthParseException(string key, int line, string problem, Exception? inner = null)
    : Exception($"aws-auth {key} line {line}: {problem}", inner)
{
    public string Key { get; } = key;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}

/// <summary>
/// The <c>data</c> of kube-system/aws-auth as a document: <c>mapRoles</c> and <c>mapUsers</c> are YAML lists of
/// mappings, parsed with line numbers; every other key (<c>mapAccounts</c>, anything else) is carried as is. Edits
/// splice the text: an entry that is not touched keeps its exact bytes, comments and unknown keys included; a new or
/// replaced entry is written in the layout EKS and eksctl write (<c>- groups:</c> list, <c>rolearn:</c>, <c>username:</c>).
/// Only a flow-style list (<c>[{...}]</c>) is rewritten whole, in that block layout.
/// </summary>
public sealed partial class AwsAuthDocument
{
    public const string MapRoles = "mapRoles";
    public const string MapUsers = "mapUsers";

    private readonly Dictionary<string, string> _data;
    private readonly MappingList _roles;
    private readonly MappingList _users;

    private AwsAuthDocument(Dictionary<string, string> data, MappingList roles, MappingList users)
    {
        _data = data;
        _roles = roles;
        _users = users;
    }

    /// <summary>Every key of <c>data</c> as read (or as an edit left it).</summary>
    public IReadOnlyDictionary<string, string> Data => _data;

    public IReadOnlyList<AwsAuthEntry> Roles => _roles.Entries;

    public IReadOnlyList<AwsAuthEntry> Users => _users.Entries;

    /// <summary>Roles then users, in the order of their lists.</summary>
    public IEnumerable<AwsAuthEntry> Entries => Roles.Concat(Users);

    /// <summary>Parses a ConfigMap's data (null: no ConfigMap or no data). Throws <see cref="AwsAuthParseException"/>.</summary>
    public static AwsAuthDocument Parse(IEnumerable<KeyValuePair<string, string>>? data)
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data ?? [])
        {
            copy[key] = value ?? "";
        }

        return new AwsAuthDocument(copy, MappingList.Parse(MapRoles, copy.GetValueOrDefault(MapRoles)), MappingList.Parse(MapUsers, copy.GetValueOrDefault(MapUsers)));
    }

    /// <summary>
    /// The ARN aws-iam-authenticator compares: a role ARN (or an assumed-role ARN) without its path; anything else as is.
    /// </summary>
    public static string CanonicalArn(string arn) =>
        AwsArn.TryParse(arn, out var parsed) && (parsed.IsAssumedRole || (parsed.Service == "iam" && parsed.ResourceType == "role")) ? parsed.Canonical.ToString() : arn;

    /// <summary>The entries of one kind for an ARN (compared in canonical form, ignoring case, as the authenticator does).</summary>
    public IReadOnlyList<AwsAuthEntry> Find(AwsAuthMappingKind kind, string arn)
    {
        var canonical = CanonicalArn(arn);
        return [.. List(kind).Entries.Where(e => SameArn(e.CanonicalArn, canonical))];
    }

    /// <summary>
    /// The document with <paramref name="mapping"/> (ARN already canonical, user name set) in its list: appended when the
    /// ARN has no entry; unchanged when its entries already say the same; otherwise replaced (all entries of that ARN
    /// become one, where the first was) when <paramref name="replace"/>, else <see cref="AwsAuthMappingConflictException"/>.
    /// </summary>
    public AwsAuthDocument With(AwsAuthMapping mapping, bool replace)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var list = List(mapping.Kind);
        var existing = Find(mapping.Kind, mapping.Arn);
        if (existing.Count > 0 && existing.All(e => SameMapping(e, mapping)))
        {
            return this;
        }

        if (existing.Count > 0 && !replace)
        {
            throw new AwsAuthMappingConflictException(existing[^1], mapping);
        }

        var indexes = existing.Select(e => list.Entries.ToList().IndexOf(e)).ToList();
        return WithText(list.Key, list.Replace(indexes, mapping));
    }

    /// <summary>
    /// The document where the ARN of <paramref name="mapping"/> (canonical) is also in <paramref name="group"/>: the
    /// mapping appended when the ARN has no entry; else its last entry (the one the authenticator uses when there are
    /// duplicates) with the group added, its user name and other groups kept, the dead duplicates dropped; this
    /// document when that entry already has the group.
    /// </summary>
    public AwsAuthDocument WithGroup(AwsAuthMapping mapping, string group)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var existing = Find(mapping.Kind, mapping.Arn);
        if (existing.Count == 0)
        {
            return With(mapping, replace: false);
        }

        var current = existing[^1];
        return current.Groups.Contains(group, StringComparer.Ordinal)
            ? this
            : With(mapping with { UserName = current.UserName ?? mapping.UserName, Groups = [.. current.Groups, group] }, replace: true);
    }

    /// <summary>The document without any entry of that kind for the ARN (this document when there is none).</summary>
    public AwsAuthDocument Without(AwsAuthMappingKind kind, string arn)
    {
        var list = List(kind);
        var existing = Find(kind, arn);
        return existing.Count == 0 ? this : WithText(list.Key, list.Replace([.. existing.Select(e => list.Entries.ToList().IndexOf(e))], null));
    }

    /// <summary>Whether both documents hold the same data, byte for byte.</summary>
    public bool SameData(AwsAuthDocument other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _data.Count == other._data.Count && _data.All(kv => other._data.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>The data as <c>kubectl get -o yaml</c> shows it: each key (sorted) with its text as a literal block.</summary>
    public string ToYaml() => RenderData(_data);

    /// <summary>
    /// The ConfigMap as the reference procedure shows <c>kubectl get configmap -n kube-system aws-auth -o yaml</c>:
    /// apiVersion, kind, name and namespace, and the data (server-set metadata and annotations left out).
    /// </summary>
    public string ToConfigMapYaml()
    {
        var data = RenderData(_data);
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n");
        text.Append(_data.Count == 0 ? "data: {}\n" : "data:\n");
        foreach (var line in Lines(data.TrimEnd('\n')))
        {
            text.Append(line.Length == 0 ? "" : "  " + line).Append('\n');
        }

        return text.ToString();
    }

    public static string RenderData(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder();
        foreach (var (key, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(value.Contains('\n', StringComparison.Ordinal) ? ": |\n" : ": ");
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                foreach (var line in Lines(value))
                {
                    text.Append(line.Length == 0 ? "" : "  " + line).Append('\n');
                }
            }
            else
            {
                text.Append(Scalar(value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// What changed between two data sets, key by key: a <c>mapRoles:</c> header, then the lines removed (<c>- </c>)
    /// and added (<c>+ </c>) in the key's text. Empty when nothing changed.
    /// </summary>
    public static IReadOnlyList<string> Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var result = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var a = before.GetValueOrDefault(key);
            var b = after.GetValueOrDefault(key);
            if (a == b)
            {
                continue;
            }

            result.Add(a is null ? $"{key}: (new key)" : b is null ? $"{key}: (key removed)" : $"{key}:");
            result.AddRange(LineDiff(Lines(a ?? ""), Lines(b ?? "")));
        }

        return result;
    }

    /// <summary>A user name aws-iam-authenticator maps a role or user to when none was given, as EKS access entries do.</summary>
    public static string DefaultUserName(AwsAuthMappingKind kind, string canonicalArn) =>
        kind == AwsAuthMappingKind.Role && AwsArn.TryParse(canonicalArn, out var arn)
            ? $"arn:{arn.Partition}:sts::{arn.AccountId}:assumed-role/{arn.Name}/{{{{SessionName}}}}"
            : canonicalArn;

    internal static bool SameArn(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool SameMapping(AwsAuthEntry entry, AwsAuthMapping mapping) =>
        (entry.UserName ?? "") == (mapping.UserName ?? "")
        && entry.Groups.ToHashSet(StringComparer.Ordinal).SetEquals(mapping.Groups);

    private MappingList List(AwsAuthMappingKind kind) => kind == AwsAuthMappingKind.Role ? _roles : _users;

    private AwsAuthDocument WithText(string key, string text)
    {
        var data = new Dictionary<string, string>(_data, StringComparer.Ordinal) { [key] = text };
        return Parse(data);
    }

    private static List<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>The removed and added lines of a longest-common-subsequence diff, in order.</summary>
    private static IEnumerable<string> LineDiff(List<string> a, List<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Count && (x == a.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                yield return "+ " + b[y++];
            }
            else
            {
                yield return "- " + a[x++];
            }
        }
    }

    /// <summary>A scalar as EKS writes it: plain when YAML reads it back as the same string, else double-quoted.</summary>
    internal static string Scalar(string value)
    {
        if (value.Length > 0 && PlainSafe().IsMatch(value) && !value.EndsWith(':') && !Yaml11Special().IsMatch(value))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    // Plain in block context: starts with a letter, digit or one of _./ and holds no space, quote, comment or indicator
    // that would end or change the scalar; braces are fine after the first character (username templates).
    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./:@{}=+\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    // Strings YAML 1.1 (go-yaml, sigs.k8s.io/yaml) would read as something else: booleans, null, numbers.
    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|\\.(inf|Inf|INF|nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    internal static partial Regex Yaml11Special();

    /// <summary>One key's list: its text, the entries, and where each entry's item sits in the text.</summary>
    private sealed class MappingList
    {
        private readonly string _text;
        private readonly List<(int Start, int End)>? _spans; // null: flow style or empty, rewritten whole
        private readonly List<YamlMappingNode> _nodes;
        private readonly int _indent;
        private int _appendAt;

        private MappingList(string key, string text, List<AwsAuthEntry> entries, List<YamlMappingNode> nodes, List<(int Start, int End)>? spans, int indent)
        {
            Key = key;
            _text = text;
            Entries = entries;
            _nodes = nodes;
            _spans = spans;
            _indent = indent;
        }

        public string Key { get; }

        public IReadOnlyList<AwsAuthEntry> Entries { get; }

        private AwsAuthMappingKind Kind => Key == MapRoles ? AwsAuthMappingKind.Role : AwsAuthMappingKind.User;

        private string ArnField => Key == MapRoles ? "rolearn" : "userarn";

        public static MappingList Parse(string key, string? text)
        {
            text ??= "";
            var list = new MappingList(key, text, [], [], null, 0);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new AwsAuthParseException(key, (int)e.Start.Line, $"not valid YAML: {Reason(e)}", e);
            }

            // Like go-yaml, only the first document counts.
            var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            if (root is null || IsNull(root))
            {
                return list;
            }

            if (root is not YamlSequenceNode sequence)
            {
                throw new AwsAuthParseException(key, (int)root.Start.Line, "is not a YAML list (each item starts with '- ')");
            }

            var entries = new List<AwsAuthEntry>();
            var nodes = new List<YamlMappingNode>();
            foreach (var item in sequence)
            {
                var line = (int)item.Start.Line;
                if (item is not YamlMappingNode mapping)
                {
                    throw new AwsAuthParseException(key, line, $"the item is not a mapping with {list.ArnField}, username and groups");
                }

                entries.Add(list.ReadEntry(mapping));
                nodes.Add(mapping);
            }

            var indent = 0;
            var spans = sequence.Style == SequenceStyle.Flow ? null : BlockSpans(text, sequence, out indent);

            // A later YAML document ("---") is ignored by the authenticator: a new item goes after the last one of the first.
            var appendAt = stream.Documents.Count > 1 && spans is { Count: > 0 } ? spans[^1].End : text.Length;
            return new MappingList(key, text, entries, nodes, spans, indent) { _appendAt = appendAt };
        }

        /// <summary>
        /// The new text with the items at <paramref name="indexes"/> replaced by <paramref name="mapping"/> (at the first
        /// of them; appended when there are none) or, for null, removed. Untouched items keep their bytes.
        /// </summary>
        public string Replace(IReadOnlyList<int> indexes, AwsAuthMapping? mapping)
        {
            var other = indexes.Count > 0 ? OtherKeys(indexes[0]) : [];
            var fresh = mapping is null ? null : Emit(mapping, other, _indent);
            if (_spans is null)
            {
                // Flow style or empty: the whole list in block layout.
                var text = new StringBuilder();
                for (var i = 0; i < Entries.Count; i++)
                {
                    if (indexes.Count > 0 && i == indexes[0])
                    {
                        text.Append(fresh);
                    }
                    else if (!indexes.Contains(i))
                    {
                        var e = Entries[i];
                        text.Append(Emit(new AwsAuthMapping(Kind, e.Arn, e.UserName, e.Groups), OtherKeys(i), 0));
                    }
                }

                if (indexes.Count == 0)
                {
                    text.Append(fresh);
                }

                return text.ToString();
            }

            var result = new StringBuilder();
            var position = 0;
            for (var i = 0; i < _spans.Count; i++)
            {
                if (!indexes.Contains(i))
                {
                    continue;
                }

                var (start, end) = _spans[i];
                result.Append(_text, position, start - position);
                if (i == indexes[0] && fresh is not null)
                {
                    result.Append(fresh);
                }

                position = end;
            }

            if (indexes.Count == 0 && fresh is not null)
            {
                result.Append(_text, 0, _appendAt);
                if (result.Length > 0 && result[^1] != '\n')
                {
                    result.Append('\n');
                }

                result.Append(fresh).Append(_text, _appendAt, _text.Length - _appendAt);
                return result.ToString();
            }

            result.Append(_text, position, _text.Length - position);
            return result.ToString();
        }

        private AwsAuthEntry ReadEntry(YamlMappingNode mapping)
        {
            var line = (int)mapping.Start.Line;
            string? arn = null, username = null;
            IReadOnlyList<string> groups = [];
            var other = new List<string>();
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var field = keyNode is YamlScalarNode { Value: { } k } ? k : "";
                if (field.Equals(ArnField, StringComparison.OrdinalIgnoreCase))
                {
                    arn = StringValue(valueNode, ArnField);
                }
                else if (field.Equals("username", StringComparison.OrdinalIgnoreCase))
                {
                    username = StringValue(valueNode, "username");
                }
                else if (field.Equals("groups", StringComparison.OrdinalIgnoreCase))
                {
                    groups = StringList(valueNode, "groups");
                }
                else
                {
                    other.Add(field);
                }
            }

            if (string.IsNullOrEmpty(arn))
            {
                throw new AwsAuthParseException(Key, line, $"the item has no {ArnField}");
            }

            return new AwsAuthEntry(Kind, arn, username, groups, line, other);
        }

        private List<string> StringList(YamlNode node, string field)
        {
            if (IsNull(node))
            {
                return [];
            }

            if (node is not YamlSequenceNode sequence)
            {
                throw new AwsAuthParseException(Key, (int)node.Start.Line, $"{field} is not a list of strings");
            }

            return [.. sequence.Select(item => StringValue(item, field))];
        }

        /// <summary>A string after sigs.k8s.io/yaml: null is "", an unquoted number or boolean does not convert.</summary>
        private string StringValue(YamlNode node, string field)
        {
            if (node is not YamlScalarNode scalar)
            {
                throw new AwsAuthParseException(Key, (int)node.Start.Line, $"{field} must be a string");
            }

            if (scalar.Style is ScalarStyle.Plain && scalar.Tag.IsEmpty)
            {
                if (IsNull(scalar))
                {
                    return "";
                }

                if (Yaml11Special().IsMatch(scalar.Value ?? ""))
                {
                    throw new AwsAuthParseException(Key, (int)node.Start.Line, $"{field} must be a string, not {scalar.Value} (quote it)");
                }
            }

            return scalar.Value ?? "";
        }

        /// <summary>The unknown keys of an item with their values, as YAML lines (block layout, two-space indent).</summary>
        private List<string> OtherKeys(int index)
        {
            var lines = new List<string>();
            foreach (var (keyNode, valueNode) in _nodes[index].Children)
            {
                var field = keyNode is YamlScalarNode { Value: { } k } ? k : "";
                if (field.Equals(ArnField, StringComparison.OrdinalIgnoreCase) || field.Equals("username", StringComparison.OrdinalIgnoreCase) || field.Equals("groups", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                lines.AddRange(NodeLines(field, valueNode));
            }

            return lines;
        }

        private static IEnumerable<string> NodeLines(string field, YamlNode value)
        {
            if (value is YamlScalarNode scalar)
            {
                yield return $"{Scalar(field)}: {(scalar.Style == ScalarStyle.Plain ? scalar.Value : Scalar(scalar.Value ?? ""))}";
                yield break;
            }

            // A nested value: YamlDotNet writes it in block layout, indented under its key.
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(value)).Save(writer, assignAnchors: false);
            yield return $"{Scalar(field)}:";
            foreach (var line in Lines(writer.ToString()).Where(l => l is not "..." and not "---"))
            {
                yield return "  " + line;
            }
        }

        /// <summary>An item in EKS's layout: groups, the ARN, username, then any other keys; indented to the list.</summary>
        private string Emit(AwsAuthMapping mapping, List<string> otherKeys, int indent)
        {
            var pad = new string(' ', indent);
            var lines = new List<string>();
            if (mapping.Groups.Count > 0)
            {
                lines.Add("groups:");
                lines.AddRange(mapping.Groups.Select(g => "- " + Scalar(g)));
            }

            lines.Add($"{ArnField}: {Scalar(mapping.Arn)}");
            if (mapping.UserName is not null)
            {
                lines.Add($"username: {Scalar(mapping.UserName)}");
            }

            lines.AddRange(otherKeys);
            var text = new StringBuilder();
            for (var i = 0; i < lines.Count; i++)
            {
                text.Append(pad).Append(i == 0 ? "- " : "  ").Append(lines[i]).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>
        /// Where each block item sits: from the start of the line of its '-' to the end of its last line that is not blank
        /// or a comment (those stay in place when the item goes). Null when an item does not start its own line.
        /// </summary>
        private static List<(int Start, int End)>? BlockSpans(string text, YamlSequenceNode sequence, out int indent)
        {
            indent = 0;
            var starts = new List<int>();
            foreach (var item in sequence)
            {
                var dash = (int)item.Start.Index - 1;
                while (dash >= 0 && text[dash] is ' ' or '\n' or '\r' or '\t')
                {
                    dash--;
                }

                if (dash < 0 || text[dash] != '-')
                {
                    return null;
                }

                var lineStart = text.LastIndexOf('\n', dash) + 1;
                if (text[lineStart..dash].Any(c => c != ' '))
                {
                    return null;
                }

                if (starts.Count == 0)
                {
                    indent = dash - lineStart;
                }

                starts.Add(lineStart);
            }

            var spans = new List<(int, int)>();
            for (var i = 0; i < starts.Count; i++)
            {
                var end = i + 1 < starts.Count ? starts[i + 1] : DocumentEnd(text, starts[i]);
                spans.Add((starts[i], TrimTrailer(text, starts[i], end)));
            }

            return spans;
        }

        /// <summary>Where the document ends: at a "---" or "..." line after <paramref name="from"/>, else at the end of the text.</summary>
        private static int DocumentEnd(string text, int from)
        {
            for (var line = text.IndexOf('\n', from) + 1; line > 0 && line < text.Length; line = text.IndexOf('\n', line) + 1)
            {
                if ((text.AsSpan(line).StartsWith("---") || text.AsSpan(line).StartsWith("...")) && (line + 3 == text.Length || text[line + 3] is ' ' or '\n' or '\r' or '\t'))
                {
                    return line;
                }
            }

            return text.Length;
        }

        /// <summary>The end of a chunk without its trailing blank and comment-only lines.</summary>
        private static int TrimTrailer(string text, int start, int end)
        {
            var lines = new List<(int Start, int End)>();
            var position = start;
            while (position < end)
            {
                var newline = text.IndexOf('\n', position, end - position);
                var lineEnd = newline < 0 ? end : newline + 1;
                lines.Add((position, lineEnd));
                position = lineEnd;
            }

            var keep = lines.Count;
            while (keep > 1 && text[lines[keep - 1].Start..lines[keep - 1].End].Trim() is var t && (t.Length == 0 || t.StartsWith('#')))
            {
                keep--;
            }

            return lines[keep - 1].End;
        }

        private static string Reason(YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } scalar && scalar.Tag.IsEmpty;
}

/// <summary>The ARN already has a different mapping in aws-auth (use -Force to replace it).</summary>
public sealed class AwsAuthMappingConflictException(AwsAuthEntry existing, AwsAuthMapping wanted)
    : Exception($"aws-auth {(existing.Kind == AwsAuthMappingKind.Role ? AwsAuthDocument.MapRoles : AwsAuthDocument.MapUsers)} line {existing.Line} already maps {existing.Arn} to user '{existing.UserName}' with groups [{string.Join(", ", existing.Groups)}], not to '{wanted.UserName}' with [{string.Join(", ", wanted.Groups)}].")
{
    public AwsAuthEntry Existing { get; } = existing;
}
