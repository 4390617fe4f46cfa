using EksSso.Engine.Aws;
using EksSso.Engine.Profiles;
using Xunit;

namespace EksSso.Tests.Profiles;

/// <summary>New-EksSsoProfile's engine: the sso-session format, reuse of sessions, idempotence, validation.</summary>
public sealed class SsoProfileConvergenceTests
{
    private const string StartUrl = "https://d-1234567890.awsapps.com/start";
    private static readonly SsoProfileSpec s_spec = new("admin", StartUrl, "eu-west-1", "111122223333", "EKSClusterAdminAccess");

    [Fact]
    public void WritesTheSsoSessionFormatAfterEverythingElse()
    {
        var doc = AwsConfigDocument.Parse(AwsConfigDocumentTests.Messy);
        var edit = SsoProfileConvergence.Apply(doc, s_spec);
        Assert.Equal("d-1234567890", edit.SessionName);
        Assert.Equal(
            AwsConfigDocumentTests.Messy + "\n\n[profile admin]\nsso_session = d-1234567890\nsso_account_id = 111122223333\n" +
            "sso_role_name = EKSClusterAdminAccess\nregion = eu-west-1\n\n[sso-session d-1234567890]\n" +
            "sso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
            doc.ToString());
        Assert.Equal(7, edit.Changes.Count);
        Assert.Contains("[profile admin] sso_role_name: (none) → EKSClusterAdminAccess", edit.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void TheSameValuesAgainChangeNothing()
    {
        var doc = AwsConfigDocument.Parse(AwsConfigDocumentTests.Messy);
        SsoProfileConvergence.Apply(doc, s_spec with { Output = "json", Region = "us-east-2" });
        var text = doc.ToString();
        var again = SsoProfileConvergence.Apply(doc, s_spec with { Output = "json", Region = "us-east-2" });
        Assert.False(again.HasChanges);
        Assert.Equal(text, doc.ToString());

        // Without -Region an existing region is kept.
        Assert.False(SsoProfileConvergence.Apply(doc, s_spec with { Output = "json" }).HasChanges);
    }

    [Fact]
    public void OtherValuesChangeOnlyTheirLines()
    {
        var doc = AwsConfigDocument.Parse(AwsConfigDocumentTests.Messy);
        SsoProfileConvergence.Apply(doc, s_spec);
        var before = doc.ToString();
        var edit = SsoProfileConvergence.Apply(doc, s_spec with { RoleName = "ReadOnly" });
        Assert.Equal(["[profile admin] sso_role_name: EKSClusterAdminAccess → ReadOnly"], edit.Changes.Select(c => c.ToString()));
        Assert.Equal(before.Replace("sso_role_name = EKSClusterAdminAccess", "sso_role_name = ReadOnly"), doc.ToString());
    }

    [Fact]
    public void ReusesASessionWithTheSameStartUrl()
    {
        var doc = AwsConfigDocument.Parse("[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start/\nsso_region = eu-west-1\n");
        var edit = SsoProfileConvergence.Apply(doc, s_spec);
        Assert.Equal("corp", edit.SessionName);
        Assert.Equal(["sso_session", "sso_account_id", "sso_role_name", "region", "sso_registration_scopes"], edit.Changes.Select(c => c.Key));
        Assert.Contains("sso_start_url = https://d-1234567890.awsapps.com/start/\n", doc.ToString());
    }

    [Fact]
    public void ADerivedNameTakenByAnotherPortalGetsANumber()
    {
        var doc = AwsConfigDocument.Parse("[sso-session d-1234567890]\nsso_start_url = https://elsewhere.example.com/start\nsso_region = us-east-1\n");
        Assert.Equal("d-1234567890-2", SsoProfileConvergence.Apply(doc, s_spec).SessionName);
        Assert.Equal("https://elsewhere.example.com/start", doc.Get("sso-session", "d-1234567890", "sso_start_url"));
        Assert.Equal("eksso", SsoProfileConvergence.DeriveSessionName("https://127.0.0.1:8443/start"));
        Assert.Equal("mycompany", SsoProfileConvergence.DeriveSessionName("https://MyCompany.awsapps.com/start"));
    }

    [Fact]
    public void ALegacyProfileMovesToTheSessionFormat()
    {
        var doc = AwsConfigDocument.Parse("[profile admin]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Old\nregion = eu-west-1\n");
        var edit = SsoProfileConvergence.Apply(doc, s_spec);
        Assert.Contains("[profile admin] sso_start_url: https://d-1234567890.awsapps.com/start → (removed)", edit.Changes.Select(c => c.ToString()));
        var file = AwsConfigFile.From(doc);
        Assert.Null(file.Profile("admin")!["sso_start_url"]);
        Assert.Equal("d-1234567890", file.Profile("admin")!["sso_session"]);
        Assert.Equal("EKSClusterAdminAccess", file.Profile("admin")!["sso_role_name"]);
    }

    [Fact]
    public void DoesNotTurnAnotherKindOfProfileIntoAnSsoProfile()
    {
        var doc = AwsConfigDocument.Parse("[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = default\n");
        var e = Assert.Throws<EksSsoException>(() => SsoProfileConvergence.Apply(doc, s_spec));
        Assert.Equal("ProfileKindConflict", e.ErrorId);
    }

    [Theory]
    [InlineData("InvalidProfileName", "two words", StartUrl, "eu-west-1", "111122223333", "Role")]
    [InlineData("InvalidProfileName", "a[b]", StartUrl, "eu-west-1", "111122223333", "Role")]
    [InlineData("InvalidProfileName", "", StartUrl, "eu-west-1", "111122223333", "Role")]
    [InlineData("InvalidStartUrl", "p", "http://d-1234567890.awsapps.com/start", "eu-west-1", "111122223333", "Role")]
    [InlineData("InvalidStartUrl", "p", "d-1234567890.awsapps.com/start", "eu-west-1", "111122223333", "Role")]
    [InlineData("InvalidRegion", "p", StartUrl, "EU-WEST-1", "111122223333", "Role")]
    [InlineData("InvalidAccountId", "p", StartUrl, "eu-west-1", "11112222333", "Role")]
    [InlineData("InvalidAccountId", "p", StartUrl, "eu-west-1", "١١١١٢٢٢٢٣٣٣٣", "Role")]
    [InlineData("InvalidRoleName", "p", StartUrl, "eu-west-1", "111122223333", "Role Name")]
    public void RejectsBadInputWithItsOwnErrorId(string errorId, string name, string startUrl, string ssoRegion, string accountId, string roleName)
    {
        var e = Assert.ThrowsAny<Exception>(() => SsoProfileInput.Check(new SsoProfileSpec(name, startUrl, ssoRegion, accountId, roleName)));
        Assert.Equal(errorId, e switch { EksSsoException x => x.ErrorId, AwsConfigurationException x => x.ErrorId, _ => e.GetType().Name });
    }
}
