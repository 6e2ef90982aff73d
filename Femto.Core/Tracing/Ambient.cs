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
        // Each is an execution-context lookup: skip the one that cannot find anything.
        var frame = AmbientGate.FramesInForce ? AmbientFrame.Current : null;
        var activity = AmbientGate.ActivitySeen ? Activity.Current : null;
        if (frame is null && activity is null) return;
        // The call's own names: key-values, then named template holes or interpolation holes.
        int ownValues = record.KeyValueCount;
        string?[]? templateNames = record.Shape == RecordShape.Template && record.ArgCount > 0 ? MessageTemplate.Get(record.Message!).ArgNames : null;
        bool ownNames = ownValues > 0 || templateNames is not null || (record.Shape == RecordShape.Interpolated && record.ArgCount > 0);
        bool idsTaken = false;
        if (frame is not null && frame.Items.Length > 0)
        {
            var items = frame.Items;
            if (!ownNames || !SharesAKey(record, ownValues, templateNames, items))
            {
                record.AddKeyValueSlots(items); // the usual case: one copy
                idsTaken = frame.ItemsHaveIds;
            }
            else
            {
                foreach (ref readonly var item in items.AsSpan())
                    if (!HasKey(record, ownValues, templateNames, item.Name!)) record.AddKeyValueSlot(in item);
                idsTaken = true; // rare: let each id check for itself below
            }
        }
        bool check = ownNames || idsTaken;
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C && (frame is null || !ReferenceEquals(frame.Activity, activity)))
        {
            // An activity started inside the innermost frame (or with no frame at all) is the innermost span.
            // Its ids are kept as the activity's own hex strings: no parsing, no allocation.
            if (!check || !HasKey(record, record.KeyValueCount, templateNames, TraceFields.TraceId)) record.AddKeyValue(TraceFields.TraceId, activity.TraceId.ToHexString());
            if (!check || !HasKey(record, record.KeyValueCount, templateNames, TraceFields.SpanId)) record.AddKeyValue(TraceFields.SpanId, activity.SpanId.ToHexString());
        }
        else if (frame is { HasSpan: true })
        {
            if (!check || !HasKey(record, record.KeyValueCount, templateNames, TraceFields.TraceId)) record.AddKeyValue(TraceFields.TraceId, frame.TraceId);
            if (!check || !HasKey(record, record.KeyValueCount, templateNames, TraceFields.SpanId)) record.AddKeyValue(TraceFields.SpanId, frame.SpanId);
        }
    }

    /// <summary>Whether any of <paramref name="items"/> has a name the call set itself.</summary>
    private static bool SharesAKey(LogRecord record, int ownValues, string?[]? templateNames, ArgSlot[] items)
    {
        foreach (ref readonly var item in items.AsSpan())
            if (HasKey(record, ownValues, templateNames, item.Name!)) return true;
        return false;
    }

    /// <summary>Whether the record already has a structured value named <paramref name="key"/> among its first
    /// <paramref name="values"/> key-values and its named arguments.</summary>
    private static bool HasKey(LogRecord record, int values, string?[]? templateNames, string key)
    {
        var slots = record.Slots;
        int args = record.ArgCount;
        for (int i = args, end = args + values; i < end; i++)
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
