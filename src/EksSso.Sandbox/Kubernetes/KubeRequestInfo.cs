using Microsoft.AspNetCore.Http;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// What a request is about, derived from its method, path and query exactly as kube-apiserver's RequestInfoFactory
/// does: /api/v1/... (core) and /apis/GROUP/VERSION/... are resource requests, everything else (discovery documents
/// included) a non-resource request whose verb is the lower-case HTTP method.
/// </summary>
internal sealed record KubeRequestInfo(string Path, bool IsResourceRequest, string Verb, string Group, string Version, string Resource, string? Subresource, string? Namespace, string? Name)
{
    private static readonly HashSet<string> s_namespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public KubeRequestAttributes Attributes => new(Verb, Group, Resource, Subresource, Namespace, Name, IsResourceRequest, Path);

    public static KubeRequestInfo Parse(HttpRequest request)
    {
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        var method = request.Method.ToUpperInvariant();
        var nonResource = new KubeRequestInfo(path, false, method.ToLowerInvariant(), "", "", "", null, null, null);
        var parts = path.Trim('/').Split('/');
        if (parts.Length == 0 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }

        var minimum = parts[0] == "api" ? 2 : 3;
        if (parts.Length <= minimum)
        {
            // /api, /api/v1, /apis, /apis/GROUP, /apis/GROUP/VERSION: discovery.
            return nonResource;
        }

        var group = parts[0] == "api" ? "" : parts[1];
        var version = parts[minimum - 1];
        var rest = parts[minimum..];
        var verb = method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };

        // The legacy /watch/ prefix.
        if (rest[0] == "watch")
        {
            verb = "watch";
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return nonResource;
            }
        }

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];

            // /namespaces/NS/RESOURCE...: the resource named after the namespace (but not the namespace's own subresources).
            if (rest.Length > 2 && !s_namespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length > 1 && rest[1].Length > 0 ? rest[1] : null;
        var subresource = rest.Length > 2 && rest[2].Length > 0 ? rest[2] : null;
        if (name is null)
        {
            if (verb == "get")
            {
                verb = IsTrue(request.Query["watch"]) ? "watch" : "list";
            }
            else if (verb == "delete")
            {
                verb = "deletecollection";
            }
        }

        return new KubeRequestInfo(path, true, verb, group, version, resource, subresource, string.IsNullOrEmpty(ns) ? null : ns, name);
    }

    private static bool IsTrue(string? value) => value is "true" or "1";
}
