using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using EksSso.Completers;
using EksSso.Engine.Aws;
using EksSso.Engine.IdentityCenter;

namespace EksSso.Commands.IdentityCenter;

/// <summary>
/// Creates a permission set, or converges an existing one to the parameters given (only the bound ones), and
/// provisions a changed permission set again to the accounts that have it. Input is checked before any AWS call.
/// </summary>
[Cmdlet(VerbsCommon.New, "EksSsoPermissionSet", SupportsShouldProcess = true)]
[OutputType(typeof(EksSsoPermissionSet))]
public sealed class NewEksSsoPermissionSetCommand : EksSsoIdentityCenterCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PermissionSetNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Description { get; set; }

    [Parameter]
    public TimeSpan SessionDuration { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RelayState { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    [ValidateNotNull]
    public string[] ManagedPolicy { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public object? InlinePolicy { get; set; }

    protected override object? ErrorTarget => Name;

    protected override async Task ProcessRecordAsync()
    {
        var spec = ReadSpec();
        var instance = await GetInstanceAsync();
        var current = await PermissionSetConvergence.ReadAsync(Transport, instance.InstanceArn, Name, CancellationToken);
        var plan = PermissionSetConvergence.Plan(spec, current);
        if (plan.IsEmpty)
        {
            WriteVerbose($"Permission set {Name} already matches the parameters given; nothing to change.");
            WriteObject(GetEksSsoPermissionSetCommand.ToOutput(current!, instance.InstanceArn, []));
            return;
        }

        var action = (plan.Create ? "Create permission set: " : "Change permission set (then provision it again to its accounts): ") + string.Join("; ", plan.Changes);
        if (!ShouldProcess(Name, action))
        {
            return;
        }

        using var progress = StartProgress($"Provisioning permission set {Name}");
        var (state, changes) = await PermissionSetConvergence.ApplyAsync(Transport, instance.InstanceArn, spec, current, plan, progress, CancellationToken);
        WriteObject(GetEksSsoPermissionSetCommand.ToOutput(state, instance.InstanceArn, changes));
    }

    /// <summary>Every parameter checked and converted; a terminating error on the first problem, before any call.</summary>
    private PermissionSetSpec ReadSpec()
    {
        try
        {
            var bound = MyInvocation.BoundParameters;
            var partition = AwsPartition.ForRegion(Session.Region).Name;
            var spec = new PermissionSetSpec(
                Name,
                Description,
                bound.ContainsKey(nameof(SessionDuration)) ? SessionDuration : null,
                RelayState,
                bound.ContainsKey(nameof(ManagedPolicy)) ? ManagedPolicyCatalog.ResolveAll(ManagedPolicy, partition) : null,
                InlinePolicy is null ? null : PolicyDocumentValidator.Validate(ReadPolicyText(InlinePolicy)));
            PermissionSetConvergence.ValidateSpec(spec);
            return spec;
        }
        catch (EksSsoException e)
        {
            ThrowTerminating(e, Name);
            throw; // not reached
        }
    }

    /// <summary>The policy JSON from a JSON string, a .json file (path or FileInfo), or a hashtable/PSObject.</summary>
    private string ReadPolicyText(object input)
    {
        var value = input is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case FileInfo file:
                return ReadPolicyFile(file.FullName);
            case string text when text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['):
                return text;
            case string text:
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text);
                if (File.Exists(path) || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    return ReadPolicyFile(path);
                }

                return text;
            case IDictionary or PSObject:
                return ToJsonNode(value, 0)?.ToJsonString() ?? "null";
            default:
                throw new EksSsoException(PolicyDocumentValidator.ErrorId, AwsErrorKind.Validation,
                    $"-InlinePolicy takes a JSON string, the path of a .json file, a FileInfo, or a hashtable; not a {value.GetType().Name}.");
        }
    }

    private static string ReadPolicyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new EksSsoException(PolicyDocumentValidator.ErrorId, AwsErrorKind.Validation, $"The policy file '{path}' does not exist.");
        }

        return File.ReadAllText(path);
    }

    /// <summary>A hashtable, ordered dictionary or PSCustomObject tree as JSON (what ConvertTo-Json would give, without its depth cut-off).</summary>
    private static JsonNode? ToJsonNode(object? value, int depth)
    {
        if (depth > 32)
        {
            throw new EksSsoException(PolicyDocumentValidator.ErrorId, AwsErrorKind.Validation, "The policy object is nested more than 32 levels deep.");
        }

        var unwrapped = value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;
        switch (unwrapped)
        {
            case null:
                return null;
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int or long or short or byte or double or float or decimal:
                return JsonNode.Parse(Convert.ToString(unwrapped, System.Globalization.CultureInfo.InvariantCulture)!);
            case IDictionary dictionary:
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    obj[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = ToJsonNode(entry.Value, depth + 1);
                }

                return obj;
            case PSObject custom:
                var properties = new JsonObject();
                foreach (var property in custom.Properties)
                {
                    properties[property.Name] = ToJsonNode(property.Value, depth + 1);
                }

                return properties;
            case IEnumerable list:
                return new JsonArray([.. list.Cast<object?>().Select(x => ToJsonNode(x, depth + 1))]);
            default:
                return JsonValue.Create(unwrapped.ToString());
        }
    }
}
