using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Sts;

/// <summary>STS through AWSSDK.SecurityToken, pointed at our resolved endpoint, with our retry and call log.</summary>
public sealed class StsClient
{
    private readonly AwsTransport _transport;
    private readonly Lazy<AmazonSecurityTokenServiceClient> _client;

    public StsClient(AwsTransport transport)
    {
        _transport = transport;
        _client = new Lazy<AmazonSecurityTokenServiceClient>(() => new AmazonSecurityTokenServiceClient(
            transport.Session.Credentials, AwsSdkClientConfig.For<AmazonSecurityTokenServiceConfig>(transport, AwsServiceInfo.Sts)));
    }

    public Task<GetCallerIdentityResponse> GetCallerIdentityAsync(CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.Sts, "GetCallerIdentity", ct => _client.Value.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct), cancellationToken);

    public Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.Sts, "AssumeRole", ct => _client.Value.AssumeRoleAsync(request, ct), cancellationToken);

    public Task<AssumeRoleWithWebIdentityResponse> AssumeRoleWithWebIdentityAsync(AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeSdkAsync(AwsServiceInfo.Sts, "AssumeRoleWithWebIdentity", ct => _client.Value.AssumeRoleWithWebIdentityAsync(request, ct), cancellationToken);
}
