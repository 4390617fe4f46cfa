using System.Text;
using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using EksSso.Sandbox.Model;
using EksSso.Sandbox.State;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

/// <summary>
/// Calls service handlers in process the way the pipeline does: the input goes through the model's reader (json
/// protocol) and validator, the handler must make an authorisation decision, and its output must fit the model.
/// </summary>
internal sealed class ServiceHarness
{
    public ServiceHarness(SandboxOptions? options = null)
    {
        Host = SandboxHost.Create(options ?? new SandboxOptions { TimeScale = 0.005 });
    }

    public ServiceHarness(SandboxHost host)
    {
        Host = host;
    }

    public SandboxHost Host { get; }

    public string ManagementAccountId => Host.State.ManagementAccountId;

    public SandboxCaller Admin => SandboxCaller.From(Host.AdminKey, Host.State);

    /// <summary>Calls an operation as <paramref name="caller"/> (the admin by default; null with <paramref name="unsigned"/>).</summary>
    public JsonObject Call(string service, string operation, JsonObject? input = null, SandboxCaller? caller = null, bool unsigned = false)
    {
        var endpoint = Host.Services[service];
        var op = endpoint.Model.Operations[operation];
        input ??= [];
        var parsed = endpoint.Protocol == "json"
            ? endpoint.Codec.ReadJson(op, Encoding.UTF8.GetBytes(input.ToJsonString()))
            : (JsonObject)input.DeepClone();
        endpoint.Codec.Validate(op, parsed);
        lock (Host.Gate)
        {
            var context = new OperationContext(Host, endpoint, op, parsed, unsigned ? null : caller ?? Admin, Host.State.HomeRegion, Guid.NewGuid().ToString());
            var output = endpoint.Handlers[operation](context);
            Assert.True(context.WasAuthorized, $"{operation} made no authorisation decision.");
            output ??= [];
            if (op.OutputShape is { } shape)
            {
                var violations = endpoint.Codec.CheckShape(shape, output);
                Assert.True(violations.Count == 0, $"{operation} output does not fit {shape}: {string.Join("; ", violations.Select(v => $"{v.Path}: {v.Message}"))}");
            }

            // Whatever the handler keeps must survive a save and a load.
            var reloaded = System.Text.Json.JsonSerializer.Deserialize<SandboxState>(StateStore.Dump(Host.State));
            Assert.NotNull(reloaded);
            return output;
        }
    }

    /// <summary>Calls and expects an AWS error; returns it.</summary>
    public SandboxException Fails(string service, string operation, JsonObject? input = null, SandboxCaller? caller = null, bool unsigned = false) =>
        Assert.Throws<SandboxException>(() => Call(service, operation, input, caller, unsigned));

    /// <summary>Expects the model (not the handler) to refuse the input.</summary>
    public ModelValidationException Invalid(string service, string operation, JsonObject? input = null) =>
        Assert.Throws<ModelValidationException>(() => Call(service, operation, input));

    public JsonObject Control(string action, JsonObject input)
    {
        lock (Host.Gate)
        {
            return Host.ControlActions[action](input);
        }
    }

    /// <summary>Polls until <paramref name="done"/> holds (the sandbox clock runs at real speed, scaled).</summary>
    public static T WaitFor<T>(Func<T> poll, Func<T, bool> done, int timeoutMilliseconds = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        while (true)
        {
            var value = poll();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for an asynchronous operation.");
            Thread.Sleep(20);
        }
    }

    // ----- Scenario building blocks -----

    public void CreateOrganization() => Call("organizations", "CreateOrganization", new JsonObject { ["FeatureSet"] = "ALL" });

    /// <summary>Creates an account through Organizations and waits until it has SUCCEEDED; returns its id.</summary>
    public string CreateMemberAccount(string name, string email)
    {
        var status = Call("organizations", "CreateAccount", new JsonObject { ["AccountName"] = name, ["Email"] = email })["CreateAccountStatus"]!;
        var id = status["Id"]!.GetValue<string>();
        var final = WaitFor(
            () => Call("organizations", "DescribeCreateAccountStatus", new JsonObject { ["CreateAccountRequestId"] = id })["CreateAccountStatus"]!,
            s => s["State"]!.GetValue<string>() != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", final["State"]!.GetValue<string>());
        return final["AccountId"]!.GetValue<string>();
    }

    public (string InstanceArn, string IdentityStoreId) Instance()
    {
        var instance = Call("sso-admin", "ListInstances")["Instances"]!.AsArray().Single()!;
        return (instance["InstanceArn"]!.GetValue<string>(), instance["IdentityStoreId"]!.GetValue<string>());
    }

    public string CreateUser(string userName, string? email = null)
    {
        var (_, store) = Instance();
        var input = new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["UserName"] = userName,
            ["DisplayName"] = $"{userName} (sandbox)",
            ["Name"] = new JsonObject { ["GivenName"] = "Eks", ["FamilyName"] = "Admin" },
        };
        if (email is not null)
        {
            input["Emails"] = new JsonArray(new JsonObject { ["Value"] = email, ["Type"] = "work", ["Primary"] = true });
        }

        return Call("identitystore", "CreateUser", input)["UserId"]!.GetValue<string>();
    }

    public string CreateGroup(string displayName)
    {
        var (_, store) = Instance();
        return Call("identitystore", "CreateGroup", new JsonObject { ["IdentityStoreId"] = store, ["DisplayName"] = displayName })["GroupId"]!.GetValue<string>();
    }

    public string AddToGroup(string groupId, string userId)
    {
        var (_, store) = Instance();
        return Call("identitystore", "CreateGroupMembership", new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["GroupId"] = groupId,
            ["MemberId"] = new JsonObject { ["UserId"] = userId },
        })["MembershipId"]!.GetValue<string>();
    }

    public string CreatePermissionSet(string name, string sessionDuration = "PT4H")
    {
        var (instance, _) = Instance();
        return Call("sso-admin", "CreatePermissionSet", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["Name"] = name,
            ["SessionDuration"] = sessionDuration,
            ["Description"] = "EKS cluster administrators",
        })["PermissionSet"]!["PermissionSetArn"]!.GetValue<string>();
    }

    public void AttachManagedPolicy(string permissionSetArn, string policyArn) =>
        Call("sso-admin", "AttachManagedPolicyToPermissionSet", new JsonObject
        {
            ["InstanceArn"] = Instance().InstanceArn,
            ["PermissionSetArn"] = permissionSetArn,
            ["ManagedPolicyArn"] = policyArn,
        });

    public void PutInlinePolicy(string permissionSetArn, string policy) =>
        Call("sso-admin", "PutInlinePolicyToPermissionSet", new JsonObject
        {
            ["InstanceArn"] = Instance().InstanceArn,
            ["PermissionSetArn"] = permissionSetArn,
            ["InlinePolicy"] = policy,
        });

    /// <summary>Assigns and waits for the creation request to succeed; returns the final status.</summary>
    public JsonNode Assign(string accountId, string permissionSetArn, string principalType, string principalId)
    {
        var instance = Instance().InstanceArn;
        var status = Call("sso-admin", "CreateAccountAssignment", new JsonObject
        {
            ["InstanceArn"] = instance,
            ["TargetId"] = accountId,
            ["TargetType"] = "AWS_ACCOUNT",
            ["PermissionSetArn"] = permissionSetArn,
            ["PrincipalType"] = principalType,
            ["PrincipalId"] = principalId,
        })["AccountAssignmentCreationStatus"]!;
        var requestId = status["RequestId"]!.GetValue<string>();
        return WaitFor(
            () => Call("sso-admin", "DescribeAccountAssignmentCreationStatus", new JsonObject
            {
                ["InstanceArn"] = instance,
                ["AccountAssignmentCreationRequestId"] = requestId,
            })["AccountAssignmentCreationStatus"]!,
            s => s["Status"]!.GetValue<string>() != "IN_PROGRESS");
    }

    /// <summary>A caller with AdministratorAccess in another account (an IAM user there).</summary>
    public SandboxCaller AdminIn(string accountId)
    {
        var account = Host.State.Account(accountId);
        var user = Host.CreateUser(account, "ops");
        user.AttachedPolicyArns.Add("arn:aws:iam::aws:policy/AdministratorAccess");
        return SandboxCaller.From(Host.IssueUserKey(accountId, user.Name), Host.State);
    }

    /// <summary>Registers a public client (with the sso:account:access scope) and runs the device flow to a token.</summary>
    public JsonObject DeviceToken(string userName)
    {
        var client = Call("sso-oidc", "RegisterClient", new JsonObject
        {
            ["clientName"] = "eks-sso-tests",
            ["clientType"] = "public",
            ["scopes"] = new JsonArray("sso:account:access"),
        }, unsigned: true);
        var clientId = client["clientId"]!.GetValue<string>();
        var secret = client["clientSecret"]!.GetValue<string>();
        var start = Call("sso-oidc", "StartDeviceAuthorization", new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["startUrl"] = $"https://{Instance().IdentityStoreId}.awsapps.com/start",
        }, unsigned: true);
        Control("approve-authorization", new JsonObject { ["userCode"] = start["userCode"]!.GetValue<string>(), ["userName"] = userName });
        return Call("sso-oidc", "CreateToken", new JsonObject
        {
            ["clientId"] = clientId,
            ["clientSecret"] = secret,
            ["grantType"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["deviceCode"] = start["deviceCode"]!.GetValue<string>(),
        }, unsigned: true);
    }
}
