namespace EksSso;

/// <summary>How Connect-EksSso got its token.</summary>
public enum EksSsoLoginFlow
{
    /// <summary>A valid token was already cached; nothing was called.</summary>
    Cached,

    /// <summary>The cached token was renewed with its refresh token.</summary>
    Refreshed,

    /// <summary>The device code flow (a code approved in a browser on any device).</summary>
    DeviceCode,

    /// <summary>The authorization code flow with PKCE (a browser on this machine, redirected to a loopback listener).</summary>
    AuthorizationCode,
}

/// <summary>An IAM Identity Center sign-in (Connect-EksSso): which session, until when, and where the token is cached. Never the token.</summary>
public sealed class EksSsoLogin
{
    internal EksSsoLogin(string? profileName, string? sessionName, string startUrl, string region, DateTimeOffset expiresAt, EksSsoLoginFlow flow, string cacheFile)
    {
        ProfileName = profileName;
        SessionName = sessionName;
        StartUrl = startUrl;
        Region = region;
        ExpiresAt = expiresAt;
        Flow = flow;
        CacheFile = cacheFile;
    }

    /// <summary>The profile signed in through, when -ProfileName was used.</summary>
    public string? ProfileName { get; }

    /// <summary>The sso-session; empty for a legacy profile (start URL in the profile itself).</summary>
    public string? SessionName { get; }

    /// <summary>The AWS access portal URL.</summary>
    public string StartUrl { get; }

    /// <summary>The IAM Identity Center region (sso_region).</summary>
    public string Region { get; }

    /// <summary>When the access token expires (UTC); role credentials are available until then.</summary>
    public DateTimeOffset ExpiresAt { get; }

    public EksSsoLoginFlow Flow { get; }

    /// <summary>The token cache file, shared with the AWS CLI v2 (~/.aws/sso/cache/&lt;sha1&gt;.json).</summary>
    public string CacheFile { get; }

    public override string ToString() => SessionName ?? StartUrl;
}
