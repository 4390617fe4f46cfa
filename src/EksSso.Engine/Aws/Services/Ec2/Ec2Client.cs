using Amazon.EC2;
using Amazon.EC2.Model;
using EksSso.Engine.Aws.Protocol;

namespace EksSso.Engine.Aws.Services.Ec2;

/// <summary>EC2 through AWSSDK.EC2, pointed at our resolved endpoint, with our retry and call log.</summary>
public sealed class Ec2Client
{
    private readonly AwsTransport _transport;
    private readonly Lazy<AmazonEC2Client> _client;

    public Ec2Client(AwsTransport transport)
    {
        _transport = transport;
        _client = new Lazy<AmazonEC2Client>(() => new AmazonEC2Client(
            transport.Session.Credentials, AwsSdkClientConfig.For<AmazonEC2Config>(transport, AwsServiceInfo.Ec2)));
    }

    /// <summary>Runs any EC2 operation of the SDK client through the shared retry and call log.</summary>
    public Task<TResponse> InvokeAsync<TResponse>(string operation, Func<AmazonEC2Client, CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken)
        where TResponse : Amazon.Runtime.AmazonWebServiceResponse =>
        _transport.InvokeSdkAsync(AwsServiceInfo.Ec2, operation, ct => call(_client.Value, ct), cancellationToken);

    public Task<DescribeAvailabilityZonesResponse> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken) =>
        InvokeAsync("DescribeAvailabilityZones", (c, ct) => c.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), ct), cancellationToken);

    public Task<DescribeVpcsResponse> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeVpcs", (c, ct) => c.DescribeVpcsAsync(request, ct), cancellationToken);
}
