using System.Diagnostics.CodeAnalysis;

namespace Femto;

/// <summary>Parsing and naming of <see cref="FemtoLevel"/> values.</summary>
public static class FemtoLevels
{
    internal const int Count = 6;

    private static readonly string[] UpperNames = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"];
    private static readonly byte[][] Utf8Names = [.. UpperNames.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The accepted text names, as listed in error messages.</summary>
    public const string ValidNames = "TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, CRITICAL";

    /// <summary>Parses a level name, case-insensitively and ignoring surrounding whitespace.</summary>
    /// <exception cref="ArgumentException">The name is not a level; the message lists the valid names.</exception>
    public static FemtoLevel Parse(string name, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (TryParse(name, out var level)) return level;
        throw new ArgumentException($"Unknown log level '{name}'. Valid levels: {ValidNames}.", paramName);
    }

    /// <summary>Tries to parse a level name; see <see cref="Parse"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out FemtoLevel level)
    {
        level = FemtoLevel.Info;
        if (name is null) return false;
        var s = name.AsSpan().Trim();
        if (s.Equals("TRACE", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Trace;
        else if (s.Equals("DEBUG", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Debug;
        else if (s.Equals("INFO", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Info;
        else if (s.Equals("WARN", StringComparison.OrdinalIgnoreCase) || s.Equals("WARNING", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Warn;
        else if (s.Equals("ERROR", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Error;
        else if (s.Equals("CRITICAL", StringComparison.OrdinalIgnoreCase)) level = FemtoLevel.Critical;
        else return false;
        return true;
    }

    /// <summary>The upper-case name used in output: TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL.</summary>
    public static string ToName(this FemtoLevel level) => IsDefined(level) ? UpperNames[(int)level] : ThrowUndefined(level);

    internal static ReadOnlySpan<byte> Utf8Name(FemtoLevel level) => Utf8Names[(int)level];

    internal static bool IsDefined(FemtoLevel level) => (uint)level < Count;

    /// <summary>Returns <paramref name="level"/>, or throws <see cref="ArgumentOutOfRangeException"/> naming
    /// <paramref name="paramName"/> when it is not a defined level (an integer cast to <see cref="FemtoLevel"/>).</summary>
    public static FemtoLevel Validate(FemtoLevel level, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(level))] string? paramName = null)
    {
        if (!IsDefined(level)) ThrowUndefined(level, paramName);
        return level;
    }

    [DoesNotReturn]
    private static string ThrowUndefined(FemtoLevel level, string? paramName = "level") =>
        throw new ArgumentOutOfRangeException(paramName, (int)level, $"Undefined log level {(int)level}. Valid levels: {ValidNames}.");
}
