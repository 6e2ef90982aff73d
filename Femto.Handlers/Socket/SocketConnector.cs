using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Femto.Handlers;

/// <summary>Opens connections to a <see cref="SocketTarget"/>: TCP (every address the host name resolves to, in
/// turn) or a Unix socket, then the TLS handshake, all within the connect timeout measured on the handler's clock.
/// Failures surface as <see cref="IOException"/> saying what failed.</summary>
internal sealed class SocketConnector(SocketTarget target, TimeProvider time)
{
    private readonly TlsTrust _trust = new(target.TrustedCertificates, target.TlsInsecure);

    public SocketConnection Connect()
    {
        using var timeout = new CancellationTokenSource(target.ConnectTimeout, time);
        try
        {
            return target.UnixPath is { } path
                ? Open(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(path), timeout.Token)
                : ConnectTcp(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new IOException($"connecting to {target} timed out after {target.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch (AuthenticationException ex)
        {
            throw new IOException($"TLS handshake with {target} failed: {_trust.LastRefusal ?? ex.Message}", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException($"connecting to {target} failed: {ex.Message}", ex);
        }
    }

    private SocketConnection ConnectTcp(CancellationToken token)
    {
        var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : Dns.GetHostAddressesAsync(target.Host, token).GetAwaiter().GetResult();
        if (addresses.Length == 0) throw new IOException($"'{target.Host}' resolves to no address");
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return Open(new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, new IPEndPoint(address, target.Port), token);
            }
            catch (SocketException ex)
            {
                last = ex; // refused on ::1, perhaps listening on 127.0.0.1: try the next address
            }
        }
        throw last!;
    }

    private static bool IsConnectedToItself(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local && socket.RemoteEndPoint is IPEndPoint remote && local.Equals(remote);

    private SocketConnection Open(Socket socket, EndPoint endPoint, CancellationToken token)
    {
        try
        {
            socket.ConnectAsync(endPoint, token).AsTask().GetAwaiter().GetResult();
            if (IsConnectedToItself(socket))
            {
                // Nothing listened there, and the kernel picked that very port as ours: TCP simultaneous open
                // joined the socket to itself. Writes would "succeed" into our own buffer (records counted as sent
                // that nobody gets) while the port stays taken from the collector. A reset frees it at once.
                socket.LingerState = new LingerOption(true, 0);
                throw new IOException($"connecting to {target} failed: the connection reached itself (nothing listens on that port)");
            }
            // The write timeout is the socket's own send timer: a peer that stops reading (or vanished without a
            // FIN) fails the blocked write instead of holding the worker.
            socket.SendTimeout = (int)Math.Min(int.MaxValue, target.WriteTimeout.TotalMilliseconds);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (target.TlsDomain is { } domain)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = domain,
                    RemoteCertificateValidationCallback = _trust.Validate,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                }, token).GetAwaiter().GetResult();
            }
            return new SocketConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
