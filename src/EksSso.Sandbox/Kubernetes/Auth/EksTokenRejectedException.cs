namespace EksSso.Sandbox.Kubernetes.Auth;

/// <summary>
/// Why a bearer token or the identity behind it was turned away. The API server answers every such case with the
/// same bare 401 (as EKS does); <see cref="Detail"/> is for the sandbox's log and for tests, and never contains the
/// token or any part of it that is a secret.
/// </summary>
public sealed class EksTokenRejectedException(string detail) : Exception(detail)
{
    public string Detail { get; } = detail;
}
