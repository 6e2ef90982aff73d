namespace Femto.Handlers;

/// <summary>A network handler's drops by <see cref="DropReason"/>. The handler counts its own decisions here; the
/// queue's overflow drops are the rest of <see cref="FemtoHandler.DroppedCount"/>, so the reasons always add up to it.
/// Thread-safe: the worker adds, anyone reads.</summary>
internal sealed class DropCounts
{
    private readonly long[] _counts = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Counts <paramref name="records"/> dropped for <paramref name="reason"/> (not Overflow: the queue counts those).</summary>
    public void Add(DropReason reason, long records)
    {
        if (reason == DropReason.Overflow || !Enum.IsDefined(reason)) throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a handler's own drop reason.");
        Interlocked.Add(ref _counts[(int)reason], records);
    }

    /// <summary>Records dropped for <paramref name="reason"/>; Overflow is <paramref name="totalDropped"/> minus the rest.</summary>
    public long Of(DropReason reason, long totalDropped)
    {
        if (!Enum.IsDefined(reason)) throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown drop reason.");
        if (reason != DropReason.Overflow) return Interlocked.Read(ref _counts[(int)reason]);
        long own = 0;
        for (int i = 0; i < _counts.Length; i++) own += Interlocked.Read(ref _counts[i]);
        return Math.Max(0, totalDropped - own);
    }
}
