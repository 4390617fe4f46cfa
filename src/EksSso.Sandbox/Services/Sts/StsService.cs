using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Sts;

/// <summary>STS: who am I, AssumeRole (with role-chaining limits), AssumeRoleWithWebIdentity (sandbox-minted OIDC tokens).</summary>
public sealed class StsService : ISandboxService
{
    private static readonly TimeSpan s_chainLimit = TimeSpan.FromHours(1);

    public string ModelName => "sts";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["GetCallerIdentity"] = GetCallerIdentity;
        handlers["AssumeRole"] = AssumeRole;
        handlers["AssumeRoleWithWebIdentity"] = AssumeRoleWithWebIdentity;
        handlers["AssumeRoleWithSAML"] = AssumeRoleWithSaml;
        host.ControlActions["mint-web-identity-token"] = input => new JsonObject { ["token"] = WebIdentityTokens.Mint(host, input) };
        host.ControlActions["mint-saml-assertion"] = input => new JsonObject { ["assertion"] = SamlAssertions.Mint(host, input) };
    }

    private static JsonObject GetCallerIdentity(OperationContext ctx)
    {
        // AWS answers GetCallerIdentity for any valid credentials, whatever the policies say.
        ctx.SkipAuthorization();
        var caller = ctx.RequiredCaller;
        return new JsonObject { ["UserId"] = caller.UserId, ["Account"] = caller.AccountId, ["Arn"] = caller.Arn };
    }

    private static JsonObject AssumeRole(OperationContext ctx)
    {
        var caller = ctx.RequiredCaller;
        var roleArn = ctx.RequiredString("RoleArn");
        var sessionName = ctx.RequiredString("RoleSessionName");
        var role = FindRole(ctx, roleArn);
        var trust = Authorizer.ParseTrust(role.AssumeRolePolicyDocument);
        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:PrincipalArn"] = [caller.PrincipalArn],
            ["aws:PrincipalAccount"] = [caller.AccountId],
        };
        if (ctx.String("ExternalId") is { } externalId)
        {
            conditions["sts:ExternalId"] = [externalId];
        }

        var trusted = TrustPolicyEvaluator.Evaluate(trust, new TrustRequest("sts:AssumeRole", conditions)
        {
            CallerPrincipalArn = caller.Arn,
            CallerAccountId = caller.AccountId,
        });
        var roleAccount = AccountOf(roleArn);

        // A trust policy that names the caller itself in the same account is enough; one that trusts a whole account,
        // or a caller from another account, also needs the caller's own policies to allow sts:AssumeRole.
        var needsIdentityAllow = trusted.MatchedAccountPrincipal || roleAccount != caller.AccountId;
        ctx.SkipAuthorization();
        if (!trusted.Allowed || (needsIdentityAllow && !caller.IsRoot && !ctx.Host.Authorizer.Evaluate(caller, "sts:AssumeRole", roleArn).Allowed))
        {
            throw new SandboxException("AccessDenied", DenialMessage.AssumeRole(caller.Arn, roleArn), 403);
        }

        var isChain = caller.Key.Kind == PrincipalKind.AssumedRole;
        var duration = TimeSpan.FromSeconds(ctx.Int("DurationSeconds") ?? 3600);
        if (isChain && duration > s_chainLimit)
        {
            throw new SandboxException("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
        }

        if (duration > TimeSpan.FromSeconds(role.MaxSessionDuration))
        {
            throw new SandboxException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
        }

        return Credentials(ctx, role, roleAccount, sessionName, duration, isChain);
    }

    private static JsonObject AssumeRoleWithWebIdentity(OperationContext ctx)
    {
        ctx.SkipAuthorization();
        var roleArn = ctx.RequiredString("RoleArn");
        var sessionName = ctx.RequiredString("RoleSessionName");
        var role = FindRole(ctx, roleArn);
        var account = ctx.State.Account(AccountOf(roleArn));
        var claims = WebIdentityTokens.Verify(ctx.Host, ctx.RequiredString("WebIdentityToken"));
        var issuerHost = claims.Issuer["https://".Length..];
        var provider = account.Iam.OidcProviders.Values.FirstOrDefault(p => p.Url == issuerHost)
            ?? throw new SandboxException("InvalidIdentityToken", $"No OpenIDConnect provider found in your account for {claims.Issuer}", 400);
        if (!provider.ClientIds.Contains(claims.Audience))
        {
            throw new SandboxException("InvalidIdentityToken", "Incorrect token audience", 400);
        }

        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{issuerHost}:sub"] = [claims.Subject],
            [$"{issuerHost}:aud"] = [claims.Audience],
        };
        var decision = TrustPolicyEvaluator.Evaluate(
            Authorizer.ParseTrust(role.AssumeRolePolicyDocument),
            new TrustRequest("sts:AssumeRoleWithWebIdentity", context) { FederatedProvider = provider.Arn });
        if (!decision.Allowed)
        {
            throw new SandboxException("AccessDenied", DenialMessage.TrustDenied("sts:AssumeRoleWithWebIdentity", null, roleArn), 403);
        }

        var duration = TimeSpan.FromSeconds(ctx.Int("DurationSeconds") ?? 3600);
        if (duration > TimeSpan.FromSeconds(role.MaxSessionDuration))
        {
            throw new SandboxException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
        }

        var output = Credentials(ctx, role, account.Id, sessionName, duration, isChain: false);
        output["SubjectFromWebIdentityToken"] = claims.Subject;
        output["Audience"] = claims.Audience;
        output["Provider"] = provider.Arn;
        return output;
    }

    /// <summary>
    /// AssumeRoleWithSAML with an assertion the sandbox minted (a signed stand-in for an IdP's SAML response): the
    /// provider must exist in the role's account and the role's trust policy must allow it, with SAML:aud.
    /// </summary>
    private static JsonObject AssumeRoleWithSaml(OperationContext ctx)
    {
        ctx.SkipAuthorization();
        var roleArn = ctx.RequiredString("RoleArn");
        var providerArn = ctx.RequiredString("PrincipalArn");
        var role = FindRole(ctx, roleArn);
        var account = ctx.State.Account(AccountOf(roleArn));
        var assertion = SamlAssertions.Verify(ctx.Host, ctx.RequiredString("SAMLAssertion"));
        if (!account.Iam.SamlProviders.ContainsKey(providerArn))
        {
            throw new SandboxException("InvalidIdentityToken", $"The SAML provider {providerArn} does not exist in account {account.Id}.", 400);
        }

        if (assertion.RoleArn != roleArn || assertion.ProviderArn != providerArn)
        {
            throw new SandboxException("InvalidIdentityToken", "The SAML assertion does not grant this role through this provider.", 400);
        }

        var decision = TrustPolicyEvaluator.Evaluate(
            Authorizer.ParseTrust(role.AssumeRolePolicyDocument),
            new TrustRequest("sts:AssumeRoleWithSAML", new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["SAML:aud"] = ["https://signin.aws.amazon.com/saml"],
                ["SAML:sub"] = [assertion.Subject],
            })
            { FederatedProvider = providerArn });
        if (!decision.Allowed)
        {
            throw new SandboxException("AccessDenied", DenialMessage.TrustDenied("sts:AssumeRoleWithSAML", null, roleArn), 403);
        }

        var duration = TimeSpan.FromSeconds(ctx.Int("DurationSeconds") ?? 3600);
        if (duration > TimeSpan.FromSeconds(role.MaxSessionDuration))
        {
            throw new SandboxException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
        }

        var output = Credentials(ctx, role, account.Id, assertion.Subject, duration, isChain: false);
        output["Subject"] = assertion.Subject;
        output["SubjectType"] = "persistent";
        output["Issuer"] = "https://portal.sso.sandbox.local/saml/assertion";
        output["Audience"] = "https://signin.aws.amazon.com/saml";
        return output;
    }

    private static JsonObject Credentials(OperationContext ctx, IamRole role, string accountId, string sessionName, TimeSpan duration, bool isChain)
    {
        var key = ctx.Host.IssueRoleSession(role, accountId, sessionName, duration, isChain);
        return new JsonObject
        {
            ["Credentials"] = new JsonObject
            {
                ["AccessKeyId"] = key.AccessKeyId,
                ["SecretAccessKey"] = key.SecretAccessKey,
                ["SessionToken"] = key.SessionToken,
                ["Expiration"] = key.Expiration!.Value,
            },
            ["AssumedRoleUser"] = new JsonObject
            {
                ["AssumedRoleId"] = $"{role.RoleId}:{sessionName}",
                ["Arn"] = $"arn:{ctx.Partition}:sts::{accountId}:assumed-role/{role.Name}/{sessionName}",
            },
            ["PackedPolicySize"] = 0,
        };
    }

    private static IamRole FindRole(OperationContext ctx, string roleArn)
    {
        var accountId = AccountOf(roleArn);
        var name = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        if (ctx.State.Accounts.TryGetValue(accountId, out var account) && account.Iam.Roles.TryGetValue(name, out var role) && role.Arn == roleArn)
        {
            return role;
        }

        // AWS does not reveal whether the role exists: a missing role reads as a denial.
        ctx.SkipAuthorization();
        throw new SandboxException("AccessDenied", DenialMessage.TrustDenied(ctx.Caller is null ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole", ctx.Caller?.Arn, roleArn), 403);
    }

    private static string AccountOf(string arn) =>
        arn.Split(':') is { Length: 6 } parts ? parts[4] : throw new SandboxException("ValidationError", $"{arn} is not a valid ARN.", 400);
}

/// <summary>
/// Web identity tokens the sandbox mints for rehearsing OIDC federation (GitHub Actions, Azure DevOps): JWTs
/// signed HS256 with a key only this sandbox holds, so a token is accepted only if the sandbox issued it.
/// </summary>
public static class WebIdentityTokens
{
    public sealed record Claims(string Issuer, string Subject, string Audience, DateTimeOffset Expires);

    public static string Mint(SandboxHost host, JsonObject input)
    {
        var issuer = input["issuer"]?.GetValue<string>() ?? "https://token.actions.githubusercontent.com";
        var now = host.Clock.Now;
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = input["subject"]?.GetValue<string>() ?? "repo:example/repo:ref:refs/heads/main",
            ["aud"] = input["audience"]?.GetValue<string>() ?? "sts.amazonaws.com",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddSeconds(input["lifetimeSeconds"]?.GetValue<int>() ?? 600).ToUnixTimeSeconds(),
        };
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return $"{header}.{body}.{Base64Url(HMACSHA256.HashData(Key(host), Encoding.UTF8.GetBytes($"{header}.{body}")))}";
    }

    public static Claims Verify(SandboxHost host, string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new SandboxException("InvalidIdentityToken", "The web identity token is not a JWT.", 400);
        }

        var expected = Base64Url(HMACSHA256.HashData(Key(host), Encoding.UTF8.GetBytes($"{parts[0]}.{parts[1]}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2])))
        {
            throw new SandboxException("InvalidIdentityToken", "The web identity token's signature does not verify.", 400);
        }

        using var doc = JsonDocument.Parse(FromBase64Url(parts[1]));
        var root = doc.RootElement;
        var claims = new Claims(
            root.GetProperty("iss").GetString()!,
            root.GetProperty("sub").GetString()!,
            root.GetProperty("aud").GetString()!,
            DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()));
        if (claims.Expires <= host.Clock.Now)
        {
            throw new SandboxException("ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time.", 400);
        }

        return claims;
    }

    private static byte[] Key(SandboxHost host)
    {
        if (!host.State.Global.TryGetValue("sts", out var sts))
        {
            host.State.Global["sts"] = sts = [];
        }

        if (sts["webIdentityKey"]?.GetValue<string>() is not { } key)
        {
            sts["webIdentityKey"] = key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        return Convert.FromBase64String(key);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

/// <summary>SAML assertions minted by the sandbox: base64 of a JSON claim set signed with the web identity key.</summary>
public static class SamlAssertions
{
    public sealed record Claims(string Subject, string RoleArn, string ProviderArn);

    public static string Mint(SandboxHost host, JsonObject input)
    {
        var claims = new JsonObject
        {
            ["sub"] = input["subject"]?.GetValue<string>() ?? throw new ArgumentException("subject is required."),
            ["role"] = input["roleArn"]?.GetValue<string>() ?? throw new ArgumentException("roleArn is required."),
            ["provider"] = input["principalArn"]?.GetValue<string>() ?? throw new ArgumentException("principalArn is required."),
        };
        var token = WebIdentityTokens.Mint(host, new JsonObject
        {
            ["issuer"] = "https://saml.sandbox.local",
            ["subject"] = claims.ToJsonString(),
            ["audience"] = "https://signin.aws.amazon.com/saml",
            ["lifetimeSeconds"] = 300,
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
    }

    public static Claims Verify(SandboxHost host, string assertion)
    {
        string token;
        try
        {
            token = Encoding.UTF8.GetString(Convert.FromBase64String(assertion));
        }
        catch (FormatException)
        {
            throw new SandboxException("InvalidIdentityToken", "The SAML assertion is not base64.", 400);
        }

        var claims = WebIdentityTokens.Verify(host, token);
        using var doc = JsonDocument.Parse(claims.Subject);
        var root = doc.RootElement;
        return new Claims(root.GetProperty("sub").GetString()!, root.GetProperty("role").GetString()!, root.GetProperty("provider").GetString()!);
    }
}
