namespace Femto;

/// <summary>How record timestamps are taken.</summary>
public enum FemtoClockMode
{
    /// <summary>A cached UTC time refreshed about every millisecond by a ticker thread (about 1 ns per read).
    /// Timestamps may lag the true time by up to ~2 ms. The ticker sleeps when logging is idle.</summary>
    Cached,
    /// <summary>A precise read per record (<see cref="DateTime.UtcNow"/>, about 25 ns here).</summary>
    Precise,
}
