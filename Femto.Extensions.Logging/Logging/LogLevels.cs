using Microsoft.Extensions.Logging;

namespace Femto.Extensions.Logging;

/// <summary>Microsoft.Extensions.Logging levels and Femto's: Trace→Trace, Debug→Debug, Information→Info,
/// Warning→Warn, Error→Error, Critical→Critical; None is off. The two enums share their numbers.</summary>
internal static class LogLevels
{
    /// <summary>The Femto level of <paramref name="level"/>; false for None (and anything undefined).</summary>
    public static bool TryToFemto(LogLevel level, out FemtoLevel femto)
    {
        femto = (FemtoLevel)level;
        return (uint)level <= (uint)LogLevel.Critical;
    }

    public static LogLevel ToMel(FemtoLevel level) => (LogLevel)level;
}
