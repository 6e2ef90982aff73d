namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoStreamHandler"/>: <c>StreamHandlerBuilder.Stderr().WithCapacity(4096).Build()</c>.</summary>
public sealed class StreamHandlerBuilder : TextSinkHandlerBuilder<StreamHandlerBuilder>
{
    private readonly ConsoleTarget? _target;
    private readonly System.IO.Stream? _stream;
    private readonly bool _ownsStream;

    private StreamHandlerBuilder(ConsoleTarget? target, System.IO.Stream? stream, bool ownsStream)
    {
        _target = target;
        _stream = stream;
        _ownsStream = ownsStream;
    }

    /// <summary>A builder for a standard-error handler.</summary>
    public static StreamHandlerBuilder Stderr() => new(ConsoleTarget.Stderr, null, false);

    /// <summary>A builder for a standard-output handler.</summary>
    public static StreamHandlerBuilder Stdout() => new(ConsoleTarget.Stdout, null, false);

    /// <summary>A builder for a handler writing to <paramref name="stream"/>; with <paramref name="ownsStream"/> the
    /// handler disposes it on close.</summary>
    public static StreamHandlerBuilder ForStream(System.IO.Stream stream, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        return new(null, stream, ownsStream);
    }

    /// <summary>A builder for a handler writing to <paramref name="writer"/> (the handler flushes it but never
    /// disposes it). <see cref="Console.Out"/> and <see cref="Console.Error"/> give the stdout/stderr handlers.</summary>
    public static StreamHandlerBuilder ForWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (ReferenceEquals(writer, Console.Out)) return Stdout();
        if (ReferenceEquals(writer, Console.Error)) return Stderr();
        return new(null, new TextWriterStream(writer), ownsStream: false);
    }

    /// <summary>Which standard stream the handler writes to, or null for a custom stream.</summary>
    public ConsoleTarget? Target => _target;

    /// <summary>Builds the handler.</summary>
    public FemtoStreamHandler Build()
    {
        var stream = _stream ?? (_target == ConsoleTarget.Stdout ? Console.OpenStandardOutput() : Console.OpenStandardError());
        string name = _target switch { ConsoleTarget.Stdout => "stream 'stdout'", ConsoleTarget.Stderr => "stream 'stderr'", _ => "stream" };
        return new FemtoStreamHandler(name, stream, _stream is null || _ownsStream, SinkSettings);
    }
}
