namespace Femto.Handlers;

/// <summary>Base of handlers that write formatted UTF-8 lines to a <see cref="System.IO.Stream"/> (console, file,
/// rotating file). Lines are collected in a buffer on the worker and written out in large writes: when the buffer
/// passes 64 KiB, when <see cref="FlushInterval"/> records have accumulated (checked per batch), on
/// <see cref="FemtoHandler.Flush()"/>/close, and after the handler has been idle for <see cref="IdleFlushInterval"/>.</summary>
public abstract class TextSinkHandler : FemtoHandler
{
    private const int WriteThreshold = 64 * 1024;

    private readonly FemtoBuffer _buffer = new(WriteThreshold + 4096);
    private int _unflushedRecords;
    private int _bufferedRecords;
    private bool _writeFailedSinceFlush;

    /// <summary>Creates the handler.</summary>
    protected TextSinkHandler(string name, HandlerSettings settings, int flushInterval, TimeSpan idleFlushInterval)
        : base(name, settings)
    {
        if (flushInterval <= 0) throw new ArgumentOutOfRangeException(nameof(flushInterval), flushInterval, "flushInterval must be positive (it counts records).");
        if (idleFlushInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(idleFlushInterval), idleFlushInterval, "The idle flush interval must be positive.");
        FlushInterval = flushInterval;
        IdleFlushInterval = idleFlushInterval;
    }

    /// <summary>Buffered output reaches the OS at least every this many records.</summary>
    public int FlushInterval { get; }

    /// <summary>Buffered output reaches the OS once the handler has been idle this long. Default: 1 s.</summary>
    public TimeSpan IdleFlushInterval { get; }

    /// <summary>The stream lines are written to (worker thread only).</summary>
    protected abstract System.IO.Stream Output { get; }

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        int start = _buffer.WrittenCount;
        try
        {
            Formatter.Format(record, _buffer);
            _buffer.WriteByte((byte)'\n');
        }
        catch
        {
            _buffer.Truncate(start); // never leave half a line behind
            throw;
        }
        BeforeAppend(_buffer.WrittenCount - start, start);
        _unflushedRecords++;
        _bufferedRecords++;
        if (_buffer.WrittenCount >= WriteThreshold) WriteOut();
    }

    /// <summary>Called after a line of <paramref name="length"/> bytes was formatted at <paramref name="offset"/> in the
    /// buffer and before it counts as written; rotating handlers decide here whether to roll over first.</summary>
    protected virtual void BeforeAppend(int length, int offset) { }

    /// <inheritdoc/>
    protected override void EndBatch()
    {
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
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
        {
            ReportError(ex);
            return false;
        }
    }

    /// <inheritdoc/>
    protected override bool HasBufferedOutput => _buffer.WrittenCount > 0;

    /// <inheritdoc/>
    protected override TimeSpan IdleInterval => IdleFlushInterval;

    /// <summary>Writes the buffered lines to <see cref="Output"/>. A failed write loses those lines: they are counted
    /// as dropped and the failure is reported, and the handler carries on with the next records.</summary>
    /// <returns>False if the write failed.</returns>
    protected bool WriteOut()
    {
        _unflushedRecords = 0;
        if (_buffer.WrittenCount == 0) return true;
        try
        {
            WriteBytes(_buffer.WrittenSpan);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
        {
            ReportLostRecords(_bufferedRecords, ex);
            _writeFailedSinceFlush = true;
            return false;
        }
        finally
        {
            _buffer.Clear();
            _bufferedRecords = 0;
        }
    }

    /// <summary>Writes bytes to the sink; overridable for sinks that split output (rotation).</summary>
    protected virtual void WriteBytes(ReadOnlySpan<byte> bytes) => Output.Write(bytes);

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try { FlushSink(); }
        finally { DisposeOutput(); }
    }

    /// <summary>Releases <see cref="Output"/>.</summary>
    protected virtual void DisposeOutput() => Output.Dispose();
}
