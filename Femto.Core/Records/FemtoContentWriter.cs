namespace Femto;

/// <summary>Writes a record's content from <see cref="IFemtoDeferredContent.Complete"/>. Valid only during that
/// call.</summary>
public readonly ref struct FemtoContentWriter
{
    private readonly LogRecord _record;

    internal FemtoContentWriter(LogRecord record) => _record = record;

    /// <summary>Sets the record's message: the final text, rendered as it should appear.</summary>
    public void SetMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _record.Message = message;
    }

    /// <summary>Adds a named value, as the key-value overloads of <see cref="FemtoLogger"/> carry them: unmanaged values
    /// of up to 16 bytes are stored without boxing and keep their JSON/MessagePack type.</summary>
    public void AddKeyValue<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _record.AddKeyValue(key, value);
    }
}
