namespace Femto;

/// <summary>A one-thread park/unpark signal that blocks at once: no spinning before the wait (a spinning timed
/// wait is what made idle workers burn CPU), and an unpark that arrives before the park is not lost.</summary>
internal sealed class Parker
{
    private readonly object _gate = new();
    private bool _signaled;

    /// <summary>Waits until <see cref="Unpark"/> or the timeout. Returns true when unparked.</summary>
    public bool Park(int timeoutMs)
    {
        lock (_gate)
        {
            if (!_signaled && timeoutMs != 0) Monitor.Wait(_gate, timeoutMs);
            bool woken = _signaled;
            _signaled = false;
            return woken;
        }
    }

    public void Unpark()
    {
        lock (_gate)
        {
            _signaled = true;
            Monitor.Pulse(_gate);
        }
    }
}
