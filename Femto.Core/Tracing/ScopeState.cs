namespace Femto;

/// <summary>The mutable state of one recorded timed scope, pooled (<see cref="ScopePool"/>). A
/// <see cref="FemtoTraceScope"/> refers to it with the version it was started with; ending bumps the version, so a
/// copy of an ended scope, or a scope disposed twice, finds a different version and does nothing.</summary>
internal sealed class ScopeState
{
    public int Version;
    public FemtoLogger Logger = null!;
    public string Function = "";
    public TimeProvider Clock = TimeProvider.System;
    public long StartedAt;
    /// <summary>The key-values given to the scope, prepared on the caller's thread.</summary>
    public ArgSlot[] Items = new ArgSlot[4];
    public int ItemCount;
    public Exception? Error;
    public AmbientPush Push;
    public FemtoSpanId ParentSpanId;

    public AmbientFrame Frame => Push.Frame!;

    /// <summary>Starts a recorded scope in the caller's flow (arguments validated by the caller).</summary>
    public static FemtoTraceScope Start(FemtoLogger logger, string function, ReadOnlySpan<(string Key, object? Value)> values)
    {
        var pool = ScopePool.Current;
        var state = pool.Take();
        try
        {
            state.SetItems(values);
        }
        catch
        {
            state.Clear();
            pool.Return(state);
            throw;
        }
        state.Logger = logger;
        state.Function = function;
        var frame = AmbientFrame.ForSpan(AmbientFrame.Current, ref pool.Ids, out state.ParentSpanId);
        state.Push = AmbientFrame.Enter(frame);
        // Last, so the setup above is not part of the measured time.
        var clock = FemtoTrace.TimeProvider;
        state.Clock = clock;
        state.StartedAt = clock.GetTimestamp();
        return new FemtoTraceScope(state, state.Version);
    }

    private void SetItems(ReadOnlySpan<(string Key, object? Value)> values)
    {
        if (values.Length > Items.Length) Items = new ArgSlot[Math.Max(values.Length, Items.Length * 2)];
        for (int i = 0; i < values.Length; i++) Items[i] = ContextValues.Prepare(values[i].Key, values[i].Value, "kvs");
        ItemCount = values.Length;
    }

    public bool IsLive(int version) => Volatile.Read(ref Version) == version;

    public void Fail(int version, Exception exception)
    {
        if (IsLive(version)) Error = exception;
    }

    /// <summary>Ends the scope: takes the time, restores the flow's context, writes its record and goes back to the
    /// pool. Only the first end of a version does anything.</summary>
    public void End(int version)
    {
        long end = Clock.GetTimestamp(); // first, so the teardown is not part of the measured time
        if (Interlocked.CompareExchange(ref Version, version + 1, version) != version) return;
        // Out of the flow first: the record carries its own ids, and without the scope in force a call with no other
        // context skips the ambient lookup (the context in force is the same either way).
        AmbientFrame.Exit(in Push, once: true);
        try
        {
            Logger.WriteScope(this, (end - StartedAt) * 1000.0 / Clock.TimestampFrequency);
        }
        finally
        {
            Clear();
            ScopePool.Current.Return(this);
        }
    }

    /// <summary>Lets go of everything the scope referred to, so a pooled state keeps nothing alive.</summary>
    private void Clear()
    {
        Array.Clear(Items, 0, ItemCount);
        ItemCount = 0;
        Error = null;
        Push = default;
        Logger = null!;
        Clock = TimeProvider.System;
    }
}
