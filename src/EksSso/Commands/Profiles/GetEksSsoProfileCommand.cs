using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Profiles;

namespace EksSso.Commands.Profiles;

/// <summary>Lists the AWS CLI profiles of the shared config and credentials files with how each gets its credentials; never a secret.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoProfile")]
[OutputType(typeof(EksSsoProfile))]
public sealed class GetEksSsoProfileCommand : EksSsoCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProfileName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    public string? ConfigPath { get; set; }

    [Parameter]
    public string? CredentialsPath { get; set; }

    protected override Task ProcessRecordAsync()
    {
        var filter = new NameFilter(Name);
        var config = ConfigPath is null ? AwsConfigFile.DefaultPath : GetUnresolvedProviderPathFromPSPath(ConfigPath);
        var credentials = CredentialsPath is null ? AwsProfileNames.CredentialsFilePath : GetUnresolvedProviderPathFromPSPath(CredentialsPath);
        WriteDebug($"Reading profiles from {config} and {credentials}.");
        foreach (var profile in AwsProfileCatalog.List(config, credentials).Where(p => filter.IsMatch(p.Name)))
        {
            WriteObject(ProfileOutput.ToOutput(profile));
        }

        filter.WriteUnmatched(this, "ProfileNotFound", "AWS profile");
        return Task.CompletedTask;
    }
}
