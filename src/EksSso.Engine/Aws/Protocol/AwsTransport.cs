using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using EksSso.Engine.Aws.Signing;

namespace EksSso.Engine.Aws.Protocol;

/// <summary>A request as a protocol serializer builds it: relative path and query, headers, body.</summary>
public sealed class AwsWireRequest(HttpMethod method, string pathAndQuery, byte[] body, string? contentType)
{
    public HttpMethod Method { get; } = method;

    /// <summary>Path and query, already URI-encoded, starting with '/'.</summary>
    public string PathAndQuery { get; } = pathAndQuery;

    public byte[] Body { get; } = body;

    public string? ContentType { get; } = contentType;

    public List<KeyValuePair<string, string>> Headers { get; } = [];
}

public sealed class AwsWireResponse(int statusCode, byte[] body, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders)
{
    public int StatusCode { get; } = statusCode;

    public byte[] Body { get; } = body;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders? ContentHeaders { get; } = contentHeaders;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() :
        ContentHeaders is not null && ContentHeaders.TryGetValues(name, out var c) ? c.FirstOrDefault() : null;

    public string? RequestId => Header("x-amzn-RequestId") ?? Header("x-amz-request-id");
}

/// <summary>
/// The one path every AWS call takes: resolve endpoint, sign, send, classify errors, retry in the SDK standard
/// mode, and report the call to the observer. Also wraps AWSSDK service clients so they retry and log the same way.
/// </summary>
public sealed class AwsTransport
{
    private static readonly HttpClient s_http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    private readonly HttpClient _http;
    private readonly AwsRetryPolicy _retry;
    private readonly TimeProvider _time;

    public AwsTransport(AwsSession session, IAwsCallObserver? observer = null, HttpMessageHandler? handler = null, AwsRetryPolicy? retry = null, TimeProvider? time = null)
    {
        Session = session;
        Observer = observer;
        _http = handler is null ? s_http : new HttpClient(handler, disposeHandler: false);
        _retry = retry ?? AwsRetryPolicy.Shared;
        _time = time ?? TimeProvider.System;
    }

    public AwsSession Session { get; }

    public IAwsCallObserver? Observer { get; }

    public AwsRetryPolicy RetryPolicy => _retry;

    public async Task<AwsWireResponse> SendAsync(
        AwsServiceInfo service,
        string operation,
        AwsWireRequest request,
        Func<AwsWireResponse, AwsServiceException> parseError,
        CancellationToken cancellationToken)
    {
        var endpoint = Session.ResolveEndpoint(service);
        var url = Combine(endpoint.Url, request.PathAndQuery);
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        var refreshed = false;
        AwsWireResponse? last = null;
        while (true)
        {
            attempt++;
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var credentials = await Session.GetSigningCredentialsAsync(cancellationToken).ConfigureAwait(false);
                using var message = new HttpRequestMessage(request.Method, url);
                if (request.Method != HttpMethod.Get || request.Body.Length > 0)
                {
                    message.Content = new ByteArrayContent(request.Body);
                    if (request.ContentType is not null)
                    {
                        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
                    }
                }

                foreach (var (name, value) in request.Headers)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                message.Headers.UserAgent.ParseAdd(UserAgent);
                SigV4Signer.Sign(message, request.Body, credentials, endpoint.SigningRegion, service.SigningName, _time.GetUtcNow());

                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                last = new AwsWireResponse((int)response.StatusCode, body, response.Headers, response.Content.Headers);
                if (last.StatusCode < 300)
                {
                    _retry.OnSuccess();
                    Report(service, operation, last.StatusCode, attempt, clock, last.RequestId, null, endpoint);
                    return last;
                }

                throw parseError(last);
            }
            catch (AwsServiceException e) when (!refreshed && TryRefreshExpired(e.ErrorCode))
            {
                refreshed = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && _retry.ShouldRetry(Normalize(e), attempt, Session.MaxAttempts))
            {
                await _retry.Delay(_retry.Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                Report(service, operation, e.StatusCode, attempt, clock, e.RequestId, e.ErrorCode, endpoint);
                throw;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException)
            {
                Report(service, operation, null, attempt, clock, null, null, endpoint);
                throw new AwsTransportException(service.ServiceId, operation, endpoint.Url, e);
            }
        }
    }

    /// <summary>Runs one AWSSDK client call with our retry policy and call log (the SDK client itself is built with retries off).</summary>
    public async Task<T> InvokeSdkAsync<T>(AwsServiceInfo service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : Amazon.Runtime.AmazonWebServiceResponse
    {
        var endpoint = Session.ResolveEndpoint(service);
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        var refreshed = false;
        while (true)
        {
            attempt++;
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                _retry.OnSuccess();
                Report(service, operation, (int)result.HttpStatusCode, attempt, clock, result.ResponseMetadata?.RequestId, null, endpoint);
                return result;
            }
            catch (Amazon.Runtime.AmazonServiceException e) when (!refreshed && TryRefreshExpired(e.ErrorCode))
            {
                refreshed = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && _retry.ShouldRetry(Normalize(e), attempt, Session.MaxAttempts))
            {
                await _retry.Delay(_retry.Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Amazon.Runtime.AmazonServiceException e) when (e.StatusCode != 0 || !string.IsNullOrEmpty(e.ErrorCode))
            {
                var wrapped = new AwsServiceException(service.ServiceId, operation, e.ErrorCode ?? "UnknownError", e.Message, (int)e.StatusCode, e.RequestId, e);
                Report(service, operation, (int)e.StatusCode, attempt, clock, e.RequestId, e.ErrorCode, endpoint);
                throw wrapped;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is HttpRequestException or IOException or Amazon.Runtime.AmazonServiceException || e.InnerException is HttpRequestException))
            {
                Report(service, operation, null, attempt, clock, null, null, endpoint);
                throw new AwsTransportException(service.ServiceId, operation, endpoint.Url, e);
            }
        }
    }

    /// <summary>
    /// A service said the session token expired although the credentials looked valid to us (clock skew, or a
    /// sandbox whose clock runs faster): refreshable credentials are dropped so the one retry gets new ones.
    /// </summary>
    private bool TryRefreshExpired(string? errorCode)
    {
        if (errorCode is not ("ExpiredToken" or "ExpiredTokenException") || Session.Credentials is not Amazon.Runtime.RefreshingAWSCredentials refreshing)
        {
            return false;
        }

        refreshing.ClearCredentials();
        return true;
    }

    /// <summary>The SDK reports an unreachable endpoint as an AmazonServiceException wrapping the HttpRequestException.</summary>
    private static Exception Normalize(Exception e) =>
        e is Amazon.Runtime.AmazonServiceException { StatusCode: 0 } && e.InnerException is HttpRequestException or IOException ? e.InnerException : e;

    internal static string UserAgent { get; } = $"EksSso/{typeof(AwsTransport).Assembly.GetName().Version?.ToString(3)}";

    private void Report(AwsServiceInfo service, string operation, int? status, int attempts, Stopwatch clock, string? requestId, string? errorCode, AwsEndpoint endpoint) =>
        Observer?.OnCall(new AwsCallRecord(service.ServiceId, operation, status, attempts, clock.ElapsedMilliseconds, requestId, errorCode, endpoint.Url.GetLeftPart(UriPartial.Authority)));

    private static Uri Combine(Uri baseUrl, string pathAndQuery)
    {
        var basePath = baseUrl.AbsolutePath.TrimEnd('/');
        return new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + basePath + pathAndQuery);
    }
}
