namespace Femto;

/// <summary>A timed scope started by <see cref="FemtoLogger.Time(string, ReadOnlySpan{ValueTuple{string, object}})"/>:
/// dispose it (<c>using</c> or <c>await using</c>) to write its one record. A struct over pooled state, so a recorded
/// scope allocates no scope object; the default value (a scope that was sampled out or whose logger is disabled) does
/// nothing at all.</summary>
/// <remarks>A <c>using</c> block cannot see an exception passing through it: mark a failure with <see cref="Fail"/>,
/// ideally from an exception filter, which records it without catching it:
/// <code>
/// using var scope = log.Time("checkout");
/// try { Checkout(); }
/// catch (Exception e) when (scope.Fail(e)) { }   // never entered: the exception goes on unchanged
/// </code>
/// <see cref="FemtoTrace.Run(FemtoLogger, string, Action, double, string?)"/> does this for you.</remarks>
public readonly struct FemtoTraceScope : IDisposable, IAsyncDisposable
{
    private readonly ScopeState? _state;
    private readonly int _version;

    internal FemtoTraceScope(ScopeState state, int version)
    {
        _state = state;
        _version = version;
    }

    /// <summary>True while this scope is recording: it was sampled in, its logger was enabled, and it has not been
    /// disposed.</summary>
    public bool IsRecording => _state is { } s && s.IsLive(_version);

    /// <summary>The scope's trace id (shared with the scope or activity it runs inside); empty when not recording.</summary>
    public FemtoTraceId TraceId => _state is { } s && s.Push.Frame is { } f && s.IsLive(_version) ? f.TraceId : default;

    /// <summary>The scope's own span id; empty when not recording.</summary>
    public FemtoSpanId SpanId => _state is { } s && s.Push.Frame is { } f && s.IsLive(_version) ? f.SpanId : default;

    /// <summary>Marks the scope as failed with <paramref name="exception"/>: its record is written at Error level with
    /// <c>status</c> <c>error</c>, <c>error_type</c> (the exception type's full name), <c>error_message</c> and the
    /// exception. Does nothing on a scope that is not recording. The latest call wins.</summary>
    /// <returns>Always false, so <c>catch (Exception e) when (scope.Fail(e))</c> records without catching.</returns>
    public bool Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _state?.Fail(_version, exception);
        return false;
    }

    /// <summary>Ends the scope and writes its record (once; later calls and copies do nothing).</summary>
    public void Dispose() => _state?.End(_version);

    /// <summary>Same as <see cref="Dispose"/>; completes synchronously.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
