using System.Text;

namespace Femto.Handlers;

/// <summary>Adapts a <see cref="TextWriter"/> as a write-only stream of UTF-8 bytes, so text handlers can write to
/// any writer. Only whole lines are ever written to it, so no character is split across writes.</summary>
internal sealed class TextWriterStream(TextWriter writer) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(Encoding.UTF8.GetString(buffer));

    public override void Flush() => writer.Flush();
}
