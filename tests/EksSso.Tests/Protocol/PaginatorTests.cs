using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Protocol;

public sealed class PaginatorTests
{
    private sealed record Page(List<string>? Items, string? NextToken);

    private static Func<string?, CancellationToken, Task<Page>> Script(List<string?> calls, params Page[] pages)
    {
        var index = 0;
        return (token, _) =>
        {
            calls.Add(token);
            Assert.True(index < pages.Length, $"fetch called {index + 1} times, only {pages.Length} pages scripted");
            return Task.FromResult(pages[index++]);
        };
    }

    [Fact]
    public async Task ThreePages_YieldItemsInOrder_AndFetchWithNullThenEachToken()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(["a", "b"], "t1"), new Page(["c"], "t2"), new Page(["d", "e"], null));

        var items = await AwsPaginator.CollectAsync(AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items));

        Assert.Equal(["a", "b", "c", "d", "e"], items);
        Assert.Equal([null, "t1", "t2"], calls);
    }

    [Fact]
    public async Task EmptyStringToken_EndsPaging()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(["a"], "t1"), new Page(["b"], ""));

        var items = await AwsPaginator.CollectAsync(AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items));

        Assert.Equal(["a", "b"], items);
        Assert.Equal([null, "t1"], calls);
    }

    [Fact]
    public async Task RepeatedToken_Throws_AfterYieldingWhatWasFetched()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(["a"], "same"), new Page(["b"], "same"), new Page(["never"], null));
        var seen = new List<string>();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items))
            {
                seen.Add(item);
            }
        });

        Assert.Contains("same pagination token", e.Message);
        Assert.Equal(["a", "b"], seen);
        Assert.Equal([null, "same"], calls);
    }

    [Fact]
    public async Task NullAndEmptyItemLists_CountAsEmpty_AndPagingContinues()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(null, "t1"), new Page([], "t2"), new Page(["only"], "t3"), new Page(null, null));

        var items = await AwsPaginator.CollectAsync(AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items));

        Assert.Equal(["only"], items);
        Assert.Equal([null, "t1", "t2", "t3"], calls);
    }

    [Fact]
    public async Task SinglePageWithoutItems_GivesEmptyList()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(null, null));

        var items = await AwsPaginator.CollectAsync(AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items));

        Assert.Empty(items);
        Assert.Equal([null], calls);
    }

    [Fact]
    public async Task Paging_IsLazy_StoppingEarlyFetchesNoMorePages()
    {
        var calls = new List<string?>();
        var fetch = Script(calls, new Page(["a", "b"], "t1"), new Page(["c"], null));

        await foreach (var item in AwsPaginator.PaginateAsync(fetch, p => p.NextToken, p => p.Items))
        {
            Assert.Equal("a", item);
            break;
        }

        Assert.Equal([null], calls);
    }

    [Fact]
    public async Task CancellationToken_IsPassedToFetch()
    {
        using var cts = new CancellationTokenSource();
        var tokens = new List<CancellationToken>();

        var items = await AwsPaginator.CollectAsync(AwsPaginator.PaginateAsync<string, string>(
            (_, ct) =>
            {
                tokens.Add(ct);
                return Task.FromResult("page");
            },
            _ => null,
            _ => ["x"],
            cts.Token));

        Assert.Equal(["x"], items);
        Assert.Equal(cts.Token, Assert.Single(tokens));
    }
}
