using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Engine.Aws;

namespace EksSso.Engine.IdentityCenter;

/// <summary>
/// Checks an IAM identity-policy document locally, before any AWS call, so a typo fails with a message that names
/// the statement and member instead of a remote MalformedPolicyDocument; and compares documents by meaning, since
/// AWS may hand back a document with other whitespace or member order than the one that was put.
/// </summary>
public static class PolicyDocumentValidator
{
    public const string ErrorId = "InvalidPolicyDocument";

    private static readonly string[] s_versions = ["2012-10-17", "2008-10-17"];

    // Members whose single string IAM treats like an array of that one string.
    private static readonly HashSet<string> s_listMembers = new(StringComparer.Ordinal) { "Statement", "Action", "NotAction", "Resource", "NotResource" };

    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    /// <summary>The document as compact JSON (member order kept); an <see cref="EksSsoException"/> (InvalidPolicyDocument) on the first problem.</summary>
    public static string Validate(string document)
    {
        var root = Parse(document);
        if (root is not JsonObject policy)
        {
            throw Invalid("the document must be a JSON object ({ \"Version\": …, \"Statement\": … }).");
        }

        if (policy["Version"] is not JsonValue version || !version.TryGetValue<string>(out var v))
        {
            throw Invalid("the member Version is missing; use \"Version\": \"2012-10-17\".");
        }

        if (!s_versions.Contains(v, StringComparer.Ordinal))
        {
            throw Invalid($"Version \"{v}\" is not a policy language version; use \"2012-10-17\".");
        }

        var statements = policy["Statement"] switch
        {
            JsonObject single => [single],
            JsonArray { Count: > 0 } list => list.ToList(),
            JsonArray => throw Invalid("Statement is an empty array; a policy needs at least one statement."),
            null => throw Invalid("the member Statement is missing."),
            _ => throw Invalid("Statement must be an object or an array of objects."),
        };
        for (var i = 0; i < statements.Count; i++)
        {
            ValidateStatement(statements[i], i);
        }

        return policy.ToJsonString(s_compact);
    }

    /// <summary>Compact JSON of a document AWS returned (no validation); null for no document.</summary>
    public static string? Normalize(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(document)?.ToJsonString(s_compact) ?? document;
        }
        catch (JsonException)
        {
            return document;
        }
    }

    /// <summary>True when both documents grant the same: member order, whitespace and "x" versus ["x"] do not count.</summary>
    public static bool AreEquivalent(string? left, string? right)
    {
        if (string.IsNullOrWhiteSpace(left) || string.IsNullOrWhiteSpace(right))
        {
            return string.IsNullOrWhiteSpace(left) && string.IsNullOrWhiteSpace(right);
        }

        try
        {
            return Canonical(JsonNode.Parse(left), null) == Canonical(JsonNode.Parse(right), null);
        }
        catch (JsonException)
        {
            return string.Equals(left, right, StringComparison.Ordinal);
        }
    }

    private static JsonNode? Parse(string document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            throw Invalid("the document is empty.");
        }

        try
        {
            return JsonNode.Parse(document, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            throw Invalid($"it is not valid JSON{where}: {e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ')}.");
        }
    }

    private static void ValidateStatement(JsonNode? node, int index)
    {
        var where = $"Statement[{index}]";
        if (node is not JsonObject statement)
        {
            throw Invalid($"{where} must be an object.");
        }

        if (statement["Effect"] is not JsonValue effect || !effect.TryGetValue<string>(out var e))
        {
            throw Invalid($"{where} has no Effect; use \"Effect\": \"Allow\" or \"Deny\".");
        }

        if (e is not ("Allow" or "Deny"))
        {
            throw Invalid($"{where}.Effect is \"{e}\"; it must be \"Allow\" or \"Deny\" (case-sensitive).");
        }

        var hasAction = statement.ContainsKey("Action");
        var hasNotAction = statement.ContainsKey("NotAction");
        if (hasAction && hasNotAction)
        {
            throw Invalid($"{where} has both Action and NotAction; a statement takes exactly one of them.");
        }

        if (!hasAction && !hasNotAction)
        {
            throw Invalid($"{where} has neither Action nor NotAction; a statement takes exactly one of them.");
        }

        RequireStrings(statement, hasAction ? "Action" : "NotAction", where);
        var hasResource = statement.ContainsKey("Resource");
        if (!hasResource && !statement.ContainsKey("NotResource"))
        {
            throw Invalid($"{where} has neither Resource nor NotResource; an identity policy statement needs one (\"Resource\": \"*\" for all).");
        }

        if (hasResource && statement.ContainsKey("NotResource"))
        {
            throw Invalid($"{where} has both Resource and NotResource; a statement takes exactly one of them.");
        }

        RequireStrings(statement, hasResource ? "Resource" : "NotResource", where);
        if (statement.ContainsKey("Principal") || statement.ContainsKey("NotPrincipal"))
        {
            throw Invalid($"{where} has a Principal; an identity policy (such as a permission set's inline policy) must not name one.");
        }
    }

    private static void RequireStrings(JsonObject statement, string member, string where)
    {
        switch (statement[member])
        {
            case JsonValue value when value.TryGetValue<string>(out var s) && s.Length > 0:
                return;
            case JsonArray { Count: > 0 } list when list.All(x => x is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0):
                return;
            case JsonArray { Count: 0 }:
                throw Invalid($"{where}.{member} is an empty array; give at least one value.");
            default:
                throw Invalid($"{where}.{member} must be a string or an array of strings.");
        }
    }

    private static string Canonical(JsonNode? node, string? member)
    {
        var isList = member is not null && s_listMembers.Contains(member);
        return node switch
        {
            null => "null",
            JsonObject o when !isList => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value, p.Key))) + "}",
            // The order of statements, actions and resources does not change what a policy grants.
            JsonArray a when isList => "[" + string.Join(",", a.Select(x => Canonical(x, null)).Order(StringComparer.Ordinal)) + "]",
            JsonArray a => "[" + string.Join(",", a.Select(x => Canonical(x, null))) + "]",
            _ when isList => "[" + Canonical(node, null) + "]",
            _ => node.ToJsonString(s_compact),
        };
    }

    private static EksSsoException Invalid(string problem) =>
        new(ErrorId, AwsErrorKind.Validation, $"The policy document is not valid: {problem}");
}
