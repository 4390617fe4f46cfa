using Amazon.Runtime;

namespace EksSso.Engine.Aws.Protocol;

/// <summary>
/// Configures an AWSSDK service client the one way every SDK-backed client here is configured: our resolved endpoint
/// and signing region, and SDK retries off because <see cref="AwsTransport.InvokeSdkAsync"/> retries and logs.
/// </summary>
public static class AwsSdkClientConfig
{
    public static TConfig For<TConfig>(AwsTransport transport, AwsServiceInfo service)
        where TConfig : ClientConfig, new()
    {
        var endpoint = transport.Session.ResolveEndpoint(service);
        return new TConfig
        {
            ServiceURL = endpoint.Url.ToString(),
            AuthenticationRegion = endpoint.SigningRegion,
            MaxErrorRetry = 0,
            UseHttp = endpoint.Url.Scheme == "http",
        };
    }
}
