using System.Text;
using System.Text.RegularExpressions;
using EksSso.Sandbox.Policy;
using Xunit;

namespace EksSso.Sandbox.Tests.Policy;

public sealed class WildcardPatternTests
{
    [Theory]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("*a", "aaa", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("*?", "", false)]
    [InlineData("*?", "x", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("*ab*ab*", "xabyab", true)]
    [InlineData("*ab*ab*", "xaby", false)]
    [InlineData("arn:aws:apigateway:*::/restapis/*/stages", "arn:aws:apigateway:us-east-1::/restapis/abc/stages", true)]
    [InlineData("arn:aws:apigateway:*::/restapis/*/stages", "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void MatchesLikeIamGlobs(string pattern, string input, bool expected) =>
        Assert.Equal(expected, WildcardPattern.Get(pattern, PatternOptions.Wildcards).IsMatch(input, null));

    [Fact]
    public void AgreesWithARegularExpressionOnRandomCases()
    {
        var random = new Random(20240601);
        for (var i = 0; i < 5000; i++)
        {
            var pattern = RandomText(random, "ab*?", 8);
            var input = RandomText(random, "ab", 10);
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            var expected = Regex.IsMatch(input, regex, RegexOptions.Singleline | RegexOptions.CultureInvariant);
            Assert.True(expected == WildcardPattern.Get(pattern, PatternOptions.Wildcards).IsMatch(input, null), $"pattern '{pattern}' input '{input}'");
        }
    }

    [Fact]
    public void IgnoreCaseOption()
    {
        Assert.True(WildcardPattern.Get("IAM:Get*", PatternOptions.Wildcards | PatternOptions.IgnoreCase).IsMatch("iam:getrole", null));
        Assert.False(WildcardPattern.Get("IAM:Get*", PatternOptions.Wildcards).IsMatch("iam:getrole", null));
    }

    [Fact]
    public void WithoutTheWildcardOptionStarIsLiteral()
    {
        Assert.True(WildcardPattern.Get("a*", PatternOptions.None).IsMatch("a*", null));
        Assert.False(WildcardPattern.Get("a*", PatternOptions.None).IsMatch("ab", null));
    }

    [Fact]
    public void CompiledPatternsAreShared() =>
        Assert.Same(WildcardPattern.Get("ec2:Describe*", PatternOptions.Wildcards), WildcardPattern.Get("ec2:Describe*", PatternOptions.Wildcards));

    [Fact]
    public void SubstituteKeepsWildcardsAndFillsVariables()
    {
        var pattern = WildcardPattern.Get("arn:aws:iam::*:user/${aws:username}", PatternOptions.Wildcards | PatternOptions.Variables);
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:username"] = ["alice"] };
        Assert.Equal("arn:aws:iam::*:user/alice", pattern.Substitute(context));
        Assert.Null(pattern.Substitute(null));
    }

    [Fact]
    public void MultivaluedKeyIsNotAVariable()
    {
        var pattern = WildcardPattern.Get("home/${aws:TagKeys}", PatternOptions.Wildcards | PatternOptions.Variables);
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = ["a", "b"] };
        Assert.False(pattern.IsMatch("home/a", context));
    }

    private static string RandomText(Random random, string alphabet, int maxLength)
    {
        var builder = new StringBuilder();
        var length = random.Next(maxLength + 1);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}
