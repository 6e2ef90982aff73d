using System.Diagnostics;

namespace Femto;

/// <summary>One level of ambient state in an execution flow: the merged context key-values in force (prepared slots,
/// inner keys already overriding outer ones, so a call copies one flat array) and the trace and span ids of the
/// innermost recorded scope. Immutable once pushed and shared by every record and flow that sees it; only
/// <see cref="Ended"/> changes, once. Held in one <see cref="AsyncLocal{T}"/>, so it flows across <c>await</c>,
/// <c>Task.Run</c> and thread-pool work like any execution-context value.</summary>
internal sealed class AmbientFrame
{
    private static readonly AsyncLocal<AmbientFrame?> s_current = new();
    private static readonly ArgSlot[] s_none = [];

    public readonly AmbientFrame? Parent;
    public readonly ArgSlot[] Items;
    public readonly FemtoTraceId TraceId;
    public readonly FemtoSpanId SpanId;
    /// <summary><see cref="Activity.Current"/> when this frame was pushed (null while no activity has been seen):
    /// an activity current now that is not this one was started inside the frame, so it is the innermost span.</summary>
    public readonly Activity? Activity;
    /// <summary>Whether the context's key-values set <c>trace_id</c> or <c>span_id</c> themselves (then those win
    /// over the span's ids).</summary>
    public readonly bool ItemsHaveIds;
    private int _ended;

    private AmbientFrame(AmbientFrame? parent, ArgSlot[] items, bool itemsHaveIds, FemtoTraceId traceId, FemtoSpanId spanId, Activity? activity)
    {
        Parent = parent;
        Items = items;
        ItemsHaveIds = itemsHaveIds;
        TraceId = traceId;
        SpanId = spanId;
        Activity = activity;
    }

    /// <summary>Whether this frame carries a span (a scope's, or inherited from one).</summary>
    public bool HasSpan => !SpanId.IsEmpty;

    /// <summary>True once disposed. A frame is in force from its push to its dispose: work forked inside it that runs
    /// on afterwards still holds it in its execution context, but no longer carries it (the frame's parent applies),
    /// whatever else runs in the process.</summary>
    public bool Ended => Volatile.Read(ref _ended) != 0;

    /// <summary>The frame in force in this flow: the innermost one that has not ended; null when none.</summary>
    public static AmbientFrame? Current
    {
        get
        {
            var frame = s_current.Value;
            while (frame is { Ended: true }) frame = frame.Parent;
            return frame;
        }
    }

    /// <summary>A frame for a new context (<paramref name="items"/>: the merged key-values) inside what is in force in
    /// this flow now; it keeps the span in force.</summary>
    public static AmbientFrame ForContext(AmbientFrame? live, ArgSlot[] items)
    {
        var activity = SpanInForce(live, out var trace, out var span);
        return new AmbientFrame(s_current.Value, items, NamesAnId(items), trace, span, activity);
    }

    /// <summary>A frame for a new span inside what is in force in this flow now, keeping the context in force.
    /// <paramref name="parentSpan"/> is the span in force: the innermost scope's, or the current activity's when that
    /// activity was started inside it (or with no scope at all). The new span continues its trace, or starts one.</summary>
    public static AmbientFrame ForSpan(AmbientFrame? live, ref IdSource ids, out FemtoSpanId parentSpan)
    {
        var activity = SpanInForce(live, out var trace, out parentSpan);
        if (trace.IsEmpty) trace = new FemtoTraceId(ids.NextNonZero(), ids.NextNonZero());
        var span = new FemtoSpanId(ids.NextNonZero());
        return new AmbientFrame(s_current.Value, live?.Items ?? s_none, live?.ItemsHaveIds ?? false, trace, span, activity);
    }

    /// <summary>The trace and span in force: the current activity's when it is not the one <paramref name="live"/>
    /// was pushed under (it started inside), else <paramref name="live"/>'s. Returns the current activity (null while
    /// none has been seen).</summary>
    private static Activity? SpanInForce(AmbientFrame? live, out FemtoTraceId trace, out FemtoSpanId span)
    {
        var activity = AmbientGate.ActivitySeen ? Activity.Current : null;
        if (activity is { IdFormat: ActivityIdFormat.W3C } && (live is null || !ReferenceEquals(live.Activity, activity)))
        {
            trace = FemtoTraceId.From(activity.TraceId);
            span = FemtoSpanId.From(activity.SpanId);
        }
        else
        {
            trace = live?.TraceId ?? default;
            span = live?.SpanId ?? default;
        }
        return activity;
    }

    private static bool NamesAnId(ArgSlot[] items)
    {
        foreach (ref readonly var item in items.AsSpan())
            if (item.Name is TraceFields.TraceId or TraceFields.SpanId) return true;
        return false;
    }

    /// <summary>Makes <paramref name="frame"/> current in this flow.</summary>
    public static AmbientPush Enter(AmbientFrame frame)
    {
        var before = ExecutionContext.Capture();
        s_current.Value = frame;
        AmbientGate.Enter();
        return new AmbientPush(frame, before, ExecutionContext.Capture());
    }

    /// <summary>Ends the pushed frame (once; later calls do nothing) and takes it out of this flow. When nothing else
    /// changed the execution context since the push, the context from before is restored as it was, which allocates
    /// nothing; otherwise the frame and anything pushed inside it and still current are popped.
    /// <paramref name="once"/>: the caller guarantees a single exit (a scope's versioned end), so no atomic swap.</summary>
    public static void Exit(in AmbientPush push, bool once = false)
    {
        var frame = push.Frame;
        if (frame is null) return;
        if (once) Volatile.Write(ref frame._ended, 1);
        else if (Interlocked.Exchange(ref frame._ended, 1) != 0) return;
        AmbientGate.Exit();
        if (push.Before is not null && push.After is not null && ReferenceEquals(ExecutionContext.Capture(), push.After))
        {
            ExecutionContext.Restore(push.Before);
            return;
        }
        for (var f = s_current.Value; f is not null; f = f.Parent)
        {
            if (!ReferenceEquals(f, frame)) continue;
            s_current.Value = frame.Parent;
            return;
        }
        // Not in this flow (disposed from another one): it has ended, so no flow carries it any more.
    }
}
