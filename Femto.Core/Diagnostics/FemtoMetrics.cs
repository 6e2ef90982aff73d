using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Femto;

/// <summary>Femto's delivery accounting published through <see cref="System.Diagnostics.Metrics"/>: a
/// <see cref="Meter"/> named <c>Femto</c> with, per component (tag <c>femto.component</c>, e.g.
/// <c>logger 'api'</c> or <c>file '/var/log/app.log'</c>):
/// <c>femto.records.accepted</c>, <c>femto.records.processed</c>, <c>femto.records.dropped</c>,
/// <c>femto.errors</c> (observable counters) and <c>femto.queue.depth</c> (observable gauge).
/// Every accepted record is processed, still queued, or dropped: accepted = processed + depth.</summary>
public static class FemtoMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Femto";

    private static readonly ConcurrentDictionary<RecordLane, byte> s_pumps = new();
    private static readonly Meter s_meter = new(MeterName, typeof(FemtoMetrics).Assembly.GetName().Version?.ToString());

    static FemtoMetrics()
    {
        s_meter.CreateObservableCounter("femto.records.accepted", () => Observe(p => p.AcceptedCount), "{record}", "Records accepted into a queue.");
        s_meter.CreateObservableCounter("femto.records.processed", () => Observe(p => p.ProcessedCount), "{record}", "Records a worker has handled.");
        s_meter.CreateObservableCounter("femto.records.dropped", () => Observe(p => p.DroppedCount), "{record}", "Records dropped: queue full, wait timed out, or closing.");
        s_meter.CreateObservableCounter("femto.errors", () => Observe(p => p.ErrorCount), "{error}", "Sink and handler failures.");
        s_meter.CreateObservableGauge("femto.queue.depth", () => Observe(p => (long)p.QueuedCount), "{record}", "Records waiting in a queue.");
    }

    internal static void Register(RecordLane pump) => s_pumps.TryAdd(pump, 0);

    internal static void Unregister(RecordLane pump) => s_pumps.TryRemove(pump, out _);

    /// <summary>Records waiting in every registered queue.</summary>
    internal static long QueuedRecords()
    {
        long n = 0;
        foreach (var lane in s_pumps.Keys) n += lane.QueuedCount;
        return n;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<RecordLane, long> read)
    {
        foreach (var pump in s_pumps.Keys)
            yield return new Measurement<long>(read(pump), new KeyValuePair<string, object?>("femto.component", pump.Component));
    }
}
