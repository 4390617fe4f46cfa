using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.Organizations;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// The AWS access portal API (service "sso", bearer token from SSO OIDC): the accounts and roles the token's user
/// is assigned, directly or through a group, and role credentials for provisioned permission sets.
/// </summary>
public sealed class SsoPortalService : ISandboxService
{
    public const string AccountAccessScope = "sso:account:access";

    private const int DefaultPageSize = 20;

    public string ModelName => "sso";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["ListAccounts"] = Compact(ListAccounts);
        handlers["ListAccountRoles"] = Compact(ListAccountRoles);
        handlers["GetRoleCredentials"] = Compact(GetRoleCredentials);
        handlers["Logout"] = Logout;
    }

    private static JsonObject ListAccounts(OperationContext ctx)
    {
        var (state, user) = Session(ctx);
        var accounts = Assignments(ctx, state, user)
            .Select(a => a.AccountId)
            .Distinct()
            .Where(ctx.State.Accounts.ContainsKey)
            .Order(StringComparer.Ordinal)
            .Select(id => (JsonNode)new JsonObject
            {
                ["accountId"] = id,
                ["accountName"] = ctx.State.Accounts[id].Name,
                ["emailAddress"] = ctx.State.Accounts[id].Email,
            })
            .ToList();
        var (page, next) = Paging.Page(accounts, ctx.String("nextToken"), ServiceState.Int(ctx, "maxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["accountList"] = new JsonArray([.. page]), ["nextToken"] = next };
    }

    private static JsonObject ListAccountRoles(OperationContext ctx)
    {
        var (state, user) = Session(ctx);
        var accountId = ctx.RequiredString("accountId");
        var roles = Assignments(ctx, state, user)
            .Where(a => a.AccountId == accountId && state.PermissionSets.ContainsKey(a.PermissionSetArn))
            .Select(a => state.PermissionSets[a.PermissionSetArn].Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(name => (JsonNode)new JsonObject { ["roleName"] = name, ["accountId"] = accountId })
            .ToList();
        var (page, next) = Paging.Page(roles, ctx.String("nextToken"), ServiceState.Int(ctx, "maxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["roleList"] = new JsonArray([.. page]), ["nextToken"] = next };
    }

    private static JsonObject GetRoleCredentials(OperationContext ctx)
    {
        var (state, user) = Session(ctx);
        var accountId = ctx.RequiredString("accountId");
        var roleName = ctx.RequiredString("roleName");
        var permissionSet = Assignments(ctx, state, user)
            .Where(a => a.AccountId == accountId)
            .Select(a => state.PermissionSets.GetValueOrDefault(a.PermissionSetArn))
            .FirstOrDefault(ps => ps?.Name == roleName);

        // AWS answers ForbiddenException "No access" (not in the model) when the role is not assigned to the user
        // or not (yet) provisioned in the account.
        var role = permissionSet is null ? null : PermissionSetProvisioner.Role(ctx.Host, state, permissionSet.Arn, accountId);
        if (permissionSet is null || role is null)
        {
            throw ctx.Error("ForbiddenException", "No access", 403);
        }

        var duration = PermissionSetProvisioner.ParseSessionDuration(permissionSet.SessionDuration) ?? TimeSpan.FromHours(1);
        var key = ctx.Host.IssueRoleSession(role, accountId, user.UserName, duration, isRoleChain: false);
        return new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = key.AccessKeyId,
                ["secretAccessKey"] = key.SecretAccessKey,
                ["sessionToken"] = key.SessionToken,
                ["expiration"] = key.Expiration!.Value.ToUnixTimeMilliseconds(),
            },
        };
    }

    private static JsonObject? Logout(OperationContext ctx)
    {
        Session(ctx);
        SsoOidcService.Revoke(ctx.Host, ctx.RequiredString("accessToken"));
        return null;
    }

    /// <summary>The Identity Store user behind the bearer token; UnauthorizedException (401) when there is none.</summary>
    private static (IdentityCenterState State, IdentityStoreUser User) Session(OperationContext ctx)
    {
        // The portal authenticates the bearer token, not SigV4: IAM policies play no part.
        ctx.SkipAuthorization();
        var token = ctx.RequiredString("accessToken");
        var userId = SsoOidcService.UserOfToken(ctx.Host, token, out var scopes);
        var state = ServiceState.Load<IdentityCenterState>(ctx.Host, IdentityCenterState.Key);
        if (userId is null || !state.Users.TryGetValue(userId, out var user))
        {
            throw ctx.Error("UnauthorizedException", "Session token not found or invalid", 401);
        }

        if (scopes.Count > 0 && !scopes.Contains(AccountAccessScope))
        {
            throw ctx.Error("UnauthorizedException", $"The access token was not granted the {AccountAccessScope} scope.", 401);
        }

        return (state, user);
    }

    /// <summary>The user's assignments in force: their own and their groups', once the creation request has completed.</summary>
    private static IEnumerable<AccountAssignmentRecord> Assignments(OperationContext ctx, IdentityCenterState state, IdentityStoreUser user)
    {
        var groups = state.GroupsOf(user.UserId).ToHashSet(StringComparer.Ordinal);
        var members = OrganizationsService.Settle(ctx.Host).Members;
        return state.Assignments.Where(a =>
            ctx.Clock.IsDone(a.EffectiveAt)
            && ((a.PrincipalType == "USER" && a.PrincipalId == user.UserId) || (a.PrincipalType == "GROUP" && groups.Contains(a.PrincipalId)))
            && (a.AccountId == ctx.State.ManagementAccountId || members.ContainsKey(a.AccountId)));
    }

    private static OperationHandler Compact(Func<OperationContext, JsonObject?> handler) => ctx => ServiceState.Compact(handler(ctx));

    private static SandboxException InvalidToken(OperationContext ctx) => ctx.Error("InvalidRequestException", "The nextToken is invalid.");
}
