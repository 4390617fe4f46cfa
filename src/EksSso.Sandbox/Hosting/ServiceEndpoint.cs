using EksSso.Sandbox.Model;

namespace EksSso.Sandbox.Hosting;

/// <summary>One service of the sandbox: its model, its handlers, and its protocol's error vocabulary.</summary>
public sealed class ServiceEndpoint
{
    internal ServiceEndpoint(string modelName, ServiceModel model)
    {
        ModelName = modelName;
        Model = model;
        Protocol = model.Metadata.Protocol;
        Codec = new ModelCodec(model);
    }

    public ModelCodec Codec { get; }

    public string ModelName { get; }

    public ServiceModel Model { get; }

    /// <summary>json, query, rest-json or ec2.</summary>
    public string Protocol { get; }

    public Dictionary<string, OperationHandler> Handlers { get; } = new(StringComparer.Ordinal);

    public string ValidationCode => Protocol switch
    {
        "query" => "ValidationError",
        "ec2" => "InvalidParameterValue",
        _ => "ValidationException",
    };

    public (string Code, int Status) AccessDenied => Protocol switch
    {
        "query" => ("AccessDenied", 403),
        "ec2" => ("UnauthorizedOperation", 403),
        "rest-json" => ("AccessDeniedException", 403),
        _ => ("AccessDeniedException", 400),
    };

    /// <summary>The protocol's own code and status for a generic authentication failure.</summary>
    public (string Code, int Status) AuthenticationError(string generic) => (Protocol, generic) switch
    {
        ("query", AuthErrors.UnknownKey) => ("InvalidClientTokenId", 403),
        ("query", AuthErrors.BadSignature) => ("SignatureDoesNotMatch", 403),
        ("query", AuthErrors.Expired) => ("ExpiredToken", 403),
        ("query", AuthErrors.Skewed) => ("RequestTimeTooSkewed", 403),
        ("query", _) => ("MissingAuthenticationToken", 403),
        ("ec2", AuthErrors.Expired) => ("RequestExpired", 400),
        ("ec2", _) => ("AuthFailure", 401),
        (_, AuthErrors.UnknownKey) => ("UnrecognizedClientException", Protocol == "json" ? 400 : 403),
        (_, AuthErrors.BadSignature or AuthErrors.Skewed) => ("InvalidSignatureException", Protocol == "json" ? 400 : 403),
        (_, AuthErrors.Expired) => ("ExpiredTokenException", Protocol == "json" ? 400 : 403),
        _ => ("MissingAuthenticationTokenException", 403),
    };

    public (string Code, int Status) UnknownOperation => Protocol switch
    {
        "query" or "ec2" => ("InvalidAction", 400),
        "rest-json" => ("UnknownOperationException", 404),
        _ => ("UnknownOperationException", 400),
    };

    public (string Code, int Status) Throttling => Protocol switch
    {
        "query" => ("Throttling", 400),
        "ec2" => ("RequestLimitExceeded", 503),
        "rest-json" => ("TooManyRequestsException", 429),
        _ => ("ThrottlingException", 400),
    };
}
