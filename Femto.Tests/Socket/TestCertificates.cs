using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Femto.Tests.Socket;

/// <summary>Certificates made in the test with <see cref="CertificateRequest"/>: a self-signed server certificate for
/// <c>localhost</c>/127.0.0.1 with its private key, and its public part as a PEM file to trust.</summary>
internal static class TestCertificates
{
    /// <summary>A self-signed certificate (with key, usable by a TLS server) and the path of its PEM.</summary>
    public static (X509Certificate2 Certificate, string PemPath) SelfSigned(string directory, string dnsName = "localhost", string? keyPemPath = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the key is one a TLS server can use on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        string pem = Path.Combine(directory, dnsName + ".pem");
        File.WriteAllText(pem, created.ExportCertificatePem());
        if (keyPemPath is not null) File.WriteAllText(keyPemPath, key.ExportPkcs8PrivateKeyPem());
        return (certificate, pem);
    }
}
