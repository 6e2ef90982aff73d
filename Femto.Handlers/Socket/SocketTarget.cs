using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Femto.Handlers;

/// <summary>Where and how a socket handler connects (validated by <see cref="SocketHandlerBuilder.Build"/>).</summary>
internal sealed record SocketTarget(
    string Host, int Port, string? UnixPath, string? TlsDomain, bool TlsInsecure, X509Certificate2Collection? TrustedCertificates,
    TimeSpan ConnectTimeout, TimeSpan WriteTimeout)
{
    public bool Tls => TlsDomain is not null;

    /// <summary><c>host:port</c>, <c>tls://host:port</c> or <c>unix:PATH</c>, for names and reports.</summary>
    public override string ToString() => UnixPath is { } path ? "unix:" + path
        : string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "tls://" : "")}{Host}:{Port}");
}
