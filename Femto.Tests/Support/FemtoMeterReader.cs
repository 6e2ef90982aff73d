using System.Diagnostics.Metrics;

namespace Femto.Tests.Support;

/// <summary>Reads the <c>Femto</c> meter's current values for one component (tag <c>femto.component</c>).</summary>
public static class FemtoMeterReader
{
    public static Dictionary<string, long> Collect(string component)
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FemtoMetrics.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "femto.component" && (string?)tag.Value == component) values[instrument.Name] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
