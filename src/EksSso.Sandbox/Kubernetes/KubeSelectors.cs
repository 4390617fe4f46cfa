using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>Label selectors (query <c>labelSelector</c>, and LabelSelector objects) and the field selectors lists take.</summary>
public static class KubeSelectors
{
    /// <summary>
    /// Parses a query label selector: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
    /// <c>a</c>, <c>!a</c>, joined by commas. Returns a predicate over an object's labels.
    /// </summary>
    public static Func<JsonObject, bool> ParseLabelSelector(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return _ => true;
        }

        var terms = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var term in SplitTopLevel(selector))
        {
            var t = term.Trim();
            if (t.Length == 0)
            {
                throw Bad(selector);
            }

            var setMatch = System.Text.RegularExpressions.Regex.Match(t, @"^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$");
            if (setMatch.Success)
            {
                var key = setMatch.Groups[1].Value;
                var values = setMatch.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                var isIn = setMatch.Groups[2].Value == "in";
                terms.Add(labels => isIn ? labels.TryGetValue(key, out var v) && values.Contains(v) : !(labels.TryGetValue(key, out var w) && values.Contains(w)));
                continue;
            }

            var op = t.Contains("!=", StringComparison.Ordinal) ? "!=" : t.Contains("==", StringComparison.Ordinal) ? "==" : t.Contains('=', StringComparison.Ordinal) ? "=" : null;
            if (op is not null)
            {
                var at = t.IndexOf(op, StringComparison.Ordinal);
                var key = t[..at].Trim();
                var value = t[(at + op.Length)..].Trim();
                if (key.Length == 0)
                {
                    throw Bad(selector);
                }

                terms.Add(op == "!=" ? labels => !(labels.TryGetValue(key, out var v) && v == value) : labels => labels.TryGetValue(key, out var v) && v == value);
                continue;
            }

            if (t.StartsWith('!'))
            {
                var key = t[1..].Trim();
                terms.Add(labels => !labels.ContainsKey(key));
            }
            else
            {
                terms.Add(labels => labels.ContainsKey(t));
            }
        }

        return obj =>
        {
            var labels = Labels(obj);
            return terms.All(term => term(labels));
        };
    }

    /// <summary>
    /// Field selectors on <c>metadata.name</c> and <c>metadata.namespace</c> (=, ==, !=), as every resource supports.
    /// </summary>
    public static Func<JsonObject, bool> ParseFieldSelector(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return _ => true;
        }

        var terms = new List<Func<JsonObject, bool>>();
        foreach (var term in selector.Split(','))
        {
            var t = term.Trim();
            var op = t.Contains("!=", StringComparison.Ordinal) ? "!=" : t.Contains("==", StringComparison.Ordinal) ? "==" : t.Contains('=', StringComparison.Ordinal) ? "=" : null;
            if (op is null)
            {
                throw KubeStatusException.BadRequest($"invalid selector: '{selector}'; can't understand '{t}'");
            }

            var at = t.IndexOf(op, StringComparison.Ordinal);
            var field = t[..at].Trim();
            var value = t[(at + op.Length)..].Trim();
            Func<JsonObject, string> read = field switch
            {
                "metadata.name" => KubeObjectStore.Name,
                "metadata.namespace" => KubeObjectStore.Namespace,
                _ => throw KubeStatusException.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
            };
            terms.Add(op == "!=" ? o => read(o) != value : o => read(o) == value);
        }

        return obj => terms.All(term => term(obj));
    }

    /// <summary>A LabelSelector object (matchLabels, matchExpressions) against labels; an empty selector matches everything.</summary>
    public static bool Matches(JsonObject? selector, JsonObject obj)
    {
        if (selector is null)
        {
            return false;
        }

        var labels = Labels(obj);
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value?.GetValue<string>())
            {
                return false;
            }
        }

        foreach (var expression in selector["matchExpressions"] as JsonArray ?? [])
        {
            var key = expression?["key"]?.GetValue<string>() ?? "";
            var values = (expression?["values"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var actual);
            var ok = expression?["operator"]?.GetValue<string>() switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject ?? [])
            .Where(p => p.Value is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);

    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return selector[start..];
    }

    private static KubeStatusException Bad(string selector) =>
        KubeStatusException.BadRequest($"unable to parse requirement: found '', expected: identifier in selector \"{selector}\"");
}
