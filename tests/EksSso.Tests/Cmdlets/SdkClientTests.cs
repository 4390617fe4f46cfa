using Amazon.Runtime;
using EksSso.Engine.Aws;
using EksSso.Engine.Aws.Protocol;
using EksSso.Engine.Aws.Services.Ec2;
using Xunit;

namespace EksSso.Tests.Cmdlets;

/// <summary>AWSSDK-backed clients go to our resolved endpoint, sign for our region and report to the call log.</summary>
public sealed class SdkClientTests
{
    private sealed class Records : IAwsCallObserver
    {
        public List<AwsCallRecord> All { get; } = [];

        public void OnCall(AwsCallRecord record) => All.Add(record);
    }

    [Fact]
    public async Task Ec2_goes_through_the_resolved_endpoint_and_the_call_log()
    {
        using var server = new FakeStsServer(reply: form => form.Contains("Action=DescribeAvailabilityZones", StringComparison.Ordinal)
            ? "<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>ec2-req-1</requestId><availabilityZoneInfo>" +
              "<item><zoneName>eu-west-1a</zoneName><zoneState>available</zoneState><regionName>eu-west-1</regionName><zoneId>euw1-az1</zoneId></item>" +
              "<item><zoneName>eu-west-1b</zoneName><zoneState>available</zoneState><regionName>eu-west-1</regionName><zoneId>euw1-az2</zoneId></item>" +
              "</availabilityZoneInfo></DescribeAvailabilityZonesResponse>"
            : "<Response><Errors><Error><Code>InvalidAction</Code><Message>unexpected</Message></Error></Errors><RequestID>x</RequestID></Response>");
        var env = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_EC2"] = server.Url };
        var session = new AwsSession(new BasicAWSCredentials("AKIDEC2EXAMPLE", "ec2-secret"), "eu-west-1", "test", "test", environment: n => env.GetValueOrDefault(n));
        var records = new Records();

        var reply = await new Ec2Client(new AwsTransport(session, records)).DescribeAvailabilityZonesAsync(CancellationToken.None);

        Assert.Equal(["eu-west-1a", "eu-west-1b"], reply.AvailabilityZones.Select(z => z.ZoneName));
        Assert.Equal("AKIDEC2EXAMPLE", server.LastAccessKey);
        Assert.Equal("eu-west-1", server.LastRegion);
        Assert.Contains("/ec2/aws4_request", server.Authorizations.Last());
        var record = Assert.Single(records.All);
        Assert.Equal(("EC2", "DescribeAvailabilityZones", 200, 1), (record.Service, record.Operation, record.StatusCode, record.Attempts));
    }
}
