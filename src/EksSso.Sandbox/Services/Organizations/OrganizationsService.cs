using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Services.IdentityCenter;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.Organizations;

/// <summary>
/// AWS Organizations: one organization, created on demand by the management account; asynchronous CreateAccount
/// whose account (with its OrganizationAccountAccessRole) appears only when the simulated duration has passed.
/// </summary>
public sealed class OrganizationsService : ISandboxService, ISandboxSettle
{
    public const string StateKey = "organizations";
    public const string DefaultRoleName = "OrganizationAccountAccessRole";

    private const string NotInUse = "Your account is not a member of an organization.";
    private const string NoPermissions = "You don't have permissions to access this resource.";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public string ModelName => "organizations";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["CreateOrganization"] = Compact(CreateOrganization);
        handlers["DescribeOrganization"] = Compact(DescribeOrganization);
        handlers["ListRoots"] = Compact(ListRoots);
        handlers["CreateAccount"] = Compact(CreateAccount);
        handlers["DescribeCreateAccountStatus"] = Compact(DescribeCreateAccountStatus);
        handlers["ListCreateAccountStatus"] = Compact(ListCreateAccountStatus);
        handlers["ListAccounts"] = Compact(ListAccounts);
        handlers["DescribeAccount"] = Compact(DescribeAccount);
    }

    /// <summary>
    /// Brings the organization up to date with the clock: creates the accounts of CreateAccount requests whose
    /// duration has passed. Every reader of organization membership calls this first; it is idempotent.
    /// </summary>
    void ISandboxSettle.Settle(SandboxHost host) => Settle(host);

    public static OrganizationsState Settle(SandboxHost host)
    {
        var state = ServiceState.Load<OrganizationsState>(host, StateKey);
        var changed = false;
        foreach (var request in state.Requests.Where(r => r.FailureReason is null && !r.Created && host.Clock.IsDone(r.CompletesAt)))
        {
            if (!host.State.Accounts.TryGetValue(request.AccountId, out var account))
            {
                account = new AccountState { Id = request.AccountId, Name = request.AccountName, Email = request.Email };
                host.State.Accounts[account.Id] = account;
            }

            if (!account.Iam.Roles.ContainsKey(request.RoleName))
            {
                var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:{{host.State.Partition}}:iam::{{host.State.ManagementAccountId}}:root"},"Action":"sts:AssumeRole"}]}""";
                var role = host.CreateRole(account, request.RoleName, "/", trust);
                role.AttachedPolicyArns.Add($"arn:{host.State.Partition}:iam::aws:policy/AdministratorAccess");
            }

            state.Members[account.Id] = new OrganizationMember { JoinedMethod = "CREATED", JoinedTimestamp = request.CompletesAt };
            request.Created = true;
            changed = true;
        }

        if (changed)
        {
            ServiceState.Save(host, StateKey, state);
        }

        return state;
    }

    /// <summary>True for the management account and for accounts that have joined the organization.</summary>
    public static bool IsOrganizationAccount(SandboxHost host, string accountId) =>
        accountId == host.State.ManagementAccountId || Settle(host).Members.ContainsKey(accountId);

    private static JsonObject CreateOrganization(OperationContext ctx)
    {
        ctx.Authorize("organizations:CreateOrganization", "*");
        var state = Settle(ctx.Host);
        var caller = ctx.RequiredCaller.AccountId;
        if (state.Organization is not null)
        {
            throw ctx.Error("AlreadyInOrganizationException", "The AWS account is already a member of an organization.");
        }

        if (caller != ctx.State.ManagementAccountId)
        {
            // Only one organization exists in a sandbox: the management account's.
            throw ctx.Error("AccessDeniedException", $"The sandbox models one organization, managed by account {ctx.State.ManagementAccountId}; account {caller} cannot create another.");
        }

        var id = "o-" + SandboxHost.RandomAlphanumeric(10, IdAlphabet);
        state.Organization = new OrganizationRecord
        {
            Id = id,
            Arn = $"arn:{ctx.Partition}:organizations::{caller}:organization/{id}",
            FeatureSet = ctx.String("FeatureSet") ?? "ALL",
            RootId = "r-" + SandboxHost.RandomAlphanumeric(4, IdAlphabet),
            CreatedAt = ctx.Clock.Now,
        };
        state.Members[caller] = new OrganizationMember { JoinedMethod = "CREATED", JoinedTimestamp = ctx.Clock.Now };
        ServiceState.Save(ctx.Host, StateKey, state);
        return new JsonObject { ["Organization"] = Describe(ctx, state.Organization) };
    }

    private static JsonObject DescribeOrganization(OperationContext ctx)
    {
        ctx.Authorize("organizations:DescribeOrganization", "*");
        var state = Settle(ctx.Host);
        if (state.Organization is not { } org || !state.Members.ContainsKey(ctx.RequiredCaller.AccountId))
        {
            throw ctx.Error("AWSOrganizationsNotInUseException", NotInUse);
        }

        return new JsonObject { ["Organization"] = Describe(ctx, org) };
    }

    private static JsonObject ListRoots(OperationContext ctx)
    {
        ctx.Authorize("organizations:ListRoots", "*");
        var (_, org) = RequireManagement(ctx);
        var mgmt = ctx.State.ManagementAccountId;
        var roots = new List<JsonNode>
        {
            new JsonObject
            {
                ["Id"] = org.RootId,
                ["Arn"] = $"arn:{ctx.Partition}:organizations::{mgmt}:root/{org.Id}/{org.RootId}",
                ["Name"] = "Root",
                ["PolicyTypes"] = new JsonArray(),
            },
        };
        var (page, next) = Paging.Page(roots, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), 20, () => InvalidToken(ctx));
        return new JsonObject { ["Roots"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject CreateAccount(OperationContext ctx)
    {
        ctx.Authorize("organizations:CreateAccount", "*");
        var (state, _) = RequireManagement(ctx);
        var email = ctx.RequiredString("Email");
        var now = ctx.Clock.Now;

        // AWS accepts the request and reports the failure asynchronously: an e-mail address can belong to one
        // account only, including accounts already requested.
        var taken = ctx.State.Accounts.Values.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))
            || state.Requests.Any(r => r.FailureReason is null && string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));

        var request = new CreateAccountRequest
        {
            Id = "car-" + SandboxHost.RandomHex(32),
            AccountName = ctx.RequiredString("AccountName"),
            Email = email,
            RoleName = ctx.String("RoleName") ?? DefaultRoleName,
            RequestedTimestamp = now,
            CompletesAt = ctx.Clock.CompletesAt(SandboxClock.Durations.Account),
            AccountId = taken ? "" : ReserveAccountId(ctx, state),
            FailureReason = taken ? "EMAIL_ALREADY_EXISTS" : null,
        };
        foreach (var tag in ctx.Array("Tags")?.OfType<JsonObject>() ?? [])
        {
            request.Tags[ServiceState.AsString(tag["Key"]) ?? ""] = ServiceState.AsString(tag["Value"]) ?? "";
        }

        state.Requests.Add(request);
        ServiceState.Save(ctx.Host, StateKey, state);
        return new JsonObject { ["CreateAccountStatus"] = Status(ctx, request) };
    }

    private static JsonObject DescribeCreateAccountStatus(OperationContext ctx)
    {
        ctx.Authorize("organizations:DescribeCreateAccountStatus", "*");
        var (state, _) = RequireManagement(ctx);
        var id = ctx.RequiredString("CreateAccountRequestId");
        var request = state.Requests.FirstOrDefault(r => r.Id == id)
            ?? throw ctx.Error("CreateAccountStatusNotFoundException", "We can't find a create account request with the CreateAccountRequestId that you specified.");
        return new JsonObject { ["CreateAccountStatus"] = Status(ctx, request) };
    }

    private static JsonObject ListCreateAccountStatus(OperationContext ctx)
    {
        ctx.Authorize("organizations:ListCreateAccountStatus", "*");
        var (state, _) = RequireManagement(ctx);
        var states = ctx.Strings("States").ToHashSet(StringComparer.Ordinal);
        var statuses = state.Requests
            .Select(r => Status(ctx, r))
            .Where(s => states.Count == 0 || states.Contains(s["State"]!.GetValue<string>()))
            .ToList();
        var (page, next) = Paging.Page(statuses, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), 20, () => InvalidToken(ctx));
        return new JsonObject { ["CreateAccountStatuses"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject ListAccounts(OperationContext ctx)
    {
        ctx.Authorize("organizations:ListAccounts", "*");
        var (state, org) = RequireManagement(ctx);
        var accounts = state.Members
            .OrderBy(m => m.Value.JoinedTimestamp)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (JsonNode)Account(ctx, org, m.Key, m.Value))
            .ToList();
        var (page, next) = Paging.Page(accounts, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), 20, () => InvalidToken(ctx));
        return new JsonObject { ["Accounts"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject DescribeAccount(OperationContext ctx)
    {
        var accountId = ctx.RequiredString("AccountId");
        var current = Settle(ctx.Host).Organization;
        ctx.Authorize(
            "organizations:DescribeAccount",
            current is null ? "*" : $"arn:{ctx.Partition}:organizations::{ctx.State.ManagementAccountId}:account/{current.Id}/{accountId}");
        var (state, org) = RequireManagement(ctx);
        if (!state.Members.TryGetValue(accountId, out var member))
        {
            throw ctx.Error("AccountNotFoundException", "You specified an account that doesn't exist.");
        }

        return new JsonObject { ["Account"] = Account(ctx, org, accountId, member) };
    }

    /// <summary>The organization, for operations only its management account may call.</summary>
    private static (OrganizationsState State, OrganizationRecord Organization) RequireManagement(OperationContext ctx)
    {
        var state = Settle(ctx.Host);
        var caller = ctx.RequiredCaller.AccountId;
        if (state.Organization is not { } org || !state.Members.ContainsKey(caller))
        {
            throw ctx.Error("AWSOrganizationsNotInUseException", NotInUse);
        }

        if (caller != ctx.State.ManagementAccountId)
        {
            throw ctx.Error("AccessDeniedException", NoPermissions);
        }

        return (state, org);
    }

    private static string ReserveAccountId(OperationContext ctx, OrganizationsState state)
    {
        string id;
        do
        {
            id = SandboxHost.RandomDigits(12);
        }
        while (id[0] == '0' || ctx.State.Accounts.ContainsKey(id) || state.Requests.Any(r => r.AccountId == id));

        return id;
    }

    private static JsonObject Describe(OperationContext ctx, OrganizationRecord org)
    {
        var mgmt = ctx.State.ManagementAccountId;
        return new JsonObject
        {
            ["Id"] = org.Id,
            ["Arn"] = org.Arn,
            ["FeatureSet"] = org.FeatureSet,
            ["MasterAccountArn"] = $"arn:{ctx.Partition}:organizations::{mgmt}:account/{org.Id}/{mgmt}",
            ["MasterAccountId"] = mgmt,
            ["MasterAccountEmail"] = ctx.State.Account(mgmt).Email,
            ["AvailablePolicyTypes"] = new JsonArray(),
        };
    }

    private static JsonObject Account(OperationContext ctx, OrganizationRecord org, string accountId, OrganizationMember member)
    {
        var account = ctx.State.Account(accountId);
        return new JsonObject
        {
            ["Id"] = accountId,
            ["Arn"] = $"arn:{ctx.Partition}:organizations::{ctx.State.ManagementAccountId}:account/{org.Id}/{accountId}",
            ["Email"] = account.Email,
            ["Name"] = account.Name,
            ["Status"] = "ACTIVE",
            ["State"] = "ACTIVE",
            ["JoinedMethod"] = member.JoinedMethod,
            ["JoinedTimestamp"] = member.JoinedTimestamp,
        };
    }

    private static JsonObject Status(OperationContext ctx, CreateAccountRequest request)
    {
        var done = ctx.Clock.IsDone(request.CompletesAt);
        var status = new JsonObject
        {
            ["Id"] = request.Id,
            ["AccountName"] = request.AccountName,
            ["State"] = !done ? "IN_PROGRESS" : request.FailureReason is null ? "SUCCEEDED" : "FAILED",
            ["RequestedTimestamp"] = request.RequestedTimestamp,
        };
        if (done)
        {
            status["CompletedTimestamp"] = request.CompletesAt;
            if (request.FailureReason is { } reason)
            {
                status["FailureReason"] = reason;
            }
            else
            {
                status["AccountId"] = request.AccountId;
            }
        }

        return status;
    }

    private static OperationHandler Compact(Func<OperationContext, JsonObject?> handler) => ctx => ServiceState.Compact(handler(ctx));

    private static SandboxException InvalidToken(OperationContext ctx) =>
        ctx.Error("InvalidInputException", "You provided an invalid value for the NextToken parameter.");
}
