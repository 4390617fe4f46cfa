namespace EksSso;

/// <summary>An AWS account of the organization. <see cref="AccountId"/> pipes into the cmdlets that take -AccountId.</summary>
public sealed class EksSsoMemberAccount
{
    internal EksSsoMemberAccount(string accountId, string name, string email, string arn, string status, string joinedMethod, DateTimeOffset? joinedTimestamp)
    {
        AccountId = accountId;
        Name = name;
        Email = email;
        Arn = arn;
        Status = status;
        JoinedMethod = joinedMethod;
        JoinedTimestamp = joinedTimestamp;
    }

    public string AccountId { get; }

    public string Name { get; }

    public string Email { get; }

    /// <summary>arn:aws:organizations::&lt;management account&gt;:account/o-…/&lt;account id&gt;</summary>
    public string Arn { get; }

    /// <summary>ACTIVE, PENDING_ACTIVATION, SUSPENDED, PENDING_CLOSURE or CLOSED.</summary>
    public string Status { get; }

    /// <summary>CREATED or INVITED.</summary>
    public string JoinedMethod { get; }

    public DateTimeOffset? JoinedTimestamp { get; }

    public override string ToString() => AccountId;
}
