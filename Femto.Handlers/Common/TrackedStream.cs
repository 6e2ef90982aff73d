namespace Femto.Handlers;

/// <summary>Appends to a seekable stream (a log file) and keeps its length without asking the OS on every write.
/// When a write fails after part of it landed (a full disk), it measures how much did and throws
/// <see cref="PartialWriteException"/>, so the record buffer counts exactly and resumes at a record boundary.</summary>
internal sealed class TrackedStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private long _length;

    public TrackedStream(Stream inner, bool ownsInner)
    {
        _inner = inner;
        _ownsInner = ownsInner;
        _length = inner.Length;
    }

    /// <summary>Bytes in the stream: its length when opened plus everything written through this wrapper.</summary>
    public override long Length => _length;

    /// <summary>The wrapped stream.</summary>
    public Stream Inner => _inner;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _inner.Write(buffer);
            _length += buffer.Length;
        }
        catch (IOException ex) when (ex is not PartialWriteException)
        {
            long landed = Landed(buffer.Length);
            _length += landed;
            throw new PartialWriteException(landed, ex);
        }
    }

    private long Landed(int attempted)
    {
        try
        {
            return Math.Clamp(_inner.Length - _length, 0, attempted);
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            return 0;
        }
    }

    public override void Flush() => _inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner) _inner.Dispose();
        base.Dispose(disposing);
    }
}
