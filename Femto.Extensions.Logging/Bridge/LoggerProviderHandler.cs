using Microsoft.Extensions.Logging;

namespace Femto.Extensions.Logging;

/// <summary>A Femto handler that forwards records to a Microsoft.Extensions.Logging provider (the console provider,
/// Application Insights, OpenTelemetry's, …), from its own worker, as femtologging adapts stdlib handlers: for each
/// record, <c>provider.CreateLogger(record's logger).Log(level, EventId from event_id/event_name, the record's
/// key-values as IReadOnlyList&lt;KeyValuePair&lt;string, object?&gt;&gt;, exception, rendered message)</c>.</summary>
/// <remarks>Loggers are created once per Femto logger name. The provider's own filters (<c>IsEnabled</c>) apply.
/// An exception thrown by the provider counts as an error of this handler and never reaches the caller.</remarks>
public sealed class LoggerProviderHandler : FemtoHandler
{
    private static readonly Func<RecordState, Exception?, string> s_format = static (state, _) => state.Message;

    private readonly ILoggerProvider _provider;
    private readonly bool _ownsProvider;
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal); // worker only

    /// <summary>Forwards to <paramref name="provider"/>.</summary>
    /// <param name="provider">The Microsoft.Extensions.Logging provider to write to.</param>
    /// <param name="ownsProvider">Dispose <paramref name="provider"/> when this handler closes.</param>
    /// <param name="settings">Queue settings (capacity, overflow policy, minimum level); defaults if null.</param>
    public LoggerProviderHandler(ILoggerProvider provider, bool ownsProvider = false, HandlerSettings? settings = null)
        : base("MEL provider " + (provider ?? throw new ArgumentNullException(nameof(provider))).GetType().Name, settings ?? new HandlerSettings())
    {
        _provider = provider;
        _ownsProvider = ownsProvider;
    }

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        if (!_loggers.TryGetValue(record.Logger, out var logger))
            _loggers[record.Logger] = logger = _provider.CreateLogger(record.Logger);
        var level = LogLevels.ToMel(record.Level);
        if (!logger.IsEnabled(level)) return;
        var state = new RecordState(record.Message, record.KeyValues);
        logger.Log(level, state.EventId, state, record.Exception, s_format);
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        if (_ownsProvider) _provider.Dispose();
    }
}
