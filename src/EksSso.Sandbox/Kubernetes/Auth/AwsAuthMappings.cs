using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>One <c>mapRoles</c> (<see cref="Arn"/> = rolearn) or <c>mapUsers</c> (userarn) entry of aws-auth.</summary>
public sealed record AwsAuthMapping(string Arn, string Username, IReadOnlyList<string> Groups);

/// <summary>
/// The <c>kube-system/aws-auth</c> ConfigMap as aws-iam-authenticator reads it: <c>mapRoles</c>, <c>mapUsers</c> and
/// <c>mapAccounts</c> are YAML lists, converted as sigs.k8s.io/yaml converts them (YAML 1.1 scalars, field names
/// matched case-insensitively, unknown fields ignored). If any part fails to parse or an entry lacks its ARN, the
/// authenticator keeps none of it, and neither does this: <see cref="Error"/> says why.
/// </summary>
public sealed partial class AwsAuthMappings
{
    public const string Namespace = "kube-system";

    public const string Name = "aws-auth";

    private AwsAuthMappings(bool exists, IReadOnlyList<AwsAuthMapping> roles, IReadOnlyList<AwsAuthMapping> users, IReadOnlyList<string> accounts, string? error)
    {
        Exists = exists;
        Roles = roles;
        Users = users;
        Accounts = accounts;
        Error = error;
    }

    /// <summary>False when the ConfigMap is not there at all.</summary>
    public bool Exists { get; }

    public IReadOnlyList<AwsAuthMapping> Roles { get; }

    public IReadOnlyList<AwsAuthMapping> Users { get; }

    public IReadOnlyList<string> Accounts { get; }

    /// <summary>Why the data could not be used (then there are no mappings); null when it parsed.</summary>
    public string? Error { get; }

    public static AwsAuthMappings Read(KubeObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return From(store.Get("", "configmaps", Namespace, Name));
    }

    public static AwsAuthMappings From(JsonObject? configMap)
    {
        if (configMap is null)
        {
            return new AwsAuthMappings(false, [], [], [], null);
        }

        var data = configMap["data"] as JsonObject;
        string? Value(string key) => data?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return Parse(Value("mapRoles"), Value("mapUsers"), Value("mapAccounts"));
    }

    public static AwsAuthMappings Parse(string? mapRoles, string? mapUsers, string? mapAccounts)
    {
        try
        {
            var roles = ParseMappings(mapRoles, "mapRoles", "rolearn");
            var users = ParseMappings(mapUsers, "mapUsers", "userarn");
            var accounts = ParseList(mapAccounts, "mapAccounts");
            return new AwsAuthMappings(true, roles, users, accounts, null);
        }
        catch (AwsAuthFormatException e)
        {
            return new AwsAuthMappings(true, [], [], [], e.Message);
        }
    }

    private static List<AwsAuthMapping> ParseMappings(string? text, string key, string arnField)
    {
        var result = new List<AwsAuthMapping>();
        if (Load(text, key) is not { } root)
        {
            return result;
        }

        if (root is not YamlSequenceNode sequence)
        {
            throw new AwsAuthFormatException($"{key} is not a YAML list");
        }

        var index = 0;
        foreach (var item in sequence)
        {
            var where = $"{key}[{index++}]";
            if (IsNull(item))
            {
                throw new AwsAuthFormatException($"{where}: {arnField} must be supplied");
            }

            if (item is not YamlMappingNode mapping)
            {
                throw new AwsAuthFormatException($"{where} is not a mapping");
            }

            string arn = "", username = "";
            IReadOnlyList<string> groups = [];
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var field = keyNode is YamlScalarNode { Value: { } k } ? k : "";
                if (field.Equals(arnField, StringComparison.OrdinalIgnoreCase))
                {
                    arn = StringValue(valueNode, $"{where}.{arnField}");
                }
                else if (field.Equals("username", StringComparison.OrdinalIgnoreCase))
                {
                    username = StringValue(valueNode, $"{where}.username");
                }
                else if (field.Equals("groups", StringComparison.OrdinalIgnoreCase))
                {
                    groups = StringList(valueNode, $"{where}.groups");
                }
            }

            if (arn.Length == 0)
            {
                throw new AwsAuthFormatException($"{where}: {arnField} must be supplied");
            }

            result.Add(new AwsAuthMapping(arn, username, groups));
        }

        return result;
    }

    private static List<string> ParseList(string? text, string key) => Load(text, key) is { } root ? StringList(root, key) : [];

    private static YamlNode? Load(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new AwsAuthFormatException($"{key} is not valid YAML: {e.Message}");
        }

        // Like go-yaml, only the first document counts.
        var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        return root is null || IsNull(root) ? null : root;
    }

    private static List<string> StringList(YamlNode node, string where)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw new AwsAuthFormatException($"{where} is not a list of strings");
        }

        return [.. sequence.Select((item, i) => StringValue(item, $"{where}[{i}]"))];
    }

    /// <summary>A JSON string after sigs.k8s.io/yaml: null becomes "", an unquoted number or boolean is a type error.</summary>
    private static string StringValue(YamlNode node, string where)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw new AwsAuthFormatException($"{where} must be a string");
        }

        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain && scalar.Tag.IsEmpty)
        {
            if (IsNull(scalar))
            {
                return "";
            }

            if (Yaml11Number().IsMatch(value) || Yaml11Bool().IsMatch(value))
            {
                throw new AwsAuthFormatException($"{where} must be a string, not {value} (quote it)");
            }
        }

        return value;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } scalar && scalar.Tag.IsEmpty;

    [GeneratedRegex("^([-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex Yaml11Number();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex Yaml11Bool();

    private sealed class AwsAuthFormatException(string message) : Exception(message);
}
