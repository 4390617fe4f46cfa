using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.Services.Organizations;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Services.IdentityCenter;

/// <summary>
/// IAM Identity Center administration (sso-admin): the organization instance, permission sets and their policies,
/// asynchronous provisioning into accounts (the AWSReservedSSO_ roles) and account assignments.
/// </summary>
public sealed class SsoAdminService : ISandboxService, ISandboxBootstrap
{
    private const int DefaultPageSize = 100;

    public string ModelName => "sso-admin";

    public void Register(SandboxHost host, IDictionary<string, OperationHandler> handlers)
    {
        handlers["ListInstances"] = Handle(ListInstances);
        handlers["DescribeInstance"] = Handle(DescribeInstance);
        handlers["CreatePermissionSet"] = Handle(CreatePermissionSet);
        handlers["DescribePermissionSet"] = Handle(DescribePermissionSet);
        handlers["ListPermissionSets"] = Handle(ListPermissionSets);
        handlers["UpdatePermissionSet"] = Handle(UpdatePermissionSet);
        handlers["DeletePermissionSet"] = Handle(DeletePermissionSet);
        handlers["AttachManagedPolicyToPermissionSet"] = Handle(AttachManagedPolicyToPermissionSet);
        handlers["DetachManagedPolicyFromPermissionSet"] = Handle(DetachManagedPolicyFromPermissionSet);
        handlers["ListManagedPoliciesInPermissionSet"] = Handle(ListManagedPoliciesInPermissionSet);
        handlers["PutInlinePolicyToPermissionSet"] = Handle(PutInlinePolicyToPermissionSet);
        handlers["GetInlinePolicyForPermissionSet"] = Handle(GetInlinePolicyForPermissionSet);
        handlers["DeleteInlinePolicyFromPermissionSet"] = Handle(DeleteInlinePolicyFromPermissionSet);
        handlers["ProvisionPermissionSet"] = Handle(ProvisionPermissionSet);
        handlers["DescribePermissionSetProvisioningStatus"] = Handle(DescribePermissionSetProvisioningStatus);
        handlers["ListAccountsForProvisionedPermissionSet"] = Handle(ListAccountsForProvisionedPermissionSet);
        handlers["ListPermissionSetsProvisionedToAccount"] = Handle(ListPermissionSetsProvisionedToAccount);
        handlers["CreateAccountAssignment"] = Handle(CreateAccountAssignment);
        handlers["DescribeAccountAssignmentCreationStatus"] = Handle(DescribeAccountAssignmentCreationStatus);
        handlers["DeleteAccountAssignment"] = Handle(DeleteAccountAssignment);
        handlers["DescribeAccountAssignmentDeletionStatus"] = Handle(DescribeAccountAssignmentDeletionStatus);
        handlers["ListAccountAssignments"] = Handle(ListAccountAssignments);
        handlers["ListAccountAssignmentsForPrincipal"] = Handle(ListAccountAssignmentsForPrincipal);
    }

    /// <summary>An organization instance in the home region, owned by the management account (unless disabled).</summary>
    public void Bootstrap(SandboxHost host)
    {
        var state = new IdentityCenterState();
        if (!host.Options.NoIdentityCenter)
        {
            state.Instance = new IdentityCenterInstance
            {
                Arn = $"arn:{host.State.Partition}:sso:::instance/ssoins-{SandboxHost.RandomHex(16)}",
                IdentityStoreId = "d-" + SandboxHost.RandomHex(10),
                OwnerAccountId = host.State.ManagementAccountId,
                Region = host.State.HomeRegion,
                CreatedDate = host.Clock.Now,
            };
        }

        ServiceState.Save(host, IdentityCenterState.Key, state);
    }

    /// <summary>Loads the Identity Center state, runs the handler, and keeps its changes only if it succeeds.</summary>
    internal static OperationHandler Handle(Func<OperationContext, IdentityCenterState, JsonObject?> handler) => ctx =>
    {
        var state = ServiceState.Load<IdentityCenterState>(ctx.Host, IdentityCenterState.Key);
        var output = handler(ctx, state);
        ServiceState.Save(ctx.Host, IdentityCenterState.Key, state);
        return ServiceState.Compact(output);
    };

    private static JsonObject ListInstances(OperationContext ctx, IdentityCenterState state)
    {
        ctx.Authorize("sso:ListInstances", "*");
        var instances = new List<JsonNode>();
        // Identity Center is regional: the instance is only listed in its home region.
        if (state.Instance is { } instance && instance.OwnerAccountId == ctx.RequiredCaller.AccountId && instance.Region == ctx.Region)
        {
            instances.Add(new JsonObject
            {
                ["InstanceArn"] = instance.Arn,
                ["IdentityStoreId"] = instance.IdentityStoreId,
                ["OwnerAccountId"] = instance.OwnerAccountId,
                ["CreatedDate"] = instance.CreatedDate,
                ["Status"] = "ACTIVE",
                ["PrimaryRegion"] = instance.Region,
                ["Regions"] = new JsonArray(new JsonObject
                {
                    ["RegionName"] = instance.Region,
                    ["Status"] = "ACTIVE",
                    ["AddedDate"] = instance.CreatedDate,
                    ["IsPrimaryRegion"] = true,
                }),
            });
        }

        var (page, next) = Paging.Page(instances, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["Instances"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject DescribeInstance(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireInstance(ctx, state, "sso:DescribeInstance");
        return new JsonObject
        {
            ["InstanceArn"] = instance.Arn,
            ["IdentityStoreId"] = instance.IdentityStoreId,
            ["OwnerAccountId"] = instance.OwnerAccountId,
            ["CreatedDate"] = instance.CreatedDate,
            ["Status"] = "ACTIVE",
            ["PermissionSetsEnabled"] = true,
            ["EncryptionConfigurationDetails"] = new JsonObject { ["KeyType"] = "AWS_OWNED_KMS_KEY", ["EncryptionStatus"] = "ENABLED" },
        };
    }

    private static JsonObject CreatePermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var instance = RequireInstance(ctx, state, "sso:CreatePermissionSet");
        var name = ctx.RequiredString("Name");
        if (state.PermissionSets.Values.Any(p => p.Name == name))
        {
            throw ctx.Error("ConflictException", $"PermissionSet with name {name} already exists.");
        }

        var duration = ctx.String("SessionDuration") ?? "PT1H";
        RequireSessionDuration(ctx, duration);
        var ps = new PermissionSetRecord
        {
            Name = name,
            Arn = $"arn:{ctx.Partition}:sso:::permissionSet/{InstanceId(instance)}/ps-{SandboxHost.RandomHex(16)}",
            Description = ctx.String("Description"),
            CreatedDate = ctx.Clock.Now,
            SessionDuration = duration,
            RelayState = ctx.String("RelayState"),
        };
        foreach (var tag in ctx.Array("Tags")?.OfType<JsonObject>() ?? [])
        {
            ps.Tags[ServiceState.AsString(tag["Key"]) ?? ""] = ServiceState.AsString(tag["Value"]) ?? "";
        }

        state.PermissionSets[ps.Arn] = ps;
        return new JsonObject { ["PermissionSet"] = Describe(ps) };
    }

    private static JsonObject DescribePermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:DescribePermissionSet");
        return new JsonObject { ["PermissionSet"] = Describe(ps) };
    }

    private static JsonObject ListPermissionSets(OperationContext ctx, IdentityCenterState state)
    {
        RequireInstance(ctx, state, "sso:ListPermissionSets");
        var arns = state.PermissionSets.Values.OrderBy(p => p.CreatedDate).Select(p => (JsonNode)p.Arn).ToList();
        var (page, next) = Paging.Page(arns, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["PermissionSets"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject? UpdatePermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:UpdatePermissionSet");
        if (ctx.String("SessionDuration") is { } duration)
        {
            RequireSessionDuration(ctx, duration);
            ps.SessionDuration = duration;
        }

        ps.Description = ctx.String("Description") ?? ps.Description;
        ps.RelayState = ctx.String("RelayState") ?? ps.RelayState;
        ps.Revision++;
        return null;
    }

    private static JsonObject? DeletePermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:DeletePermissionSet");
        if (state.Assignments.Any(a => a.PermissionSetArn == ps.Arn))
        {
            throw ctx.Error("ConflictException", $"PermissionSet {ps.Arn} is assigned to accounts; delete its account assignments first.");
        }

        foreach (var record in state.Provisioned.Where(p => p.PermissionSetArn == ps.Arn).ToList())
        {
            PermissionSetProvisioner.Deprovision(ctx.Host, state, ps.Arn, record.AccountId);
        }

        state.PermissionSets.Remove(ps.Arn);
        return null;
    }

    private static JsonObject? AttachManagedPolicyToPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:AttachManagedPolicyToPermissionSet");
        var arn = ctx.RequiredString("ManagedPolicyArn");
        if (!ctx.Host.ManagedPolicies.ContainsKey(arn))
        {
            throw ctx.Error("ResourceNotFoundException", $"ManagedPolicy {arn} does not exist (or is not one of the AWS managed policies this sandbox carries).");
        }

        if (ps.ManagedPolicies.Contains(arn))
        {
            throw ctx.Error("ConflictException", $"ManagedPolicy {arn} is already attached to PermissionSet {ps.Arn}.");
        }

        ps.ManagedPolicies.Add(arn);
        ps.Revision++;
        return null;
    }

    private static JsonObject? DetachManagedPolicyFromPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:DetachManagedPolicyFromPermissionSet");
        var arn = ctx.RequiredString("ManagedPolicyArn");
        if (!ps.ManagedPolicies.Remove(arn))
        {
            throw ctx.Error("ResourceNotFoundException", $"ManagedPolicy {arn} is not attached to PermissionSet {ps.Arn}.");
        }

        ps.Revision++;
        return null;
    }

    private static JsonObject ListManagedPoliciesInPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:ListManagedPoliciesInPermissionSet");
        var policies = ps.ManagedPolicies
            .Select(arn => (JsonNode)new JsonObject { ["Name"] = arn[(arn.LastIndexOf('/') + 1)..], ["Arn"] = arn })
            .ToList();
        var (page, next) = Paging.Page(policies, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["AttachedManagedPolicies"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject? PutInlinePolicyToPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:PutInlinePolicyToPermissionSet");
        var document = ctx.RequiredString("InlinePolicy");
        try
        {
            PolicyDocument.Parse(document);
        }
        catch (MalformedPolicyException e)
        {
            throw ctx.Error("ValidationException", e.Message);
        }

        ps.InlinePolicy = document;
        ps.Revision++;
        return null;
    }

    private static JsonObject GetInlinePolicyForPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:GetInlinePolicyForPermissionSet");
        return new JsonObject { ["InlinePolicy"] = ps.InlinePolicy };
    }

    private static JsonObject? DeleteInlinePolicyFromPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:DeleteInlinePolicyFromPermissionSet");
        if (ps.InlinePolicy is not null)
        {
            ps.InlinePolicy = null;
            ps.Revision++;
        }

        return null;
    }

    private static JsonObject ProvisionPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var targetId = ctx.String("TargetId");
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:ProvisionPermissionSet", targetId);
        var targetType = ctx.RequiredString("TargetType");
        var request = new ProvisioningRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            PermissionSetArn = ps.Arn,
            CreatedDate = ctx.Clock.Now,
            CompletesAt = ctx.Clock.CompletesAt(SandboxClock.Durations.Provisioning),
        };
        if (targetType == "AWS_ACCOUNT")
        {
            if (targetId is null)
            {
                throw ctx.Error("ValidationException", "TargetId is required when TargetType is AWS_ACCOUNT.");
            }

            request.AccountId = targetId;
            request.FailureReason = AccountProblem(ctx, targetId);
            if (request.FailureReason is null)
            {
                PermissionSetProvisioner.Provision(ctx.Host, state, ps, targetId);
            }
        }
        else
        {
            if (targetId is not null)
            {
                throw ctx.Error("ValidationException", "TargetId must not be specified when TargetType is ALL_PROVISIONED_ACCOUNTS.");
            }

            foreach (var account in state.Provisioned.Where(p => p.PermissionSetArn == ps.Arn).Select(p => p.AccountId).ToList())
            {
                PermissionSetProvisioner.Provision(ctx.Host, state, ps, account);
            }
        }

        state.ProvisioningRequests[request.RequestId] = request;
        return new JsonObject { ["PermissionSetProvisioningStatus"] = Status(ctx, request, started: true) };
    }

    private static JsonObject DescribePermissionSetProvisioningStatus(OperationContext ctx, IdentityCenterState state)
    {
        RequireInstance(ctx, state, "sso:DescribePermissionSetProvisioningStatus");
        var id = ctx.RequiredString("ProvisionPermissionSetRequestId");
        var request = state.ProvisioningRequests.GetValueOrDefault(id)
            ?? throw ctx.Error("ResourceNotFoundException", $"ProvisionPermissionSet request {id} does not exist.");
        return new JsonObject { ["PermissionSetProvisioningStatus"] = Status(ctx, request) };
    }

    private static JsonObject ListAccountsForProvisionedPermissionSet(OperationContext ctx, IdentityCenterState state)
    {
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:ListAccountsForProvisionedPermissionSet");
        var filter = ctx.String("ProvisioningStatus");
        var accounts = state.Provisioned
            .Where(p => p.PermissionSetArn == ps.Arn && MatchesProvisioningStatus(filter, p, ps))
            .Select(p => (JsonNode)p.AccountId)
            .ToList();
        var (page, next) = Paging.Page(accounts, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["AccountIds"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject ListPermissionSetsProvisionedToAccount(OperationContext ctx, IdentityCenterState state)
    {
        var accountId = ctx.RequiredString("AccountId");
        ctx.Authorize("sso:ListPermissionSetsProvisionedToAccount", AccountArn(ctx, accountId));
        RequireInstance(ctx, state, "sso:ListPermissionSetsProvisionedToAccount");
        var filter = ctx.String("ProvisioningStatus");
        var arns = state.Provisioned
            .Where(p => p.AccountId == accountId && state.PermissionSets.TryGetValue(p.PermissionSetArn, out var ps) && MatchesProvisioningStatus(filter, p, ps))
            .Select(p => (JsonNode)p.PermissionSetArn)
            .ToList();
        var (page, next) = Paging.Page(arns, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["PermissionSets"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject CreateAccountAssignment(OperationContext ctx, IdentityCenterState state)
    {
        var targetId = ctx.RequiredString("TargetId");
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:CreateAccountAssignment", targetId);
        var principalType = ctx.RequiredString("PrincipalType");
        var principalId = ctx.RequiredString("PrincipalId");
        RequirePrincipal(ctx, state, principalType, principalId);

        var request = NewAssignmentRequest(ctx, ps, targetId, principalType, principalId);
        request.FailureReason = AccountProblem(ctx, targetId);
        if (request.FailureReason is null)
        {
            if (!state.Assignments.Any(a => Same(a, targetId, ps.Arn, principalType, principalId)))
            {
                state.Assignments.Add(new AccountAssignmentRecord
                {
                    AccountId = targetId,
                    PermissionSetArn = ps.Arn,
                    PrincipalType = principalType,
                    PrincipalId = principalId,
                    EffectiveAt = request.CompletesAt,
                });
            }

            // AWS provisions the permission set with the assignment only where it is not provisioned yet; a
            // changed permission set needs ProvisionPermissionSet to reach accounts that already have it.
            if (PermissionSetProvisioner.Role(ctx.Host, state, ps.Arn, targetId) is null)
            {
                PermissionSetProvisioner.Provision(ctx.Host, state, ps, targetId);
            }
        }

        state.AssignmentCreations[request.RequestId] = request;
        return new JsonObject { ["AccountAssignmentCreationStatus"] = Status(ctx, request, started: true) };
    }

    private static JsonObject DescribeAccountAssignmentCreationStatus(OperationContext ctx, IdentityCenterState state)
    {
        RequireInstance(ctx, state, "sso:DescribeAccountAssignmentCreationStatus");
        var id = ctx.RequiredString("AccountAssignmentCreationRequestId");
        var request = state.AssignmentCreations.GetValueOrDefault(id)
            ?? throw ctx.Error("ResourceNotFoundException", $"AccountAssignment creation request {id} does not exist.");
        return new JsonObject { ["AccountAssignmentCreationStatus"] = Status(ctx, request) };
    }

    private static JsonObject DeleteAccountAssignment(OperationContext ctx, IdentityCenterState state)
    {
        var targetId = ctx.RequiredString("TargetId");
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:DeleteAccountAssignment", targetId);
        var principalType = ctx.RequiredString("PrincipalType");
        var principalId = ctx.RequiredString("PrincipalId");
        var assignment = state.Assignments.FirstOrDefault(a => Same(a, targetId, ps.Arn, principalType, principalId))
            ?? throw ctx.Error("ResourceNotFoundException", $"No account assignment of PermissionSet {ps.Arn} to {principalType} {principalId} in account {targetId}.");
        RemoveAssignments(ctx.Host, state, a => a == assignment);

        var request = NewAssignmentRequest(ctx, ps, targetId, principalType, principalId);
        state.AssignmentDeletions[request.RequestId] = request;
        return new JsonObject { ["AccountAssignmentDeletionStatus"] = Status(ctx, request, started: true) };
    }

    private static JsonObject DescribeAccountAssignmentDeletionStatus(OperationContext ctx, IdentityCenterState state)
    {
        RequireInstance(ctx, state, "sso:DescribeAccountAssignmentDeletionStatus");
        var id = ctx.RequiredString("AccountAssignmentDeletionRequestId");
        var request = state.AssignmentDeletions.GetValueOrDefault(id)
            ?? throw ctx.Error("ResourceNotFoundException", $"AccountAssignment deletion request {id} does not exist.");
        return new JsonObject { ["AccountAssignmentDeletionStatus"] = Status(ctx, request) };
    }

    private static JsonObject ListAccountAssignments(OperationContext ctx, IdentityCenterState state)
    {
        var accountId = ctx.RequiredString("AccountId");
        var (_, ps) = RequirePermissionSet(ctx, state, "sso:ListAccountAssignments", accountId);
        var assignments = state.Assignments
            .Where(a => a.AccountId == accountId && a.PermissionSetArn == ps.Arn)
            .Select(a => (JsonNode)Assignment(a))
            .ToList();
        var (page, next) = Paging.Page(assignments, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["AccountAssignments"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    private static JsonObject ListAccountAssignmentsForPrincipal(OperationContext ctx, IdentityCenterState state)
    {
        RequireInstance(ctx, state, "sso:ListAccountAssignmentsForPrincipal");
        var principalType = ctx.RequiredString("PrincipalType");
        var principalId = ctx.RequiredString("PrincipalId");
        var account = ServiceState.AsString(ctx.Object("Filter")?["AccountId"]);
        var assignments = state.Assignments
            .Where(a => a.PrincipalType == principalType && a.PrincipalId == principalId && (account is null || a.AccountId == account))
            .Select(a => (JsonNode)Assignment(a))
            .ToList();
        var (page, next) = Paging.Page(assignments, ctx.String("NextToken"), ServiceState.Int(ctx, "MaxResults"), DefaultPageSize, () => InvalidToken(ctx));
        return new JsonObject { ["AccountAssignments"] = new JsonArray([.. page]), ["NextToken"] = next };
    }

    /// <summary>
    /// Removes assignments; a permission set's role goes with its last assignment in an account, as on AWS.
    /// </summary>
    internal static void RemoveAssignments(SandboxHost host, IdentityCenterState state, Func<AccountAssignmentRecord, bool> match)
    {
        var removed = state.Assignments.Where(match).ToList();
        state.Assignments.RemoveAll(a => removed.Contains(a));
        foreach (var (accountId, permissionSetArn) in removed.Select(a => (a.AccountId, a.PermissionSetArn)).Distinct())
        {
            if (!state.Assignments.Any(a => a.AccountId == accountId && a.PermissionSetArn == permissionSetArn))
            {
                PermissionSetProvisioner.Deprovision(host, state, permissionSetArn, accountId);
            }
        }
    }

    /// <summary>
    /// Authorises <paramref name="action"/> on the instance and returns it. Another account's instance, or one that
    /// does not exist, reads as a denial: AWS does not reveal instances a caller does not own.
    /// </summary>
    private static IdentityCenterInstance RequireInstance(OperationContext ctx, IdentityCenterState state, string action)
    {
        var arn = ctx.RequiredString("InstanceArn");
        ctx.Authorize(action, arn);
        if (state.Instance is not { } instance || instance.Arn != arn || instance.OwnerAccountId != ctx.RequiredCaller.AccountId)
        {
            throw ctx.Error("AccessDeniedException", $"User: {ctx.RequiredCaller.Arn} is not authorized to perform: {action} on resource: {arn}");
        }

        return instance;
    }

    /// <summary>Authorises the action on the instance, the permission set (and the account when given) and returns them.</summary>
    private static (IdentityCenterInstance Instance, PermissionSetRecord PermissionSet) RequirePermissionSet(
        OperationContext ctx, IdentityCenterState state, string action, string? accountId = null)
    {
        var arn = ctx.RequiredString("PermissionSetArn");
        ctx.Authorize(action, arn);
        if (accountId is not null)
        {
            ctx.Authorize(action, AccountArn(ctx, accountId));
        }

        var instance = RequireInstance(ctx, state, action);
        if (!arn.Contains($"/{InstanceId(instance)}/", StringComparison.Ordinal) || !state.PermissionSets.TryGetValue(arn, out var ps))
        {
            throw ctx.Error("ResourceNotFoundException", $"Could not find PermissionSet with PermissionSetArn {arn}.");
        }

        return (instance, ps);
    }

    private static void RequirePrincipal(OperationContext ctx, IdentityCenterState state, string principalType, string principalId)
    {
        var exists = principalType == "USER" ? state.Users.ContainsKey(principalId) : state.Groups.ContainsKey(principalId);
        if (!exists)
        {
            throw ctx.Error("ResourceNotFoundException", $"{(principalType == "USER" ? "User" : "Group")} {principalId} does not exist in identity store {state.Instance?.IdentityStoreId}.");
        }
    }

    private static void RequireSessionDuration(OperationContext ctx, string duration)
    {
        if (PermissionSetProvisioner.ParseSessionDuration(duration) is null)
        {
            throw ctx.Error("ValidationException", $"SessionDuration {duration} is not valid: it must be an ISO-8601 duration between PT1H and PT12H.");
        }
    }

    /// <summary>Null when the account can receive permission sets; otherwise the reason the request fails.</summary>
    private static string? AccountProblem(OperationContext ctx, string accountId) =>
        ctx.State.Accounts.ContainsKey(accountId) && OrganizationsService.IsOrganizationAccount(ctx.Host, accountId)
            ? null
            : $"Received a 404 status error: Account {accountId} is not an account of the organization that owns this instance.";

    private static bool MatchesProvisioningStatus(string? filter, ProvisionedPermissionSet provisioned, PermissionSetRecord ps) => filter switch
    {
        "LATEST_PERMISSION_SET_PROVISIONED" => provisioned.Revision == ps.Revision,
        "LATEST_PERMISSION_SET_NOT_PROVISIONED" => provisioned.Revision != ps.Revision,
        _ => true,
    };

    private static bool Same(AccountAssignmentRecord a, string accountId, string permissionSetArn, string principalType, string principalId) =>
        a.AccountId == accountId && a.PermissionSetArn == permissionSetArn && a.PrincipalType == principalType && a.PrincipalId == principalId;

    private static AssignmentRequest NewAssignmentRequest(OperationContext ctx, PermissionSetRecord ps, string targetId, string principalType, string principalId) => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        TargetId = targetId,
        PermissionSetArn = ps.Arn,
        PrincipalType = principalType,
        PrincipalId = principalId,
        CreatedDate = ctx.Clock.Now,
        CompletesAt = ctx.Clock.CompletesAt(SandboxClock.Durations.Provisioning),
    };

    /// <summary>
    /// The request's state now; the answer to the call that starts it is always IN_PROGRESS, as AWS's is, however
    /// fast the (scaled) clock moved while the handler ran.
    /// </summary>
    private static string StatusValue(OperationContext ctx, DateTimeOffset completesAt, string? failure, bool started) =>
        started || !ctx.Clock.IsDone(completesAt) ? "IN_PROGRESS" : failure is null ? "SUCCEEDED" : "FAILED";

    private static JsonObject Status(OperationContext ctx, ProvisioningRequest request, bool started = false)
    {
        var status = StatusValue(ctx, request.CompletesAt, request.FailureReason, started);
        return new JsonObject
        {
            ["Status"] = status,
            ["RequestId"] = request.RequestId,
            ["AccountId"] = request.AccountId,
            ["PermissionSetArn"] = request.PermissionSetArn,
            ["FailureReason"] = status == "FAILED" ? request.FailureReason : null,
            ["CreatedDate"] = request.CreatedDate,
        };
    }

    private static JsonObject Status(OperationContext ctx, AssignmentRequest request, bool started = false)
    {
        var status = StatusValue(ctx, request.CompletesAt, request.FailureReason, started);
        return new JsonObject
        {
            ["Status"] = status,
            ["RequestId"] = request.RequestId,
            ["FailureReason"] = status == "FAILED" ? request.FailureReason : null,
            ["TargetId"] = request.TargetId,
            ["TargetType"] = "AWS_ACCOUNT",
            ["PermissionSetArn"] = request.PermissionSetArn,
            ["PrincipalType"] = request.PrincipalType,
            ["PrincipalId"] = request.PrincipalId,
            ["CreatedDate"] = request.CreatedDate,
        };
    }

    private static JsonObject Describe(PermissionSetRecord ps) => new()
    {
        ["Name"] = ps.Name,
        ["PermissionSetArn"] = ps.Arn,
        ["Description"] = ps.Description,
        ["CreatedDate"] = ps.CreatedDate,
        ["SessionDuration"] = ps.SessionDuration,
        ["RelayState"] = ps.RelayState,
    };

    private static JsonObject Assignment(AccountAssignmentRecord a) => new()
    {
        ["AccountId"] = a.AccountId,
        ["PermissionSetArn"] = a.PermissionSetArn,
        ["PrincipalType"] = a.PrincipalType,
        ["PrincipalId"] = a.PrincipalId,
    };

    private static string InstanceId(IdentityCenterInstance instance) => instance.Arn[(instance.Arn.LastIndexOf('/') + 1)..];

    private static string AccountArn(OperationContext ctx, string accountId) => $"arn:{ctx.Partition}:sso:::account/{accountId}";

    private static SandboxException InvalidToken(OperationContext ctx) => ctx.Error("ValidationException", "The NextToken is invalid.");
}
