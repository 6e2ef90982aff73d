namespace Femto.Handlers;

/// <summary>Writes records to standard error or standard output, or any <see cref="System.IO.Stream"/>, from its own
/// worker thread. Create with <see cref="Stderr()"/>, <see cref="Stdout()"/> or <see cref="StreamHandlerBuilder"/>.</summary>
public sealed class FemtoStreamHandler : TextSinkHandler
{
    private readonly System.IO.Stream _stream;
    private readonly bool _ownsStream;

    internal FemtoStreamHandler(string name, System.IO.Stream stream, bool ownsStream, TextSinkSettings settings)
        : base(name, settings)
    {
        // A seekable stream can tell how much of a failed write landed, so counts stay exact.
        _stream = stream.CanSeek ? new TrackedStream(stream, ownsStream) : stream;
        _ownsStream = ownsStream || stream.CanSeek;
    }

    /// <summary>A handler writing to standard error with default settings.</summary>
    public static FemtoStreamHandler Stderr() => StreamHandlerBuilder.Stderr().Build();

    /// <summary>A handler writing to standard output with default settings.</summary>
    public static FemtoStreamHandler Stdout() => StreamHandlerBuilder.Stdout().Build();

    /// <inheritdoc/>
    protected override System.IO.Stream Output => _stream;

    /// <inheritdoc/>
    protected override void DisposeOutput()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
