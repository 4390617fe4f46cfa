namespace EksSso.Engine.Aws;

/// <summary>Where a request goes and which region it is signed for.</summary>
public sealed record AwsEndpoint(Uri Url, string SigningRegion, string Source)
{
    public bool IsOverride => Source != "aws";
}

/// <summary>
/// Resolves service endpoints: real AWS endpoints per partition and region, overridden by the SDK's
/// configured-endpoint conventions in their documented precedence.
/// </summary>
public static class AwsEndpointResolver
{
    public static AwsEndpoint Resolve(
        AwsServiceInfo service,
        string region,
        AwsConfigSection? profile = null,
        AwsConfigFile? config = null,
        Func<string, string?>? environment = null,
        Uri? contextEndpoint = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var partition = AwsPartition.ForRegion(region);
        var signingRegion = service.IsGlobal ? GlobalSigningRegion(service, partition) : region;

        // A context made for one endpoint (a sandbox's admin context) goes there whatever the environment says.
        if (contextEndpoint is not null)
        {
            return new AwsEndpoint(contextEndpoint, signingRegion, "context");
        }

        if (!IgnoreConfiguredEndpoints(profile, environment))
        {
            if (NonEmpty(environment("AWS_ENDPOINT_URL_" + service.EnvironmentSuffix)) is { } serviceEnv)
            {
                return new AwsEndpoint(ParseUrl(serviceEnv, "AWS_ENDPOINT_URL_" + service.EnvironmentSuffix), signingRegion, "AWS_ENDPOINT_URL_" + service.EnvironmentSuffix);
            }

            if (profile?["services"] is { } servicesName &&
                config?.Section("services", servicesName)?.Get(service.ConfigKey, "endpoint_url") is { } servicesUrl)
            {
                return new AwsEndpoint(ParseUrl(servicesUrl, $"[services {servicesName}] {service.ConfigKey}.endpoint_url"), signingRegion, $"services {servicesName}");
            }

            if (NonEmpty(environment("AWS_ENDPOINT_URL")) is { } globalEnv)
            {
                return new AwsEndpoint(ParseUrl(globalEnv, "AWS_ENDPOINT_URL"), signingRegion, "AWS_ENDPOINT_URL");
            }

            if (profile?["endpoint_url"] is { } profileUrl)
            {
                return new AwsEndpoint(ParseUrl(profileUrl, $"profile {profile.Name} endpoint_url"), signingRegion, $"profile {profile.Name}");
            }
        }

        return new AwsEndpoint(new Uri("https://" + Host(service, region, partition) + "/"), signingRegion, "aws");
    }

    private static string Host(AwsServiceInfo service, string region, AwsPartition partition)
    {
        if (service == AwsServiceInfo.Iam)
        {
            return partition.Name switch
            {
                "aws" => "iam.amazonaws.com",
                "aws-us-gov" => "iam.us-gov.amazonaws.com",
                _ => $"iam.{partition.GlobalRegion}.{partition.DnsSuffix}",
            };
        }

        if (service.IsGlobal)
        {
            return $"{service.EndpointPrefix}.{GlobalSigningRegion(service, partition)}.{partition.DnsSuffix}";
        }

        return $"{service.EndpointPrefix}.{region}.{partition.DnsSuffix}";
    }

    private static string GlobalSigningRegion(AwsServiceInfo service, AwsPartition partition) =>
        service == AwsServiceInfo.Organizations && partition.Name == "aws-cn" ? "cn-northwest-1" : partition.GlobalRegion;

    /// <summary>The environment variable, when set at all, wins over the profile setting (botocore's order).</summary>
    private static bool IgnoreConfiguredEndpoints(AwsConfigSection? profile, Func<string, string?> environment) =>
        string.Equals(
            NonEmpty(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ?? profile?["ignore_configured_endpoint_urls"],
            "true",
            StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static Uri ParseUrl(string value, string origin)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new ArgumentException($"The endpoint '{value}' from {origin} is not an absolute http or https URL.");
        }

        return uri;
    }
}

/// <summary>An AWS partition: its DNS suffix and the region that signs for its global services.</summary>
public sealed record AwsPartition(string Name, string DnsSuffix, string GlobalRegion)
{
    public static AwsPartition ForRegion(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => new("aws-cn", "amazonaws.com.cn", "cn-north-1"),
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => new("aws-us-gov", "amazonaws.com", "us-gov-west-1"),
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => new("aws-iso-b", "sc2s.sgov.gov", "us-isob-east-1"),
        _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => new("aws-iso-f", "csp.hci.ic.gov", "us-isof-south-1"),
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => new("aws-iso", "c2s.ic.gov", "us-iso-east-1"),
        _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => new("aws-iso-e", "cloud.adc-e.uk", "eu-isoe-west-1"),
        _ => new("aws", "amazonaws.com", "us-east-1"),
    };
}
