using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>A failed request, answered as a <c>Status</c> object the way kube-apiserver words it.</summary>
public sealed class KubeStatusException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Forbidden, Unauthorized, MethodNotAllowed...</summary>
    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => Status(Code, Reason, Message, Details);

    public static JsonObject Status(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject DetailsFor(KubeResource resource, string? name)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Name;
        return details;
    }

    public static KubeStatusException NotFound(KubeResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", DetailsFor(resource, name));

    public static KubeStatusException AlreadyExists(KubeResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", DetailsFor(resource, name));

    public static KubeStatusException Conflict(KubeResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": {why}", DetailsFor(resource, name));

    public static KubeStatusException Modified(KubeResource resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422: <c>ConfigMap "x" is invalid: field: reason</c>.</summary>
    public static KubeStatusException Invalid(KubeResource resource, string name, string field, string problem)
    {
        var details = DetailsFor(resource, name);
        details["kind"] = resource.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = problem, ["field"] = field });
        return new(422, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {field}: {problem}", details);
    }

    public static KubeStatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeStatusException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static KubeStatusException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static KubeStatusException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");
}
