namespace Femto.Extensions.Logging;

/// <summary>Options of <see cref="FemtoLoggerProvider"/>. Bound from the <c>Logging:Femto</c> configuration section
/// by <see cref="FemtoLoggingBuilderExtensions.AddFemto(Microsoft.Extensions.Logging.ILoggingBuilder)"/>: its keys other
/// than <c>LogLevel</c> (Microsoft.Extensions.Logging's own filter), <c>IncludeScopes</c> and <c>FlushTimeout</c> form
/// <see cref="Config"/>.</summary>
public sealed class FemtoLoggerOptions
{
    private TimeSpan _flushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A <see cref="Femto.Config.FemtoConfig.DictConfig"/> tree (handlers, formatters, filters, loggers,
    /// root), applied when the provider is created and again when the options change; null leaves Femto's
    /// configuration in force alone. <c>version</c> defaults to 1 and <c>disable_existing_loggers</c> to false here
    /// (loggers are created per category at any time, and a reload must not silence them).</summary>
    public IDictionary<string, object?>? Config { get; set; }

    /// <summary>Whether the scopes open at each call (<c>BeginScope</c>) travel with its record as key-values.
    /// Default: true.</summary>
    public bool IncludeScopes { get; set; } = true;

    /// <summary>How long host stop and <see cref="FemtoLoggerProvider.Dispose"/> wait for Femto to write what it
    /// accepted (never longer than the host's own shutdown timeout). Default: 5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public TimeSpan FlushTimeout
    {
        get => _flushTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(FlushTimeout));
            _flushTimeout = value;
        }
    }

    /// <summary>Set by configuration binding when <c>IncludeScopes</c> or <c>FlushTimeout</c> could not be read; the
    /// provider throws it when created and reports it on reload.</summary>
    internal FemtoConfigException? BindingError { get; set; }
}
