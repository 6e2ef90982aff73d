namespace Femto.Tests.Support;

/// <summary>A record handler that only counts what it receives (no allocation).</summary>
public sealed class NoOpRecordHandler : IFemtoRecordHandler
{
    private long _count;

    /// <summary>Records received.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <inheritdoc/>
    public void Handle(in FemtoRecordView record) => Interlocked.Increment(ref _count);

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message) => Interlocked.Increment(ref _count);
}
