using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Signing;
using Xunit;

namespace EksSso.Tests.Protocol;

/// <summary>
/// Test classes that change process-wide state (real environment variables, <see cref="AwsWaiter.DelayScale"/>)
/// join this collection; xunit runs it alone, after the parallel collections.
/// </summary>
[CollectionDefinition("Environment", DisableParallelization = true)]
public sealed class EnvironmentCollectionDefinition;

/// <summary>A request as the fake handler saw it on the wire.</summary>
public sealed class RecordedRequest
{
    public required HttpMethod Method { get; init; }

    public required Uri Uri { get; init; }

    /// <summary>Request and content headers, one entry per header, values joined with ",".</summary>
    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    public required bool HasContent { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public bool HasHeader(string name) => Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The parsed Authorization header (credential scope parts, signed header names, signature).</summary>
    public ParsedAuthorization Authorization => ParsedAuthorization.Parse(Header("Authorization") ?? throw new Xunit.Sdk.XunitException("The request has no Authorization header."));

    /// <summary>Form body of a Query request as decoded pairs, in order.</summary>
    public List<KeyValuePair<string, string>> FormPairs() =>
        BodyText.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=');
                return eq < 0
                    ? new KeyValuePair<string, string>(Uri.UnescapeDataString(p), "")
                    : new KeyValuePair<string, string>(Uri.UnescapeDataString(p[..eq]), Uri.UnescapeDataString(p[(eq + 1)..]));
            })
            .ToList();
}

public sealed record ParsedAuthorization(string AccessKeyId, string Date, string Region, string Service, string Terminator, IReadOnlyList<string> SignedHeaders, string Signature)
{
    private static readonly Regex s_shape = new(
        @"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/(?<term>[^,]+), SignedHeaders=(?<signed>[^,]+), Signature=(?<sig>[0-9a-f]{64})$",
        RegexOptions.CultureInvariant);

    public string Scope => $"/{Region}/{Service}/{Terminator}";

    public static ParsedAuthorization Parse(string header)
    {
        var m = s_shape.Match(header);
        Assert.True(m.Success, $"Authorization header has an unexpected shape: {header}");
        return new ParsedAuthorization(
            m.Groups["key"].Value,
            m.Groups["date"].Value,
            m.Groups["region"].Value,
            m.Groups["service"].Value,
            m.Groups["term"].Value,
            m.Groups["signed"].Value.Split(';'),
            m.Groups["sig"].Value);
    }
}

/// <summary>An <see cref="HttpMessageHandler"/> that records every request and answers from a script.</summary>
public sealed class FakeAwsHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private Func<HttpRequestMessage, HttpResponseMessage>? _always;

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Runs (after recording) before the scripted answer, e.g. to cancel a token mid-flight.</summary>
    public Action<RecordedRequest>? OnRequest { get; set; }

    public FakeAwsHandler Respond(int status, string body, string? contentType = "application/x-amz-json-1.1", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ => Build(status, body, contentType, headers));
        return this;
    }

    public FakeAwsHandler Throw(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    /// <summary>Answer used once the script is exhausted.</summary>
    public FakeAwsHandler RespondAlways(Func<int, HttpResponseMessage> answer)
    {
        _always = _ => answer(Requests.Count);
        return this;
    }

    public static HttpResponseMessage Build(int status, string body, string? contentType, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(new(name, string.Join(",", values)));
        }

        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers.Add(new(name, string.Join(",", values)));
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var recorded = new RecordedRequest
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            Headers = headers,
            Body = body,
            HasContent = request.Content is not null,
        };
        lock (Requests)
        {
            Requests.Add(recorded);
        }

        OnRequest?.Invoke(recorded);
        cancellationToken.ThrowIfCancellationRequested();
        if (_script.TryDequeue(out var next))
        {
            return next(request);
        }

        if (_always is not null)
        {
            return _always(request);
        }

        throw new Xunit.Sdk.XunitException($"Unexpected request #{Requests.Count}: {request.Method} {request.RequestUri}");
    }
}

public sealed class RecordingObserver : IAwsCallObserver
{
    public List<AwsCallRecord> Records { get; } = [];

    public void OnCall(AwsCallRecord record)
    {
        lock (Records)
        {
            Records.Add(record);
        }
    }
}

/// <summary>A clock that moves forward by a fixed step every time it is read.</summary>
public sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private DateTimeOffset _now = start;

    public List<DateTimeOffset> Handed { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now += step;
        Handed.Add(now);
        return now;
    }
}

/// <summary>A session, transport, fake handler, recording retry policy and observer wired together.</summary>
public sealed class ProtocolHarness
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string Secret = "secret";
    public const string Endpoint = "http://127.0.0.1:9/";
    public static readonly DateTimeOffset Start = new(2024, 3, 15, 12, 30, 45, TimeSpan.Zero);

    public ProtocolHarness(
        int maxAttempts = AwsRetryPolicy.DefaultMaxAttempts,
        double random = 0.5,
        AWSCredentials? credentials = null,
        string region = "us-west-2",
        Func<TimeSpan, CancellationToken, Task>? delay = null,
        Dictionary<string, string>? environment = null)
    {
        Environment = environment ?? new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = Endpoint };
        Session = new AwsSession(
            credentials ?? new BasicAWSCredentials(AccessKey, Secret),
            region,
            "test",
            "test",
            maxAttempts: maxAttempts,
            environment: name => Environment.GetValueOrDefault(name));
        Retry = new AwsRetryPolicy(() => random, delay ?? ((d, _) =>
        {
            lock (Delays)
            {
                Delays.Add(d);
            }

            return Task.CompletedTask;
        }));
        Time = new SteppingTimeProvider(Start, TimeSpan.FromSeconds(1));
        Transport = new AwsTransport(Session, Observer, Handler, Retry, Time);
    }

    public Dictionary<string, string> Environment { get; }

    public AwsSession Session { get; }

    public FakeAwsHandler Handler { get; } = new();

    public RecordingObserver Observer { get; } = new();

    public List<TimeSpan> Delays { get; } = [];

    public AwsRetryPolicy Retry { get; }

    public SteppingTimeProvider Time { get; }

    public AwsTransport Transport { get; }

    public RecordedRequest Single => Assert.Single(Handler.Requests);
}

public static class SigV4Check
{
    /// <summary>
    /// Recomputes the signature of a recorded request from what was actually sent (method, path, query, the
    /// signed headers' values, body) and the secret, and asserts it equals the one in the Authorization header.
    /// </summary>
    public static void AssertValidSignature(RecordedRequest request, string secret)
    {
        var auth = request.Authorization;
        var amzDate = request.Header("X-Amz-Date");
        Assert.NotNull(amzDate);
        var time = DateTimeOffset.ParseExact(amzDate!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.Equal(time.ToString("yyyyMMdd", CultureInfo.InvariantCulture), auth.Date);
        foreach (var name in auth.SignedHeaders)
        {
            Assert.True(request.HasHeader(name), $"signed header '{name}' was not sent");
        }

        var canonical = new SigV4Request(
            request.Method.Method,
            request.Uri.AbsolutePath,
            SigV4Request.ParseQuery(request.Uri.Query),
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value)).ToList(),
            SigV4Signer.HexSha256(request.Body));
        var expected = SigV4Signer.Signature(
            SigV4Signer.StringToSign(SigV4Signer.CanonicalRequest(canonical, auth.SignedHeaders.ToList()), time, auth.Region, auth.Service),
            SigV4Signer.SigningKey(secret, time, auth.Region, auth.Service));
        Assert.Equal(expected, auth.Signature);
    }
}
