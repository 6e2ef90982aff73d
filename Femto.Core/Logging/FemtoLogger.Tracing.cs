namespace Femto;

public sealed partial class FemtoLogger
{
    private const int ScopeLevels = (1 << (int)FemtoLevel.Info) | (1 << (int)FemtoLevel.Error);

    /// <summary>Starts a timed scope named <paramref name="name"/>; disposing it (<c>using</c>, <c>await using</c>)
    /// writes one record: <c>function</c>, <c>duration_ms</c> (from <see cref="FemtoTrace.TimeProvider"/>),
    /// <c>status</c>, <c>error_type</c> and <c>error_message</c> after <see cref="FemtoTraceScope.Fail"/>,
    /// <c>trace_id</c>, <c>span_id</c>, <c>parent_span_id</c> when nested, then <paramref name="kvs"/>; Info on
    /// success, Error on failure. Records logged inside the scope, by any logger, carry its <c>trace_id</c> and
    /// <c>span_id</c>; a scope inside an <see cref="System.Diagnostics.Activity"/> continues its trace.</summary>
    /// <remarks>Values follow <see cref="FemtoContext"/>'s rule (scalars and strings kept, anything else turned into
    /// text now). A scope allocates no scope object (it is a struct over pooled state); making its span current in
    /// the flow costs one small immutable frame and the execution context's copy-on-write. When neither Info nor
    /// Error is enabled the scope does nothing.</remarks>
    /// <exception cref="ArgumentException">The name is empty, or a key is empty or one of the trace fields' names.</exception>
    public FemtoTraceScope Time(string name, params ReadOnlySpan<(string Key, object? Value)> kvs) => StartScope(name, null, 1.0, kvs);

    /// <summary>Starts a timed scope whose <c>function</c> is <c>name[label]</c> (just <c>name</c> when
    /// <paramref name="label"/> is null or empty); see <see cref="Time(string, ReadOnlySpan{ValueTuple{string, object}})"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, or a key is empty or one of the trace fields' names.</exception>
    public FemtoTraceScope Time(string name, string? label, params ReadOnlySpan<(string Key, object? Value)> kvs) => StartScope(name, label, 1.0, kvs);

    /// <summary>Starts a timed scope recorded with probability <paramref name="sampleRate"/> (0 never, 1 always; see
    /// <see cref="FemtoTrace.Sampler"/>). A scope that is not recorded is the default value: it does nothing and
    /// allocates nothing.</summary>
    /// <exception cref="ArgumentException">The name is empty, a key is empty or one of the trace fields' names.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public FemtoTraceScope Time(string name, double sampleRate, params ReadOnlySpan<(string Key, object? Value)> kvs) => StartScope(name, null, sampleRate, kvs);

    /// <summary>Starts a labelled timed scope recorded with probability <paramref name="sampleRate"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, a key is empty or one of the trace fields' names.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not between 0 and 1.</exception>
    public FemtoTraceScope Time(string name, string? label, double sampleRate, params ReadOnlySpan<(string Key, object? Value)> kvs) =>
        StartScope(name, label, sampleRate, kvs);

    private FemtoTraceScope StartScope(string name, string? label, double sampleRate, ReadOnlySpan<(string Key, object? Value)> kvs) =>
        ShouldTime(name, sampleRate, kvs) ? ScopeState.Start(this, FunctionNames.Get(name, label), kvs) : default;

    /// <summary>Validates a scope's arguments (always, so a mistake shows whether or not the scope is sampled) and
    /// decides whether it is recorded: Info or Error enabled, and sampled in.</summary>
    internal bool ShouldTime(string name, double sampleRate, ReadOnlySpan<(string Key, object? Value)> kvs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!(sampleRate >= 0 && sampleRate <= 1)) throw FemtoSampler.RateOutOfRange(sampleRate, nameof(sampleRate));
        foreach (var (key, _) in kvs)
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("A key-value's key must be a non-empty string.", nameof(kvs));
            if (TraceFields.IndexOf(key) >= 0)
                throw new ArgumentException($"The key '{key}' is one of the scope's own trace fields (function, duration_ms, status, error_type, error_message, trace_id, span_id, parent_span_id); pick another name.", nameof(kvs));
        }
        if ((_enabledMask & ScopeLevels) == 0) return false;
        return sampleRate >= 1 || FemtoTrace.Sampler.ShouldSample(sampleRate);
    }

    /// <summary>Writes a scope's record, on the thread that ended it.</summary>
    internal void WriteScope(ScopeState scope, double durationMs)
    {
        var error = scope.Error;
        var level = error is null ? FemtoLevel.Info : FemtoLevel.Error;
        if (!IsEnabled(level)) return;
        // User code (an exception's Message) runs before the staging record is taken, so a nested call cannot reuse it.
        string? errorType = error?.GetType().FullName;
        string? errorMessage = error is null ? null : MessageOf(error);
        var frame = scope.Frame;
        var producer = Producer.Current;
        var r = producer.Staging;
        r.Begin(RecordShape.Plain, scope.Function);
        r.Exception = error;
        r.AddKeyValue(TraceFields.Function, scope.Function);
        r.AddKeyValue(TraceFields.DurationMs, durationMs);
        r.AddKeyValue(TraceFields.Status, error is null ? TraceFields.Success : TraceFields.Error);
        if (error is not null)
        {
            r.AddKeyValue(TraceFields.ErrorType, errorType);
            r.AddKeyValue(TraceFields.ErrorMessage, errorMessage);
        }
        r.AddKeyValue(TraceFields.TraceId, frame.TraceId);
        r.AddKeyValue(TraceFields.SpanId, frame.SpanId);
        if (!scope.ParentSpanId.IsEmpty) r.AddKeyValue(TraceFields.ParentSpanId, scope.ParentSpanId);
        var items = scope.Items;
        for (int i = 0; i < scope.ItemCount; i++) r.AddKeyValueSlot(in items[i]);
        Submit(producer, r, level, null!, 0, null!); // no call site: a scope ends where it is disposed
    }

    private static string MessageOf(Exception error)
    {
        try
        {
            return error.Message;
        }
#pragma warning disable CA1031 // a throwing Message property must not lose the scope's record
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"(the exception's Message threw {e.GetType().FullName})";
        }
    }
}
