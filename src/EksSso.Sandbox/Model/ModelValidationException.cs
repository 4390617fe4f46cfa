namespace EksSso.Sandbox.Model;

/// <summary>What a <see cref="ModelViolation"/> is about.</summary>
public enum ViolationKind
{
    /// <summary>A required member is absent or null.</summary>
    Missing,

    /// <summary>The request names a member (or parameter) the shape does not define.</summary>
    Unknown,

    /// <summary>The value has the wrong JSON type (or does not parse as the member's type).</summary>
    Type,

    Enum,

    /// <summary>String/blob length or list/map entry count outside min/max.</summary>
    Length,

    /// <summary>Number outside min/max.</summary>
    Range,

    Pattern,

    /// <summary>A union with zero or several members set.</summary>
    Union,

    /// <summary>The request could not be read as the model lays it out (unusable query key, repeated parameter).</summary>
    Malformed,

    /// <summary>The JSON body is not JSON, not an object, or repeats a key (AWS: SerializationException).</summary>
    Serialization,
}

/// <summary>One problem found in a request. <see cref="Message"/> is the AWS-style text for that one problem.</summary>
public sealed record ModelViolation(ViolationKind Kind, string Path, string Message);

/// <summary>
/// A request that the service model rejects. <see cref="Code"/> and <see cref="Message"/> are what the sandbox
/// returns to the client (HTTP 400); <see cref="Violations"/> lists every problem found.
/// </summary>
public sealed class ModelValidationException : Exception
{
    public ModelValidationException(string code, string message, IReadOnlyList<ModelViolation> violations)
        : base(message)
    {
        Code = code;
        Violations = violations;
    }

    /// <summary>ValidationException (json, rest-json), ValidationError (query), MissingParameter / UnknownParameter /
    /// InvalidParameterValue (ec2), SerializationException (unreadable JSON).</summary>
    public string Code { get; }

    public IReadOnlyList<ModelViolation> Violations { get; }

    /// <summary>Always 400: every model violation is the caller's fault.</summary>
    public int StatusCode { get; } = 400;
}
