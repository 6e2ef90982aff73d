using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Femto.Handlers;

namespace Femto.Cli;

/// <summary>The receiving end of <see cref="FemtoSocketHandler"/>: listens on TCP (optionally TLS) and Unix sockets,
/// accepts any number of senders, decodes each frame as untrusted data and hands the records to the output. A
/// malformed, truncated or oversize frame closes only that connection (counted and reported on stderr).</summary>
internal sealed class Collector(ListenOptions options, CollectorOutput output, X509Certificate2? certificate, TextWriter stderr) : IDisposable
{
    private static readonly TimeSpan DrainIdle = TimeSpan.FromMilliseconds(200);
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _connections = [];
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _drainDeadline = new();
    private readonly object _sync = new();
    private long _records, _accepted, _malformed, _incomplete, _lastReportSecond;
    private int _reportsThisSecond;
    private volatile bool _stopping;

    public long Records => Interlocked.Read(ref _records);
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Binds every listener and prints <c>listening on …</c> for each; throws if one cannot bind.</summary>
    public void Start(TextWriter stdout)
    {
        foreach (var (host, port) in options.Tcp)
        {
            var address = IPAddress.TryParse(host, out var ip) ? ip
                : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6).First();
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Bind(listener, new IPEndPoint(address, port));
            int bound = ((IPEndPoint)listener.LocalEndPoint!).Port;
            stdout.WriteLine($"listening on {(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host)}:{bound}");
            _ = Accept(listener, tls: certificate is not null);
        }
        foreach (var path in options.Unix)
        {
            if (File.Exists(path)) File.Delete(path); // a stale socket file from an earlier run
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            Bind(listener, new UnixDomainSocketEndPoint(path));
            stdout.WriteLine($"listening on unix:{path}");
            _ = Accept(listener, tls: false);
        }
        stdout.Flush();
    }

    private void Bind(Socket listener, EndPoint endPoint)
    {
        try
        {
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listeners.Add(listener);
    }

    /// <summary>Stops accepting, lets open connections finish the frames already sent (until they go quiet for a
    /// moment, or <paramref name="deadline"/>), then closes them.</summary>
    public void Stop(TimeSpan deadline)
    {
        _stopping = true;
        _stopAccepting.Cancel();
        foreach (var listener in _listeners) listener.Dispose();
        foreach (var path in options.Unix)
            try { File.Delete(path); } catch (IOException) { }
        _drainDeadline.CancelAfter(deadline);
        Task[] open;
        lock (_sync) open = [.. _connections];
        Task.WaitAll(open, deadline + TimeSpan.FromSeconds(1));
    }

    /// <summary>The one-line summary printed at exit.</summary>
    public string Summary => $"femto listen: {Records} records from {Interlocked.Read(ref _accepted)} connections; " +
                             $"{Malformed} connections closed for malformed frames; {Interlocked.Read(ref _incomplete)} ended inside a frame";

    private async Task Accept(Socket listener, bool tls)
    {
        while (!_stopAccepting.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(_stopAccepting.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            Interlocked.Increment(ref _accepted);
            var task = Task.Run(() => Serve(client, tls));
            lock (_sync)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task Serve(Socket client, bool tls)
    {
        string peer = client.RemoteEndPoint?.ToString() is { Length: > 0 } p ? p : "unix peer";
        var record = new FemtoRecordBuilder();
        await using Stream network = new NetworkStream(client, ownsSocket: true);
        Stream stream = network;
        try
        {
            if (tls)
            {
                var ssl = new SslStream(network, leaveInnerStreamOpen: true);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_drainDeadline.Token);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token);
            }
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await Read(reader);
                }
                catch (OperationCanceledException)
                {
                    return; // stopping: the frames already received were handed on
                }
                var buffer = result.Buffer;
                try
                {
                    while (RecordFrames.TryRead(ref buffer, options.MaxFrame, record))
                    {
                        output.Deliver(record.View);
                        Interlocked.Increment(ref _records);
                    }
                }
                catch (InvalidDataException ex)
                {
                    Interlocked.Increment(ref _malformed);
                    Report($"closed {peer}: {ex.Message}");
                    return;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        Interlocked.Increment(ref _incomplete);
                        Report($"{peer} closed the connection inside a frame ({buffer.Length} bytes of it received): truncated frame dropped");
                    }
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_stopping) Report($"connection from {peer} ended: {ex.Message}");
        }
        finally
        {
            if (!ReferenceEquals(stream, network)) await stream.DisposeAsync();
        }
    }

    /// <summary>Reads more; once stopping, gives up when the peer goes quiet for a moment or the drain deadline passes.</summary>
    private async ValueTask<ReadResult> Read(PipeReader reader)
    {
        if (!_stopping)
        {
            try { return await reader.ReadAsync(_stopAccepting.Token); }
            catch (OperationCanceledException) { /* stop requested while waiting: drain below */ }
        }
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(_drainDeadline.Token);
        quiet.CancelAfter(DrainIdle);
        return await reader.ReadAsync(quiet.Token);
    }

    public void Dispose()
    {
        _stopAccepting.Dispose();
        _drainDeadline.Dispose();
    }

    /// <summary>Reports on stderr, at most 10 lines a second (hostile peers must not flood it).</summary>
    private void Report(string message)
    {
        long second = Environment.TickCount64 / 1000;
        lock (_sync)
        {
            if (second != _lastReportSecond)
            {
                _lastReportSecond = second;
                _reportsThisSecond = 0;
            }
            if (++_reportsThisSecond > 10) return;
            stderr.WriteLine($"femto listen: {message} ({Malformed} malformed so far)");
        }
    }
}
