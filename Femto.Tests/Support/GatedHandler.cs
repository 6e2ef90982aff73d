namespace Femto.Tests.Support;

/// <summary>A handler that stalls its caller (the logger's worker) on a closed gate, to fill queues and to prove that
/// flushes wait. <see cref="Entered"/> is set when a record arrives while the gate is closed. Disposing opens the gate.
/// The wait is bounded by a safety limit so a broken test can never hang the run.</summary>
public sealed class GatedHandler : IFemtoHandler, IDisposable
{
    private static readonly TimeSpan SafetyLimit = TimeSpan.FromSeconds(30);

    private readonly ManualResetEventSlim _gate = new(false);
    private readonly ManualResetEventSlim _entered = new(false);
    private readonly object _sync = new();
    private readonly List<string> _messages = [];
    private int _disposed;

    /// <summary>Set once a record has arrived while the gate was closed (the worker is now stalled).</summary>
    public ManualResetEventSlim Entered => _entered;

    /// <summary>Messages handled so far (after passing the gate), in order.</summary>
    public IReadOnlyList<string> Messages
    {
        get { lock (_sync) return [.. _messages]; }
    }

    /// <summary>Number of records handled so far.</summary>
    public int Count
    {
        get { lock (_sync) return _messages.Count; }
    }

    /// <summary>Lets every stalled and future record through.</summary>
    public void Open() => _gate.Set();

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message)
    {
        if (!_gate.IsSet)
        {
            _entered.Set();
            _gate.Wait(SafetyLimit);
        }
        lock (_sync) _messages.Add(message);
    }

    /// <summary>Opens the gate (the events stay usable: a worker may still be inside <see cref="Handle"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _gate.Set();
    }
}
