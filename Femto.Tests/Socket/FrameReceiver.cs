using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Femto.Handlers;

namespace Femto.Tests.Socket;

/// <summary>A real listener on loopback (an ephemeral TCP port, or a Unix socket path) that accepts any number of
/// connections and decodes the frames they carry, optionally over TLS; it can be killed (listener and every
/// connection closed at once) and started again on the same address, or accept and never read (a half-open peer).
/// Once <see cref="Kill"/> returns, nothing of the killed listener counts any more: no frame a reader had in hand and
/// no connection its accept loop was completing.</summary>
internal sealed class FrameReceiver : IDisposable
{
    private readonly X509Certificate2? _certificate;
    private readonly bool _neverRead;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _frames = new();
    private readonly ConcurrentBag<System.Net.Sockets.Socket> _connections = [];
    private readonly ConcurrentQueue<byte[]> _raw = new();
    private System.Net.Sockets.Socket? _listener;
    private CancellationTokenSource _stop = new();
    private readonly object _gate = new(); // Kill's cancel against readers' counting and the accept loop's adding
    private readonly EndPoint _bindTo;
    private int _count;
    private int _accepted;

    /// <summary>Connections accepted since the receiver was created.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Why the current accept loop ended without being killed, or null (shown in assertion messages).</summary>
    public Exception? AcceptFailure { get; private set; }

    private FrameReceiver(EndPoint bindTo, X509Certificate2? certificate, bool neverRead)
    {
        _bindTo = bindTo;
        _certificate = certificate;
        _neverRead = neverRead;
        Start();
    }

    public static FrameReceiver Tcp(X509Certificate2? tlsCertificate = null, bool neverRead = false) =>
        new(new IPEndPoint(IPAddress.Loopback, 0), tlsCertificate, neverRead);

    /// <summary>A receiver on a given loopback port (one a handler already targets).</summary>
    public static FrameReceiver TcpOn(int port) => new(new IPEndPoint(IPAddress.Loopback, port), null, false);

    public static FrameReceiver Unix(string path) => new(new UnixDomainSocketEndPoint(path), null, false);

    public int Port { get; private set; }

    /// <summary>Decoded frames, in arrival order (per connection).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Frames => [.. _frames];

    /// <summary>Every byte received, per read, for byte-level checks.</summary>
    public byte[] RawBytes => [.. _raw.SelectMany(b => b)];

    public int Count => Volatile.Read(ref _count);

    public bool KeepRaw { get; init; }

    /// <summary>Waits until at least <paramref name="count"/> frames have arrived.</summary>
    public bool WaitFor(int count, TimeSpan timeout) => SpinWait.SpinUntil(() => Count >= count, timeout);

    public void Start()
    {
        _stop = new CancellationTokenSource();
        AcceptFailure = null;
        var listener = new System.Net.Sockets.Socket(_bindTo.AddressFamily, SocketType.Stream, _bindTo is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        if (_bindTo is IPEndPoint) listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        if (_bindTo is UnixDomainSocketEndPoint unix && File.Exists(unix.ToString())) File.Delete(unix.ToString());
        listener.Bind(Port == 0 ? _bindTo : new IPEndPoint(IPAddress.Loopback, Port));
        listener.Listen(64);
        if (listener.LocalEndPoint is IPEndPoint ip) Port = ip.Port;
        _listener = listener;
        _ = AcceptLoop(listener, _stop.Token);
    }

    /// <summary>Closes the listener and resets every open connection, as a killed process would.</summary>
    public void Kill()
    {
        lock (_gate) _stop.Cancel(); // a reader or accept loop past its check finishes before this returns
        _listener?.Dispose();
        while (_connections.TryTake(out var c)) Reset(c);
    }

    private static void Reset(System.Net.Sockets.Socket connection)
    {
        try { connection.LingerState = new LingerOption(true, 0); } catch (SocketException) { } catch (ObjectDisposedException) { }
        connection.Dispose();
    }

    private async Task AcceptLoop(System.Net.Sockets.Socket listener, CancellationToken stop)
    {
        while (true)
        {
            System.Net.Sockets.Socket client;
            try { client = await listener.AcceptAsync(stop); }
            catch (Exception) when (stop.IsCancellationRequested) { return; } // killed
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue; // a peer that gave up while queued: the listener is fine
            }
            catch (Exception ex)
            {
                AcceptFailure = ex;
                return;
            }
            lock (_gate)
            {
                if (stop.IsCancellationRequested)
                {
                    Reset(client); // accepted as Kill ran: reset like the rest
                    return;
                }
                _connections.Add(client);
                Interlocked.Increment(ref _accepted);
            }
            _ = _neverRead ? Task.CompletedTask : Task.Run(() => Read(client, stop), CancellationToken.None);
        }
    }

    private async Task Read(System.Net.Sockets.Socket client, CancellationToken stop)
    {
        try
        {
            Stream stream = new NetworkStream(client, ownsSocket: false);
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, stop);
                stream = tls;
            }
            var pending = Array.Empty<byte>();
            var chunk = new byte[64 * 1024];
            while (true)
            {
                int n = await stream.ReadAsync(chunk, stop);
                if (n == 0) return;
                if (KeepRaw) _raw.Enqueue(chunk[..n]);
                pending = [.. pending, .. chunk.AsSpan(0, n)];
                var seq = new ReadOnlySequence<byte>(pending);
                while (RecordFrames.TryRead(ref seq, RecordFrames.DefaultMaxFrameSize, out IReadOnlyDictionary<string, object?> frame))
                {
                    lock (_gate)
                    {
                        if (stop.IsCancellationRequested) return; // killed: what it had read is lost, as with a real crash
                        _frames.Enqueue(frame);
                        Interlocked.Increment(ref _count);
                    }
                }
                pending = seq.ToArray();
            }
        }
        catch (Exception)
        {
            // killed, reset, or a failed handshake: the connection ends
        }
    }

    public void Dispose()
    {
        Kill();
        _stop.Dispose();
        if (_bindTo is UnixDomainSocketEndPoint unix && File.Exists(unix.ToString())) File.Delete(unix.ToString());
    }
}
