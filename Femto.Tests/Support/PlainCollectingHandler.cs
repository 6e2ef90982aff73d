namespace Femto.Tests.Support;

/// <summary>A plain <see cref="IFemtoHandler"/> (three strings) that keeps every default line it receives. Thread-safe.</summary>
public sealed class PlainCollectingHandler : IFemtoHandler
{
    private readonly object _sync = new();
    private readonly List<string> _lines = [];

    /// <summary>The lines received so far as <c>{logger} [{LEVEL}] {message}</c>, in arrival order.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_sync) return [.. _lines]; }
    }

    /// <summary>Number of records received so far.</summary>
    public int Count
    {
        get { lock (_sync) return _lines.Count; }
    }

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message)
    {
        lock (_sync) _lines.Add($"{logger} [{level.ToName()}] {message}");
    }
}
