namespace EksSso;

/// <summary>An AWS Organizations organization.</summary>
public sealed class EksSsoOrganization
{
    internal EksSsoOrganization(string id, string arn, string featureSet, string masterAccountId, string masterAccountArn, string masterAccountEmail)
    {
        Id = id;
        Arn = arn;
        FeatureSet = featureSet;
        MasterAccountId = masterAccountId;
        MasterAccountArn = masterAccountArn;
        MasterAccountEmail = masterAccountEmail;
    }

    public string Id { get; }

    public string Arn { get; }

    public string FeatureSet { get; }

    public string MasterAccountId { get; }

    public string MasterAccountArn { get; }

    public string MasterAccountEmail { get; }

    public override string ToString() => Id;
}
