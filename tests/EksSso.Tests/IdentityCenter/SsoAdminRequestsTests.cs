using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.SsoAdmin;
using EksSso.Engine.IdentityCenter;
using Xunit;

namespace EksSso.Tests.IdentityCenter;

/// <summary>The one wait for SSO Admin's asynchronous requests: IN_PROGRESS is polled, FAILED carries its reason out.</summary>
[Collection("Environment")]
public sealed class SsoAdminRequestsTests
{
    private static readonly AwsWaiterDefinition s_fast = new("Test", 0, 5);

    [Fact]
    public async Task InProgress_IsDescribedUntilSucceeded()
    {
        var answers = new Queue<AccountAssignmentOperationStatus>([Status("IN_PROGRESS"), Status("SUCCEEDED")]);
        var described = new List<string>();

        var done = await SsoAdminRequests.WaitAsync(
            s_fast, "creating it", Status("IN_PROGRESS"), s => (s.Status, s.RequestId, s.FailureReason),
            (id, _) => { described.Add(id); return Task.FromResult<AccountAssignmentOperationStatus?>(answers.Dequeue()); },
            "AccountAssignmentFailed", null, CancellationToken.None);

        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal(["req-1", "req-1"], described);
    }

    [Fact]
    public async Task Failed_BecomesAnErrorWithTheReasonAndRequestId()
    {
        var e = await Assert.ThrowsAsync<EksSsoException>(() => SsoAdminRequests.WaitAsync(
            s_fast, "provisioning ps-1 to 111122223333", Status("IN_PROGRESS"), s => (s.Status, s.RequestId, s.FailureReason),
            (_, _) => Task.FromResult<AccountAssignmentOperationStatus?>(Status("FAILED", "Role already exists")),
            "PermissionSetProvisioningFailed", null, CancellationToken.None));

        Assert.Equal("PermissionSetProvisioningFailed", e.ErrorId);
        Assert.Equal("Provisioning ps-1 to 111122223333 failed: Role already exists (request req-1).", e.Message);
    }

    private static AccountAssignmentOperationStatus Status(string status, string? reason = null) =>
        new() { Status = status, RequestId = "req-1", FailureReason = reason };
}
