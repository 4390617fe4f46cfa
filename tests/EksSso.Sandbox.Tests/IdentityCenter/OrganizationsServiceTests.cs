using System.Text.Json.Nodes;
using EksSso.Sandbox.Hosting;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

public sealed class OrganizationsServiceTests
{
    [Fact]
    public void No_organization_until_the_management_account_creates_one()
    {
        var sandbox = new ServiceHarness();
        Assert.Equal("AWSOrganizationsNotInUseException", sandbox.Fails("organizations", "DescribeOrganization").Code);
        Assert.Equal("AWSOrganizationsNotInUseException", sandbox.Fails("organizations", "ListAccounts").Code);

        var created = sandbox.Call("organizations", "CreateOrganization")["Organization"]!;
        var id = created["Id"]!.GetValue<string>();
        Assert.Matches("^o-[a-z0-9]{10}$", id);
        Assert.Equal("ALL", created["FeatureSet"]!.GetValue<string>());
        Assert.Equal($"arn:aws:organizations::{sandbox.ManagementAccountId}:organization/{id}", created["Arn"]!.GetValue<string>());

        var described = sandbox.Call("organizations", "DescribeOrganization")["Organization"]!;
        Assert.Equal(id, described["Id"]!.GetValue<string>());
        Assert.Equal(sandbox.ManagementAccountId, described["MasterAccountId"]!.GetValue<string>());
        Assert.Equal(sandbox.Host.State.Account(sandbox.ManagementAccountId).Email, described["MasterAccountEmail"]!.GetValue<string>());

        Assert.Equal("AlreadyInOrganizationException", sandbox.Fails("organizations", "CreateOrganization").Code);

        var root = sandbox.Call("organizations", "ListRoots")["Roots"]!.AsArray().Single()!;
        Assert.Matches("^r-[a-z0-9]{4}$", root["Id"]!.GetValue<string>());
        Assert.Equal("Root", root["Name"]!.GetValue<string>());
    }

    [Fact]
    public void CreateAccount_is_asynchronous_and_creates_the_access_role()
    {
        var sandbox = new ServiceHarness(new SandboxOptions { TimeScale = 0.02 });
        sandbox.CreateOrganization();
        var status = sandbox.Call("organizations", "CreateAccount", new JsonObject
        {
            ["AccountName"] = "eks-workloads",
            ["Email"] = "workloads@sandbox.example.com",
        })["CreateAccountStatus"]!;
        Assert.Equal("IN_PROGRESS", status["State"]!.GetValue<string>());
        Assert.Matches("^car-[0-9a-f]{32}$", status["Id"]!.GetValue<string>());
        Assert.Null(status["AccountId"]);

        // Not an account yet: neither listed nor usable.
        Assert.Single(sandbox.Call("organizations", "ListAccounts")["Accounts"]!.AsArray());
        Assert.Single(sandbox.Host.State.Accounts);

        var requestId = status["Id"]!.GetValue<string>();
        var done = ServiceHarness.WaitFor(
            () => sandbox.Call("organizations", "DescribeCreateAccountStatus", new JsonObject { ["CreateAccountRequestId"] = requestId })["CreateAccountStatus"]!,
            s => s["State"]!.GetValue<string>() != "IN_PROGRESS");
        Assert.Equal("SUCCEEDED", done["State"]!.GetValue<string>());
        Assert.NotNull(done["CompletedTimestamp"]);
        var accountId = done["AccountId"]!.GetValue<string>();
        Assert.Matches("^[1-9][0-9]{11}$", accountId);

        var account = sandbox.Call("organizations", "DescribeAccount", new JsonObject { ["AccountId"] = accountId })["Account"]!;
        Assert.Equal("eks-workloads", account["Name"]!.GetValue<string>());
        Assert.Equal("workloads@sandbox.example.com", account["Email"]!.GetValue<string>());
        Assert.Equal("ACTIVE", account["Status"]!.GetValue<string>());
        Assert.Equal("CREATED", account["JoinedMethod"]!.GetValue<string>());
        var orgId = sandbox.Call("organizations", "DescribeOrganization")["Organization"]!["Id"]!.GetValue<string>();
        Assert.Equal($"arn:aws:organizations::{sandbox.ManagementAccountId}:account/{orgId}/{accountId}", account["Arn"]!.GetValue<string>());

        var role = sandbox.Host.State.Account(accountId).Iam.Roles["OrganizationAccountAccessRole"];
        Assert.Equal(
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{sandbox.ManagementAccountId}}:root"},"Action":"sts:AssumeRole"}]}""",
            role.AssumeRolePolicyDocument);
        Assert.Equal(["arn:aws:iam::aws:policy/AdministratorAccess"], role.AttachedPolicyArns);
        Assert.Equal($"arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole", role.Arn);

        var listed = sandbox.Call("organizations", "ListAccounts")["Accounts"]!.AsArray().Select(a => a!["Id"]!.GetValue<string>()).ToList();
        Assert.Equal([sandbox.ManagementAccountId, accountId], listed);
    }

    [Fact]
    public void CreateAccount_with_a_custom_role_name_creates_that_role()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var status = sandbox.Call("organizations", "CreateAccount", new JsonObject
        {
            ["AccountName"] = "custom",
            ["Email"] = "custom@sandbox.example.com",
            ["RoleName"] = "OrgAdmin",
        })["CreateAccountStatus"]!;
        var done = ServiceHarness.WaitFor(
            () => sandbox.Call("organizations", "DescribeCreateAccountStatus", new JsonObject { ["CreateAccountRequestId"] = status["Id"]!.GetValue<string>() })["CreateAccountStatus"]!,
            s => s["State"]!.GetValue<string>() != "IN_PROGRESS");
        var roles = sandbox.Host.State.Account(done["AccountId"]!.GetValue<string>()).Iam.Roles;
        Assert.True(roles.ContainsKey("OrgAdmin"));
        Assert.False(roles.ContainsKey("OrganizationAccountAccessRole"));
    }

    [Fact]
    public void An_email_already_in_use_fails_the_request_asynchronously()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var managementEmail = sandbox.Host.State.Account(sandbox.ManagementAccountId).Email;
        var first = sandbox.Call("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "a", ["Email"] = "dup@sandbox.example.com" })["CreateAccountStatus"]!;
        var second = sandbox.Call("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "b", ["Email"] = "DUP@sandbox.example.com" })["CreateAccountStatus"]!;
        var third = sandbox.Call("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "c", ["Email"] = managementEmail })["CreateAccountStatus"]!;
        Assert.Equal("IN_PROGRESS", second["State"]!.GetValue<string>());

        JsonNode Final(JsonNode status) => ServiceHarness.WaitFor(
            () => sandbox.Call("organizations", "DescribeCreateAccountStatus", new JsonObject { ["CreateAccountRequestId"] = status["Id"]!.GetValue<string>() })["CreateAccountStatus"]!,
            s => s["State"]!.GetValue<string>() != "IN_PROGRESS");

        Assert.Equal("SUCCEEDED", Final(first)["State"]!.GetValue<string>());
        foreach (var failed in new[] { Final(second), Final(third) })
        {
            Assert.Equal("FAILED", failed["State"]!.GetValue<string>());
            Assert.Equal("EMAIL_ALREADY_EXISTS", failed["FailureReason"]!.GetValue<string>());
            Assert.Null(failed["AccountId"]);
        }

        var failedOnly = sandbox.Call("organizations", "ListCreateAccountStatus", new JsonObject { ["States"] = new JsonArray("FAILED") })["CreateAccountStatuses"]!.AsArray();
        Assert.Equal(2, failedOnly.Count);
        Assert.Equal(2, sandbox.Call("organizations", "ListAccounts")["Accounts"]!.AsArray().Count);
    }

    [Fact]
    public void Member_accounts_see_the_organization_but_cannot_manage_it()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var member = sandbox.CreateMemberAccount("dev", "dev@sandbox.example.com");
        var caller = sandbox.AdminIn(member);

        Assert.Equal(sandbox.ManagementAccountId, sandbox.Call("organizations", "DescribeOrganization", caller: caller)["Organization"]!["MasterAccountId"]!.GetValue<string>());
        foreach (var operation in new[] { "ListAccounts", "ListRoots", "ListCreateAccountStatus" })
        {
            var error = sandbox.Fails("organizations", operation, caller: caller);
            Assert.Equal("AccessDeniedException", error.Code);
            Assert.Equal("You don't have permissions to access this resource.", error.Message);
        }

        Assert.Equal("AccessDeniedException", sandbox.Fails("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "x", ["Email"] = "x@sandbox.example.com" }, caller).Code);
    }

    [Fact]
    public void Unknown_ids_and_tokens_are_refused()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        Assert.Equal("AccountNotFoundException", sandbox.Fails("organizations", "DescribeAccount", new JsonObject { ["AccountId"] = "123456789012" }).Code);
        Assert.Equal("CreateAccountStatusNotFoundException", sandbox.Fails("organizations", "DescribeCreateAccountStatus", new JsonObject { ["CreateAccountRequestId"] = "car-0123456789abcdef0123456789abcdef" }).Code);
        Assert.Equal("InvalidInputException", sandbox.Fails("organizations", "ListAccounts", new JsonObject { ["NextToken"] = "bm90LWEtdG9rZW4=" }).Code);

        // The model validates the rest: names of 1-50 characters, e-mail shape.
        sandbox.Invalid("organizations", "CreateAccount", new JsonObject { ["AccountName"] = new string('a', 51), ["Email"] = "ok@sandbox.example.com" });
        sandbox.Invalid("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "ok", ["Email"] = "not-an-email" });
    }

    [Fact]
    public void ListAccounts_paginates()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        sandbox.CreateMemberAccount("one", "one@sandbox.example.com");
        sandbox.CreateMemberAccount("two", "two@sandbox.example.com");
        var seen = new List<string>();
        string? token = null;
        do
        {
            var input = new JsonObject { ["MaxResults"] = 1 };
            if (token is not null)
            {
                input["NextToken"] = token;
            }

            var page = sandbox.Call("organizations", "ListAccounts", input);
            var accounts = page["Accounts"]!.AsArray();
            Assert.Single(accounts);
            seen.Add(accounts[0]!["Id"]!.GetValue<string>());
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(3, seen.Distinct().Count());
    }

    [Fact]
    public void Authorization_is_decided_by_the_callers_policies()
    {
        var sandbox = new ServiceHarness();
        sandbox.CreateOrganization();
        var account = sandbox.Host.State.Account(sandbox.ManagementAccountId);
        var user = sandbox.Host.CreateUser(account, "readonly");
        user.InlinePolicies["orgs"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:Describe*","Resource":"*"}]}""";
        var caller = SandboxCaller.From(sandbox.Host.IssueUserKey(account.Id, user.Name), sandbox.Host.State);

        sandbox.Call("organizations", "DescribeOrganization", caller: caller);
        var denied = sandbox.Fails("organizations", "CreateAccount", new JsonObject { ["AccountName"] = "x", ["Email"] = "x@sandbox.example.com" }, caller);
        Assert.Equal("AccessDeniedException", denied.Code);
        Assert.Contains("organizations:CreateAccount", denied.Message, StringComparison.Ordinal);
    }
}
