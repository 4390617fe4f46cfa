using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EksSso.Sandbox.Kubernetes;

/// <summary>
/// A cluster's own CA (ECDSA P-256, self-signed, CN=kubernetes, ten years, as EKS makes one per cluster) and the
/// serving certificates it signs for the loopback listener. Kept as PEM in the sandbox state so a restarted sandbox
/// presents the same CA that kubeconfigs already trust.
/// </summary>
public sealed class KubeCertificateAuthority : IDisposable
{
    private static readonly TimeSpan s_caLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan s_serverLifetime = TimeSpan.FromDays(365);

    // Clients on a clock slightly behind ours must not see a certificate from the future.
    private static readonly TimeSpan s_backdate = TimeSpan.FromMinutes(5);

    private readonly ECDsa _key;

    private KubeCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
        KeyPem = key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>PKCS#8 PEM of the CA key.</summary>
    public string KeyPem { get; }

    /// <summary>What DescribeCluster reports as certificateAuthority.data and kubeconfig as certificate-authority-data.</summary>
    public string CertificateAuthorityData => Convert.ToBase64String(Encoding.ASCII.GetBytes(CertificatePem));

    public static KubeCertificateAuthority Create(DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var selfSigned = request.CreateSelfSigned(now - s_backdate, now - s_backdate + s_caLifetime);
        return new KubeCertificateAuthority(X509CertificateLoader.LoadCertificate(selfSigned.RawData), key);
    }

    public static KubeCertificateAuthority FromPem(string certificatePem, string keyPem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        return new KubeCertificateAuthority(X509Certificate2.CreateFromPem(certificatePem), key);
    }

    /// <summary>A serving certificate for 127.0.0.1 and localhost (and the in-cluster names), with its private key.</summary>
    public X509Certificate2 IssueServerCertificate(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        foreach (var name in new[] { "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" })
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notBefore = now - s_backdate;
        var notAfter = notBefore + s_serverLifetime;
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive, and no leading zero byte
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        using var issued = request.Create(Certificate.SubjectName, generator, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so the key is a persisted one: SslStream on Windows refuses ephemeral keys.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
