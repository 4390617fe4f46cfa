using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Services.SsoAdmin;
using EksSso.Engine.IdentityCenter;
using Xunit;

namespace EksSso.Tests.IdentityCenter;

public sealed class PermissionSetConvergenceTests
{
    private const string ViewOnly = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string Inline = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:*","sts:AssumeRole"],"Resource":"*"}]}""";

    private static PermissionSetState Existing() => new(
        new PermissionSet { Name = "EKSClusterAdminAccess", PermissionSetArn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1", SessionDuration = "PT1H", RelayState = "https://console.aws.amazon.com/eks" },
        [ViewOnly],
        Inline);

    [Fact]
    public void A_missing_permission_set_is_created_with_everything_given()
    {
        var plan = PermissionSetConvergence.Plan(new PermissionSetSpec("EKSClusterAdminAccess", RelayState: "https://console.aws.amazon.com/eks", ManagedPolicyArns: [ViewOnly], InlinePolicy: Inline), null);
        Assert.True(plan.Create);
        Assert.Equal([ViewOnly], plan.Attach);
        Assert.Equal(Inline, plan.PutInlinePolicy);
        Assert.Equal(["Created", "RelayState: https://console.aws.amazon.com/eks", $"Attached {ViewOnly}", "Inline policy set"], plan.Changes);
    }

    [Fact]
    public void The_same_spec_again_plans_nothing()
    {
        var spec = new PermissionSetSpec("EKSClusterAdminAccess", SessionDuration: TimeSpan.FromHours(1), RelayState: "https://console.aws.amazon.com/eks", ManagedPolicyArns: [ViewOnly],
            InlinePolicy: """{"Version":"2012-10-17","Statement":{"Resource":"*","Effect":"Allow","Action":["sts:AssumeRole","eks:*"]}}""");
        Assert.True(PermissionSetConvergence.Plan(spec, Existing()).IsEmpty);
    }

    [Fact]
    public void Only_bound_members_converge_and_the_managed_list_is_exact()
    {
        var plan = PermissionSetConvergence.Plan(new PermissionSetSpec("EKSClusterAdminAccess", RelayState: "https://console.aws.amazon.com/eks/home", ManagedPolicyArns: [Admin]), Existing());
        Assert.False(plan.Create);
        Assert.True(plan.Update);
        Assert.Equal([Admin], plan.Attach);
        Assert.Equal([ViewOnly], plan.Detach);
        Assert.Null(plan.PutInlinePolicy);
        Assert.Equal(["RelayState: https://console.aws.amazon.com/eks → https://console.aws.amazon.com/eks/home", $"Attached {Admin}", $"Detached {ViewOnly}"], plan.Changes);
    }

    [Fact]
    public void Session_duration_compares_by_value_and_a_changed_inline_policy_is_replaced()
    {
        var plan = PermissionSetConvergence.Plan(new PermissionSetSpec("EKSClusterAdminAccess", SessionDuration: TimeSpan.FromMinutes(90), InlinePolicy: Inline.Replace("eks:*", "eks:Describe*", StringComparison.Ordinal)), Existing());
        Assert.Equal(["SessionDuration: PT1H → PT1H30M", "Inline policy replaced"], plan.Changes);
        Assert.True(plan.Update);
        Assert.Empty(plan.Attach);
        Assert.Empty(plan.Detach);
    }

    [Theory]
    [InlineData(1, "PT1H")]
    [InlineData(8, "PT8H")]
    [InlineData(12, "PT12H")]
    public void Session_durations_are_ISO_8601(int hours, string expected) =>
        Assert.Equal(expected, PermissionSetConvergence.FormatSessionDuration(TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData("EKS Admin", PermissionSetConvergence.InvalidNameErrorId)]
    [InlineData("EKSAdmin!", PermissionSetConvergence.InvalidNameErrorId)]
    [InlineData("Ädmin", PermissionSetConvergence.InvalidNameErrorId)]
    [InlineData("ThisNameIsLongerThanThirtyTwoChars", PermissionSetConvergence.InvalidNameErrorId)]
    public void Invalid_names_are_rejected(string name, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<EksSsoException>(() => PermissionSetConvergence.ValidateSpec(new PermissionSetSpec(name))).ErrorId);

    [Fact]
    public void Spec_values_are_checked()
    {
        PermissionSetConvergence.ValidateSpec(new PermissionSetSpec("a+b=c,d.e@f-g_h", SessionDuration: TimeSpan.FromHours(12), RelayState: "https://console.aws.amazon.com/eks"));
        Assert.Equal(PermissionSetConvergence.InvalidSessionDurationErrorId, Assert.Throws<EksSsoException>(() => PermissionSetConvergence.ValidateSpec(new PermissionSetSpec("a", SessionDuration: TimeSpan.FromMinutes(59)))).ErrorId);
        Assert.Equal(PermissionSetConvergence.InvalidSessionDurationErrorId, Assert.Throws<EksSsoException>(() => PermissionSetConvergence.ValidateSpec(new PermissionSetSpec("a", SessionDuration: TimeSpan.FromHours(13)))).ErrorId);
        Assert.Equal(PermissionSetConvergence.InvalidRelayStateErrorId, Assert.Throws<EksSsoException>(() => PermissionSetConvergence.ValidateSpec(new PermissionSetSpec("a", RelayState: "http://console.aws.amazon.com/eks"))).ErrorId);
        Assert.Equal(PermissionSetConvergence.InvalidRelayStateErrorId, Assert.Throws<EksSsoException>(() => PermissionSetConvergence.ValidateSpec(new PermissionSetSpec("a", RelayState: "https://console.aws.amazon.com/" + new string('x', 220)))).ErrorId);
    }
}
