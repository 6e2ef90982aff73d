using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Femto.Handlers;

/// <summary>Decides whether a TLS peer's certificate is trusted: the system's trust store and host-name check, plus
/// the certificates given with <see cref="SocketHandlerBuilder.WithTrustedCertificate"/> as extra roots (a private
/// CA or a self-signed peer); with <c>insecure</c>, anything. Remembers why it refused, for the error report.</summary>
internal sealed class TlsTrust(X509Certificate2Collection? extraRoots, bool insecure)
{
    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? LastRefusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastRefusal = null;
        if (insecure || errors == SslPolicyErrors.None) return true;
        // A name mismatch or a missing certificate is never rescued by an extra root.
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && extraRoots is { Count: > 0 } && certificate is not null
            && ChainsToExtraRoot(certificate, chain))
            return true;
        LastRefusal = errors switch
        {
            SslPolicyErrors.RemoteCertificateNameMismatch => "the certificate does not name the TLS domain",
            SslPolicyErrors.RemoteCertificateNotAvailable => "the peer sent no certificate",
            _ when errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) => "the certificate is not trusted and does not name the TLS domain",
            _ => "the certificate is not trusted" + ChainStatus(chain),
        };
        return false;
    }

    private bool ChainsToExtraRoot(X509Certificate certificate, X509Chain? presented)
    {
        using var leaf = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        return custom.Build(leaf);
    }

    private static string ChainStatus(X509Chain? chain) =>
        chain is { ChainStatus.Length: > 0 } ? " (" + string.Join(", ", chain.ChainStatus.Select(s => s.Status)) + ")" : "";
}
