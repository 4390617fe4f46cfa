namespace EksSso.Engine.Aws;

/// <summary>What the protocol core needs to know about one AWS service.</summary>
/// <param name="ServiceId">The model's <c>serviceId</c>; it names the endpoint override variables.</param>
/// <param name="EndpointPrefix">Host prefix of the real endpoint (<c>sso</c> for SSO Admin).</param>
/// <param name="SigningName">SigV4 credential-scope service name.</param>
/// <param name="Protocol">Wire protocol.</param>
/// <param name="TargetPrefix">JSON 1.1 <c>X-Amz-Target</c> prefix.</param>
/// <param name="ApiVersion">Query protocol <c>Version</c>.</param>
/// <param name="IsGlobal">Served from one endpoint per partition and signed for that partition's home region.</param>
public sealed record AwsServiceInfo(
    string ServiceId,
    string EndpointPrefix,
    string SigningName,
    AwsProtocol Protocol,
    string? TargetPrefix = null,
    string? ApiVersion = null,
    bool IsGlobal = false)
{
    public static readonly AwsServiceInfo Organizations = new("Organizations", "organizations", "organizations", AwsProtocol.Json, TargetPrefix: "AWSOrganizationsV20161128", IsGlobal: true);
    public static readonly AwsServiceInfo SsoAdmin = new("SSO Admin", "sso", "sso", AwsProtocol.Json, TargetPrefix: "SWBExternalService");
    public static readonly AwsServiceInfo IdentityStore = new("identitystore", "identitystore", "identitystore", AwsProtocol.Json, TargetPrefix: "AWSIdentityStore");
    public static readonly AwsServiceInfo Iam = new("IAM", "iam", "iam", AwsProtocol.Query, ApiVersion: "2010-05-08", IsGlobal: true);
    public static readonly AwsServiceInfo Sts = new("STS", "sts", "sts", AwsProtocol.Query, ApiVersion: "2011-06-15");
    public static readonly AwsServiceInfo Eks = new("EKS", "eks", "eks", AwsProtocol.RestJson);
    public static readonly AwsServiceInfo Ec2 = new("EC2", "ec2", "ec2", AwsProtocol.Ec2Query, ApiVersion: "2016-11-15");
    public static readonly AwsServiceInfo SsoPortal = new("SSO", "portal.sso", "awsssoportal", AwsProtocol.RestJson);
    public static readonly AwsServiceInfo SsoOidc = new("SSO OIDC", "oidc", "sso-oauth", AwsProtocol.RestJson);

    public static IReadOnlyList<AwsServiceInfo> All { get; } =
        [Organizations, SsoAdmin, IdentityStore, Iam, Sts, Eks, Ec2, SsoPortal, SsoOidc];

    /// <summary><c>AWS_ENDPOINT_URL_&lt;this&gt;</c>: the service id upper-cased, spaces to underscores.</summary>
    public string EnvironmentSuffix => ServiceId.ToUpperInvariant().Replace(' ', '_');

    /// <summary>Key of this service inside a config file <c>[services NAME]</c> section.</summary>
    public string ConfigKey => ServiceId.ToLowerInvariant().Replace(' ', '_');
}

public enum AwsProtocol
{
    Json,
    Query,
    RestJson,
    Ec2Query,
}
