using EksSso.Engine.Aws;
using Xunit;

namespace EksSso.Tests.Conformance;

/// <summary>The waiter timings taken from botocore match the official waiters-2 files.</summary>
public sealed class WaiterDefinitionTests
{
    private static readonly string[] s_waiterFiles = ["eks.waiters.json", "ec2.waiters.json"];

    public static TheoryData<string> OfficialWaiters()
    {
        var data = new TheoryData<string>();
        foreach (var definition in AwsWaiterDefinition.Official)
        {
            data.Add(definition.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OfficialWaiters))]
    public void Delay_and_max_attempts_match_the_official_waiter(string name)
    {
        var definition = Assert.Single(AwsWaiterDefinition.Official, d => d.Name == name);
        var found = s_waiterFiles
            .Select(file => (File: file, Waiters: AwsModels.Load(file).GetProperty("waiters")))
            .Where(x => x.Waiters.TryGetProperty(name, out _))
            .ToList();

        var (file, waiters) = Assert.Single(found);
        var waiter = waiters.GetProperty(name);
        Assert.True(
            waiter.GetProperty("delay").GetInt32() == definition.DelaySeconds && waiter.GetProperty("maxAttempts").GetInt32() == definition.MaxAttempts,
            $"{name}: {file} has delay {waiter.GetProperty("delay").GetInt32()} and maxAttempts {waiter.GetProperty("maxAttempts").GetInt32()}; AwsWaiterDefinition has {definition.DelaySeconds} and {definition.MaxAttempts}.");
    }

    [Fact]
    public void Official_waiter_names_are_unique()
    {
        Assert.Equal(AwsWaiterDefinition.Official.Count, AwsWaiterDefinition.Official.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(s_waiterFiles, f => Assert.Equal(2, AwsModels.Load(f).GetProperty("version").GetInt32()));
    }
}
