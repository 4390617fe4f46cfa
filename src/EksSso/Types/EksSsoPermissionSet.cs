namespace EksSso;

/// <summary>A permission set of IAM Identity Center with its policies, and what the command that returned it changed.</summary>
public sealed class EksSsoPermissionSet
{
    internal EksSsoPermissionSet(
        string name,
        string permissionSetArn,
        string? description,
        TimeSpan? sessionDuration,
        string? relayState,
        string[] managedPolicies,
        string? inlinePolicy,
        DateTimeOffset? createdDate,
        string instanceArn,
        string[] changes)
    {
        Name = name;
        PermissionSetArn = permissionSetArn;
        Description = description;
        SessionDuration = sessionDuration;
        RelayState = relayState;
        ManagedPolicies = managedPolicies;
        InlinePolicy = inlinePolicy;
        CreatedDate = createdDate;
        InstanceArn = instanceArn;
        Changes = changes;
    }

    public string Name { get; }

    public string PermissionSetArn { get; }

    public string? Description { get; }

    /// <summary>How long a sign-in through the access portal lasts (1 to 12 hours).</summary>
    public TimeSpan? SessionDuration { get; }

    /// <summary>The console URL the access portal opens for this permission set.</summary>
    public string? RelayState { get; }

    /// <summary>ARNs of the attached AWS managed policies, sorted.</summary>
    public string[] ManagedPolicies { get; }

    /// <summary>The inline policy as compact JSON; null when there is none.</summary>
    public string? InlinePolicy { get; }

    public DateTimeOffset? CreatedDate { get; }

    public string InstanceArn { get; }

    /// <summary>What this command changed ("Created", "Attached arn:…", "RelayState: a → b", …); empty when nothing.</summary>
    public string[] Changes { get; }

    public override string ToString() => PermissionSetArn;
}
