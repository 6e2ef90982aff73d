namespace Femto.Handlers;

/// <summary>A write failed after part of the bytes reached the sink (a full disk: ENOSPC). Sinks that can tell
/// throw this, so a <see cref="RecordBuffer"/> counts exactly which records landed and resumes at a record
/// boundary; any other failure counts as nothing written.</summary>
public sealed class PartialWriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bytesWritten">How many leading bytes of the write reached the sink.</param>
    /// <param name="inner">The failure.</param>
    public PartialWriteException(long bytesWritten, Exception inner)
        : base(inner.Message, inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesWritten);
        BytesWritten = bytesWritten;
    }

    /// <summary>How many leading bytes of the write reached the sink.</summary>
    public long BytesWritten { get; }
}
