using Microsoft.Extensions.Logging;

namespace Femto.Extensions.Logging;

/// <summary>One <c>ILogger.Log</c> call, kept for a Femto worker: what the caller's thread captured without reading
/// it (the state, the formatter, the event id and references to the open scopes), turned into the record's message
/// and key-values on the worker. Pooled per state type (<see cref="LogEntry{TState}"/>).</summary>
internal abstract class LogEntry : IFemtoDeferredContent
{
    private static readonly Action<object?, LogEntry> s_addScope = static (scope, entry) => entry.AddScope(scope);

    // Room for four scopes from the start: entries are allocated on workers (see EntryPool), so a call that captures
    // scopes does not allocate this array on the caller's thread.
    private object?[] _scopes = new object?[4];
    private int _scopeCount;
    protected EventId EventId;

    /// <summary>Caller: remembers the scopes open now (references only; they are read on the worker).</summary>
    public void CaptureScopes(IExternalScopeProvider scopes) => scopes.ForEachScope(s_addScope, this);

    private void AddScope(object? scope)
    {
        if (_scopeCount == _scopes.Length) Array.Resize(ref _scopes, _scopes.Length * 2); // deeper nesting: once per entry
        _scopes[_scopeCount++] = scope;
    }

    public void Complete(FemtoContentWriter record)
    {
        var values = KeyValueMerge.ForThisThread();
        AddOwnValues(values);
        // A plain template Femto renders itself, to UTF-8 in the handler, exactly as the formatter would; else the
        // state's own formatter renders the message (a string).
        if (values.FemtoRenderableTemplate() is { } template) record.SetMessageTemplate(template);
        else record.SetMessage(RenderMessage());
        if (EventId.Id != 0 || EventId.Name is not null)
        {
            values.Add("event_id", EventId.Id);
            if (EventId.Name is not null) values.Add("event_name", EventId.Name);
        }
        // Innermost first: an inner scope's value wins over an outer one's, the call's own over both.
        for (int i = _scopeCount - 1; i >= 0; i--) values.AddScope(_scopes[i]);
        values.WriteTo(record);
    }

    /// <summary>The message as Microsoft.Extensions.Logging renders it (the call's formatter).</summary>
    protected abstract string RenderMessage();

    /// <summary>The state's named values.</summary>
    protected abstract void AddOwnValues(KeyValueMerge values);

    public void Release()
    {
        if (_scopeCount > 0)
        {
            Array.Clear(_scopes, 0, _scopeCount);
            _scopeCount = 0;
        }
        EventId = default;
        ReturnToPool();
    }

    protected abstract void ReturnToPool();
}

/// <summary>A <see cref="LogEntry"/> holding a state of type <typeparamref name="TState"/> by value: a
/// <c>LoggerMessage.Define</c> or <c>[LoggerMessage]</c> struct is copied in, not boxed.</summary>
internal sealed class LogEntry<TState> : LogEntry
{
    private TState _state = default!;
    private Func<TState, Exception?, string>? _formatter;
    private Exception? _exception;

    public static LogEntry<TState> Rent(TState state, EventId eventId, Exception? exception, Func<TState, Exception?, string>? formatter)
    {
        var entry = EntryPool<LogEntry<TState>>.Rent();
        entry._state = state;
        entry.EventId = eventId;
        entry._exception = exception;
        entry._formatter = formatter;
        return entry;
    }

    protected override string RenderMessage()
    {
        try
        {
            return _formatter is { } format ? format(_state, _exception) ?? "" : _state?.ToString() ?? "";
        }
        catch (Exception ex)
        {
            // A formatter that throws must not cost the record: keep what it was about.
            return $"<message formatter failed: {ex.GetType().Name}: {ex.Message}> {_state}";
        }
    }

    protected override void AddOwnValues(KeyValueMerge values) => values.AddCallState(_state);

    protected override void ReturnToPool()
    {
        _state = default!;
        _formatter = null;
        _exception = null;
        EntryPool<LogEntry<TState>>.Return(this);
    }
}
