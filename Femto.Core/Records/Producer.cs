using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Per-thread producer state: the staging record a call fills before it is swapped into a queue slot,
/// and the thread's identity, read once per thread.</summary>
internal static class Producer
{
    [ThreadStatic] private static LogRecord? t_staging;

    /// <summary>The calling thread's staging record. Only code that runs no user code while filling it may use it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LogRecord Stage() => t_staging ?? NewStaging();

    /// <summary>Takes the staging record out for a caller that runs user code while filling it (interpolated strings),
    /// so a nested log call on the same thread gets a record of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LogRecord Rent()
    {
        var r = t_staging;
        if (r is null) return new LogRecord();
        t_staging = null;
        return r;
    }

    /// <summary>Hands back a record (the one a queue swap returned, or a rented one that was not enqueued).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(LogRecord? record) => t_staging = record;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LogRecord NewStaging() => t_staging = new LogRecord();

    /// <summary>Fills the header fields every record carries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Stamp(LogRecord r, string logger, FemtoLevel level, string? file, int line, string? member)
    {
        r.LoggerName = logger;
        r.Level = level;
        r.TimestampTicks = FemtoClock.UtcNowTicks;
        r.ThreadId = Environment.CurrentManagedThreadId;
        r.ThreadName = Thread.CurrentThread.Name;
        r.FileName = file;
        r.LineNumber = line;
        r.MemberName = member;
    }
}
