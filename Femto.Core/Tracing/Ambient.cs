using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Adds what is in force in the caller's flow to a record being filled on the caller's thread: the context
/// key-values, then the <c>trace_id</c> and <c>span_id</c> of the innermost scope or activity. Keys the call set
/// itself (key-values, named template holes, interpolation holes) win: the ambient value for such a key is left
/// out. Runs only while <see cref="AmbientGate.IsOpen"/>; allocates nothing (the values were prepared at push).</summary>
internal static class Ambient
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddTo(LogRecord record)
    {
        var frame = AmbientFrame.Current;
        var activity = AmbientGate.ActivitySeen ? Activity.Current : null;
        if (frame is null && activity is null) return;
        string?[]? templateNames = record.Shape == RecordShape.Template && record.ArgCount > 0 ? MessageTemplate.Get(record.Message!).ArgNames : null;
        if (frame is not null)
        {
            var items = frame.Items;
            for (int i = 0; i < items.Length; i++)
                if (!HasKey(record, templateNames, items[i].Name!)) record.AddKeyValueSlot(in items[i]);
        }
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C && (frame is null || !ReferenceEquals(frame.Activity, activity)))
        {
            // An activity started inside the innermost frame (or with no frame at all) is the innermost span.
            // Its ids are kept as the activity's own hex strings: no parsing, no allocation.
            if (!HasKey(record, templateNames, TraceFields.TraceId)) record.AddKeyValue(TraceFields.TraceId, activity.TraceId.ToHexString());
            if (!HasKey(record, templateNames, TraceFields.SpanId)) record.AddKeyValue(TraceFields.SpanId, activity.SpanId.ToHexString());
        }
        else if (frame is { HasSpan: true })
        {
            if (!HasKey(record, templateNames, TraceFields.TraceId)) record.AddKeyValue(TraceFields.TraceId, frame.TraceId);
            if (!HasKey(record, templateNames, TraceFields.SpanId)) record.AddKeyValue(TraceFields.SpanId, frame.SpanId);
        }
    }

    /// <summary>Whether the record already has a structured value named <paramref name="key"/>.</summary>
    private static bool HasKey(LogRecord record, string?[]? templateNames, string key)
    {
        var slots = record.Slots;
        int args = record.ArgCount;
        for (int i = args, end = args + record.KeyValueCount; i < end; i++)
            if (SameName(slots[i].Name, key)) return true;
        if (templateNames is not null)
        {
            for (int i = 0; i < args && i < templateNames.Length; i++)
                if (SameName(templateNames[i], key)) return true;
        }
        else if (record.Shape == RecordShape.Interpolated)
        {
            for (int i = 0; i < args; i++)
                if (slots[i].Kind != ArgKind.Literal && SameName(slots[i].Name, key)) return true;
        }
        return false;
    }

    private static bool SameName(string? name, string key) => ReferenceEquals(name, key) || string.Equals(name, key, StringComparison.Ordinal);
}
