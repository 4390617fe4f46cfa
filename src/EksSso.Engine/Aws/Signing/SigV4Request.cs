using System.Diagnostics.CodeAnalysis;

namespace EksSso.Engine.Aws.Signing;

/// <summary>
/// The inputs of a SigV4 canonical request, as sent by a client or as received by a server that verifies one.
/// </summary>
public sealed class SigV4Request
{
    public SigV4Request()
    {
    }

    [SetsRequiredMembers]
    public SigV4Request(
        string method,
        string canonicalUri,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string payloadHash)
    {
        Method = method;
        CanonicalUri = canonicalUri;
        Query = query;
        Headers = headers;
        PayloadHash = payloadHash;
    }

    public required string Method { get; init; }

    /// <summary>The path exactly as it goes on the wire (already URI-encoded), without the query.</summary>
    public required string CanonicalUri { get; init; }

    /// <summary>Query parameters with names and values decoded, in any order; repeated names are allowed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>Header names and values as sent; a name may repeat, and its values are joined in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Lowercase hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>.</summary>
    public required string PayloadHash { get; init; }

    /// <summary>Splits a wire query string (with or without its leading '?') into decoded names and values.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string? query)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            // '+' stays a literal plus: SigV4 does not use form encoding for the query.
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            result.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return result;
    }
}
