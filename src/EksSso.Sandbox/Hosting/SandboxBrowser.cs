using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EksSso.Sandbox.Hosting;

/// <summary>
/// The sandbox's stand-in for the user's browser (<c>EksSso.Sandbox browse [--user NAME] [--endpoint URL] URL</c>): what a
/// person would do on the sign-in page, done through the sandbox's controls. A device-code verification URL (it has
/// <c>user_code</c>) is approved; an authorization request (PKCE) is authorized and its redirect followed back to the
/// loopback listener of the waiting login. Start-EksSsoSandbox -SignInAs sets BROWSER to this command, so
/// Connect-EksSso and <c>aws sso login</c> sign in as that Identity Center user with no browser and no desktop.
/// </summary>
public static class SandboxBrowser
{
    public const string Command = "browse";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter error)
    {
        string? user = null;
        string? endpoint = null;
        string? url = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Count: user = args[++i]; break;
                case "--endpoint" when i + 1 < args.Count: endpoint = args[++i]; break;
                // BROWSER is split at the path separator (':' on Unix) by our launcher and by Python's webbrowser, so
                // the command Start-EksSsoSandbox sets names the sandbox by port, not by URL.
                case "--port" when i + 1 < args.Count: endpoint = $"http://127.0.0.1:{int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)}"; break;
                default: url = args[i]; break;
            }
        }

        endpoint ??= Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target) || string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(user))
        {
            await error.WriteLineAsync("usage: EksSso.Sandbox browse --user NAME [--port SANDBOX_PORT | --endpoint SANDBOX_URL (default AWS_ENDPOINT_URL)] URL");
            return 2;
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(endpoint.TrimEnd('/') + "/_sandbox/"), Timeout = TimeSpan.FromSeconds(30) };
            var query = ParseQuery(target.Query);
            if (query.TryGetValue("user_code", out var userCode))
            {
                await PostAsync(http, "approve-authorization", new JsonObject { ["userCode"] = userCode, ["userName"] = user });
                return 0;
            }

            var scopes = new JsonArray();
            foreach (var scope in (query.GetValueOrDefault("scopes") ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                scopes.Add(scope);
            }

            var answer = await PostAsync(http, "authorize-code", new JsonObject
            {
                ["clientId"] = Required(query, "client_id"),
                ["redirectUri"] = Required(query, "redirect_uri"),
                ["codeChallenge"] = Required(query, "code_challenge"),
                ["codeChallengeMethod"] = Required(query, "code_challenge_method"),
                ["state"] = Required(query, "state"),
                ["userName"] = user,
                ["scopes"] = scopes,
            });
            var redirect = answer?["redirect"]?.GetValue<string>() ?? throw new InvalidOperationException("The sandbox answered no redirect.");
            using var back = await http.GetAsync(new Uri(redirect));
            return back.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or KeyNotFoundException)
        {
            await error.WriteLineAsync($"sandbox browser: {e.Message}");
            return 1;
        }
    }

    private static string Required(Dictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The URL has no {name}: it is not a sign-in page of this sandbox.");

    private static async Task<JsonNode?> PostAsync(HttpClient http, string control, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(control, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{control}: {(int)response.StatusCode} {text}");
        }

        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            result[name] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
