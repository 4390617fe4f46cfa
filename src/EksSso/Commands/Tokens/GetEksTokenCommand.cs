using System.Management.Automation;
using EksSso.Engine.Tokens;

namespace EksSso.Commands.Tokens;

/// <summary>
/// The EKS bearer token of <c>aws eks get-token</c> for the current credentials: an EksToken whose views show the
/// cluster, identity and expiry (never the token), or with -AsExecCredential the ExecCredential JSON kubectl reads.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EksToken", DefaultParameterSetName = TokenSet)]
[OutputType(typeof(EksToken))]
[OutputType(typeof(string), ParameterSetName = [AsExecCredentialSet])]
public sealed class GetEksTokenCommand : EksSsoAwsCmdlet
{
    private const string TokenSet = "Token";
    private const string AsExecCredentialSet = "AsExecCredential";

    private string? _identity;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string ClusterName { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = AsExecCredentialSet)]
    public SwitchParameter AsExecCredential { get; set; }

    protected override object? ErrorTarget => ClusterName;

    protected override async Task ProcessRecordAsync()
    {
        // One GetCallerIdentity per invocation: every token of a pipeline is signed by the same credentials.
        var withIdentity = !AsExecCredential && _identity is null;
        var result = await EksTokens.GetAsync(Transport, ClusterName, withIdentity, CancellationToken);
        _identity ??= result.Identity;
        if (AsExecCredential)
        {
            WriteObject(EksTokenMinter.ExecCredentialJson(result.Token, Environment.GetEnvironmentVariable(EksTokenMinter.ExecInfoVariable)));
            return;
        }

        WriteObject(new EksToken(ClusterName, result.Region, _identity ?? "", result.Token.ExpiresAt, result.Token.Token));
    }
}
