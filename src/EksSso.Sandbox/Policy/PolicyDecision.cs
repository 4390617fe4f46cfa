namespace EksSso.Sandbox.Policy;

public enum PolicyDecisionKind
{
    /// <summary>A matching Deny statement: nothing else can override it.</summary>
    ExplicitDeny,

    Allowed,

    /// <summary>No statement allowed the request (the default).</summary>
    ImplicitDeny,
}

/// <summary>The outcome of evaluating policies for one request, with the statement that decided it.</summary>
public sealed record PolicyDecision
{
    internal static readonly PolicyDecision ImplicitDenyDecision = new() { Kind = PolicyDecisionKind.ImplicitDeny };

    public required PolicyDecisionKind Kind { get; init; }

    public bool Allowed => Kind == PolicyDecisionKind.Allowed;

    /// <summary>The deciding statement's Sid; null for an implicit deny or a statement without one.</summary>
    public string? MatchedStatementSid => MatchedStatement?.Sid;

    /// <summary>The deciding statement; null for an implicit deny.</summary>
    public PolicyStatement? MatchedStatement { get; init; }

    /// <summary>The document holding <see cref="MatchedStatement"/>.</summary>
    public PolicyDocument? MatchedPolicy { get; init; }

    /// <summary>
    /// Trust evaluation only: the Principal value that matched (<c>"*"</c>, <c>"111122223333"</c>,
    /// <c>"arn:aws:iam::111122223333:root"</c>, a role ARN, a service or provider). When it names a whole account,
    /// the caller's own identity policy must also allow the action; checking that is the caller's job.
    /// </summary>
    public string? MatchedPrincipal { get; init; }

    /// <summary>True when <see cref="MatchedPrincipal"/> grants to an entire account (or everyone) rather than to the caller by name.</summary>
    public bool MatchedAccountPrincipal { get; init; }
}
