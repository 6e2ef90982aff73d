using System.Text;

namespace Femto.Tests.Support;

/// <summary>A seekable in-memory sink that behaves like a disk filling up: once <see cref="SpaceLeft"/> runs out,
/// a write lands the bytes that still fit and then throws, as a write() that hits ENOSPC part-way does.</summary>
public sealed class DiskFullStream : MemoryStream
{
    /// <summary>Bytes that can still be written (unlimited by default).</summary>
    public long SpaceLeft { get; set; } = long.MaxValue;

    /// <summary>Number of writes that failed.</summary>
    public int Failures { get; private set; }

    /// <summary>Everything that reached the sink, as UTF-8.</summary>
    public string Text
    {
        get { lock (this) return Encoding.UTF8.GetString(ToArray()); }
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (this)
        {
            if (count <= SpaceLeft)
            {
                base.Write(buffer, offset, count);
                SpaceLeft -= count;
                return;
            }
            int fits = (int)SpaceLeft;
            base.Write(buffer, offset, fits);
            SpaceLeft = 0;
            Failures++;
            throw new IOException("No space left on device (simulated)");
        }
    }
}
