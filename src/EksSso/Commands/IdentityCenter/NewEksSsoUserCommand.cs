using System.Management.Automation;
using EksSso.Completers;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>Creates an Identity Center user, or returns the existing one with that user name (converging the given attributes).</summary>
[Cmdlet(VerbsCommon.New, "EksSsoUser", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoUser))]
public sealed class NewEksSsoUserCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string UserName { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string Email { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string GivenName { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string FamilyName { get; set; } = "";

    /// <summary>Default: "GivenName FamilyName".</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    protected override object? ErrorTarget => UserName;

    protected override async Task ProcessRecordAsync()
    {
        IdentityCenterInput.UserName(UserName);
        IdentityCenterInput.Email(Email);
        IdentityCenterInput.PersonName(GivenName, "given name");
        IdentityCenterInput.PersonName(FamilyName, "family name");
        if (DisplayName is not null)
        {
            IdentityCenterInput.PersonName(DisplayName, "display name");
        }

        var directory = await GetDirectoryAsync();
        var user = await directory.FindUserAsync(UserName, CancellationToken);
        if (user is null)
        {
            var displayName = DisplayName ?? $"{GivenName} {FamilyName}";
            if (ShouldProcess($"identity store {directory.IdentityStoreId}", $"Create user '{UserName}' ({displayName}, {Email})"))
            {
                WriteObject(ToOutput(await directory.CreateUserAsync(UserName, Email, GivenName, FamilyName, displayName, CancellationToken)));
            }

            return;
        }

        // An existing user keeps its display name unless -DisplayName asks for another.
        var changes = IdentityStoreDirectory.UserChanges(user, Email, GivenName, FamilyName, DisplayName);
        if (changes.Count > 0
            && ShouldProcess($"user '{UserName}' ({user.UserId})", $"Update {string.Join(", ", changes.Select(c => c.AttributePath))}"))
        {
            user = await directory.UpdateUserAsync(user, changes, CancellationToken);
        }

        WriteObject(ToOutput(user));
    }
}
