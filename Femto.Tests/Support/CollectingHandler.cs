namespace Femto.Tests.Support;

/// <summary>A record handler that keeps a copy of every record it receives. Thread-safe.</summary>
public sealed class CollectingHandler : IFemtoRecordHandler
{
    private readonly object _sync = new();
    private readonly List<CapturedRecord> _records = [];

    /// <summary>Snapshot of the records received so far, in arrival order.</summary>
    public IReadOnlyList<CapturedRecord> Records
    {
        get { lock (_sync) return [.. _records]; }
    }

    /// <summary>The messages received so far, in arrival order.</summary>
    public IReadOnlyList<string> Messages => [.. Records.Select(r => r.Message)];

    /// <summary>Number of records received so far.</summary>
    public int Count
    {
        get { lock (_sync) return _records.Count; }
    }

    /// <inheritdoc/>
    public void Handle(in FemtoRecordView record)
    {
        var copy = CapturedRecord.From(record);
        lock (_sync) _records.Add(copy);
    }

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message) =>
        throw new InvalidOperationException("Loggers must call the record overload of an IFemtoRecordHandler.");
}
