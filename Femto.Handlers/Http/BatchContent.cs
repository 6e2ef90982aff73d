using System.Net;

namespace Femto.Handlers;

/// <summary>A request body made of up to three pieces of memory the handler already holds — <c>[</c>, the batch's
/// records as buffered, <c>]</c>; or one gzipped piece — written straight to the connection, so sending a batch
/// copies nothing into a body of its own. The memory must not change until the request is done (the worker sends
/// synchronously, so it does not).</summary>
internal sealed class BatchContent(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, ReadOnlyMemory<byte> third) : HttpContent
{
    public BatchContent(ReadOnlyMemory<byte> whole) : this(whole, default, default) { }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        stream.Write(first.Span);
        if (!second.IsEmpty) stream.Write(second.Span);
        if (!third.IsEmpty) stream.Write(third.Span);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(first, cancellationToken).ConfigureAwait(false);
        if (!second.IsEmpty) await stream.WriteAsync(second, cancellationToken).ConfigureAwait(false);
        if (!third.IsEmpty) await stream.WriteAsync(third, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = first.Length + second.Length + third.Length;
        return true;
    }
}
