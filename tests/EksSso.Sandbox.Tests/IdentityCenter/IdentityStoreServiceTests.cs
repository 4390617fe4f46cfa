using System.Text.Json.Nodes;
using Xunit;

namespace EksSso.Sandbox.Tests.IdentityCenter;

public sealed class IdentityStoreServiceTests
{
    [Fact]
    public void Users_are_created_described_and_found_by_unique_attributes()
    {
        var sandbox = new ServiceHarness();
        var (_, store) = sandbox.Instance();
        var userId = sandbox.CreateUser("eksadmin", "eksadmin@sandbox.example.com");
        Assert.Matches($"^{store[2..]}-[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$", userId);

        var user = sandbox.Call("identitystore", "DescribeUser", new JsonObject { ["IdentityStoreId"] = store, ["UserId"] = userId });
        Assert.Equal("eksadmin", user["UserName"]!.GetValue<string>());
        Assert.Equal("Eks", user["Name"]!["GivenName"]!.GetValue<string>());
        Assert.Equal("eksadmin@sandbox.example.com", user["Emails"]![0]!["Value"]!.GetValue<string>());
        Assert.Equal("ENABLED", user["UserStatus"]!.GetValue<string>());

        JsonObject ByAttribute(string path, string value) => new()
        {
            ["IdentityStoreId"] = store,
            ["AlternateIdentifier"] = new JsonObject { ["UniqueAttribute"] = new JsonObject { ["AttributePath"] = path, ["AttributeValue"] = value } },
        };

        Assert.Equal(userId, sandbox.Call("identitystore", "GetUserId", ByAttribute("userName", "EKSADMIN"))["UserId"]!.GetValue<string>());
        Assert.Equal(userId, sandbox.Call("identitystore", "GetUserId", ByAttribute("emails.value", "eksadmin@sandbox.example.com"))["UserId"]!.GetValue<string>());
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("identitystore", "GetUserId", ByAttribute("userName", "nobody")).Code);
        Assert.Equal("ValidationException", sandbox.Fails("identitystore", "GetUserId", ByAttribute("title", "x")).Code);

        var listed = sandbox.Call("identitystore", "ListUsers", new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["Filters"] = new JsonArray(new JsonObject { ["AttributePath"] = "UserName", ["AttributeValue"] = "eksadmin" }),
        })["Users"]!.AsArray();
        Assert.Equal(userId, listed.Single()!["UserId"]!.GetValue<string>());
    }

    [Fact]
    public void Identity_Center_rules_apply_to_users()
    {
        var sandbox = new ServiceHarness();
        var (_, store) = sandbox.Instance();
        sandbox.CreateUser("eksadmin");

        JsonObject User(string userName) => new()
        {
            ["IdentityStoreId"] = store,
            ["UserName"] = userName,
            ["DisplayName"] = "Someone",
            ["Name"] = new JsonObject { ["GivenName"] = "Some", ["FamilyName"] = "One" },
        };

        Assert.Equal("ConflictException", sandbox.Fails("identitystore", "CreateUser", User("EksAdmin")).Code);
        Assert.Equal("ValidationException", sandbox.Fails("identitystore", "CreateUser", User("Administrator")).Code);

        var noDisplayName = User("other");
        noDisplayName.Remove("DisplayName");
        Assert.Equal("ValidationException", sandbox.Fails("identitystore", "CreateUser", noDisplayName).Code);

        var noFamilyName = User("other");
        noFamilyName["Name"] = new JsonObject { ["GivenName"] = "Only" };
        Assert.Equal("ValidationException", sandbox.Fails("identitystore", "CreateUser", noFamilyName).Code);

        var twoEmails = User("other");
        twoEmails["Emails"] = new JsonArray(new JsonObject { ["Value"] = "a@sandbox.example.com" }, new JsonObject { ["Value"] = "b@sandbox.example.com" });
        sandbox.Invalid("identitystore", "CreateUser", twoEmails);

        var otherStore = User("other");
        otherStore["IdentityStoreId"] = "d-0000000000";
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("identitystore", "CreateUser", otherStore).Code);
    }

    [Fact]
    public void UpdateUser_applies_attribute_operations()
    {
        var sandbox = new ServiceHarness();
        var (_, store) = sandbox.Instance();
        var userId = sandbox.CreateUser("eksadmin");
        sandbox.CreateUser("taken");
        sandbox.Call("identitystore", "UpdateUser", new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["UserId"] = userId,
            ["Operations"] = new JsonArray(
                new JsonObject { ["AttributePath"] = "displayName", ["AttributeValue"] = "EKS Administrator" },
                new JsonObject { ["AttributePath"] = "name.givenName", ["AttributeValue"] = "Kube" },
                new JsonObject { ["AttributePath"] = "emails", ["AttributeValue"] = new JsonArray(new JsonObject { ["value"] = "new@sandbox.example.com", ["primary"] = true }) }),
        });
        var user = sandbox.Call("identitystore", "DescribeUser", new JsonObject { ["IdentityStoreId"] = store, ["UserId"] = userId });
        Assert.Equal("EKS Administrator", user["DisplayName"]!.GetValue<string>());
        Assert.Equal("Kube", user["Name"]!["GivenName"]!.GetValue<string>());
        Assert.Equal("Admin", user["Name"]!["FamilyName"]!.GetValue<string>());
        Assert.Equal("new@sandbox.example.com", user["Emails"]![0]!["Value"]!.GetValue<string>());

        JsonObject Rename(string userName) => new()
        {
            ["IdentityStoreId"] = store,
            ["UserId"] = userId,
            ["Operations"] = new JsonArray(new JsonObject { ["AttributePath"] = "userName", ["AttributeValue"] = userName }),
        };

        Assert.Equal("ConflictException", sandbox.Fails("identitystore", "UpdateUser", Rename("TAKEN")).Code);
        var removeDisplayName = new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["UserId"] = userId,
            ["Operations"] = new JsonArray(new JsonObject { ["AttributePath"] = "displayName" }),
        };
        Assert.Equal("ValidationException", sandbox.Fails("identitystore", "UpdateUser", removeDisplayName).Code);
        Assert.Equal("EKS Administrator", sandbox.Call("identitystore", "DescribeUser", new JsonObject { ["IdentityStoreId"] = store, ["UserId"] = userId })["DisplayName"]!.GetValue<string>());
    }

    [Fact]
    public void Groups_and_memberships()
    {
        var sandbox = new ServiceHarness();
        var (_, store) = sandbox.Instance();
        var user = sandbox.CreateUser("eksadmin");
        var group = sandbox.CreateGroup("eks-admins");
        var other = sandbox.CreateGroup("readers");
        Assert.Equal("ConflictException", sandbox.Fails("identitystore", "CreateGroup", new JsonObject { ["IdentityStoreId"] = store, ["DisplayName"] = "EKS-Admins" }).Code);

        var byName = sandbox.Call("identitystore", "GetGroupId", new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["AlternateIdentifier"] = new JsonObject { ["UniqueAttribute"] = new JsonObject { ["AttributePath"] = "displayName", ["AttributeValue"] = "eks-admins" } },
        });
        Assert.Equal(group, byName["GroupId"]!.GetValue<string>());
        Assert.Equal("eks-admins", sandbox.Call("identitystore", "DescribeGroup", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group })["DisplayName"]!.GetValue<string>());
        Assert.Equal(2, sandbox.Call("identitystore", "ListGroups", new JsonObject { ["IdentityStoreId"] = store })["Groups"]!.AsArray().Count);

        var membership = sandbox.AddToGroup(group, user);
        var member = new JsonObject { ["UserId"] = user };
        Assert.Equal("ConflictException", sandbox.Fails("identitystore", "CreateGroupMembership", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group, ["MemberId"] = member.DeepClone() }).Code);
        Assert.Equal(membership, sandbox.Call("identitystore", "GetGroupMembershipId", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group, ["MemberId"] = member.DeepClone() })["MembershipId"]!.GetValue<string>());
        Assert.Single(sandbox.Call("identitystore", "ListGroupMemberships", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group })["GroupMemberships"]!.AsArray());
        Assert.Single(sandbox.Call("identitystore", "ListGroupMembershipsForMember", new JsonObject { ["IdentityStoreId"] = store, ["MemberId"] = member.DeepClone() })["GroupMemberships"]!.AsArray());

        var results = sandbox.Call("identitystore", "IsMemberInGroups", new JsonObject
        {
            ["IdentityStoreId"] = store,
            ["MemberId"] = member.DeepClone(),
            ["GroupIds"] = new JsonArray(group, other),
        })["Results"]!.AsArray();
        Assert.True(results[0]!["MembershipExists"]!.GetValue<bool>());
        Assert.False(results[1]!["MembershipExists"]!.GetValue<bool>());

        sandbox.Call("identitystore", "DeleteGroupMembership", new JsonObject { ["IdentityStoreId"] = store, ["MembershipId"] = membership });
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("identitystore", "DeleteGroupMembership", new JsonObject { ["IdentityStoreId"] = store, ["MembershipId"] = membership }).Code);
        Assert.Empty(sandbox.Call("identitystore", "ListGroupMemberships", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group })["GroupMemberships"]!.AsArray());

        sandbox.AddToGroup(group, user);
        sandbox.Call("identitystore", "DeleteUser", new JsonObject { ["IdentityStoreId"] = store, ["UserId"] = user });
        Assert.Empty(sandbox.Call("identitystore", "ListGroupMemberships", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group })["GroupMemberships"]!.AsArray());
        sandbox.Call("identitystore", "DeleteGroup", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group });
        Assert.Equal("ResourceNotFoundException", sandbox.Fails("identitystore", "DescribeGroup", new JsonObject { ["IdentityStoreId"] = store, ["GroupId"] = group }).Code);
    }

    [Fact]
    public void ListUsers_paginates()
    {
        var sandbox = new ServiceHarness();
        var (_, store) = sandbox.Instance();
        foreach (var name in new[] { "a", "b", "c" })
        {
            sandbox.CreateUser("user-" + name);
        }

        var first = sandbox.Call("identitystore", "ListUsers", new JsonObject { ["IdentityStoreId"] = store, ["MaxResults"] = 2 });
        Assert.Equal(2, first["Users"]!.AsArray().Count);
        var second = sandbox.Call("identitystore", "ListUsers", new JsonObject { ["IdentityStoreId"] = store, ["MaxResults"] = 2, ["NextToken"] = first["NextToken"]!.GetValue<string>() });
        Assert.Single(second["Users"]!.AsArray());
        Assert.Null(second["NextToken"]);
    }
}
