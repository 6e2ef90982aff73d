namespace Femto;

/// <summary>Logger name rules: not empty or whitespace-only, no leading or trailing dot, no empty segment, and no
/// segment of whitespace only (every ancestor a name creates must itself be a valid name).</summary>
internal static class LoggerNames
{
    public const string Root = "root";

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("Logger name must not be empty.", nameof(name));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"Logger name must not be whitespace only: '{name}'.", nameof(name));
        if (name[0] == '.') throw new ArgumentException($"Logger name must not start with '.': '{name}'.", nameof(name));
        if (name[^1] == '.') throw new ArgumentException($"Logger name must not end with '.': '{name}'.", nameof(name));
        if (name.Contains("..", StringComparison.Ordinal)) throw new ArgumentException($"Logger name must not contain consecutive dots ('..'): '{name}'.", nameof(name));
        foreach (var segment in name.AsSpan().Split('.'))
            if (name.AsSpan()[segment].IsWhiteSpace())
                throw new ArgumentException($"Logger name must not have a segment of whitespace only: '{name}'.", nameof(name));
    }

    /// <summary>The parent's name: <c>api.v1</c> → <c>api</c> → <c>root</c>.</summary>
    public static string ParentOf(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot < 0 ? Root : name[..dot];
    }
}
