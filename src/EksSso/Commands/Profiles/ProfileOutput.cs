using EksSso.Engine.Profiles;

namespace EksSso.Commands.Profiles;

/// <summary>Engine profile descriptions → the public output type.</summary>
internal static class ProfileOutput
{
    public static EksSsoProfile ToOutput(AwsProfileInfo p) => new(
        p.Name,
        Enum.Parse<EksSsoProfileKind>(p.Kind.ToString()),
        p.Region,
        p.Output,
        p.SsoSession,
        p.SsoStartUrl,
        p.SsoRegion,
        p.AccountId,
        p.RoleName,
        p.RoleArn,
        p.SourceProfile,
        p.CredentialSource,
        p.AccessKeyId,
        [.. p.Sources]);
}
