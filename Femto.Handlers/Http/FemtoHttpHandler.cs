using System.Collections.Concurrent;

namespace Femto.Handlers;

/// <summary>Ships records to an HTTP ingest endpoint in batches — each request a JSON array of the JSON formatter's
/// objects — from its own worker thread, with retries, a deadline and back pressure. Build it with
/// <see cref="HttpHandlerBuilder"/> (or <see cref="HttpHandlerBuilder.FromEnvironment"/>).</summary>
/// <remarks>
/// <para><b>Batching.</b> Records are formatted on the worker into one pooled buffer, each followed by a comma, and
/// sent as <c>[</c> + the buffer + <c>]</c> without copying (gzip, when enabled, compresses into a second reused
/// buffer). A request leaves when <see cref="BatchSize"/> records are buffered, when the oldest buffered record has
/// waited <see cref="FlushInterval"/>, when the batch would pass <see cref="MaxBatchBytes"/>, and on
/// <see cref="FemtoHandler.Flush()"/>, <see cref="FlushAsync(TimeSpan)"/> and close. One request is in flight at a
/// time, so records arrive in the order they were handed over; <see cref="MinRequestInterval"/> spaces request
/// starts.</para>
/// <para><b>Failures.</b> 2xx delivers the batch. 408, 429, 5xx, timeouts and connection failures keep it and retry
/// with <see cref="Backoff"/> (full jitter), waiting at least what a <c>Retry-After</c> header asks (seconds or an
/// HTTP date), even past <see cref="BackoffConfig.CapMs"/>. After <see cref="BackoffConfig.DeadlineMs"/> of
/// continuous failure the batch is dropped and counted (<see cref="DropReason.Deadline"/>), and records arriving
/// while the next attempt is not yet due are dropped as they come; attempts go on. Any other status drops the batch
/// at once (<see cref="DropReason.Rejected"/>, counted by status in <see cref="RejectedByStatus"/>). Redirects are
/// not followed. While a full batch waits for its retry the worker stops taking records, so the queue fills and each
/// caller's overflow policy decides; nothing grows without bound.</para>
/// <para><b>Accounting.</b> Every record handed over is sent (<see cref="SentCount"/>), dropped with a reason
/// (<see cref="FemtoHandler.DroppedCount"/>, <see cref="DroppedBy"/>), or still queued or buffered.</para>
/// </remarks>
public sealed class FemtoHttpHandler : FemtoHandler
{
    private const long NotSet = long.MinValue;

    private readonly HttpTarget _target;
    private readonly HttpBatchSettings _batching;
    private readonly HttpSender _sender;
    private readonly Backoff _backoff;
    private readonly SendCostPacer _cost;
    private readonly byte[]? _hostSuffix;
    private readonly int _maxRecordBytes;
    private readonly RecordBuffer _batch = new(64 * 1024);
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly DropCounts _drops = new();
    private readonly ConcurrentDictionary<int, long> _rejectedByStatus = new();
    private long _oldestAt;
    private long _lastRequestAt = NotSet;
    private long _closeBy = long.MaxValue; // Environment.TickCount64 by which the close wants the worker done
    private bool _lostSinceFlush;
    private long _sent, _batches, _requests, _retries;
    private long _lastRejectedAt = NotSet;
    private int _lastStatus = -1;
    private volatile string? _lastError;

    internal FemtoHttpHandler(HttpTarget target, HttpBatchSettings batching, HandlerSettings settings)
        : base("http '" + target.Display + "'", settings)
    {
        _target = target;
        _batching = batching;
        _sender = new HttpSender(target, settings.TimeProvider);
        _sender.ClosingToken.Register(static s => ((ManualResetEventSlim)s!).Set(), _wake);
        _backoff = new Backoff(batching.Backoff, settings.TimeProvider);
        _cost = new SendCostPacer(settings.TimeProvider, batching.InitialSendCost, batching.BackPressureMaxDelay, batching.BatchSize);
        _hostSuffix = batching.HostMetadata ? HostMetadata.RecordSuffix() : null;
        _maxRecordBytes = Math.Min(TextSinkSettings.DefaultMaxRecordBytes, batching.MaxBatchBytes);
        PacesProducers = batching.AdaptiveBackPressure;
    }

    /// <summary>The endpoint records are sent to.</summary>
    public Uri Endpoint => _target.Endpoint;

    /// <summary>The request method: POST (default), PUT or PATCH.</summary>
    public string Method => _target.Method.Method;

    /// <summary>Records per request at most; a full batch is sent at once. Default 100.</summary>
    public int BatchSize => _batching.BatchSize;

    /// <summary>How long the oldest buffered record waits before a partial batch is sent. Default 1 s.</summary>
    public TimeSpan FlushInterval => _batching.FlushInterval;

    /// <summary>The least time between the starts of two requests; zero (default) for no limit.</summary>
    public TimeSpan MinRequestInterval => _batching.MinRequestInterval;

    /// <summary>How long one request may take (connecting included) before it counts as failed. Default 10 s.</summary>
    public TimeSpan Timeout => _target.Timeout;

    /// <summary>The most bytes of JSON one request carries (before compression). Default 4 MiB.</summary>
    public int MaxBatchBytes => _batching.MaxBatchBytes;

    /// <summary>True when request bodies are gzipped (<c>Content-Encoding: gzip</c>).</summary>
    public bool Compression => _target.Compression;

    /// <summary>True when every record carries the <c>host</c> block.</summary>
    public bool IncludesHostMetadata => _hostSuffix is not null;

    /// <summary>The retry timings.</summary>
    public BackoffConfig BackoffConfig => _backoff.Config;

    /// <summary>True when callers are slowed to the measured send rate (adaptive back pressure).</summary>
    public bool AdaptiveBackPressure => PacesProducers;

    /// <summary>Records the endpoint accepted (2xx).</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Requests the endpoint accepted (batches delivered).</summary>
    public long BatchCount => Interlocked.Read(ref _batches);

    /// <summary>Requests made, retries included.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Requests that repeated a batch after a failure.</summary>
    public long RetryCount => Interlocked.Read(ref _retries);

    /// <summary>The last response's status, or null before the first response.</summary>
    public int? LastStatusCode => Volatile.Read(ref _lastStatus) is var s && s >= 0 ? s : null;

    /// <summary>The last failure (a status, a timeout, a connection error), or null if there has been none.</summary>
    public string? LastError => _lastError;

    /// <summary>Records formatted into the batch being built or retried (not yet sent or dropped).</summary>
    public int BufferedCount => Volatile.Read(ref _bufferedCount);

    private int _bufferedCount;

    /// <summary>Records dropped for <paramref name="reason"/>. The reasons add up to <see cref="FemtoHandler.DroppedCount"/>.</summary>
    public long DroppedBy(DropReason reason) => _drops.Of(reason, DroppedCount);

    /// <summary>Records dropped because the endpoint refused them, by response status.</summary>
    public IReadOnlyDictionary<int, long> RejectedByStatus => new Dictionary<int, long>(_rejectedByStatus);

    /// <summary>The moving average of the send cost per record (request time, or the minimum request interval if
    /// longer, over the records it carried); what adaptive back pressure paces callers to.</summary>
    public TimeSpan SendCostPerRecord => _cost.CostPerRecord;

    /// <summary>Calls that adaptive back pressure slowed down.</summary>
    public long ThrottledCalls => _cost.Waits;

    /// <summary>The time adaptive back pressure held callers, in total.</summary>
    public TimeSpan ThrottledTime => _cost.Waited;

    /// <summary>Unhealthy while requests fail (with the last error), or when the endpoint refused records recently;
    /// Degraded for a while after a failure the handler recovered from, or after drops; otherwise Healthy.</summary>
    public override HandlerHealth Health
    {
        get
        {
            var health = base.Health;
            if (IsClosed) return health;
            long rejected = Interlocked.Read(ref _lastRejectedAt);
            if (!_backoff.IsFailing && rejected != NotSet && Environment.TickCount64 - rejected < (long)HandlerHealth.Window.TotalMilliseconds)
                return new(HealthStatus.Unhealthy, $"{_target.Display} rejected records: {_lastError} ({DroppedBy(DropReason.Rejected)} in total)");
            return _backoff.Judge(health, _target.Display, _lastError, "retrying");
        }
    }

    /// <summary><see cref="FlushAsync(TimeSpan)"/> with the configured flush timeout (default 1 s).</summary>
    public Task<HttpFlushResult> FlushAsync() => FlushAsync(Settings.FlushTimeout);

    /// <summary>Sends everything handed to the handler before the call and reports, without blocking a thread and
    /// without ever throwing: <see cref="HttpFlushResult.Ok"/> is true when each of those records was sent or
    /// dropped (and counted) within <paramref name="timeout"/>; the totals are since the handler was built.</summary>
    /// <param name="timeout">How long to wait; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no limit.</param>
    public async Task<HttpFlushResult> FlushAsync(TimeSpan timeout)
    {
        try
        {
            if (timeout < TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
                return Result(false, $"the flush timeout must not be negative (was {timeout})");
            if (IsClosed) return Result(false, "the handler is closed");
            if (await WhenFlushedAsync(timeout).ConfigureAwait(false)) return Result(true, null);
            if (IsClosed) return Result(false, "the handler closed before the flush finished");
            string last = _lastError is { } e ? "; last error: " + e : "";
            return Result(false, $"not every record was sent within {timeout.TotalSeconds:0.###} s ({BufferedCount} buffered){last}");
        }
        catch (Exception ex)
        {
            return Result(false, ex.Message);
        }
    }

    private HttpFlushResult Result(bool ok, string? error) => new(ok, LastStatusCode, SentCount, DroppedCount, error);

    // ---- producers ----

    /// <inheritdoc/>
    protected override TimeSpan ProducerDelay(FemtoLevel level) => _cost.Delay();

    /// <inheritdoc/>
    protected override void OnClosing(TimeSpan timeout)
    {
        // Leave the worker a quarter of the close (at most 500 ms) to count what is left and release the connection.
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            var budget = timeout - TimeSpan.FromTicks(Math.Min(timeout.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks));
            Volatile.Write(ref _closeBy, Environment.TickCount64 + (long)budget.TotalMilliseconds);
            _sender.CancelAllAfter(budget);
        }
        _wake.Set(); // a worker waiting for a retry re-decides with the close's time in mind
    }

    // ---- the worker ----

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        if (_batch.Count == 0 && _backoff.DeadlinePassed && _backoff.RetryIn > TimeSpan.Zero)
        {
            Lose(DropReason.Deadline, 1); // failing past the deadline and no attempt due: drop as records come
            return;
        }
        var writer = _batch.Writer;
        try
        {
            writer.LimitNext(_maxRecordBytes);
            Formatter.Format(record, writer);
            if (writer.EndLimit() > 0) ReportTruncated();
            AppendHost(writer);
            writer.WriteByte((byte)',');
        }
        catch
        {
            writer.EndLimit();
            _batch.Discard();
            throw;
        }
        int length = _batch.OpenLength;
        if (length + 1 > MaxBatchBytes)
        {
            _batch.Discard();
            Lose(DropReason.Oversize, 1);
            return;
        }
        // The body is '[' + records + ']' less the last comma: pending + length + 1 bytes with this record.
        if (_batch.Count > 0 && _batch.PendingBytes + length + 1 > MaxBatchBytes) SendBatch(wait: true);
        _batch.Commit();
        if (_batch.Count == 1) _oldestAt = TimeProvider.GetTimestamp();
        Volatile.Write(ref _bufferedCount, _batch.Count);
        if (_batch.Count >= BatchSize) SendBatch(wait: true);
    }

    /// <summary>Adds the host block inside the record's JSON object (a formatter writing anything but an object is left alone).</summary>
    private void AppendHost(FemtoBuffer writer)
    {
        if (_hostSuffix is null || _batch.OpenLength == 0 || writer.WrittenSpan[^1] != (byte)'}') return;
        writer.Truncate(writer.WrittenCount - 1);
        writer.Write(_hostSuffix);
    }

    /// <inheritdoc/>
    protected override void EndBatch()
    {
        if (_batch.Count > 0 && IsDue) SendBatch(wait: false);
    }

    /// <inheritdoc/>
    protected override bool FlushSink()
    {
        SendBatch(wait: true);
        bool ok = _batch.Count == 0 && !_lostSinceFlush;
        _lostSinceFlush = false;
        return ok;
    }

    /// <inheritdoc/>
    protected override bool HasBufferedOutput => _batch.Count > 0;

    /// <inheritdoc/>
    protected override TimeSpan IdleInterval
    {
        get
        {
            var sendIn = Max(FlushInterval - TimeProvider.GetElapsedTime(_oldestAt), WaitBeforeRequest());
            if (_backoff.IsFailing) sendIn = Min(sendIn, Max(_backoff.Config.Deadline - _backoff.FailingFor, TimeSpan.Zero));
            return IdleTime + Max(sendIn, TimeSpan.Zero);
        }
    }

    /// <inheritdoc/>
    protected override void OnIdle()
    {
        if (_batch.Count > 0 && (IsDue || _backoff.DeadlinePassed)) SendBatch(wait: false);
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try
        {
            Lose(DropReason.Closed, _batch.DropAll());
        }
        finally
        {
            _sender.Dispose();
        }
    }

    /// <summary>True when the oldest buffered record has waited the flush interval.</summary>
    private bool IsDue => TimeProvider.GetElapsedTime(_oldestAt) >= FlushInterval;

    /// <summary>Sends the buffered batch. With <paramref name="wait"/> (a full batch, a flush, a close) it waits for
    /// the backoff and the minimum interval and retries until the batch is sent or dropped; without, it makes one
    /// attempt if one may start now.</summary>
    private void SendBatch(bool wait)
    {
        while (_batch.Count > 0)
        {
            long now = TimeProvider.GetTimestamp(); // before the delay is worked out: a clock moved since is caught below
            var delay = WaitBeforeRequest();
            if (delay > TimeSpan.Zero)
            {
                if (_backoff.DeadlinePassed)
                {
                    Lose(DropReason.Deadline, _batch.DropAll());
                    return;
                }
                if (!wait) return;
                if (!Sleep(delay, now))
                {
                    Lose(DropReason.Closed, _batch.DropAll()); // closing, and the next attempt would come too late
                    return;
                }
                continue;
            }
            Attempt();
            if (!wait) return;
        }
    }

    /// <summary>How long until the next request may start: the backoff's wait and the minimum request interval.</summary>
    private TimeSpan WaitBeforeRequest()
    {
        var wait = _backoff.RetryIn;
        if (MinRequestInterval > TimeSpan.Zero && _lastRequestAt != NotSet)
            wait = Max(wait, MinRequestInterval - TimeProvider.GetElapsedTime(_lastRequestAt));
        return wait;
    }

    /// <summary>One request with every buffered record.</summary>
    private void Attempt()
    {
        int records = _batch.Count;
        if (_backoff.IsFailing) Interlocked.Increment(ref _retries);
        Interlocked.Increment(ref _requests);
        long start = TimeProvider.GetTimestamp();
        _lastRequestAt = start;
        var outcome = _sender.Send(_batch.PendingMemory[..^1]); // less the last record's comma
        var elapsed = TimeProvider.GetElapsedTime(start);
        if (outcome.Status is { } status) Volatile.Write(ref _lastStatus, status);
        switch (outcome.Kind)
        {
            case HttpAttemptKind.Accepted:
                _batch.Delivered();
                Interlocked.Add(ref _sent, records);
                Interlocked.Increment(ref _batches);
                _backoff.Succeeded();
                _cost.Measured(Max(elapsed, MinRequestInterval), records, records >= BatchSize);
                break;
            case HttpAttemptKind.Rejected:
                _backoff.Succeeded(); // the endpoint answered: the next batch need not wait
                _lastError = outcome.Error!.Message;
                _rejectedByStatus.AddOrUpdate(outcome.Status!.Value, records, (_, n) => n + records);
                Interlocked.Exchange(ref _lastRejectedAt, Environment.TickCount64);
                Lose(DropReason.Rejected, _batch.DropAll(), outcome.Error);
                break;
            default:
                _backoff.Failed(outcome.RetryAfter);
                _lastError = outcome.Error!.Message;
                ReportError(outcome.Error);
                if (_backoff.DeadlinePassed) Lose(DropReason.Deadline, _batch.DropAll());
                break;
        }
        Volatile.Write(ref _bufferedCount, _batch.Count);
    }

    /// <summary>Waits <paramref name="delay"/> (worked out at <paramref name="since"/>) on the handler's clock, no
    /// later than the backoff deadline. While closing it waits only if the time fits in what the close allows; false
    /// when it does not.</summary>
    private bool Sleep(TimeSpan delay, long since)
    {
        if (_backoff.IsFailing) delay = Min(delay, Max(_backoff.Config.Deadline - _backoff.FailingFor, TimeSpan.Zero));
        _wake.Reset(); // before looking at the close: a close from now on sets it again
        if (IsClosed)
        {
            long left = Volatile.Read(ref _closeBy) - Environment.TickCount64;
            if (_sender.IsClosing || delay.TotalMilliseconds > left) return false;
        }
        // The system clock needs no timer: the wait's own bound is the delay. Another clock (a FakeTimeProvider)
        // ends it with its timer; the real-time bound then only makes the worker look again.
        ITimer? timer = null;
        if (!ReferenceEquals(TimeProvider, TimeProvider.System))
        {
            var due = delay - TimeProvider.GetElapsedTime(since);
            if (due <= TimeSpan.Zero) return true;
            timer = TimeProvider.CreateTimer(static s => ((ManualResetEventSlim)s!).Set(), _wake, due, System.Threading.Timeout.InfiniteTimeSpan);
        }
        using var disposeTimer = timer;
        Volatile.Write(ref _sleeping, true);
        try
        {
            _wake.Wait(delay); // the delay, or a close re-deciding
        }
        finally
        {
            Volatile.Write(ref _sleeping, false);
        }
        return true;
    }

    /// <summary>True while the worker waits for a retry or the minimum request interval (tests move a fake clock
    /// only once it does).</summary>
    internal bool IsSleeping => Volatile.Read(ref _sleeping);

    private bool _sleeping;

    private void Lose(DropReason reason, long records, Exception? error = null)
    {
        Volatile.Write(ref _bufferedCount, _batch.Count);
        if (records <= 0) return;
        _drops.Add(reason, records);
        _lostSinceFlush = true;
        if (error is not null) ReportLostRecords(records, error);
        else ReportDroppedRecords(records);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
