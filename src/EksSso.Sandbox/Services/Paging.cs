using System.Text;
using EksSso.Sandbox.Hosting;

namespace EksSso.Sandbox.Services;

/// <summary>
/// Continuation tokens for the list and describe operations of IAM (Marker), EC2 and EKS (NextToken). A token is
/// the key of the last item returned, so a page never repeats or skips an item when others are added or removed
/// between calls, and a token the sandbox did not issue is refused as AWS refuses it.
/// </summary>
internal static class Paging
{
    // Letters, digits, ":" and base64url only: the token must fit every service's NextToken pattern.
    private const string Prefix = "sbx1:";

    public static (List<T> Items, string? Next) Page<T>(IEnumerable<T> items, Func<T, string> key, string? token, int? limit, int defaultLimit, Func<SandboxException> invalidToken)
    {
        var sorted = items.OrderBy(key, StringComparer.Ordinal).ToList();
        var start = 0;
        if (token is not null)
        {
            var after = Decode(token) ?? throw invalidToken();
            while (start < sorted.Count && string.CompareOrdinal(key(sorted[start]), after) <= 0)
            {
                start++;
            }
        }

        var size = Math.Max(1, limit ?? defaultLimit);
        var page = sorted.Skip(start).Take(size).ToList();
        var next = start + page.Count < sorted.Count && page.Count > 0 ? Encode(key(page[^1])) : null;
        return (page, next);
    }

    /// <summary>
    /// Pages a list whose order the service defines (creation order) and whose items have no key of their own:
    /// the position is the key, so the one token format and its checks serve these lists too.
    /// </summary>
    public static (List<T> Items, string? Next) Page<T>(IReadOnlyList<T> ordered, string? token, int? limit, int defaultLimit, Func<SandboxException> invalidToken)
    {
        var (page, next) = Page(ordered.Select((item, index) => (Item: item, Index: index)), p => p.Index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), token, limit, defaultLimit, invalidToken);
        return ([.. page.Select(p => p.Item)], next);
    }

    private static string Encode(string key) =>
        Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = token[Prefix.Length..].Replace('-', '+').Replace('_', '/');
        body = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
