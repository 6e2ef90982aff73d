namespace Femto.Handlers;

/// <summary>Appends to a file by seeking to its current end before each write, under a lock shared by every handler
/// of that file in this process: the fallback where the OS does not append atomically for us (no <c>O_APPEND</c>).
/// Without the seek a second writer of the file, or a truncation, would leave lines overwritten or a run of NUL
/// bytes. Costs one <c>fstat</c> per write-out (a batch of lines).</summary>
internal sealed class EndSeekingStream(FileStream file, object gate) : WriteOnlyStream
{
    public override long Length => file.Length;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (gate)
        {
            file.Seek(0, SeekOrigin.End);
            file.Write(buffer);
        }
    }

    public override void Flush() => file.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) file.Dispose();
        base.Dispose(disposing);
    }
}
