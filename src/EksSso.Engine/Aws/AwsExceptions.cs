namespace EksSso.Engine.Aws;

/// <summary>What kind of failure an error is, so the cmdlet layer can pick an error category.</summary>
public enum AwsErrorKind
{
    Other,
    AccessDenied,
    NotFound,
    Throttling,
    Validation,
    Conflict,
    Authentication,
    ServiceUnavailable,
}

/// <summary>An error answered by an AWS service; keeps its code, message and request id.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, string errorCode, string message, int statusCode, string? requestId, Exception? inner = null)
        : base(Compose(service, operation, errorCode, message, requestId), inner)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        AwsMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public string Service { get; }

    public string Operation { get; }

    public string ErrorCode { get; }

    /// <summary>The service's own message, without our prefix.</summary>
    public string AwsMessage { get; }

    public int StatusCode { get; }

    public string? RequestId { get; }

    public AwsErrorKind Kind => AwsErrorClassifier.Classify(ErrorCode, StatusCode);

    private static string Compose(string service, string operation, string code, string message, string? requestId) =>
        $"{service} {operation} failed: {code}: {message}" + (requestId is null ? "" : $" (request id {requestId})");
}

/// <summary>A request that never got an AWS answer (connection refused, DNS, timeout) after all retries.</summary>
public sealed class AwsTransportException(string service, string operation, Uri endpoint, Exception inner)
    : Exception($"{service} {operation} could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {inner.Message}", inner)
{
    public string Service { get; } = service;

    public string Operation { get; } = operation;
}

/// <summary>Configuration that cannot work (missing profile, region, bad endpoint URL); raised before any call.</summary>
public sealed class AwsConfigurationException(string message, string errorId) : Exception(message)
{
    public string ErrorId { get; } = errorId;
}

/// <summary>
/// A failure the engine detects itself, with a stable error id for the ErrorRecord: bad input found before any call
/// (InvalidEmail, InvalidPolicyDocument, ...), or a state AWS reports only indirectly (IdentityCenterNotEnabled).
/// </summary>
public sealed class EksSsoException(string errorId, AwsErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorId { get; } = errorId;

    public AwsErrorKind Kind { get; } = kind;

    /// <summary>The HTTP status of the Kubernetes API answer this error stands for, if it stands for one.</summary>
    public int? KubernetesStatus { get; init; }
}

public sealed class AwsCredentialsException(string message, Exception? inner = null) : Exception(message, inner);

public static class AwsErrorClassifier
{
    private static readonly HashSet<string> s_throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> s_transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerException",
        "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException", "ServiceException",
    };

    public static bool IsThrottling(string code) => s_throttling.Contains(code);

    /// <summary>The SDK "standard" retry mode's rule: throttling codes, transient codes, and 500/502/503/504.</summary>
    public static bool IsRetryable(string code, int statusCode) =>
        s_throttling.Contains(code) || s_transient.Contains(code) || statusCode is 500 or 502 or 503 or 504;

    public static AwsErrorKind Classify(string code, int statusCode)
    {
        if (s_throttling.Contains(code))
        {
            return AwsErrorKind.Throttling;
        }

        if (code is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "AuthorizationError"
            or "AccessDeniedForDependencyException" or "UnauthorizedException" || statusCode == 403 && code.Contains("Denied", StringComparison.Ordinal))
        {
            return AwsErrorKind.AccessDenied;
        }

        if (code is "InvalidClientTokenId" or "UnrecognizedClientException" or "SignatureDoesNotMatch" or "ExpiredToken"
            or "ExpiredTokenException" or "InvalidSignatureException" or "RequestTimeTooSkewed" or "MissingAuthenticationToken"
            or "IncompleteSignature" or "MissingAuthenticationTokenException")
        {
            return AwsErrorKind.Authentication;
        }

        if (code.Contains("NotFound", StringComparison.Ordinal) || code is "NoSuchEntity" or "NoSuchEntityException"
            || code.EndsWith("NotInUseException", StringComparison.Ordinal) || statusCode == 404)
        {
            return AwsErrorKind.NotFound;
        }

        if (code.Contains("Validation", StringComparison.Ordinal) || code.StartsWith("InvalidParameter", StringComparison.Ordinal)
            || code is "InvalidInputException" or "InvalidInput" or "MalformedPolicyDocument" or "MalformedPolicyDocumentException"
            or "ConstraintViolationException" or "InvalidRequestException" or "BadRequestException")
        {
            return AwsErrorKind.Validation;
        }

        if (code.Contains("AlreadyExists", StringComparison.Ordinal) || code.Contains("Conflict", StringComparison.Ordinal)
            || code is "EntityAlreadyExists" or "ResourceInUseException" or "DuplicateAccountException" || statusCode == 409)
        {
            return AwsErrorKind.Conflict;
        }

        if (s_transient.Contains(code) || statusCode >= 500)
        {
            return AwsErrorKind.ServiceUnavailable;
        }

        return AwsErrorKind.Other;
    }
}
