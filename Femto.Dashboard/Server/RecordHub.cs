using System.Net.WebSockets;

namespace Femto.Dashboard.Server;

/// <summary>Fans records out to the open pages: keeps the replay history, hands each batch to every page's queue,
/// serves new pages (history after the sequence number they already have, then live records, with no gap or
/// duplicate between the two), and keeps the checkpoint list pages are sent.</summary>
internal sealed class RecordHub : IDisposable
{
    private readonly object _lock = new();
    private readonly object _snapshotLock = new(); // reading SQLite never holds up Publish
    private readonly RecordHistory _history;
    private readonly List<DashboardClient> _clients = [];
    private readonly List<Task> _running = [];
    private readonly List<RecordEntry> _scratch = [];
    private readonly CheckpointStore _checkpoints;
    private readonly Func<long> _queueDropped;
    private readonly int _clientCapacity;
    private readonly int _pageLimit;
    private readonly CancellationTokenSource _closing = new();
    private long _checkpointsVersion;
    private (long Version, byte[] Json)? _checkpointsSnapshot;
    private long _droppedByGoneClients;
    private int _nextClientId;

    public RecordHub(int bufferSize, int clientCapacity, CheckpointStore checkpoints, Func<long> queueDropped, TimeProvider time, TimeSpan closeTimeout)
    {
        _history = new RecordHistory(bufferSize);
        _clientCapacity = clientCapacity;
        _checkpoints = checkpoints;
        _queueDropped = queueDropped;
        Time = time;
        CloseTimeout = closeTimeout;
        // Pages keep at least 100,000 records (what the list is built to scroll smoothly), at most a million.
        _pageLimit = Math.Clamp(bufferSize, 100_000, 1_000_000);
        checkpoints.Changed += (_, _) => CheckpointsChanged();
    }

    /// <summary>Identifies this dashboard to pages, so one that reconnects here asks only for what it missed.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>The dashboard's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>How long <see cref="Close"/> waits for pages (see <see cref="DashboardOptions.CloseTimeout"/>).</summary>
    public TimeSpan CloseTimeout { get; }

    /// <summary>Pages connected now.</summary>
    public int ClientCount
    {
        get { lock (_lock) return _clients.Count; }
    }

    /// <summary>Records dropped for slow pages, over every page ever connected.</summary>
    public long ClientDroppedCount
    {
        get { lock (_lock) return _droppedByGoneClients + _clients.Sum(c => c.Dropped); }
    }

    /// <summary>Records the handler's own queue dropped.</summary>
    public long QueueDropped => _queueDropped();

    /// <summary>Changes whenever the checkpoint list does.</summary>
    public long CheckpointsVersion => Interlocked.Read(ref _checkpointsVersion);

    /// <summary>Adds records to the history and every page's queue (handler worker).</summary>
    public void Publish(List<byte[]> records)
    {
        if (records.Count == 0) return;
        lock (_lock)
        {
            _scratch.Clear();
            foreach (var json in records) _scratch.Add(_history.Add(json));
            foreach (var client in _clients) client.Offer(_scratch);
            _scratch.Clear();
        }
    }

    /// <summary>Serves one page until it closes. <paramref name="since"/> is the last sequence number the page holds
    /// from <paramref name="instance"/> (its previous connection); from another instance it gets the whole history.</summary>
    public async Task ServeAsync(WebSocket socket, long since, string? instance)
    {
        DashboardClient client;
        byte[] hello;
        lock (_lock)
        {
            if (_closing.IsCancellationRequested) return;
            var replay = _history.After(instance == Instance ? Math.Max(0, since) : 0);
            client = new DashboardClient(++_nextClientId, socket, this, replay, _clientCapacity);
            hello = HelloJson(replay.Length);
            _clients.Add(client);
        }
        var run = client.RunAsync(hello, _closing.Token);
        lock (_lock) _running.Add(run);
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _clients.Remove(client);
                _running.Remove(run);
                _droppedByGoneClients += client.Dropped;
            }
            client.Dispose();
        }
    }

    /// <summary>The checkpoint list as a message, built once per change.</summary>
    public (long Version, byte[] Json) CheckpointsSnapshot()
    {
        lock (_snapshotLock)
        {
            long version = CheckpointsVersion;
            if (_checkpointsSnapshot is { } cached && cached.Version == version) return cached;
            byte[] json;
            try { json = MessageWriter.Checkpoints(_checkpoints.List()); }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or IOException)
            {
                FemtoDiagnostics.Report($"dashboard: could not read checkpoints: {ex.Message}");
                json = MessageWriter.Checkpoints([]);
            }
            _checkpointsSnapshot = (version, json);
            return (version, json);
        }
    }

    /// <summary>Sends every page what is queued for it and closes it, waiting up to <see cref="CloseTimeout"/>; pages
    /// still sending then are cut off.</summary>
    public void Close()
    {
        Task[] running;
        DashboardClient[] clients;
        lock (_lock)
        {
            if (_closing.IsCancellationRequested) return;
            _closing.Cancel();
            running = [.. _running];
            clients = [.. _clients];
        }
        foreach (var c in clients) c.Wake();
        try { Task.WhenAll(running).Wait(CloseTimeout); }
        catch (AggregateException) { /* each client handles its own failures */ }
        foreach (var c in clients) c.Abort();
    }

    /// <inheritdoc/>
    public void Dispose() => _closing.Dispose();

    private void CheckpointsChanged()
    {
        Interlocked.Increment(ref _checkpointsVersion);
        lock (_lock) foreach (var c in _clients) c.Wake();
    }

    private byte[] HelloJson(int replay)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageWriter.Hello(buffer, Instance, _history.Capacity, _pageLimit, replay);
        return buffer.WrittenSpan.ToArray();
    }
}
