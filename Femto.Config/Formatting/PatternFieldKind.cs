namespace Femto.Config;

/// <summary>The record fields a <see cref="PatternFormatter"/> can show, named as CPython's LogRecord attributes.</summary>
internal enum PatternFieldKind
{
    Name,
    LevelName,
    LevelNo,
    Message,
    Msg,
    AscTime,
    Created,
    Msecs,
    RelativeCreated,
    Thread,
    ThreadName,
    Process,
    ProcessName,
    FileName,
    PathName,
    Module,
    LineNo,
    FuncName,
    TaskName,
    /// <summary>A field named in the formatter's <c>defaults</c>: the record's key-value of that name, else the default.</summary>
    KeyValue,
}

/// <summary>Field names and their kinds.</summary>
internal static class PatternFields
{
    public static readonly IReadOnlyDictionary<string, PatternFieldKind> ByName = new Dictionary<string, PatternFieldKind>(StringComparer.Ordinal)
    {
        ["name"] = PatternFieldKind.Name,
        ["levelname"] = PatternFieldKind.LevelName,
        ["levelno"] = PatternFieldKind.LevelNo,
        ["message"] = PatternFieldKind.Message,
        ["msg"] = PatternFieldKind.Msg,
        ["asctime"] = PatternFieldKind.AscTime,
        ["created"] = PatternFieldKind.Created,
        ["msecs"] = PatternFieldKind.Msecs,
        ["relativeCreated"] = PatternFieldKind.RelativeCreated,
        ["thread"] = PatternFieldKind.Thread,
        ["threadName"] = PatternFieldKind.ThreadName,
        ["process"] = PatternFieldKind.Process,
        ["processName"] = PatternFieldKind.ProcessName,
        ["filename"] = PatternFieldKind.FileName,
        ["pathname"] = PatternFieldKind.PathName,
        ["module"] = PatternFieldKind.Module,
        ["lineno"] = PatternFieldKind.LineNo,
        ["funcName"] = PatternFieldKind.FuncName,
        ["taskName"] = PatternFieldKind.TaskName,
    };

    /// <summary>CPython fields Femto records do not carry, with what to use instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["args"] = "Femto keeps arguments as key-values; name one in 'defaults' to show it",
        ["exc_info"] = "exceptions are appended after the message on their own lines",
        ["exc_text"] = "exceptions are appended after the message on their own lines",
        ["stack_info"] = "Femto records no stack",
    };

    public static bool IsNumeric(PatternFieldKind kind) => kind is PatternFieldKind.LevelNo or PatternFieldKind.Created or PatternFieldKind.Msecs
        or PatternFieldKind.RelativeCreated or PatternFieldKind.Thread or PatternFieldKind.Process or PatternFieldKind.LineNo;

    public static string KnownList => string.Join(", ", ByName.Keys);
}
