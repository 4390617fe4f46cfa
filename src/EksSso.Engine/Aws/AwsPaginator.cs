using System.Runtime.CompilerServices;

namespace EksSso.Engine.Aws;

/// <summary>The one paging loop: follows a next-token until the service stops returning one.</summary>
public static class AwsPaginator
{
    /// <param name="fetchPage">Fetches the page for a token (null for the first page).</param>
    /// <param name="nextToken">The reply's next-token member.</param>
    /// <param name="items">The reply's result list (null counts as empty).</param>
    public static async IAsyncEnumerable<TItem> PaginateAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, string?> nextToken,
        Func<TPage, IEnumerable<TItem>?> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page) ?? [])
            {
                yield return item;
            }

            token = nextToken(page);
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }

            // A service that hands back a token it already gave would otherwise loop forever (botocore raises too).
            if (!seen.Add(token))
            {
                throw new InvalidOperationException("The service returned the same pagination token twice; stopping to avoid an endless loop.");
            }
        }
        while (true);
    }

    public static async Task<List<TItem>> CollectAsync<TItem>(this IAsyncEnumerable<TItem> source, CancellationToken cancellationToken = default)
    {
        var list = new List<TItem>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
