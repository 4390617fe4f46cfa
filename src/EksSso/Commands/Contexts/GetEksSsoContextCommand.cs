using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EksSso.State;

namespace EksSso.Commands.Contexts;

/// <summary>The stack of Use-EksSsoContext scopes of this session, innermost first: identity, source, region, expiry; never a secret.</summary>
[Cmdlet(VerbsCommon.Get, "EksSsoContext")]
[OutputType(typeof(EksSsoContext))]
public sealed class GetEksSsoContextCommand : EksSsoCmdlet
{
    protected override Task ProcessRecordAsync()
    {
        var depth = 0;
        foreach (var context in ContextScopes.All(Runspace.DefaultRunspace))
        {
            WriteObject(UseEksSsoContextCommand.Describe(context, depth++));
        }

        return Task.CompletedTask;
    }
}
