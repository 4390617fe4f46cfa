namespace EksSso.Sandbox.Services.Organizations;

/// <summary>The sandbox's one organization (managed by the management account), kept in State.Global["organizations"].</summary>
public sealed class OrganizationsState
{
    public OrganizationRecord? Organization { get; set; }

    /// <summary>Accounts in the organization (the management account included) by account id.</summary>
    public Dictionary<string, OrganizationMember> Members { get; set; } = [];

    /// <summary>CreateAccount requests in the order they were made.</summary>
    public List<CreateAccountRequest> Requests { get; set; } = [];
}

public sealed class OrganizationRecord
{
    public string Id { get; set; } = "";

    public string Arn { get; set; } = "";

    public string FeatureSet { get; set; } = "ALL";

    public string RootId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class OrganizationMember
{
    public string JoinedMethod { get; set; } = "CREATED";

    public DateTimeOffset JoinedTimestamp { get; set; }
}

/// <summary>
/// One CreateAccount request. The account id is reserved when the request is made and the account is created in
/// the sandbox state only once the simulated duration has passed (see <see cref="OrganizationsService.Settle"/>),
/// so nothing can use the account before AWS would report it SUCCEEDED.
/// </summary>
public sealed class CreateAccountRequest
{
    public string Id { get; set; } = "";

    public string AccountName { get; set; } = "";

    public string Email { get; set; } = "";

    public string RoleName { get; set; } = OrganizationsService.DefaultRoleName;

    public DateTimeOffset RequestedTimestamp { get; set; }

    public DateTimeOffset CompletesAt { get; set; }

    /// <summary>The id the account gets when the request succeeds.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>Decided when the request is made (e.g. EMAIL_ALREADY_EXISTS) and reported once it completes.</summary>
    public string? FailureReason { get; set; }

    /// <summary>True once the account exists in the sandbox state.</summary>
    public bool Created { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];
}
