namespace Femto.Handlers;

/// <summary>A write-only stream appending to a <see cref="FemtoBuffer"/> the worker reuses (the gzip output of
/// request bodies), so compressing a batch allocates no output array.</summary>
internal sealed class BufferStream(FemtoBuffer buffer) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);
}
