using System.Buffers;
using System.Net.WebSockets;

namespace Femto.Dashboard.Server;

/// <summary>One open page: its own bounded queue of records and a send loop that drains it in batches. The handler's
/// worker only appends to the queue (<see cref="Offer"/>); when the page falls more than the queue's capacity behind,
/// the newest records are dropped for this page alone and counted, and the count travels with the next batch, so a
/// slow browser never slows the application or the other pages.</summary>
internal sealed class DashboardClient : IDisposable
{
    private const int MaxRecordsPerMessage = 2000;
    private const int MaxBytesPerMessage = 512 * 1024;

    private readonly WebSocket _socket;
    private readonly RecordHub _hub;
    private readonly int _capacity;
    private readonly object _lock = new();
    private readonly Queue<RecordEntry> _live = new();
    private RecordEntry[] _replay;
    private int _replayAt;
    private long _dropped;
    private long _reportedDropped;
    private long _lastReportAt = long.MinValue;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _gone = new();
    private long _checkpointsSent = -1;

    public DashboardClient(int id, WebSocket socket, RecordHub hub, RecordEntry[] replay, int capacity)
    {
        Id = id;
        _socket = socket;
        _hub = hub;
        _replay = replay;
        _capacity = capacity;
    }

    /// <summary>Numbers the page in reports.</summary>
    public int Id { get; }

    /// <summary>Records dropped for this page because it fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues records for this page (handler worker). Never blocks on the network.</summary>
    public void Offer(List<RecordEntry> entries)
    {
        int dropped;
        lock (_lock)
        {
            int take = Math.Min(entries.Count, _capacity - _live.Count);
            for (int i = 0; i < take; i++) _live.Enqueue(entries[i]);
            dropped = entries.Count - take;
            if (dropped > 0) Interlocked.Add(ref _dropped, dropped);
        }
        if (dropped > 0) ReportDrops();
        Wake();
    }

    /// <summary>Makes the send loop look for work (records or a new checkpoint list).</summary>
    public void Wake()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { /* another thread woke it first */ }
        catch (ObjectDisposedException) { /* the page has gone */ }
    }

    /// <summary>Ends the connection at once (a page that did not drain in time when the dashboard closes).</summary>
    public void Abort()
    {
        try { _gone.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>Serves the page until it goes away, or until <paramref name="closing"/> fires: then what is queued is
    /// sent and the socket closed normally.</summary>
    public async Task RunAsync(byte[] hello, CancellationToken closing)
    {
        var receive = ReceiveUntilClosedAsync();
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(_gone.Token, closing);
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        var batch = new List<RecordEntry>();
        try
        {
            await SendAsync(hello).ConfigureAwait(false);
            while (!_gone.IsCancellationRequested)
            {
                if (_hub.CheckpointsVersion != _checkpointsSent)
                {
                    var (version, snapshot) = _hub.CheckpointsSnapshot();
                    await SendAsync(snapshot).ConfigureAwait(false);
                    _checkpointsSent = version;
                    continue;
                }
                if (TakeBatch(batch))
                {
                    message.ResetWrittenCount();
                    MessageWriter.Records(message, batch, Dropped, _hub.QueueDropped);
                    await SendAsync(message.WrittenMemory).ConfigureAwait(false);
                    continue;
                }
                if (closing.IsCancellationRequested) break; // drained: close normally
                try { await _wake.WaitAsync(waiting.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { /* closing or gone: look again */ }
            }
            if (!_gone.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "dashboard closed", _gone.Token).ConfigureAwait(false);
                // Let the page answer the close before the socket goes.
                try { await receive.WaitAsync(_hub.CloseTimeout, _hub.Time, CancellationToken.None).ConfigureAwait(false); }
                catch (TimeoutException) { }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The page went away mid-send; it reconnects by itself and asks for what it missed.
        }
        finally
        {
            _gone.Cancel();
            if (_socket.State != WebSocketState.Closed) _socket.Abort(); // a completed close handshake needs no abort
            await receive.ConfigureAwait(false);
            ReportDrops(final: true);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _gone.Dispose();
        _wake.Dispose();
    }

    private ValueTask SendAsync(ReadOnlyMemory<byte> message) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _gone.Token);

    /// <summary>Moves the next batch (replayed history first, then live records) into <paramref name="batch"/>.</summary>
    private bool TakeBatch(List<RecordEntry> batch)
    {
        batch.Clear();
        int bytes = 0;
        lock (_lock)
        {
            while (batch.Count < MaxRecordsPerMessage && bytes < MaxBytesPerMessage)
            {
                RecordEntry next;
                if (_replayAt < _replay.Length) next = _replay[_replayAt++];
                else if (!_live.TryDequeue(out next)) break;
                batch.Add(next);
                bytes += next.Json.Length;
            }
            if (_replayAt == _replay.Length && _replay.Length > 0)
            {
                _replay = []; // history served: let it go
                _replayAt = 0;
            }
        }
        return batch.Count > 0;
    }

    /// <summary>Reads (and ignores) what the page sends, to notice when it closes.</summary>
    private async Task ReceiveUntilClosedAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _gone.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
            if (_socket.State == WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _gone.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            try { _gone.Cancel(); } catch (ObjectDisposedException) { }
            Wake();
        }
    }

    /// <summary>Reports drops for this page at most once a second, and once more when it leaves.</summary>
    private void ReportDrops(bool final = false)
    {
        long dropped = Dropped;
        long now = _hub.Time.GetTimestamp();
        lock (_lock)
        {
            if (dropped == _reportedDropped) return;
            if (!final && _lastReportAt != long.MinValue && _hub.Time.GetElapsedTime(_lastReportAt, now) < TimeSpan.FromSeconds(1)) return;
            _reportedDropped = dropped;
            _lastReportAt = now;
        }
        FemtoDiagnostics.Report($"dashboard: page {Id} is too slow: {dropped} records dropped for it so far (its queue holds {_capacity}).");
    }
}
