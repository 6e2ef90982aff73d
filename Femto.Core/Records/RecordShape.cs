namespace Femto;

/// <summary>How a record's message is made.</summary>
internal enum RecordShape : byte
{
    /// <summary><see cref="LogRecord.Message"/> is the final message.</summary>
    Plain,
    /// <summary><see cref="LogRecord.Message"/> is a message template whose holes take the first <see cref="LogRecord.ArgCount"/> slots.</summary>
    Template,
    /// <summary>The first <see cref="LogRecord.ArgCount"/> slots are the literals and holes of an interpolated string.</summary>
    Interpolated,
    /// <summary><see cref="LogRecord.Message"/> is the final message, rendered elsewhere; the first
    /// <see cref="LogRecord.ArgCount"/> slots are the named values it shows (see <see cref="FemtoContentWriter.AddMessageValue{T}"/>).</summary>
    Rendered,
}
