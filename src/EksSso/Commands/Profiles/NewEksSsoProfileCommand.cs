using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.Profiles;

namespace EksSso.Commands.Profiles;

/// <summary>
/// Writes an SSO profile to the AWS config file in the AWS CLI v2 sso-session format, changing only the lines whose
/// value differs and leaving every other line of the file as it was.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksSsoProfile", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoProfile))]
public sealed class NewEksSsoProfileCommand : EksSsoCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProfileName")]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string StartUrl { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HomeRegion")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string SsoRegion { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string AccountId { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PermissionSetName")]
    public string RoleName { get; set; } = "";

    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    [Parameter]
    public string? SessionName { get; set; }

    [Parameter]
    [ValidateSet("json", "yaml", "yaml-stream", "text", "table")]
    public string? Output { get; set; }

    [Parameter]
    public string? ConfigPath { get; set; }

    protected override object? ErrorTarget => Name;

    protected override Task ProcessRecordAsync()
    {
        var spec = new SsoProfileSpec(Name, StartUrl, SsoRegion, AccountId, RoleName, Region, SessionName, Output);
        SsoProfileInput.Check(spec);
        var path = ConfigPath is null ? AwsConfigFile.DefaultPath : GetUnresolvedProviderPathFromPSPath(ConfigPath);
        try
        {
            var document = AwsConfigDocument.Load(path);
            var edit = SsoProfileConvergence.Apply(document, spec);
            if (!edit.HasChanges)
            {
                WriteVerbose($"The profile '{Name}' in {path} already has these values; the file is not written.");
            }
            else
            {
                var changes = string.Join(Environment.NewLine, edit.Changes.Select(c => "  " + c));
                if (!ShouldProcess(
                    $"Write the SSO profile '{Name}' (sso-session '{edit.SessionName}') to {path}:{Environment.NewLine}{changes}",
                    $"Write the SSO profile '{Name}' to {path}?{Environment.NewLine}{changes}",
                    "New-EksSsoProfile"))
                {
                    return Task.CompletedTask;
                }

                document.Save(path);
                WriteVerbose($"Wrote {edit.Changes.Count} change(s) to {path}.");
            }

            var profile = AwsProfileCatalog.List(AwsConfigFile.From(document), path, AwsConfigFile.Load(AwsProfileNames.CredentialsFilePath), AwsProfileNames.CredentialsFilePath)
                .Single(p => p.Name == Name);
            WriteObject(ProfileOutput.ToOutput(profile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "ConfigFileWriteFailed", ErrorCategory.WriteError, path));
        }

        return Task.CompletedTask;
    }
}
