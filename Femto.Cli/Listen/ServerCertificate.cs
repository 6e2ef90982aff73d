using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Femto.Cli;

/// <summary>Loads the collector's TLS certificate: a PKCS#12 file (.pfx/.p12, no password), or a PEM certificate
/// with its private key in the same file or in <c>--tls-key</c>.</summary>
internal static class ServerCertificate
{
    public static X509Certificate2 Load(string certPath, string? keyPath)
    {
        try
        {
            string ext = Path.GetExtension(certPath).ToLowerInvariant();
            if (keyPath is null && ext is ".pfx" or ".p12") return X509CertificateLoader.LoadPkcs12FromFile(certPath, null);
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // Through PKCS#12 so the key is one a TLS server can use (an ephemeral PEM key is not, on some platforms).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"cannot load the TLS certificate '{certPath}'{(keyPath is null ? "" : $" with key '{keyPath}'")}: {ex.Message}", ex);
        }
    }
}
