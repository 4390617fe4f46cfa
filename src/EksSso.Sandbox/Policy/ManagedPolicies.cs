using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EksSso.Sandbox.Policy;

/// <summary>An AWS managed policy: its identity, default version and document.</summary>
public sealed class ManagedPolicy
{
    public required string Name { get; init; }

    /// <summary><c>arn:aws:iam::aws:policy{Path}{Name}</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>IAM path, "/" for most; <c>/job-function/</c> for ViewOnlyAccess and its siblings.</summary>
    public required string Path { get; init; }

    /// <summary>The default version as AWS published it (v45 for the stored ViewOnlyAccess).</summary>
    public required string VersionId { get; init; }

    /// <summary>The document, pretty-printed with four-space indentation like AWS managed documents.</summary>
    public required string DocumentJson { get; init; }

    public required PolicyDocument Document { get; init; }

    /// <summary>When the default version was created, if the source said.</summary>
    public DateTimeOffset? CreateDate { get; init; }
}

/// <summary>
/// Loads the AWS managed policy documents the sandbox can attach. Each source file is an IAM GetPolicyVersion reply
/// (<c>{"PolicyVersion": {"Document": {...}, "VersionId": "v45", ...}}</c>) named <c>&lt;PolicyName&gt;.json</c>.
/// AdministratorAccess is built in because its document is one statement and it is what the bootstrap admin holds.
/// </summary>
public static class ManagedPolicies
{
    public const string AdministratorAccessName = "AdministratorAccess";
    public const string AdministratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess";

    /// <summary>Manifest resource names are <c>EksSso.Sandbox.ManagedPolicies.&lt;Name&gt;.json</c>.</summary>
    public const string ResourcePrefix = "EksSso.Sandbox.ManagedPolicies.";

    private const string JsonSuffix = ".json";

    // The managed policies the policy name alone cannot place: AWS files the job-function family under a path.
    private static readonly FrozenDictionary<string, string> s_knownPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ViewOnlyAccess"] = "/job-function/",
        ["SystemAdministrator"] = "/job-function/",
        ["NetworkAdministrator"] = "/job-function/",
        ["DatabaseAdministrator"] = "/job-function/",
        ["DataScientist"] = "/job-function/",
        ["SupportUser"] = "/job-function/",
        ["Billing"] = "/job-function/",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = true,
        IndentSize = 4,

        // Keep policy text readable ("+", "<", non-ASCII) instead of \uXXXX escapes; it is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string s_administratorAccessDocument = string.Join('\n',
        "{",
        "    \"Version\": \"2012-10-17\",",
        "    \"Statement\": [",
        "        {",
        "            \"Effect\": \"Allow\",",
        "            \"Action\": \"*\",",
        "            \"Resource\": \"*\"",
        "        }",
        "    ]",
        "}");

    /// <summary>The IAM path of an AWS managed policy by name.</summary>
    public static string PathFor(string name) => s_knownPaths.GetValueOrDefault(name, "/");

    public static string ArnFor(string name, string partition = "aws") => $"arn:{partition}:iam::aws:policy{PathFor(name)}{name}";

    /// <summary>The policies embedded in <paramref name="assembly"/>, plus AdministratorAccess, keyed by ARN.</summary>
    public static IReadOnlyDictionary<string, ManagedPolicy> LoadEmbedded(Assembly assembly, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var policies = new Dictionary<string, ManagedPolicy>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(JsonSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^JsonSuffix.Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            Add(policies, FromGetPolicyVersionReply(name, reader.ReadToEnd(), resource, partition));
        }

        return Finish(policies, partition);
    }

    /// <summary>The <c>*.json</c> replies in <paramref name="directory"/>, plus AdministratorAccess, keyed by ARN.</summary>
    public static IReadOnlyDictionary<string, ManagedPolicy> Load(string directory, string partition = "aws")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var policies = new Dictionary<string, ManagedPolicy>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*" + JsonSuffix).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            Add(policies, FromGetPolicyVersionReply(name, File.ReadAllText(file), file, partition));
        }

        return Finish(policies, partition);
    }

    /// <summary>
    /// Reads one GetPolicyVersion reply. The Document may be the decoded object (AWS CLI output) or the URL-encoded
    /// string the raw API returns. Throws <see cref="InvalidDataException"/> naming <paramref name="source"/>.
    /// </summary>
    public static ManagedPolicy FromGetPolicyVersionReply(string name, string replyJson, string? source = null, string partition = "aws")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(replyJson);
        source ??= name;
        try
        {
            using var reply = JsonDocument.Parse(replyJson);
            if (!reply.RootElement.TryGetProperty("PolicyVersion", out var version)
                || !version.TryGetProperty("Document", out var document)
                || !version.TryGetProperty("VersionId", out var versionId)
                || versionId.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"Managed policy {source} is not a GetPolicyVersion reply (PolicyVersion.Document and PolicyVersion.VersionId).");
            }

            var documentJson = document.ValueKind switch
            {
                JsonValueKind.Object => Indent(document),
                JsonValueKind.String when document.GetString()! is var text && text.StartsWith("%7B", StringComparison.OrdinalIgnoreCase) => Uri.UnescapeDataString(text),
                JsonValueKind.String => document.GetString()!,
                _ => throw new InvalidDataException($"Managed policy {source} has a Document that is neither an object nor a string."),
            };

            DateTimeOffset? created = version.TryGetProperty("CreateDate", out var date) && date.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(date.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;

            return new ManagedPolicy
            {
                Name = name,
                Arn = ArnFor(name, partition),
                Path = PathFor(name),
                VersionId = versionId.GetString()!,
                DocumentJson = documentJson,
                Document = PolicyDocument.Parse(documentJson),
                CreateDate = created,
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Managed policy {source} is not valid JSON: {e.Message}", e);
        }
        catch (MalformedPolicyException e)
        {
            throw new InvalidDataException($"Managed policy {source} is not a valid policy: {e.Message}", e);
        }
    }

    /// <summary>The built-in AdministratorAccess (v1, created 2015-02-06 with the first managed policies).</summary>
    public static ManagedPolicy AdministratorAccess(string partition = "aws") => new()
    {
        Name = AdministratorAccessName,
        Arn = ArnFor(AdministratorAccessName, partition),
        Path = "/",
        VersionId = "v1",
        DocumentJson = s_administratorAccessDocument,
        Document = PolicyDocument.Parse(s_administratorAccessDocument),
        CreateDate = new DateTimeOffset(2015, 2, 6, 18, 39, 46, TimeSpan.Zero),
    };

    private static void Add(Dictionary<string, ManagedPolicy> policies, ManagedPolicy policy)
    {
        if (!policies.TryAdd(policy.Arn, policy))
        {
            throw new InvalidDataException($"Managed policy {policy.Arn} is defined twice.");
        }
    }

    private static FrozenDictionary<string, ManagedPolicy> Finish(Dictionary<string, ManagedPolicy> policies, string partition)
    {
        // A shipped AdministratorAccess.json, should one ever be added, wins over the built-in copy.
        var admin = AdministratorAccess(partition);
        policies.TryAdd(admin.Arn, admin);
        return policies.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Indent(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
