using EksSso.Engine.Aws;
using EksSso.Engine.Profiles;
using Xunit;

namespace EksSso.Tests.Profiles;

/// <summary>Get-EksSsoProfile's engine: kinds, merged files, and no secret.</summary>
public sealed class AwsProfileCatalogTests
{
    private const string Config = """
        [default]
        region = us-east-1
        [profile sso]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Admin
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        [profile legacy]
        sso_start_url = https://old.awsapps.com/start
        sso_region = us-east-2
        sso_account_id = 444455556666
        sso_role_name = ReadOnly
        [profile role]
        role_arn = arn:aws:iam::777788889999:role/Deploy
        source_profile = static
        [profile web]
        role_arn = arn:aws:iam::777788889999:role/Ci
        web_identity_token_file = /tmp/token
        [profile proc]
        credential_process = /usr/bin/get-creds
        [profile static]
        region = ap-south-1
        """;

    private const string Credentials = """
        [static]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        aws_session_token = FQoGZXIvYXdzEXAMPLETOKEN
        [credonly]
        aws_access_key_id = ASIAEXAMPLEEXAMPLE99
        aws_secret_access_key = anothersecret
        """;

    [Fact]
    public void KindsAndTheirSettings()
    {
        var profiles = AwsProfileCatalog.List(AwsConfigFile.Parse(Config), "config", AwsConfigFile.Parse(Credentials), "credentials").ToDictionary(p => p.Name);
        Assert.Equal(["credonly", "default", "legacy", "proc", "role", "sso", "static", "web"], profiles.Keys);
        Assert.Equal(AwsProfileKind.Other, profiles["default"].Kind);
        Assert.Equal(AwsProfileKind.Sso, profiles["sso"].Kind);
        Assert.Equal(("https://corp.awsapps.com/start", "eu-west-1", "111122223333", "Admin"), (profiles["sso"].SsoStartUrl, profiles["sso"].SsoRegion, profiles["sso"].AccountId, profiles["sso"].RoleName));
        Assert.Equal(AwsProfileKind.Sso, profiles["legacy"].Kind);
        Assert.Equal(("https://old.awsapps.com/start", "us-east-2", (string?)null), (profiles["legacy"].SsoStartUrl, profiles["legacy"].SsoRegion, profiles["legacy"].SsoSession));
        Assert.Equal(AwsProfileKind.Role, profiles["role"].Kind);
        Assert.Equal(("Deploy", "777788889999", "static"), (profiles["role"].RoleName, profiles["role"].AccountId, profiles["role"].SourceProfile));
        Assert.Equal(AwsProfileKind.WebIdentity, profiles["web"].Kind);
        Assert.Equal(AwsProfileKind.Process, profiles["proc"].Kind);
        Assert.Equal(AwsProfileKind.Static, profiles["static"].Kind);
        Assert.Equal(["config", "credentials"], profiles["static"].Sources);
        Assert.Equal("ap-south-1", profiles["static"].Region);
        Assert.Equal("AKIA…MPLE", profiles["static"].AccessKeyId);
        Assert.Equal(AwsProfileKind.Static, profiles["credonly"].Kind);
        Assert.Equal(["credentials"], profiles["credonly"].Sources);
    }

    [Fact]
    public void NoSecretInAnyValue()
    {
        var text = string.Join("\n", AwsProfileCatalog.List(AwsConfigFile.Parse(Config), "config", AwsConfigFile.Parse(Credentials), "credentials").Select(p => p.ToString()));
        foreach (var secret in new[] { "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLETOKEN", "ASIAEXAMPLEEXAMPLE99", "anothersecret" })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public void InTheCredentialsFileEverySectionIsAProfile()
    {
        var names = AwsProfileCatalog.List(AwsConfigFile.Parse("[profile a]\n[b]\n"), "config", AwsConfigFile.Parse("[default]\n[c]\n[profile d]\n"), "credentials").Select(p => p.Name);
        Assert.Equal(["a", "c", "default", "profile d"], names);
    }
}
