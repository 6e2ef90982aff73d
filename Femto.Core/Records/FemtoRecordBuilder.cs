namespace Femto;

/// <summary>Builds a record from its parts and hands it to handlers as a <see cref="FemtoRecordView"/>: for bridges
/// that pass on records made elsewhere with their own timestamp, logger, thread and caller (a collector receiving
/// them from the network, an import). Key-values are captured as loggers capture them, without boxing.</summary>
/// <remarks>Reusable and not thread-safe: keep one per thread and call <see cref="Begin"/> for each record. The view
/// stays valid until the next <see cref="Begin"/>; handlers that queue records (every built-in handler) copy it.
/// <code>
/// var record = new FemtoRecordBuilder();
/// record.Begin("api.v1", FemtoLevel.Info, "paid").WithTimestampUnixNs(ns).AddKeyValue("amount", 9.5);
/// handler.Handle(record.View);
/// </code></remarks>
public sealed class FemtoRecordBuilder
{
    private readonly LogRecord _record = new();

    /// <summary>Starts a new record (forgetting the previous one): timestamp now, the current thread, no caller,
    /// exception or key-values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a defined level.</exception>
    public FemtoRecordBuilder Begin(string logger, FemtoLevel level, string message)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(message);
        _record.Release();
        _record.Begin(RecordShape.Plain, message);
        _record.LoggerName = logger;
        _record.Level = FemtoLevels.Validate(level);
        _record.TimestampTicks = DateTime.UtcNow.Ticks;
        _record.ThreadId = Environment.CurrentManagedThreadId;
        _record.ThreadName = Thread.CurrentThread.Name;
        _record.FileName = null;
        _record.LineNumber = 0;
        _record.MemberName = null;
        _record.Dispatch = null;
        _record.Depth = 0;
        return this;
    }

    /// <summary>When the record was made (converted to UTC).</summary>
    public FemtoRecordBuilder WithTimestamp(DateTime timestamp)
    {
        _record.TimestampTicks = timestamp.ToUniversalTime().Ticks;
        return this;
    }

    /// <summary>When the record was made, in nanoseconds since the Unix epoch (UTC); kept to 100 ns. Any value maps
    /// to a valid time.</summary>
    public FemtoRecordBuilder WithTimestampUnixNs(long unixNs)
    {
        _record.TimestampTicks = DateTime.UnixEpoch.Ticks + unixNs / 100;
        return this;
    }

    /// <summary>The thread that made the record.</summary>
    public FemtoRecordBuilder WithThread(int id, string? name)
    {
        _record.ThreadId = id;
        _record.ThreadName = name;
        return this;
    }

    /// <summary>The call site: source file, line (0: unknown) and member.</summary>
    public FemtoRecordBuilder WithCaller(string? file, int line, string? member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        _record.FileName = file;
        _record.LineNumber = line;
        _record.MemberName = member;
        return this;
    }

    /// <summary>The exception the record carries.</summary>
    public FemtoRecordBuilder WithException(Exception? exception)
    {
        _record.Exception = exception;
        return this;
    }

    /// <summary>Adds a key-value; unmanaged values up to 16 bytes are stored without boxing, as a logger's
    /// key-value arguments are.</summary>
    public FemtoRecordBuilder AddKeyValue<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _record.AddKeyValue(key, value);
        return this;
    }

    /// <summary>The record built so far; valid until the next <see cref="Begin"/>.</summary>
    public FemtoRecordView View => new(_record);
}
