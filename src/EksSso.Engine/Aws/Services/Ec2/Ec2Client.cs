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

    public Task<CreateVpcResponse> CreateVpcAsync(CreateVpcRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateVpc", (c, ct) => c.CreateVpcAsync(request, ct), cancellationToken);

    public Task<ModifyVpcAttributeResponse> ModifyVpcAttributeAsync(ModifyVpcAttributeRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("ModifyVpcAttribute", (c, ct) => c.ModifyVpcAttributeAsync(request, ct), cancellationToken);

    public Task<DescribeVpcAttributeResponse> DescribeVpcAttributeAsync(DescribeVpcAttributeRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeVpcAttribute", (c, ct) => c.DescribeVpcAttributeAsync(request, ct), cancellationToken);

    public Task<DeleteVpcResponse> DeleteVpcAsync(DeleteVpcRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteVpc", (c, ct) => c.DeleteVpcAsync(request, ct), cancellationToken);

    public Task<CreateSubnetResponse> CreateSubnetAsync(CreateSubnetRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateSubnet", (c, ct) => c.CreateSubnetAsync(request, ct), cancellationToken);

    public Task<DescribeSubnetsResponse> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeSubnets", (c, ct) => c.DescribeSubnetsAsync(request, ct), cancellationToken);

    public Task<ModifySubnetAttributeResponse> ModifySubnetAttributeAsync(ModifySubnetAttributeRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("ModifySubnetAttribute", (c, ct) => c.ModifySubnetAttributeAsync(request, ct), cancellationToken);

    public Task<DeleteSubnetResponse> DeleteSubnetAsync(DeleteSubnetRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteSubnet", (c, ct) => c.DeleteSubnetAsync(request, ct), cancellationToken);

    public Task<CreateInternetGatewayResponse> CreateInternetGatewayAsync(CreateInternetGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateInternetGateway", (c, ct) => c.CreateInternetGatewayAsync(request, ct), cancellationToken);

    public Task<AttachInternetGatewayResponse> AttachInternetGatewayAsync(AttachInternetGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("AttachInternetGateway", (c, ct) => c.AttachInternetGatewayAsync(request, ct), cancellationToken);

    public Task<DescribeInternetGatewaysResponse> DescribeInternetGatewaysAsync(DescribeInternetGatewaysRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeInternetGateways", (c, ct) => c.DescribeInternetGatewaysAsync(request, ct), cancellationToken);

    public Task<DetachInternetGatewayResponse> DetachInternetGatewayAsync(DetachInternetGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DetachInternetGateway", (c, ct) => c.DetachInternetGatewayAsync(request, ct), cancellationToken);

    public Task<DeleteInternetGatewayResponse> DeleteInternetGatewayAsync(DeleteInternetGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteInternetGateway", (c, ct) => c.DeleteInternetGatewayAsync(request, ct), cancellationToken);

    public Task<AllocateAddressResponse> AllocateAddressAsync(AllocateAddressRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("AllocateAddress", (c, ct) => c.AllocateAddressAsync(request, ct), cancellationToken);

    public Task<DescribeAddressesResponse> DescribeAddressesAsync(DescribeAddressesRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeAddresses", (c, ct) => c.DescribeAddressesAsync(request, ct), cancellationToken);

    public Task<ReleaseAddressResponse> ReleaseAddressAsync(ReleaseAddressRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("ReleaseAddress", (c, ct) => c.ReleaseAddressAsync(request, ct), cancellationToken);

    public Task<CreateNatGatewayResponse> CreateNatGatewayAsync(CreateNatGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateNatGateway", (c, ct) => c.CreateNatGatewayAsync(request, ct), cancellationToken);

    public Task<DescribeNatGatewaysResponse> DescribeNatGatewaysAsync(DescribeNatGatewaysRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeNatGateways", (c, ct) => c.DescribeNatGatewaysAsync(request, ct), cancellationToken);

    public Task<DeleteNatGatewayResponse> DeleteNatGatewayAsync(DeleteNatGatewayRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteNatGateway", (c, ct) => c.DeleteNatGatewayAsync(request, ct), cancellationToken);

    public Task<CreateRouteTableResponse> CreateRouteTableAsync(CreateRouteTableRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateRouteTable", (c, ct) => c.CreateRouteTableAsync(request, ct), cancellationToken);

    public Task<CreateRouteResponse> CreateRouteAsync(CreateRouteRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("CreateRoute", (c, ct) => c.CreateRouteAsync(request, ct), cancellationToken);

    public Task<AssociateRouteTableResponse> AssociateRouteTableAsync(AssociateRouteTableRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("AssociateRouteTable", (c, ct) => c.AssociateRouteTableAsync(request, ct), cancellationToken);

    public Task<DescribeRouteTablesResponse> DescribeRouteTablesAsync(DescribeRouteTablesRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeRouteTables", (c, ct) => c.DescribeRouteTablesAsync(request, ct), cancellationToken);

    public Task<DisassociateRouteTableResponse> DisassociateRouteTableAsync(DisassociateRouteTableRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DisassociateRouteTable", (c, ct) => c.DisassociateRouteTableAsync(request, ct), cancellationToken);

    public Task<DeleteRouteTableResponse> DeleteRouteTableAsync(DeleteRouteTableRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteRouteTable", (c, ct) => c.DeleteRouteTableAsync(request, ct), cancellationToken);

    public Task<DeleteRouteResponse> DeleteRouteAsync(DeleteRouteRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteRoute", (c, ct) => c.DeleteRouteAsync(request, ct), cancellationToken);
}
