using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace EksSso.Sandbox.Model;

/// <summary>
/// Turns the Java-flavoured <c>pattern</c> traits of the botocore models into .NET regexes that behave like the
/// Java ones AWS runs: matched against the whole value (Java <c>Matcher.matches()</c>), with ASCII-only
/// <c>\w \d \s</c> and Java's line-terminator rule for <c>.</c>. Compiled once per distinct pattern.
/// </summary>
public static class ModelPatterns
{
    private const string JavaSpaces = @" \t\n\x0B\f\r";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<string, Regex?> s_cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> s_skipped = new(StringComparer.Ordinal);

    // Java POSIX classes (US-ASCII unless UNICODE_CHARACTER_CLASS, which AWS does not use), as class bodies.
    private static readonly Dictionary<string, string> s_posix = new(StringComparer.Ordinal)
    {
        ["Lower"] = "a-z",
        ["Upper"] = "A-Z",
        ["ASCII"] = @"\x00-\x7F",
        ["Alpha"] = "a-zA-Z",
        ["Digit"] = "0-9",
        ["Alnum"] = "a-zA-Z0-9",
        ["Punct"] = @"!-/:-@\[-`{-~",
        ["Graph"] = @"!-~",
        ["Print"] = @" -~",
        ["Blank"] = @" \t",
        ["Cntrl"] = @"\x00-\x1F\x7F",
        ["XDigit"] = "0-9a-fA-F",
        ["Space"] = JavaSpaces,
    };

    /// <summary>
    /// Model patterns that are not checked: .NET could not compile the translation, or the pattern can never match
    /// (for example a <c>^</c> in the middle, which in Java without MULTILINE matches only at the start).
    /// </summary>
    public static IReadOnlyCollection<string> UncompilablePatterns => s_skipped.Keys.ToArray();

    /// <summary>Why <paramref name="pattern"/> is skipped, or null when it is checked.</summary>
    public static string? SkipReason(string pattern) => s_skipped.GetValueOrDefault(pattern);

    /// <summary>The compiled, whole-value regex for a model pattern, or null when it cannot be used.</summary>
    public static Regex? Get(string pattern) => s_cache.GetOrAdd(pattern, Compile);

    /// <summary>The .NET regex source for a Java pattern, anchored to the whole value.</summary>
    public static string Translate(string javaPattern) => Translate(javaPattern, out _);

    private static Regex? Compile(string pattern)
    {
        var source = Translate(pattern, out var unsatisfiable);
        if (unsatisfiable is not null)
        {
            s_skipped[pattern] = unsatisfiable;
            return null;
        }

        try
        {
            return new Regex(source, RegexOptions.None, s_timeout);
        }
        catch (ArgumentException ex)
        {
            // A pattern .NET cannot parse must not take the server down; it is reported instead of enforced.
            s_skipped[pattern] = ".NET could not compile the translation: " + ex.Message;
            return null;
        }
    }

    private static string Translate(string p, out string? unsatisfiable)
    {
        unsatisfiable = null;
        var sb = new StringBuilder(p.Length + 32);
        sb.Append(@"\A(?:");
        var inClass = false;
        // True where a new alternative starts (pattern start, after '(' or '|'): the only places '^' can match.
        var atAlternativeStart = true;
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                i = TranslateEscape(p, i, inClass, sb);
                atAlternativeStart = false;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    i++;
                    // A ']' or '^]' right after '[' is a literal in Java; keep it inside the class.
                    if (i < p.Length && p[i] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i < p.Length && p[i] == ']')
                    {
                        sb.Append(@"\]");
                        i++;
                    }

                    atAlternativeStart = false;
                    continue;
                case '(':
                    sb.Append(c);
                    i++;
                    // Copy the group kind ((?:, (?=, (?!, (?<=, (?<!, (?<name>) so '^' right after it still counts
                    // as at the start of an alternative.
                    if (i < p.Length && p[i] == '?')
                    {
                        var end = i + 1;
                        while (end < p.Length && p[end] != ':' && p[end] != '=' && p[end] != '!' && p[end] != '>' && p[end] != ')')
                        {
                            end++;
                        }

                        if (end < p.Length)
                        {
                            sb.Append(p, i, end - i + 1);
                            i = end + 1;
                        }
                    }

                    atAlternativeStart = true;
                    continue;
                case '|':
                    sb.Append(c);
                    i++;
                    atAlternativeStart = true;
                    continue;
                case '^':
                    if (!atAlternativeStart && i > 0 && IsConsumingLiteral(p[i - 1]))
                    {
                        unsatisfiable = $"'^' at offset {i} follows a literal, so the pattern can never match.";
                    }

                    sb.Append(c);
                    i++;
                    continue;
                case '.':
                    // Java's '.' excludes every line terminator, .NET's only '\n'.
                    sb.Append(@"[^\n\r\u0085\u2028\u2029]");
                    i++;
                    atAlternativeStart = false;
                    continue;
                default:
                    sb.Append(c);
                    i++;
                    atAlternativeStart = false;
                    continue;
            }
        }

        sb.Append(@")\z");
        return sb.ToString();
    }

    private static bool IsConsumingLiteral(char c) => char.IsLetterOrDigit(c) || "/-:_@,=~#%&'\"<>".Contains(c);

    // Translates the escape at p[i] ('\\'), appends it and returns the index after it.
    private static int TranslateEscape(string p, int i, bool inClass, StringBuilder sb)
    {
        var e = p[i + 1];
        switch (e)
        {
            // Java's predefined classes are ASCII; .NET's are Unicode. Negated forms inside a class stay as .NET's
            // (a class body cannot express "not ASCII word"); none of the models uses them that way.
            case 'w':
                sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                return i + 2;
            case 'd':
                sb.Append(inClass ? "0-9" : "[0-9]");
                return i + 2;
            case 's':
                sb.Append(inClass ? JavaSpaces : "[" + JavaSpaces + "]");
                return i + 2;
            case 'W':
                sb.Append(inClass ? @"\W" : "[^a-zA-Z0-9_]");
                return i + 2;
            case 'D':
                sb.Append(inClass ? @"\D" : "[^0-9]");
                return i + 2;
            case 'S':
                sb.Append(inClass ? @"\S" : "[^" + JavaSpaces + "]");
                return i + 2;
            case 'h':
                const string horizontal = @" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000";
                sb.Append(inClass ? horizontal : "[" + horizontal + "]");
                return i + 2;
            case 'p':
            case 'P':
                return TranslateProperty(p, i, inClass, sb);
            case 'Q':
            {
                // \Q...\E quotes literally.
                var end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                sb.Append(Regex.Escape(literal));
                return end < 0 ? p.Length : end + 2;
            }
            default:
                if (e == '_')
                {
                    // Java accepts an escaped '_'; .NET rejects escaping any word character.
                    sb.Append('_');
                }
                else if (!char.IsLetterOrDigit(e) && e > ' ' && e < 0x7F)
                {
                    sb.Append('\\').Append(e);
                }
                else if (e == ' ')
                {
                    sb.Append(inClass ? " " : @"\ ");
                }
                else
                {
                    // \u, \x, \t, \n, \b, \z, \A, back-references ... mean the same in both engines.
                    sb.Append('\\').Append(e);
                }

                return i + 2;
        }
    }

    private static int TranslateProperty(string p, int i, bool inClass, StringBuilder sb)
    {
        var negated = p[i + 1] == 'P';
        string name;
        int next;
        if (i + 2 < p.Length && p[i + 2] == '{')
        {
            var close = p.IndexOf('}', i + 3);
            if (close < 0)
            {
                sb.Append(p, i, p.Length - i);
                return p.Length;
            }

            name = p[(i + 3)..close];
            next = close + 1;
        }
        else if (i + 2 < p.Length)
        {
            name = p[i + 2].ToString();
            next = i + 3;
        }
        else
        {
            sb.Append(p, i, p.Length - i);
            return p.Length;
        }

        var bare = name.StartsWith("Is", StringComparison.Ordinal) && s_posix.ContainsKey(name[2..]) ? name[2..] : name;
        if (s_posix.TryGetValue(bare, out var body))
        {
            if (inClass && negated)
            {
                // Cannot nest a negated set in a .NET class body; emit it as-is so the compile failure is reported.
                sb.Append(p, i, next - i);
            }
            else if (inClass)
            {
                sb.Append(body);
            }
            else
            {
                sb.Append(negated ? "[^" : "[").Append(body).Append(']');
            }

            return next;
        }

        // Unicode categories (\p{L}, \p{Lu}, \p{Z} ...) and blocks (\p{IsGreek}) share the .NET spelling; Java's
        // \p{IsL}/\p{IsAlphabetic} do not, and are reported if .NET rejects them.
        var mapped = bare switch
        {
            "IsAlphabetic" => "L",
            "IsLetter" => "L",
            "IsDigit" => "Nd",
            _ when bare.StartsWith("Is", StringComparison.Ordinal) && bare.Length <= 4 => bare[2..],
            _ => bare,
        };
        sb.Append('\\').Append(negated ? 'P' : 'p').Append('{').Append(mapped).Append('}');
        return next;
    }
}
