using System.Text.RegularExpressions;
using EksSso.Sandbox.Model;
using Xunit;

namespace EksSso.Sandbox.Tests.Model;

public sealed class ModelPatternTests
{
    [Fact]
    public void Nearly_every_model_pattern_is_enforced()
    {
        var patterns = ModelFiles.Services
            .SelectMany(s => ModelFiles.Load(s).ShapeNames.Select(n => ModelFiles.Load(s).Shape(n)))
            .Where(shape => shape.Pattern is not null)
            .GroupBy(shape => shape.Pattern!, StringComparer.Ordinal)
            .ToList();

        var skipped = patterns.Where(g => g.First().PatternRegex is null).Select(g => g.Key).ToList();
        // As written, without translation, .NET would reject these outright.
        var rawFailures = patterns.Where(g => !CompilesVerbatim(g.Key)).Select(g => g.Key).ToList();

        var report = $"{patterns.Count} distinct patterns; not enforced ({skipped.Count}):\n"
            + string.Join("\n", skipped.Select(p => $"  {p}  -- {ModelPatterns.SkipReason(p)}"))
            + $"\nwould not compile verbatim in .NET ({rawFailures.Count}):\n  " + string.Join("\n  ", rawFailures);
        Assert.True(patterns.Count > 100, report);
        Assert.True(skipped.Count <= 2, report);
        Assert.All(skipped, p => Assert.Contains(p, ModelPatterns.UncompilablePatterns));
        Assert.Equal(ModelPatterns.UncompilablePatterns.Count, ModelCodec.UncompilablePatterns.Count);
    }

    [Fact]
    public void The_EC2_placement_group_ARN_pattern_can_never_match_and_is_skipped()
    {
        // The '^' in the middle of the model's pattern only matches at offset 0, so Java would reject every ARN.
        var shape = ModelFiles.Load("ec2").ShapeNames
            .Select(n => ModelFiles.Load("ec2").Shape(n))
            .Single(s => s.Pattern?.Contains(":placement-group/^", StringComparison.Ordinal) == true);

        Assert.Null(shape.PatternRegex);
        Assert.Contains("never match", ModelPatterns.SkipReason(shape.Pattern!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"[\w+=,.@-]+", "role_name-1", true)]
    [InlineData(@"[\w+=,.@-]+", "rolé", false)]
    [InlineData(@"[\w+=,.@-]+", "a b", false)]
    [InlineData(@"[0-9]{12}", "111122223333", true)]
    [InlineData(@"[0-9]{12}", "1111222233334", false)]
    [InlineData(@"[0-9]{12}", "111122223333\n", false)]
    [InlineData(@"\d{12}", "１１１１２２２２３３３３", false)]
    [InlineData(@"^\d{12}$", "111122223333", true)]
    [InlineData(@"^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", "111122223333", true)]
    [InlineData(@"^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", "r-abcd-extra", false)]
    [InlineData(@"\p{L}+(?:(\.|\_)\p{L}+){0,2}", "name.given", true)]
    [InlineData(@"\p{L}+(?:(\.|\_)\p{L}+){0,2}", "name_given", true)]
    [InlineData(@"[^\s@]+@[^\s@]+\.[^\s@]+", "a@example.com", true)]
    [InlineData(@"[^\s@]+@[^\s@]+\.[^\s@]+", "a b@example.com", false)]
    [InlineData(@"[\s\S]*", "anything\nat all", true)]
    [InlineData(@"(http|https):\/\/.*", "https://x\ny", false)]
    [InlineData(@"[\p{Alnum}]+", "abc123", true)]
    [InlineData(@"\p{Punct}", "!", true)]
    public void Java_patterns_keep_their_Java_meaning(string pattern, string value, bool matches)
    {
        var regex = ModelPatterns.Get(pattern);

        Assert.NotNull(regex);
        Assert.Equal(matches, regex.IsMatch(value));
    }

    [Fact]
    public void Translation_anchors_the_whole_value()
    {
        Assert.Equal(@"\A(?:[a-zA-Z0-9_]+)\z", ModelPatterns.Translate(@"\w+"));
        Assert.Same(ModelPatterns.Get("[a-z]+"), ModelPatterns.Get("[a-z]+"));
    }

    private static bool CompilesVerbatim(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
