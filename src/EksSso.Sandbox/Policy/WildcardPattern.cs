using System.Collections.Concurrent;
using System.Text;

namespace EksSso.Sandbox.Policy;

/// <summary>How a <see cref="WildcardPattern"/> reads its text.</summary>
[Flags]
internal enum PatternOptions
{
    None = 0,

    /// <summary>Ordinal case-insensitive comparison (actions, <c>...IgnoreCase</c> operators).</summary>
    IgnoreCase = 1,

    /// <summary><c>*</c> matches any run of characters (including <c>:</c> and <c>/</c>), <c>?</c> exactly one.</summary>
    Wildcards = 2,

    /// <summary><c>${key}</c>, <c>${key, 'default'}</c> and the <c>${*}</c>/<c>${?}</c>/<c>${$}</c> escapes (policy version 2012-10-17).</summary>
    Variables = 4,
}

/// <summary>
/// A compiled IAM glob. Patterns are tokenised once and cached process-wide because the evaluator runs on every
/// sandbox request; matching is a backtracking scan with no regular expressions and no per-call allocation.
/// Text substituted for a policy variable is always literal: a <c>*</c> inside a user name must not widen a grant.
/// </summary>
internal sealed class WildcardPattern
{
    private const int CacheLimit = 50_000;

    private static readonly ConcurrentDictionary<(string Text, PatternOptions Options), WildcardPattern> s_cache = new();

    private readonly Token[] _tokens;
    private readonly StringComparison _comparison;

    private WildcardPattern(string text, PatternOptions options, Token[] tokens)
    {
        Text = text;
        _tokens = tokens;
        _comparison = (options & PatternOptions.IgnoreCase) != 0 ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        IsMatchAll = tokens is [{ Kind: TokenKind.AnyRun }];
        HasVariables = tokens.Any(t => t.Kind == TokenKind.Variable);
        IsLiteral = tokens.All(t => t.Kind == TokenKind.Literal);
        LiteralText = IsLiteral ? string.Concat(tokens.Select(t => t.Text)) : null;
    }

    private enum TokenKind : byte
    {
        Literal,
        AnyRun,
        AnyChar,
        Variable,
    }

    public string Text { get; }

    public bool IsMatchAll { get; }

    public bool HasVariables { get; }

    /// <summary>No wildcard and no variable: matching is plain string equality with <see cref="LiteralText"/>.</summary>
    public bool IsLiteral { get; }

    public string? LiteralText { get; }

    public static WildcardPattern Get(string text, PatternOptions options)
    {
        if (s_cache.TryGetValue((text, options), out var cached))
        {
            return cached;
        }

        // A crude bound: policies are few and small, so the cache only grows without limit under abuse.
        if (s_cache.Count > CacheLimit)
        {
            s_cache.Clear();
        }

        return s_cache.GetOrAdd((text, options), static key => new WildcardPattern(key.Text, key.Options, Tokenize(key.Text, key.Options)));
    }

    public bool IsMatch(string input, IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        if (IsMatchAll)
        {
            return true;
        }

        if (LiteralText is not null)
        {
            return string.Equals(input, LiteralText, _comparison);
        }

        // An unresolvable variable makes the element not match (IAM does not fall back to the literal "${...}").
        if (HasVariables && !CanResolve(context))
        {
            return false;
        }

        var tokens = _tokens;

        // Cheap rejections first: most non-matching resources differ in their fixed prefix or suffix.
        if (tokens[0].Kind == TokenKind.Literal && !input.StartsWith(tokens[0].Text, _comparison))
        {
            return false;
        }

        if (tokens[^1].Kind == TokenKind.Literal && !input.EndsWith(tokens[^1].Text, _comparison))
        {
            return false;
        }

        int ti = 0, si = 0, starTi = -1, starSi = 0;
        while (true)
        {
            if (ti < tokens.Length)
            {
                var token = tokens[ti];
                if (token.Kind == TokenKind.AnyRun)
                {
                    starTi = ti;
                    starSi = si;
                    ti++;
                    continue;
                }

                if (token.Kind == TokenKind.AnyChar)
                {
                    if (si < input.Length)
                    {
                        si++;
                        ti++;
                        continue;
                    }
                }
                else
                {
                    var literal = token.Kind == TokenKind.Literal ? token.Text : Resolve(token, context)!;
                    if (input.AsSpan(si).StartsWith(literal, _comparison))
                    {
                        si += literal.Length;
                        ti++;
                        continue;
                    }
                }
            }
            else if (si == input.Length)
            {
                return true;
            }

            // Mismatch: let the most recent '*' swallow more input and retry what follows it. When a literal follows
            // the '*', jump straight to its next occurrence instead of stepping one character at a time.
            if (starTi < 0 || starSi >= input.Length)
            {
                return false;
            }

            starSi++;
            if (starTi + 1 < tokens.Length && tokens[starTi + 1] is { Kind: TokenKind.Literal } next)
            {
                var found = input.AsSpan(starSi).IndexOf(next.Text, _comparison);
                if (found < 0)
                {
                    return false;
                }

                starSi += found;
            }

            si = starSi;
            ti = starTi + 1;
        }
    }

    /// <summary>
    /// The text with variables substituted and wildcards left as written, or null when a variable cannot be resolved.
    /// Used where the substituted text is itself re-read as a pattern (ARN operators split it into segments).
    /// </summary>
    public string? Substitute(IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        if (!HasVariables)
        {
            return Text;
        }

        var builder = new StringBuilder(Text.Length + 32);
        foreach (var token in _tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.AnyRun:
                    builder.Append('*');
                    break;
                case TokenKind.AnyChar:
                    builder.Append('?');
                    break;
                case TokenKind.Variable:
                    if (Resolve(token, context) is not { } value)
                    {
                        return null;
                    }

                    builder.Append(value);
                    break;
                default:
                    builder.Append(token.Text);
                    break;
            }
        }

        return builder.ToString();
    }

    private bool CanResolve(IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        foreach (var token in _tokens)
        {
            if (token.Kind == TokenKind.Variable && Resolve(token, context) is null)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Resolve(Token token, IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        // Only single-valued keys can be variables; IAM documents multivalued keys as unusable here.
        if (context is not null && context.TryGetValue(token.Text, out var values) && values.Count == 1)
        {
            return values[0];
        }

        return token.Default;
    }

    private static Token[] Tokenize(string text, PatternOptions options)
    {
        var wildcards = (options & PatternOptions.Wildcards) != 0;
        var variables = (options & PatternOptions.Variables) != 0;
        var tokens = new List<Token>();
        var literal = new StringBuilder();

        void Flush()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new Token(TokenKind.Literal, literal.ToString(), null));
                literal.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (wildcards && c == '*')
            {
                Flush();

                // "a**b" is the same pattern as "a*b"; collapsing keeps backtracking linear.
                if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.AnyRun)
                {
                    tokens.Add(new Token(TokenKind.AnyRun, "*", null));
                }
            }
            else if (wildcards && c == '?')
            {
                Flush();
                tokens.Add(new Token(TokenKind.AnyChar, "?", null));
            }
            else if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{' && text.IndexOf('}', i + 2) is var close and > 0)
            {
                var inner = text[(i + 2)..close];
                if (inner is "*" or "?" or "$")
                {
                    // ${*}, ${?} and ${$} are IAM's escapes for a literal wildcard or dollar sign.
                    literal.Append(inner);
                }
                else
                {
                    Flush();
                    tokens.Add(ParseVariable(inner));
                }

                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush();
        return [.. tokens];
    }

    private static Token ParseVariable(string inner)
    {
        var comma = inner.IndexOf(',');
        if (comma < 0)
        {
            return new Token(TokenKind.Variable, inner.Trim(), null);
        }

        var name = inner[..comma].Trim();
        var fallback = inner[(comma + 1)..].Trim();
        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'')
        {
            fallback = fallback[1..^1];
        }

        return new Token(TokenKind.Variable, name, fallback);
    }

    /// <summary>One piece of a pattern: literal text, a wildcard, or a variable (Text = key, Default = fallback).</summary>
    private readonly record struct Token(TokenKind Kind, string Text, string? Default);
}
