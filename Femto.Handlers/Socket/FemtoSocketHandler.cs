namespace Femto.Handlers;

/// <summary>Ships records to a collector over TCP, TLS or a Unix socket as length-prefixed MessagePack frames
/// (<see cref="RecordFrames"/>), from its own worker thread. Build it with <see cref="SocketHandlerBuilder"/>.</summary>
/// <remarks>
/// <para>Frames are encoded on the worker into one buffer and written once per batch (or per 64 KiB). The handler
/// connects on its first record and reconnects after failures with <see cref="Backoff"/>: while the peer is down,
/// frames wait in a buffer bounded by the queue capacity (and 4 MiB or two frames); when it is full the worker waits
/// for the next attempt, so the queue fills and each caller's overflow policy decides (Drop callers never wait).
/// After <see cref="BackoffConfig.DeadlineMs"/> of continuous failure what is buffered is dropped and counted, and
/// records arriving while the peer stays down are dropped as they come; attempts go on. A peer that stops reading
/// is detected by the write timeout. Every record is sent, dropped with a reason (<see cref="DroppedBy"/>), or still
/// buffered.</para>
/// <para><see cref="FemtoHandler.Flush()"/> returns true only when every frame queued before it reached the socket;
/// it makes an attempt at once unless the backoff says to wait. Close makes one last attempt, then counts what it
/// could not send as dropped (<see cref="DropReason.Closed"/>). The formatter setting is not used: the frame layout
/// is fixed.</para>
/// </remarks>
public sealed class FemtoSocketHandler : FemtoHandler
{
    private const int SendThreshold = 64 * 1024;

    private readonly SocketConnector _connector;
    private readonly RecordBuffer _frames = new(SendThreshold + 4096);
    private readonly Backoff _backoff;
    private readonly int _maxBufferedBytes;
    private readonly ManualResetEventSlim _wake = new(false);
    private SocketConnection? _connection;
    private bool _everConnected;
    private bool _lostSinceFlush;
    private bool _closingAttempted;
    private readonly DropCounts _drops = new();
    private long _sent, _reconnects;
    private volatile bool _connected;
    private volatile string? _lastError;

    internal FemtoSocketHandler(SocketTarget target, HandlerSettings settings, BackoffConfig backoff, int maxFrameSize)
        : base("socket '" + target + "'", settings)
    {
        Target = target.ToString();
        MaxFrameSize = maxFrameSize;
        _connector = new SocketConnector(target, settings.TimeProvider);
        _backoff = new Backoff(backoff, settings.TimeProvider);
        _maxBufferedBytes = Math.Max(4 * 1024 * 1024, 2 * maxFrameSize);
        if (target.Tls && target.TlsInsecure)
            FemtoDiagnostics.Report($"{Name}: TLS certificate validation is OFF (insecure: true): the peer is not authenticated.");
    }

    /// <summary>Where the handler sends: <c>host:port</c>, <c>tls://host:port</c> or <c>unix:PATH</c>.</summary>
    public string Target { get; }

    /// <summary>The largest frame sent, in bytes; larger records are dropped (<see cref="DropReason.Oversize"/>).</summary>
    public int MaxFrameSize { get; }

    /// <summary>The retry timings.</summary>
    public BackoffConfig BackoffConfig => _backoff.Config;

    /// <summary>Records written to the socket whole.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Connections opened after the first one (each reconnection after a failure or a closed peer).</summary>
    public long ReconnectCount => Interlocked.Read(ref _reconnects);

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _connected;

    /// <summary>The last connection or write failure, or null if there has been none.</summary>
    public string? LastError => _lastError;

    /// <summary>Records dropped for <paramref name="reason"/>. The reasons add up to <see cref="FemtoHandler.DroppedCount"/>.</summary>
    public long DroppedBy(DropReason reason) => _drops.Of(reason, DroppedCount);

    /// <summary>Unhealthy while the peer cannot be reached (with the last error and how many records wait);
    /// Degraded for a while after a failure the handler recovered from, or after drops; otherwise Healthy.</summary>
    public override HandlerHealth Health
    {
        get
        {
            var health = base.Health;
            return IsClosed ? health : _backoff.Judge(health, Target, _lastError, "buffering records");
        }
    }

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        if (_connection is null && _backoff.DeadlinePassed && _backoff.RetryIn > TimeSpan.Zero)
        {
            Lose(DropReason.Deadline, 1); // the peer has been down past the deadline: drop as records come
            return;
        }
        bool fits;
        try
        {
            fits = RecordFrames.Write(record, _frames.Writer, MaxFrameSize);
        }
        catch
        {
            _frames.Discard();
            throw;
        }
        if (!fits)
        {
            Lose(DropReason.Oversize, 1);
            return;
        }
        _frames.Commit();
        if (_frames.PendingBytes >= SendThreshold) Send();
        while (IsFull && !GiveUpIfPastDeadline())
        {
            // The peer is down and the buffer is full: wait for the next attempt, so the queue fills behind us and
            // callers' overflow policies decide, rather than growing or dropping here.
            if (IsClosed)
            {
                if (_closingAttempted)
                {
                    Lose(DropReason.Closed, _frames.DropAll());
                    break;
                }
                _closingAttempted = true;
            }
            else WaitForRetry();
            Send(ignoreBackoff: IsClosed);
        }
    }

    private bool IsFull => _frames.Count >= Capacity || _frames.PendingBytes >= _maxBufferedBytes;

    /// <inheritdoc/>
    protected override void EndBatch()
    {
        if (_frames.Count > 0) Send();
    }

    /// <inheritdoc/>
    protected override bool FlushSink()
    {
        if (_frames.Count > 0) Send(ignoreBackoff: IsClosed && !_closingAttempted);
        if (IsClosed) _closingAttempted = true;
        bool ok = _frames.Count == 0 && !_lostSinceFlush;
        _lostSinceFlush = false;
        return ok;
    }

    /// <inheritdoc/>
    protected override bool HasBufferedOutput => _frames.Count > 0;

    /// <inheritdoc/>
    protected override TimeSpan IdleInterval => IdleTime + _backoff.RetryIn; // retries while no records arrive

    /// <inheritdoc/>
    protected override void OnIdle()
    {
        if (_frames.Count > 0 && _backoff.RetryIn == TimeSpan.Zero) Send();
        GiveUpIfPastDeadline();
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try
        {
            if (_frames.Count > 0 && !_closingAttempted) Send(ignoreBackoff: true);
            Lose(DropReason.Closed, _frames.DropAll());
        }
        finally
        {
            Disconnect();
            _wake.Dispose();
        }
    }

    /// <summary>Writes the buffered frames, connecting first if needed (when the backoff allows). False when they
    /// were not all written; they stay buffered, in order.</summary>
    private bool Send(bool ignoreBackoff = false)
    {
        if (_frames.Count == 0) return true;
        if (_connection is { PeerClosed: true })
        {
            // The collector closed (restarted, or dropped an idle connection): reconnect at once, not a failure yet.
            Disconnect();
            _lastError = $"{Target} closed the connection";
        }
        if (_connection is null)
        {
            if (!ignoreBackoff && _backoff.RetryIn > TimeSpan.Zero) return false;
            if (!Connect()) return false;
        }
        var result = _frames.WriteTo(_connection!, SinkFailurePolicy.KeepUnwritten);
        Interlocked.Add(ref _sent, result.Written);
        if (result.Ok)
        {
            _backoff.Succeeded();
            return true;
        }
        Failed(result.Error!);
        return false;
    }

    private bool Connect()
    {
        try
        {
            _connection = _connector.Connect();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Failed(ex);
            return false;
        }
        _connected = true;
        if (_everConnected) Interlocked.Increment(ref _reconnects);
        _everConnected = true;
        _frames.ResendHead(); // a frame cut by the last failure goes out whole on the new connection
        return true;
    }

    private void Failed(Exception error)
    {
        Disconnect();
        _frames.ResendHead();
        _backoff.Failed();
        _lastError = error.Message;
        ReportError(error);
        GiveUpIfPastDeadline();
    }

    /// <summary>Past the deadline, drops (and counts) everything buffered. True when it did.</summary>
    private bool GiveUpIfPastDeadline()
    {
        if (_connection is not null || !_backoff.DeadlinePassed) return false;
        Lose(DropReason.Deadline, _frames.DropAll());
        return true;
    }

    private void Lose(DropReason reason, long records)
    {
        if (records <= 0) return;
        _drops.Add(reason, records);
        _lostSinceFlush = true;
        ReportDroppedRecords(records);
    }

    private void WaitForRetry()
    {
        var delay = _backoff.RetryIn;
        if (delay <= TimeSpan.Zero) return;
        _wake.Reset();
        using var timer = TimeProvider.CreateTimer(static s => ((ManualResetEventSlim)s!).Set(), _wake, delay, Timeout.InfiniteTimeSpan);
        // Checked in slices so a close does not wait out the backoff.
        while (!_wake.Wait(50))
            if (IsClosed) return;
    }

    private void Disconnect()
    {
        _connected = false;
        var connection = _connection;
        _connection = null;
        connection?.Dispose();
    }
}
