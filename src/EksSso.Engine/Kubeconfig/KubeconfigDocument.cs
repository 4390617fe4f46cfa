using System.Text;
using EksSso.Engine.Aws;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EksSso.Engine.Kubeconfig;

/// <summary>
/// A kubeconfig edited in place at the level of YAML events, so that everything this module does not own survives a
/// merge: other clusters, users and contexts, extensions, unknown keys, anchors, scalar styles and comments. Only the
/// named entries of <c>clusters</c>, <c>contexts</c> and <c>users</c> and <c>current-context</c> are replaced; an
/// entry whose content is already the same is left as it is, so <see cref="Changed"/> stays false and the caller
/// need not write the file.
/// </summary>
public sealed class KubeconfigDocument
{
    private readonly List<ParsingEvent> _events;

    private KubeconfigDocument(List<ParsingEvent> events) => _events = events;

    /// <summary>True once an edit changed the content.</summary>
    public bool Changed { get; private set; }

    /// <summary>Reads a kubeconfig; empty or whitespace-only text is a new, empty kubeconfig.</summary>
    /// <exception cref="EksSsoException">KubeconfigNotValid: The text is not YAML, or its document is not a mapping.</exception>
    public static KubeconfigDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var events = new List<ParsingEvent>();
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }
        }
        catch (YamlException e)
        {
            throw NotValid($"The kubeconfig is not valid YAML ({e.Start}): {e.Message} Fix or move the file; it was not changed.", e);
        }

        var document = new KubeconfigDocument(events);
        document.EnsureRootMapping();
        return document;
    }

    /// <summary>The value of a top-level scalar key (e.g. <c>current-context</c>), or null.</summary>
    public string? GetScalar(string key) =>
        FindKey(RootIndex(), key) is { } value && _events[value] is Scalar s ? s.Value : null;

    /// <summary>The names of the entries of <paramref name="section"/> (<c>clusters</c>, <c>contexts</c>, <c>users</c>).</summary>
    public IReadOnlyList<string> EntryNames(string section)
    {
        var names = new List<string>();
        if (FindKey(RootIndex(), section) is { } value && _events[value] is SequenceStart)
        {
            foreach (var item in Items(value))
            {
                if (_events[item] is MappingStart && FindKey(item, "name") is { } n && _events[n] is Scalar s)
                {
                    names.Add(s.Value);
                }
            }
        }

        return names;
    }

    /// <summary>Sets a top-level scalar (added at the end of the document when missing).</summary>
    public void SetScalar(string key, string value)
    {
        var root = RootIndex();
        if (FindKey(root, key) is { } existing)
        {
            if (_events[existing] is Scalar s && s.Value == value && s.Tag.IsEmpty)
            {
                return;
            }

            Replace(existing, NodeEnd(existing), Scalars(value));
        }
        else
        {
            Insert(NodeEnd(root) - 1, [PlainScalar(key), .. Scalars(value)]);
        }

        Changed = true;
    }

    /// <summary>
    /// Puts <paramref name="entry"/> (a mapping with a <c>name</c>) into <paramref name="section"/>: it replaces the first
    /// entry of the same name (later duplicates are removed, as kubectl would only ever read the first), or is appended.
    /// </summary>
    public void SetEntry(string section, string name, YamlMap entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var root = RootIndex();
        var wanted = entry.ToEvents();
        var value = FindKey(root, section);
        if (value is null)
        {
            Insert(NodeEnd(root) - 1, [PlainScalar(section), new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block), .. wanted, new SequenceEnd()]);
            Changed = true;
            return;
        }

        if (_events[value.Value] is not SequenceStart start)
        {
            // "clusters: null" or "clusters:" (empty): becomes a list with the one entry.
            Replace(value.Value, NodeEnd(value.Value), [new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block), .. wanted, new SequenceEnd()]);
            Changed = true;
            return;
        }

        var matches = Items(value.Value)
            .Where(i => _events[i] is MappingStart && FindKey(i, "name") is { } n && _events[n] is Scalar s && s.Value == name)
            .ToList();
        if (matches.Count == 1 && SameContent(matches[0], wanted))
        {
            return;
        }

        // Remove from the last so the earlier indices stay valid.
        for (var m = matches.Count - 1; m >= 1; m--)
        {
            Replace(matches[m], NodeEnd(matches[m]), []);
        }

        if (matches.Count > 0)
        {
            Replace(matches[0], NodeEnd(matches[0]), wanted);
        }
        else
        {
            if (start.Style == SequenceStyle.Flow)
            {
                // "clusters: []" as the AWS CLI writes a new file: a block list once it has entries.
                _events[value.Value] = new SequenceStart(start.Anchor, start.Tag, start.IsImplicit, SequenceStyle.Block);
            }

            Insert(NodeEnd(value.Value) - 1, wanted);
        }

        Changed = true;
    }

    /// <summary>The document as YAML text.</summary>
    public string ToYaml() => Emit(_events);

    private void EnsureRootMapping()
    {
        var documentStart = _events.FindIndex(e => e is DocumentStart);
        if (documentStart < 0)
        {
            // No document at all (an empty file, or comments only): a new kubeconfig after the comments.
            var streamEnd = _events.FindLastIndex(e => e is StreamEnd);
            Insert(streamEnd, [new DocumentStart(), .. NewKubeconfig(), new DocumentEnd(true)]);
            return;
        }

        var node = NextNode(documentStart + 1);
        if (_events[node] is MappingStart)
        {
            return;
        }

        if (_events[node] is Scalar { Value: "" or "~" or "null" })
        {
            Replace(node, node + 1, NewKubeconfig());
            return;
        }

        throw NotValid("The kubeconfig's document is not a mapping of settings (apiVersion, clusters, contexts, users...). Fix or move the file; it was not changed.");
    }

    /// <summary>A new kubeconfig as the AWS CLI lays it out.</summary>
    private static List<ParsingEvent> NewKubeconfig() =>
    [
        new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block),
        PlainScalar("apiVersion"), PlainScalar("v1"),
        PlainScalar("clusters"), new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow), new SequenceEnd(),
        PlainScalar("contexts"), new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow), new SequenceEnd(),
        PlainScalar("current-context"), new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.DoubleQuoted, false, true),
        PlainScalar("kind"), PlainScalar("Config"),
        PlainScalar("preferences"), new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow), new MappingEnd(),
        PlainScalar("users"), new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow), new SequenceEnd(),
        new MappingEnd(),
    ];

    private static EksSsoException NotValid(string message, Exception? inner = null) =>
        new("KubeconfigNotValid", AwsErrorKind.Validation, message, inner);

    private int RootIndex() => NextNode(_events.FindIndex(e => e is DocumentStart) + 1);

    /// <summary>The value node of <paramref name="key"/> in the mapping starting at <paramref name="mapping"/>.</summary>
    private int? FindKey(int mapping, string key)
    {
        var i = NextNode(mapping + 1);
        while (_events[i] is not MappingEnd)
        {
            var value = NextNode(NodeEnd(i));
            if (_events[i] is Scalar s && s.Value == key)
            {
                return value;
            }

            i = NextNode(NodeEnd(value));
        }

        return null;
    }

    private List<int> Items(int sequence)
    {
        var items = new List<int>();
        var i = NextNode(sequence + 1);
        while (_events[i] is not SequenceEnd)
        {
            items.Add(i);
            i = NextNode(NodeEnd(i));
        }

        return items;
    }

    /// <summary>Skips comments: the index of the next node or end event.</summary>
    private int NextNode(int i)
    {
        while (_events[i] is Comment)
        {
            i++;
        }

        return i;
    }

    /// <summary>The index just past the node starting at <paramref name="i"/>.</summary>
    private int NodeEnd(int i)
    {
        var depth = 0;
        do
        {
            depth += _events[i] switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            i++;
        }
        while (depth > 0);
        return i;
    }

    private bool SameContent(int node, List<ParsingEvent> wanted) =>
        Emit(Fragment(_events.GetRange(node, NodeEnd(node) - node))) == Emit(Fragment(wanted));

    private static List<ParsingEvent> Fragment(List<ParsingEvent> node) =>
        [new StreamStart(), new DocumentStart(), .. node, new DocumentEnd(true), new StreamEnd()];

    private void Replace(int start, int end, List<ParsingEvent> replacement)
    {
        _events.RemoveRange(start, end - start);
        _events.InsertRange(start, replacement);
    }

    private void Insert(int index, List<ParsingEvent> events) => _events.InsertRange(index, events);

    private static List<ParsingEvent> Scalars(string value) => [PlainScalar(value)];

    internal static Scalar PlainScalar(string value) =>
        // An empty value is written "" (as the AWS CLI writes current-context), never as a bare key.
        value.Length == 0
            ? new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.DoubleQuoted, false, true)
            : new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Any, true, true);

    private static string Emit(IEnumerable<ParsingEvent> events)
    {
        var writer = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        foreach (var e in events)
        {
            emitter.Emit(e);
        }

        return writer.ToString();
    }
}

/// <summary>An ordered YAML mapping of strings, lists and mappings: the entries this module writes.</summary>
public sealed class YamlMap : List<KeyValuePair<string, object>>
{
    public void Add(string key, object value) => Add(new KeyValuePair<string, object>(key, value));

    internal List<ParsingEvent> ToEvents()
    {
        var events = new List<ParsingEvent>();
        Write(this, events);
        return events;
    }

    private static void Write(object value, List<ParsingEvent> events)
    {
        switch (value)
        {
            case string s:
                events.Add(KubeconfigDocument.PlainScalar(s));
                break;
            case YamlMap map:
                events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                foreach (var (k, v) in map)
                {
                    events.Add(KubeconfigDocument.PlainScalar(k));
                    Write(v, events);
                }

                events.Add(new MappingEnd());
                break;
            case IEnumerable<object> list:
                events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                foreach (var item in list)
                {
                    Write(item, events);
                }

                events.Add(new SequenceEnd());
                break;
            default:
                throw new ArgumentException($"A kubeconfig value must be a string, a list or a YamlMap, not {value?.GetType().Name ?? "null"}.", nameof(value));
        }
    }
}

