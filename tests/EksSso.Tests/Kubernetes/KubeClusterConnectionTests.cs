using System.Net;
using EksSso.Engine.Aws;
using EksSso.Engine.Kubernetes;
using k8s.Autorest;
using Xunit;

namespace EksSso.Tests.Kubernetes;

public sealed class KubeClusterConnectionTests
{
    private const string Token = "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9uPUdldENhbGxlcklkZW50aXR5";

    private static HttpOperationException Failure(HttpStatusCode status, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://cluster.example/api/v1/nodes");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        using var response = new HttpResponseMessage(status) { ReasonPhrase = status.ToString() };
        return new HttpOperationException($"Operation returned an invalid status code '{status}'")
        {
            Request = new HttpRequestMessageWrapper(request, null),
            Response = new HttpResponseMessageWrapper(response, body),
        };
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "KubernetesUnauthorized", AwsErrorKind.Authentication)]
    [InlineData(HttpStatusCode.Forbidden, "KubernetesForbidden", AwsErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.NotFound, "KubernetesNotFound", AwsErrorKind.NotFound)]
    [InlineData(HttpStatusCode.Conflict, "KubernetesConflict", AwsErrorKind.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError, "KubernetesError", AwsErrorKind.Other)]
    public void Translate_KeepsStatusAndMessage_NotTheRequestWithItsToken(HttpStatusCode status, string errorId, AwsErrorKind kind)
    {
        var failure = Failure(status, "{\"kind\":\"Status\",\"message\":\"nodes is forbidden: User \\\"x\\\" cannot list resource \\\"nodes\\\"\"}");
        Assert.Contains(Token, failure.Request.Headers["Authorization"].Single(), StringComparison.Ordinal);

        var translated = KubeClusterConnection.Translate(failure, "demo", "list the nodes");

        Assert.Equal(errorId, translated.ErrorId);
        Assert.Equal(kind, translated.Kind);
        Assert.Equal((int)status, translated.KubernetesStatus);
        Assert.Equal((int)status, KubeClusterConnection.StatusOf(translated));
        Assert.Null(translated.InnerException);
        Assert.Contains("demo", translated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("k8s-aws-v1", translated.ToString(), StringComparison.Ordinal);
        if (status != HttpStatusCode.Unauthorized)
        {
            Assert.Contains("cannot list resource \"nodes\"", translated.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StatusOf_IsNullForOtherErrors()
    {
        Assert.Null(KubeClusterConnection.StatusOf(new EksSsoException("X", AwsErrorKind.Other, "x")));
        Assert.Null(KubeClusterConnection.StatusOf(new InvalidOperationException()));
        Assert.Equal(409, KubeClusterConnection.StatusOf(Failure(HttpStatusCode.Conflict, "")));
    }
}
