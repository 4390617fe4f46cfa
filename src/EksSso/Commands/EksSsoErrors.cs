using System.Management.Automation;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Commands;

/// <summary>Turns engine exceptions into ErrorRecords: id = AWS error code where there is one, category by kind.</summary>
internal static class EksSsoErrors
{
    public static ErrorRecord ToErrorRecord(Exception error, object? target)
    {
        var (id, category) = error switch
        {
            AwsServiceException aws => (aws.ErrorCode, Category(aws.Kind)),
            AwsConfigurationException config => (config.ErrorId, config.ErrorId == "ProfileNotFound" ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument),
            AwsCredentialsException => ("CredentialsNotFound", ErrorCategory.AuthenticationError),
            AwsTransportException => ("EndpointUnreachable", ErrorCategory.ConnectionError),
            AwsRequestValidationException => ("InvalidRequest", ErrorCategory.InvalidArgument),
            AwsWaiterException => ("WaitFailed", ErrorCategory.OperationTimeout),
            EksSsoException own => (own.ErrorId, Category(own.Kind)),
            ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument),
            _ => (error.GetType().Name, ErrorCategory.NotSpecified),
        };
        var record = new ErrorRecord(error, id, category, target);
        if (error is AwsServiceException { RequestId: { } requestId })
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = $"AWS request id {requestId}." };
        }

        return record;
    }

    public static bool IsEngineFailure(Exception e) =>
        e is AwsServiceException or AwsTransportException or AwsCredentialsException or AwsConfigurationException
            or AwsRequestValidationException or AwsWaiterException or EksSsoException;

    public static ErrorCategory Category(AwsErrorKind kind) => kind switch
    {
        AwsErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
        AwsErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        AwsErrorKind.Throttling => ErrorCategory.LimitsExceeded,
        AwsErrorKind.Validation => ErrorCategory.InvalidArgument,
        AwsErrorKind.Conflict => ErrorCategory.ResourceExists,
        AwsErrorKind.Authentication => ErrorCategory.AuthenticationError,
        AwsErrorKind.ServiceUnavailable => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.NotSpecified,
    };
}
