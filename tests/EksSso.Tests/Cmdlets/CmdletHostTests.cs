using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Amazon.Runtime;
using EksSso.Commands.Identity;
using EksSso.Engine.Aws;
using EksSso.State;
using Xunit;

namespace EksSso.Tests.Cmdlets;

/// <summary>Cmdlets hosted in an in-process runspace: context resolution order, the async pump, cancellation.</summary>
[Collection("Environment")]
public sealed class CmdletHostTests : IDisposable
{
    private static readonly string[] s_envNames =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_MAX_ATTEMPTS",
    ];

    private readonly Dictionary<string, string?> _saved = s_envNames.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private readonly string _temp = Directory.CreateTempSubdirectory("eksso-cmdlet-").FullName;
    private readonly FakeStsServer _server = new();
    private readonly Runspace _runspace;

    public CmdletHostTests()
    {
        foreach (var n in s_envNames)
        {
            Environment.SetEnvironmentVariable(n, null);
        }

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "environment-secret");
        Environment.SetEnvironmentVariable("AWS_REGION", "eu-west-1");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", _server.Url);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_temp, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_temp, "credentials"));
        File.WriteAllText(Path.Combine(_temp, "config"), "[profile staticprofile]\nregion = ap-northeast-1\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n");

        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Get-EksSsoCallerIdentity", typeof(GetEksSsoCallerIdentityCommand), null));
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
    }

    public void Dispose()
    {
        _runspace.Dispose();
        _server.Dispose();
        foreach (var (n, v) in _saved)
        {
            Environment.SetEnvironmentVariable(n, v);
        }

        Directory.Delete(_temp, recursive: true);
    }

    private static EksSsoContext Context(string accessKey, string region) =>
        new(new AwsSession(new BasicAWSCredentials(accessKey, "context-secret"), region, "test", "test"), accessKey);

    private Collection<PSObject> Invoke(Action<PowerShell> build, out PowerShell ps)
    {
        ps = PowerShell.Create();
        ps.Runspace = _runspace;
        build(ps);
        return ps.Invoke();
    }

    [Fact]
    public void Environment_is_used_when_nothing_else_is_given()
    {
        var result = Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity"), out _);
        var identity = Assert.IsType<EksSsoCallerIdentity>(Assert.Single(result).BaseObject);
        Assert.Equal("111122223333", identity.Account);
        Assert.Equal("AKIDFROMENVIRONMENT", _server.LastAccessKey);
        Assert.Equal("eu-west-1", _server.LastRegion);
    }

    [Fact]
    public void Innermost_scope_wins_over_the_environment()
    {
        ContextScopes.Push(_runspace, Context("AKIDOUTERSCOPE", "us-east-2"));
        ContextScopes.Push(_runspace, Context("AKIDINNERSCOPE", "us-west-2"));
        try
        {
            Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity"), out _);
            Assert.Equal("AKIDINNERSCOPE", _server.LastAccessKey);
            Assert.Equal("us-west-2", _server.LastRegion);

            // -Region alone overrides only the region of the scope's credentials.
            Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity").AddParameter("Region", "sa-east-1"), out _);
            Assert.Equal("AKIDINNERSCOPE", _server.LastAccessKey);
            Assert.Equal("sa-east-1", _server.LastRegion);
        }
        finally
        {
            ContextScopes.Pop(_runspace);
            ContextScopes.Pop(_runspace);
        }
    }

    [Fact]
    public void Explicit_profile_and_context_win_over_the_scope()
    {
        ContextScopes.Push(_runspace, Context("AKIDSCOPE", "us-east-2"));
        try
        {
            Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity").AddParameter("ProfileName", "staticprofile"), out _);
            Assert.Equal("AKIDFROMPROFILE", _server.LastAccessKey);
            Assert.Equal("eu-west-1", _server.LastRegion); // AWS_REGION beats the profile's region, as in the SDKs

            Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity").AddParameter("Context", Context("AKIDEXPLICIT", "ca-central-1")), out _);
            Assert.Equal("AKIDEXPLICIT", _server.LastAccessKey);
            Assert.Equal("ca-central-1", _server.LastRegion);
        }
        finally
        {
            ContextScopes.Pop(_runspace);
        }

        // The passed-in context was used for that command only: nothing was persisted.
        Assert.Null(ContextScopes.Innermost(_runspace));
    }

    [Fact]
    public void Context_and_profile_together_are_refused_before_any_call()
    {
        var before = _server.Authorizations.Count;
        var ex = Assert.Throws<CmdletInvocationException>(() => Invoke(
            ps => ps.AddCommand("Get-EksSsoCallerIdentity").AddParameter("ProfileName", "staticprofile").AddParameter("Context", Context("AKIDX", "us-east-1")),
            out _));
        Assert.Equal("ContextAndProfile,EksSso.Commands.Identity.GetEksSsoCallerIdentityCommand", ex.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(before, _server.Authorizations.Count);
    }

    [Fact]
    public void Verbose_record_is_written_from_the_pipeline_thread_after_await()
    {
        Invoke(ps => ps.AddCommand("Get-EksSsoCallerIdentity").AddParameter("Verbose", true), out var ps);
        var line = Assert.Single(ps.Streams.Verbose, v => v.Message.StartsWith("AWS ", StringComparison.Ordinal));
        Assert.Matches(@"^AWS STS GetCallerIdentity -> 200 in \d+ ms, 1 attempt, request id fake-1", line.Message);
        Assert.DoesNotContain("environment-secret", string.Join("\n", ps.Streams.Verbose.Select(v => v.Message).Concat(ps.Streams.Debug.Select(d => d.Message))));
    }

    [Fact]
    public void Stop_cancels_a_hanging_call_at_once()
    {
        using var silent = new SilentServer();
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", silent.Url);
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand("Get-EksSsoCallerIdentity");
        var async = ps.BeginInvoke();
        Thread.Sleep(500);
        Assert.False(async.IsCompleted, "the call should be hanging on the silent server");
        var clock = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(async.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Stop took {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }
}
