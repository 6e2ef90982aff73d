namespace Femto;

/// <summary>Turns a record into UTF-8 text. Runs on a handler's worker thread; built-in formatters do not allocate.
/// Write one record without the trailing newline (handlers add it), escaping control characters in user text
/// (<see cref="FemtoBuffer.WriteText(string?, bool)"/> does) so one record cannot forge another line.</summary>
public interface IFemtoFormatter
{
    /// <summary>Appends the record's text to <paramref name="output"/>.</summary>
    void Format(in FemtoRecordView record, FemtoBuffer output);
}
