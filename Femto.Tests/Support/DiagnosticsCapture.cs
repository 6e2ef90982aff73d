namespace Femto.Tests.Support;

/// <summary>Captures <see cref="FemtoDiagnostics.Writer"/> reports for the duration of a test and signals when one
/// containing a given text arrives. Disposing restores the default writer.</summary>
public sealed class DiagnosticsCapture : IDisposable
{
    private readonly object _sync = new();
    private readonly List<string> _reports = [];
    private readonly Func<string, bool> _watchFor;
    private readonly ManualResetEventSlim _seen = new(false);

    /// <summary>Starts capturing; <see cref="Seen"/> is set by the first report containing <paramref name="watchFor"/>.</summary>
    public DiagnosticsCapture(string watchFor)
        : this(line => line.Contains(watchFor, StringComparison.Ordinal))
    {
    }

    /// <summary>Starts capturing; <see cref="Seen"/> is set by the first report matching <paramref name="watchFor"/>.</summary>
    public DiagnosticsCapture(Func<string, bool> watchFor)
    {
        _watchFor = watchFor;
        FemtoDiagnostics.Writer = Write;
    }

    /// <summary>Set once a report containing the watched text was written.</summary>
    public ManualResetEventSlim Seen => _seen;

    /// <summary>Reports written so far.</summary>
    public IReadOnlyList<string> Reports
    {
        get { lock (_sync) return [.. _reports]; }
    }

    private void Write(string line)
    {
        lock (_sync) _reports.Add(line);
        if (_watchFor(line)) _seen.Set();
    }

    /// <inheritdoc/>
    public void Dispose() => FemtoDiagnostics.Writer = null;
}
