namespace Femto.Handlers;

/// <summary>Base of handlers that write formatted UTF-8 lines to a <see cref="System.IO.Stream"/> (console, file,
/// rotating file). Lines are collected in a <see cref="RecordBuffer"/> on the worker and written out in large
/// writes: when the buffer passes 64 KiB, when <see cref="FlushInterval"/> records have accumulated (checked per
/// batch), on <see cref="FemtoHandler.Flush()"/>/close, and after the handler has been idle for
/// <see cref="IdleFlushInterval"/>. A failed write drops (and counts) the records it did not deliver; a line it cut
/// in two is completed by the next write.</summary>
public abstract class TextSinkHandler : FemtoHandler
{
    private const int WriteThreshold = 64 * 1024;

    private readonly RecordBuffer _records = new(WriteThreshold + 4096);
    private int _unflushedRecords;
    private bool _writeFailedSinceFlush;
    private bool _clockRead;
    private DateTimeOffset _batchTime;

    /// <summary>Creates the handler.</summary>
    /// <param name="name">Names the handler in thread names and reports.</param>
    /// <param name="settings">Queue and flush settings (validated here).</param>
    protected TextSinkHandler(string name, TextSinkSettings settings)
        : base(name, Validated(settings).Handler)
    {
        FlushInterval = settings.FlushInterval;
        IdleFlushInterval = settings.IdleFlushInterval;
        MaxRecordBytes = settings.MaxRecordBytes;
    }

    /// <summary>The most bytes of text one record may add; longer records are cut, marked and counted.</summary>
    public int MaxRecordBytes { get; }

    private static TextSinkSettings Validated(TextSinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Validate();
    }

    /// <summary>Buffered output reaches the OS at least every this many records.</summary>
    public int FlushInterval { get; }

    /// <summary>Buffered output reaches the OS once the handler has been idle this long. Default: 1 s.</summary>
    public TimeSpan IdleFlushInterval { get; }

    /// <summary>The stream lines are written to (worker thread only). May change between writes (rotation).</summary>
    protected abstract System.IO.Stream Output { get; }

    /// <summary>Bytes formatted and buffered but not yet written to <see cref="Output"/> (worker thread).</summary>
    protected int BufferedBytes => _records.PendingBytes;

    /// <summary>True when a failed write cut a line in two and its rest has not been written yet; the output must
    /// not change (rotate) before it has been, or the record would be split across files.</summary>
    protected bool HasTornRecord => _records.HeadWrittenBytes > 0;

    /// <summary>The handler's clock (<see cref="FemtoHandler.TimeProvider"/>) read on the worker at write time, for
    /// handlers that decide by time (rotation). The system clock is read once per batch — a read costs 25–100 ns
    /// on the machines Femto is measured on, and a batch is at most a few hundred records drained back to back, so
    /// the reading is at most that old. Any other provider (a <c>FakeTimeProvider</c> in tests) is read for every
    /// record, since it may be moved between two records.</summary>
    protected DateTimeOffset BatchTime
    {
        get
        {
            if (!ReferenceEquals(TimeProvider, TimeProvider.System)) return TimeProvider.GetUtcNow();
            if (!_clockRead)
            {
                _batchTime = TimeProvider.GetUtcNow();
                _clockRead = true;
            }
            return _batchTime;
        }
    }

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        var writer = _records.Writer;
        try
        {
            writer.LimitNext(MaxRecordBytes);
            Formatter.Format(record, writer);
            if (writer.EndLimit() > 0) ReportTruncated();
            writer.WriteByte((byte)'\n');
            BeforeCommit(_records.OpenLength);
        }
        catch
        {
            writer.EndLimit();
            _records.Discard(); // never leave half a line behind
            throw;
        }
        _records.Commit();
        _unflushedRecords++;
        if (_records.PendingBytes >= WriteThreshold) WriteOut();
    }

    /// <summary>Called with the length of a formatted line (newline included) before it joins the buffer. Rotating
    /// handlers decide here whether to roll over first: <see cref="WriteOut"/> writes only the lines before it, so
    /// the cut falls between records. Throwing skips the record (counted as a handler error).</summary>
    protected virtual void BeforeCommit(int length) { }

    /// <inheritdoc/>
    protected override void EndBatch()
    {
        _clockRead = false;
        if (_unflushedRecords >= FlushInterval) WriteOut();
    }

    /// <inheritdoc/>
    protected override bool FlushSink()
    {
        // A flush succeeds only if every record since the previous flush reached the sink.
        bool ok = WriteOut() & !_writeFailedSinceFlush;
        _writeFailedSinceFlush = false;
        if (!ok) return false;
        try
        {
            Output.Flush();
            return true;
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            ReportError(ex);
            return false;
        }
    }

    /// <inheritdoc/>
    protected override bool HasBufferedOutput => _records.Count > 0;

    /// <inheritdoc/>
    protected override TimeSpan IdleInterval => IdleFlushInterval;

    /// <summary>Writes the buffered lines to <see cref="Output"/>. A failed write loses the lines it did not
    /// deliver: they are counted as dropped and the failure is reported, and the handler carries on with the next
    /// records. Lines that reached the sink are not counted; a line cut in two is completed by the next write.</summary>
    /// <returns>False if the write failed.</returns>
    protected bool WriteOut()
    {
        _unflushedRecords = 0;
        var result = _records.WriteTo(Output, SinkFailurePolicy.DropUnwritten);
        if (result.Ok) return true;
        _writeFailedSinceFlush = true;
        if (result.Dropped > 0) ReportLostRecords(result.Dropped, result.Error!);
        else ReportError(result.Error!);
        return false;
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try
        {
            FlushSink();
            // A line still cut in two after the last attempt is lost (the sink kept failing).
            int torn = _records.DropAll();
            if (torn > 0) ReportLostRecords(torn, new IOException("The sink failed; a line was left incomplete at close."));
        }
        finally
        {
            DisposeOutput();
        }
    }

    /// <summary>Releases <see cref="Output"/>.</summary>
    protected virtual void DisposeOutput() => Output.Dispose();
}
