using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EksSso.Engine.Aws.Signing;
using Xunit;

namespace EksSso.Tests.Signing;

public sealed class SigV4SignerTests
{
    private const string SuiteAccessKeyId = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteRegion = "us-east-1";
    private const string SuiteService = "service";
    private const int SuiteCaseCount = 34;

    // The same cases botocore's tests/unit/auth/test_sigv4.py ignores, with its reasons.
    private const string SpaceInRequestLine = "Bad request-line syntax: the raw request line contains a space (skipped by botocore too)";
    private const string RepeatedQueryKeys = "Multiple query params of the same key not supported by the SDKs (skipped by botocore too)";

    private static readonly DateTimeOffset s_suiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly string s_suiteDirectory = Path.Combine(AppContext.BaseDirectory, "Data", "sigv4-testsuite");

    private static readonly Dictionary<string, string> s_skippedCases = new(StringComparer.Ordinal)
    {
        ["normalize-path/get-space"] = SpaceInRequestLine,
        ["get-vanilla-query-order-key-case"] = RepeatedQueryKeys,
        ["get-vanilla-query-order-key"] = RepeatedQueryKeys,
        ["get-vanilla-query-order-value"] = RepeatedQueryKeys,
    };

    public static TheoryData<string> RunnableSuiteCases => SuiteCases(name => !s_skippedCases.ContainsKey(name));

    public static TheoryData<string> SpaceInRequestLineCases => SuiteCases(name => s_skippedCases.GetValueOrDefault(name) == SpaceInRequestLine);

    public static TheoryData<string> RepeatedQueryKeyCases => SuiteCases(name => s_skippedCases.GetValueOrDefault(name) == RepeatedQueryKeys);

    [Theory]
    [MemberData(nameof(RunnableSuiteCases))]
    [MemberData(nameof(SpaceInRequestLineCases), Skip = SpaceInRequestLine)]
    [MemberData(nameof(RepeatedQueryKeyCases), Skip = RepeatedQueryKeys)]
    public void AwsTestSuiteCase(string name)
    {
        var discovered = DiscoverSuiteCases();
        Assert.Equal(SuiteCaseCount, discovered.Count);
        Assert.All(s_skippedCases.Keys, skipped => Assert.Contains(skipped, discovered));

        var basePath = Path.Combine(s_suiteDirectory, name, Path.GetFileName(name));
        var expectedCanonical = ReadSuiteFile(basePath + ".creq");
        var parsed = ParseRawRequest(ReadSuiteFile(basePath + ".req"));
        var headers = parsed.Headers.ToList();

        // The suite's only input outside the .req is the session token that get-vanilla-with-session-token's
        // signer adds as a header; like botocore's harness, take it from the expected canonical request.
        var token = Regex.Match(expectedCanonical, "^x-amz-security-token:(.*)$", RegexOptions.Multiline);
        if (token.Success && !headers.Exists(h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("X-Amz-Security-Token", token.Groups[1].Value));
        }

        var request = new SigV4Request(parsed.Method, parsed.Path, SigV4Request.ParseQuery(parsed.Query), headers, SigV4Signer.HexSha256(parsed.Body));
        var signedHeaders = headers.Select(h => h.Key.ToLowerInvariant()).Distinct().ToList();

        var canonical = SigV4Signer.CanonicalRequest(request, signedHeaders);
        Assert.Equal(expectedCanonical, canonical);

        var stringToSign = SigV4Signer.StringToSign(canonical, s_suiteTime, SuiteRegion, SuiteService);
        Assert.Equal(ReadSuiteFile(basePath + ".sts"), stringToSign);

        var signature = SigV4Signer.Signature(stringToSign, SigV4Signer.SigningKey(SuiteSecret, s_suiteTime, SuiteRegion, SuiteService));
        var authorization = SigV4Signer.AuthorizationHeader(SuiteAccessKeyId, s_suiteTime, SuiteRegion, SuiteService, signedHeaders, signature);
        Assert.Equal(ReadSuiteFile(basePath + ".authz"), authorization);
    }

    [Theory]
    [InlineData("get-vanilla", "GET", "/", null, null, null)]
    [InlineData("get-vanilla-with-session-token", "GET", "/", null, null, "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267")]
    [InlineData("post-vanilla-query", "POST", "/?Param1=value1", null, null, null)]
    [InlineData("post-x-www-form-urlencoded-parameters", "POST", "/", "application/x-www-form-urlencoded; charset=utf8", "Param1=value1", null)]
    public void Sign_ReproducesAwsTestSuiteAuthorization(string name, string method, string pathAndQuery, string? contentType, string? body, string? sessionToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://example.amazonaws.com" + pathAndQuery);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        SigV4Signer.Sign(request, bytes, new AwsSigningCredentials(SuiteAccessKeyId, SuiteSecret, sessionToken), SuiteRegion, SuiteService, s_suiteTime);

        Assert.Equal(ReadSuiteFile(Path.Combine(s_suiteDirectory, name, name + ".authz")), HeaderValue(request, "Authorization"));
        Assert.Equal("example.amazonaws.com", request.Headers.Host);
        Assert.Equal("20150830T123600Z", HeaderValue(request, "X-Amz-Date"));
        Assert.Equal(sessionToken, HeaderValue(request, "X-Amz-Security-Token"));
    }

    [Fact]
    public void Presign_S3Example_MatchesAwsDocumentation()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "presign-example.json")));
        var root = json.RootElement;
        var accessKeyId = root.GetProperty("credentials").GetProperty("accessKeyId").GetString()!;
        var secret = root.GetProperty("credentials").GetProperty("secretAccessKey").GetString()!;
        var r = root.GetProperty("request");
        var host = r.GetProperty("host").GetString()!;
        var path = r.GetProperty("path").GetString()!;
        var region = r.GetProperty("region").GetString()!;
        var service = r.GetProperty("service").GetString()!;
        var payloadHash = r.GetProperty("payloadHash").GetString()!;
        var expires = r.GetProperty("expiresSeconds").GetInt32();
        var time = DateTimeOffset.ParseExact(r.GetProperty("amzDate").GetString()!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal("s3", service);
        Assert.Equal(86400, expires);
        Assert.Equal(SigV4Signer.UnsignedPayload, payloadHash);

        var scope = SigV4Signer.CredentialScope(time, region, service);
        Assert.Equal(root.GetProperty("credentialScope").GetString(), scope);
        var request = new SigV4Request(
            r.GetProperty("method").GetString()!,
            path,
            [
                new("X-Amz-Algorithm", SigV4Signer.Algorithm),
                new("X-Amz-Credential", $"{accessKeyId}/{scope}"),
                new("X-Amz-Date", SigV4Signer.AmzDate(time)),
                new("X-Amz-Expires", expires.ToString(CultureInfo.InvariantCulture)),
                new("X-Amz-SignedHeaders", r.GetProperty("signedHeaders").GetString()!),
            ],
            [new("Host", host)],
            payloadHash);

        var canonical = SigV4Signer.CanonicalRequest(request, ["host"], normalizePath: false);
        Assert.Equal(root.GetProperty("canonicalRequest").GetString(), canonical);
        var stringToSign = SigV4Signer.StringToSign(canonical, time, region, service);
        Assert.Equal(root.GetProperty("stringToSign").GetString(), stringToSign);
        var expectedSignature = root.GetProperty("expectedSignature").GetString();
        Assert.Equal(expectedSignature, SigV4Signer.Signature(stringToSign, SigV4Signer.SigningKey(secret, time, region, service)));

        var url = SigV4Signer.Presign(
            HttpMethod.Get,
            new Uri($"{r.GetProperty("scheme").GetString()}://{host}{path}"),
            null,
            new AwsSigningCredentials(accessKeyId, secret),
            region,
            service,
            time,
            TimeSpan.FromSeconds(expires),
            payloadHash);
        Assert.Equal(root.GetProperty("expectedUrl").GetString(), url.AbsoluteUri);
        Assert.Equal(expectedSignature, SigV4Request.ParseQuery(url.Query).Single(p => p.Key == "X-Amz-Signature").Value);
    }

    [Fact]
    public void Sign_PostJson_VerifiesFromReceivedRequest()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slash==";
        var credentials = new AwsSigningCredentials(SuiteAccessKeyId, SuiteSecret, token);
        var time = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(2));
        var body = """{"Name":"/eks/demo","WithDecryption":false}"""u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://ssm.eu-west-1.amazonaws.com/");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM.GetParameter");
        request.Headers.UserAgent.ParseAdd("EksSso/0.1");

        SigV4Signer.Sign(request, body, credentials, "eu-west-1", "ssm", time);

        // Botocore 1.43.11 SigV4Auth over the same headers, as an independent reference.
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/eu-west-1/ssm/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, " +
            "Signature=f43b8acb8bbbbd41fb67488b11066953ab020e960e857e031ba8f2c242ce7b50",
            HeaderValue(request, "Authorization"));

        // What a server sees: the request as written on the wire, parsed back.
        var received = ParseRawRequest(ToWire(request, body));
        Assert.Equal(token, received.Header("X-Amz-Security-Token"));
        Assert.Equal("20240229T215958Z", received.Header("X-Amz-Date"));
        Assert.Equal("ssm.eu-west-1.amazonaws.com", received.Header("Host"));
        Assert.True(VerifyAuthorizationHeader(received, SuiteSecret));

        var tampered = received with { Body = """{"Name":"/eks/other","WithDecryption":false}"""u8.ToArray() };
        Assert.False(VerifyAuthorizationHeader(tampered, SuiteSecret));
    }

    [Fact]
    public void Presign_StsGetCallerIdentity_SignsClusterHeaderAndSessionToken()
    {
        const string token = "FwoGZXIvYXdzEXAMPLE//////////token+with/slash==";
        var credentials = new AwsSigningCredentials(SuiteAccessKeyId, SuiteSecret, token);
        var time = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var url = SigV4Signer.Presign(
            HttpMethod.Get,
            new Uri("https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"),
            [new("x-k8s-aws-id", "my-cluster")],
            credentials,
            "us-east-1",
            "sts",
            time,
            TimeSpan.FromSeconds(60));

        var query = SigV4Request.ParseQuery(url.Query);
        string Param(string name) => Assert.Single(query, p => p.Key == name).Value;
        Assert.Equal("host;x-k8s-aws-id", Param("X-Amz-SignedHeaders"));
        Assert.DoesNotContain(query, p => p.Key.Equals("x-k8s-aws-id", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(token, Param("X-Amz-Security-Token"));
        Assert.Equal("GetCallerIdentity", Param("Action"));
        Assert.Equal("2011-06-15", Param("Version"));
        Assert.Equal("AKIDEXAMPLE/20250102/us-east-1/sts/aws4_request", Param("X-Amz-Credential"));
        Assert.Equal("20250102T030405Z", Param("X-Amz-Date"));
        Assert.Equal("60", Param("X-Amz-Expires"));
        Assert.Contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("&X-Amz-Signature=" + Param("X-Amz-Signature"), url.AbsoluteUri, StringComparison.Ordinal);

        // Botocore 1.43.11 SigV4QueryAuth with the same inputs, as an independent reference.
        Assert.Equal("1c9e00805a545e5189d33ef1bc0dedc7a4ca2150a7e946d74b366e859c235000", Param("X-Amz-Signature"));

        // A verifier recomputes from the URL as received (the token is part of the canonical query) plus the header.
        var received = new SigV4Request(
            "GET",
            url.AbsolutePath,
            query,
            [new("Host", "sts.us-east-1.amazonaws.com"), new("x-k8s-aws-id", "my-cluster")],
            SigV4Signer.EmptyPayloadHash);
        var canonical = SigV4Signer.CanonicalRequest(received, Param("X-Amz-SignedHeaders").Split(';'));
        var signature = SigV4Signer.Signature(
            SigV4Signer.StringToSign(canonical, time, "us-east-1", "sts"),
            SigV4Signer.SigningKey(SuiteSecret, time, "us-east-1", "sts"));
        Assert.Equal(Param("X-Amz-Signature"), signature);
    }

    [Fact]
    public void CanonicalRequest_EncodesWirePathAgainExceptForS3()
    {
        var request = new SigV4Request("GET", "/clusters/a%20b/./c$", [new("k", "a b/+")], [new("Host", "h")], SigV4Signer.EmptyPayloadHash);

        var lines = SigV4Signer.CanonicalRequest(request, ["host"]).Split('\n');
        Assert.Equal("/clusters/a%2520b/c%24", lines[1]);
        Assert.Equal("k=a%20b%2F%2B", lines[2]);
        Assert.Equal("/clusters/a%20b/./c$", SigV4Signer.CanonicalRequest(request, ["host"], normalizePath: false).Split('\n')[1]);
    }

    [Fact]
    public void Credentials_ToString_HidesSecretAndToken()
    {
        const string token = "SESSIONTOKENEXAMPLE";
        var text = new AwsSigningCredentials(SuiteAccessKeyId, SuiteSecret, token).ToString();

        Assert.DoesNotContain(SuiteSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.Contains(SuiteAccessKeyId, text, StringComparison.Ordinal);
    }

    private static List<string> DiscoverSuiteCases() =>
        Directory.EnumerateFiles(s_suiteDirectory, "*.req", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(s_suiteDirectory, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static TheoryData<string> SuiteCases(Func<string, bool> include)
    {
        var data = new TheoryData<string>();
        foreach (var name in DiscoverSuiteCases().Where(include))
        {
            data.Add(name);
        }

        return data;
    }

    // Git may check the files out with CRLF; the suite's line breaks are LF.
    private static string ReadSuiteFile(string path) => File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n");

    private static string? HeaderValue(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static string ToWire(HttpRequestMessage request, byte[] body)
    {
        var wire = new StringBuilder();
        wire.Append(request.Method.Method).Append(' ').Append(request.RequestUri!.PathAndQuery).Append(" HTTP/1.1\n");
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in headers)
        {
            wire.Append(name).Append(": ").Append(string.Join(", ", values)).Append('\n');
        }

        return wire.Append('\n').Append(Encoding.UTF8.GetString(body)).ToString();
    }

    /// <summary>Parses "METHOD target HTTP/1.1", header lines (continuation lines folded into the value), a blank line and the body.</summary>
    private static RawRequest ParseRawRequest(string raw)
    {
        raw = raw.Replace("\r\n", "\n");
        var blankLine = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blankLine < 0 ? raw : raw[..blankLine];
        var body = blankLine < 0 ? string.Empty : raw[(blankLine + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ');
        var lastSpace = requestLine.LastIndexOf(' ');
        Assert.True(firstSpace > 0 && lastSpace > firstSpace, $"Bad request line: {requestLine}");
        Assert.Equal("HTTP/1.1", requestLine[(lastSpace + 1)..]);
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var question = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (line[0] is ' ' or '\t')
            {
                Assert.NotEmpty(headers);
                headers[^1] = new(headers[^1].Key, headers[^1].Value + " " + line);
                continue;
            }

            var colon = line.IndexOf(':');
            Assert.True(colon > 0, $"Bad header line: {line}");
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new RawRequest(
            requestLine[..firstSpace],
            question < 0 ? target : target[..question],
            question < 0 ? string.Empty : target[(question + 1)..],
            headers,
            Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Server-side check of an Authorization header, using only the received request and the secret.</summary>
    private static bool VerifyAuthorizationHeader(RawRequest received, string secretAccessKey)
    {
        var match = Regex.Match(
            received.Header("Authorization") ?? string.Empty,
            "^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$");
        Assert.True(match.Success, "Malformed Authorization header");
        var time = DateTimeOffset.ParseExact(received.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(match.Groups[2].Value, time.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        var (region, service) = (match.Groups[3].Value, match.Groups[4].Value);

        var request = new SigV4Request(
            received.Method,
            received.Path,
            SigV4Request.ParseQuery(received.Query),
            received.Headers,
            SigV4Signer.HexSha256(received.Body));
        var canonical = SigV4Signer.CanonicalRequest(request, match.Groups[5].Value.Split(';'), normalizePath: service != "s3");
        var expected = SigV4Signer.Signature(
            SigV4Signer.StringToSign(canonical, time, region, service),
            SigV4Signer.SigningKey(secretAccessKey, time, region, service));
        return expected == match.Groups[6].Value;
    }

    private sealed record RawRequest(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
    {
        public string? Header(string name)
        {
            var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()).ToList();
            return values.Count == 0 ? null : string.Join(",", values);
        }
    }
}
