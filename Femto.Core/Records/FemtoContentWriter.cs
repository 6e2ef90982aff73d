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

    /// <summary>Sets the record's message as a Femto message template (<c>{Name}</c>, <c>{Name:format}</c>,
    /// <c>{Name,alignment}</c>) whose holes take the values added next with <see cref="AddMessageValue{T}"/>, in order:
    /// handlers render it as they render Femto's own template calls (UTF-8, no string), and the holes name the values.</summary>
    public void SetMessageTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (_record.ArgCount + _record.KeyValueCount > 0) throw new InvalidOperationException("Set the template before adding values.");
        _record.Shape = RecordShape.Template;
        _record.Message = template;
    }

    /// <summary>Adds a named value that the message already shows (a template's value): carried like a key-value
    /// (views, JSON, socket frames) but, like the values of Femto's own template calls, not repeated by text
    /// formatters after the message. Add these before any <see cref="AddKeyValue{T}"/>. After
    /// <see cref="SetMessageTemplate"/> they fill the template's holes in order (the holes' names are used).</summary>
    /// <exception cref="InvalidOperationException">A key-value was added already.</exception>
    public void AddMessageValue<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_record.KeyValueCount > 0) throw new InvalidOperationException("Add message values before key-values.");
        if (_record.Shape == RecordShape.Template)
        {
            _record.AddArg(value); // the template names it
            return;
        }
        _record.Shape = RecordShape.Rendered;
        _record.AddArg(value, key);
    }

    /// <summary>Adds a named value, as the key-value overloads of <see cref="FemtoLogger"/> carry them: unmanaged values
    /// of up to 16 bytes are stored without boxing and keep their JSON/MessagePack type.</summary>
    public void AddKeyValue<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _record.AddKeyValue(key, value);
    }
}
