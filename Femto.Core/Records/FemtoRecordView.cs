namespace Femto;

/// <summary>A read-only view of a log record, handed to formatters and record handlers.
/// Valid only during the call that receives it: copy what you need to keep.</summary>
public readonly struct FemtoRecordView
{
    private readonly LogRecord _record;

    internal FemtoRecordView(LogRecord record) => _record = record;

    internal LogRecord Record => _record;

    /// <summary>The name of the logger the record was logged on.</summary>
    public string Logger => _record.LoggerName;
    /// <summary>The record's level.</summary>
    public FemtoLevel Level => _record.Level;
    /// <summary>The level's upper-case name.</summary>
    public string LevelName => _record.Level.ToName();
    /// <summary>When the record was logged (UTC); see <see cref="FemtoClock"/> for the precision.</summary>
    public DateTime Timestamp => new(_record.TimestampTicks, DateTimeKind.Utc);
    /// <summary>When the record was logged, in nanoseconds since the Unix epoch (UTC).</summary>
    public long TimestampUnixNs => _record.TimestampUnixNs;
    /// <summary>Managed id of the thread that logged the record.</summary>
    public int ThreadId => _record.ThreadId;
    /// <summary>Name of the thread that logged the record, if it had one.</summary>
    public string? ThreadName => _record.ThreadName;
    /// <summary>Source file of the call site, when known.</summary>
    public string? FileName => _record.FileName;
    /// <summary>Source line of the call site, or 0 when unknown.</summary>
    public int LineNumber => _record.LineNumber;
    /// <summary>Member (method) that made the call, when known.</summary>
    public string? ModulePath => _record.MemberName;
    /// <summary>The exception attached to the record, if any.</summary>
    public Exception? Exception => _record.Exception;
    /// <summary>The message template, when the record was logged with one; otherwise null.</summary>
    public string? MessageTemplate => _record.Shape == RecordShape.Template ? _record.Message : null;
    /// <summary>The rendered message (allocates a string once per record; formatters should use <see cref="WriteMessage"/>).</summary>
    public string Message => _record.RenderMessage();

    /// <summary>Writes the rendered message as UTF-8, control characters escaped when <paramref name="escape"/> is true.</summary>
    public void WriteMessage(FemtoBuffer output, bool escape = true) => MessageRenderer.Write(_record, output, escape);

    /// <summary>Number of structured values: named template arguments, interpolation holes and explicit key-values.</summary>
    public int KeyValueCount => StructuredValues.Count(_record);

    /// <summary>Structured value <paramref name="index"/> as key and (boxed) value.</summary>
    public KeyValuePair<string, object?> GetKeyValue(int index) => StructuredValues.Get(_record, index);

    /// <summary>The structured values, typed and without boxing or allocating:
    /// <c>foreach (var kv in record.EnumerateKeyValues()) { … kv.Key … kv.Kind … }</c>. Same order as
    /// <see cref="GetKeyValue"/>: named template arguments, interpolation holes, then explicit key-values.</summary>
    public KeyValueEnumerator EnumerateKeyValues() => new(_record);

    /// <summary>All structured values (allocates a list).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> KeyValues
    {
        get
        {
            int n = KeyValueCount;
            var list = new KeyValuePair<string, object?>[n];
            for (int i = 0; i < n; i++) list[i] = GetKeyValue(i);
            return list;
        }
    }

    /// <summary>The default line <c>"{logger} [{LEVEL}] {message}"</c>.</summary>
    public override string ToString() => $"{Logger} [{LevelName}] {Message}";

    /// <summary>Enumerates a record's structured values as <see cref="FemtoKeyValue"/>s (see
    /// <see cref="EnumerateKeyValues"/>).</summary>
    public ref struct KeyValueEnumerator
    {
        private StructuredValues.Enumerator _inner;

        internal KeyValueEnumerator(LogRecord record) => _inner = StructuredValues.Enumerate(record);

        private FemtoKeyValue _current;

        /// <summary>The current value.</summary>
        public readonly FemtoKeyValue Current => _current;

        /// <summary>Moves to the next value.</summary>
        public bool MoveNext()
        {
            if (!_inner.MoveNext()) return false;
            _current = new FemtoKeyValue(_inner.Name, _inner.Record, _inner.Index, _inner.IsTemplateArgument);
            return true;
        }

        /// <summary>Returns this enumerator, so it works with <c>foreach</c>.</summary>
        public readonly KeyValueEnumerator GetEnumerator() => this;
    }
}
