using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using EksSso.Commands;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.IdentityStore;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Completers;

/// <summary>
/// Completers that ask IAM Identity Center for names, with the credentials the command itself would use
/// (its -Context/-ProfileName/-Region as typed so far, the Use-EksSsoContext scope, or the environment).
/// A completer never fails the command line: any error or a slow service (over 5 s) completes nothing.
/// </summary>
public abstract class IdentityCenterNameCompleter : IArgumentCompleter
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        List<string> names;
        try
        {
            var session = EksSsoAwsCmdlet.ResolveSession(
                fakeBoundParameters["Context"] as EksSsoContext,
                fakeBoundParameters["ProfileName"] as string,
                fakeBoundParameters["Region"] as string,
                Runspace.DefaultRunspace,
                out _);
            using var timeout = new CancellationTokenSource(s_timeout);
            // No pipeline thread to come back to here: run the lookup on the thread pool and block for it.
            names = Task.Run(() => ListNamesAsync(new AwsTransport(session), timeout.Token), timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            return [];
        }

        return names
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n));
    }

    private protected abstract Task<List<string>> ListNamesAsync(AwsTransport transport, CancellationToken cancellationToken);

    private static string Quote(string name) =>
        name.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or ';' or ',' or '(' or ')' or '{' or '}' or '@' or '#')
            ? "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'"
            : name;
}

/// <summary>Tab completion of Identity Center group names (display names).</summary>
public sealed class GroupNameCompleter : IdentityCenterNameCompleter
{
    private protected override async Task<List<string>> ListNamesAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var instance = await IdentityCenterInstances.GetAsync(transport, cancellationToken).ConfigureAwait(false);
        var groups = await new IdentityStoreClient(transport).ListAllGroupsAsync(new ListGroupsRequest { IdentityStoreId = instance.IdentityStoreId }, cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false);
        return [.. groups.Select(g => g.DisplayName).OfType<string>()];
    }
}

/// <summary>Tab completion of Identity Center user names.</summary>
public sealed class UserNameCompleter : IdentityCenterNameCompleter
{
    private protected override async Task<List<string>> ListNamesAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var instance = await IdentityCenterInstances.GetAsync(transport, cancellationToken).ConfigureAwait(false);
        var users = await new IdentityStoreClient(transport).ListAllUsersAsync(new ListUsersRequest { IdentityStoreId = instance.IdentityStoreId }, cancellationToken)
            .CollectAsync(cancellationToken).ConfigureAwait(false);
        return [.. users.Select(u => u.UserName).OfType<string>()];
    }
}

/// <summary>Tab completion of permission set names.</summary>
public sealed class PermissionSetNameCompleter : IdentityCenterNameCompleter
{
    private protected override async Task<List<string>> ListNamesAsync(AwsTransport transport, CancellationToken cancellationToken)
    {
        var instance = await IdentityCenterInstances.GetAsync(transport, cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        await foreach (var set in PermissionSets.ListAsync(transport, instance.InstanceArn, cancellationToken).ConfigureAwait(false))
        {
            if (set.Name is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
