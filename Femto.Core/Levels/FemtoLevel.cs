namespace Femto;

/// <summary>Severity of a log record, from least to most severe.</summary>
public enum FemtoLevel
{
    /// <summary>Very detailed diagnostic output.</summary>
    Trace = 0,
    /// <summary>Debugging output.</summary>
    Debug = 1,
    /// <summary>Normal operational messages. The root logger's default level.</summary>
    Info = 2,
    /// <summary>Something unexpected that the program recovered from. Text alias: <c>WARNING</c>.</summary>
    Warn = 3,
    /// <summary>An operation failed.</summary>
    Error = 4,
    /// <summary>The program cannot continue normally.</summary>
    Critical = 5,
}
