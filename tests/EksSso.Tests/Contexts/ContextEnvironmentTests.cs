using Amazon.Runtime;
using EksSso.Engine.Contexts;
using Xunit;

namespace EksSso.Tests.Contexts;

/// <summary>The environment a context scope gives child processes, and that everything comes back afterwards.</summary>
[Collection("Environment")]
public sealed class ContextEnvironmentTests
{
    [Fact]
    public void Apply_SetsKeysRegionAndExpiry_ClearsProfiles_AndRestorePutsBackEveryValue()
    {
        var before = ContextEnvironment.Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        Environment.SetEnvironmentVariable("AWS_PROFILE", "somebody");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        try
        {
            var outer = ContextEnvironment.Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
            var expiry = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);
            var previous = ContextEnvironment.Apply(new ImmutableCredentials("ASIAKEY", "secret-1", "token-1"), "eu-west-1", expiry);

            Assert.Equal("ASIAKEY", Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
            Assert.Equal("secret-1", Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
            Assert.Equal("token-1", Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"));
            Assert.Equal("eu-west-1", Environment.GetEnvironmentVariable("AWS_REGION"));
            Assert.Equal("eu-west-1", Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
            Assert.Equal("2030-05-06T07:08:09Z", Environment.GetEnvironmentVariable("AWS_CREDENTIAL_EXPIRATION"));
            Assert.Null(Environment.GetEnvironmentVariable("AWS_PROFILE"));

            ContextEnvironment.Update(new ImmutableCredentials("ASIAKEY2", "secret-2", "token-2"), expiry.AddHours(1));
            Assert.Equal("ASIAKEY2", Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
            Assert.Equal("token-2", Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"));

            ContextEnvironment.Restore(previous);
            foreach (var name in ContextEnvironment.Names)
            {
                Assert.Equal(outer[name], Environment.GetEnvironmentVariable(name));
            }
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
