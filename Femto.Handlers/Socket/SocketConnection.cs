using System.Net.Sockets;

namespace Femto.Handlers;

/// <summary>One open connection as the stream a <see cref="RecordBuffer"/> writes to. Writes go out in chunks so a
/// failure can say how many bytes were handed over before it (<see cref="PartialWriteException"/>): frames wholly
/// in earlier chunks count as sent, the rest are kept and resent whole on the next connection.</summary>
internal sealed class SocketConnection(Socket socket, Stream stream) : WriteOnlyStream
{
    // Large enough for few syscalls, small enough that a failure resends little (TLS records are 16 KiB anyway).
    private const int Chunk = 64 * 1024;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int sent = 0;
        try
        {
            while (sent < buffer.Length)
            {
                int n = Math.Min(Chunk, buffer.Length - sent);
                stream.Write(buffer.Slice(sent, n));
                sent += n;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new PartialWriteException(sent, ex is IOException ? ex : new IOException(ex.Message, ex));
        }
    }

    /// <summary>True when the peer has closed its end (or reset it): readable with nothing to read. The receiver never
    /// sends data, so this is checked before a write instead of losing a batch to a connection already gone.</summary>
    public bool PeerClosed
    {
        get
        {
            try
            {
                return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return true;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { stream.Dispose(); }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException) { }
            socket.Dispose();
        }
        base.Dispose(disposing);
    }
}
