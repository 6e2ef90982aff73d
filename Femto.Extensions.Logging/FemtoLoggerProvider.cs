using System.Collections.Concurrent;
using Femto.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Femto.Extensions.Logging;

/// <summary>A Microsoft.Extensions.Logging provider that logs through Femto: each category is the Femto logger of
/// the same dotted name (<c>Ns.Outer+Inner</c> → <c>Ns.Outer.Inner</c>), each call a Femto record carrying the
/// message as Microsoft.Extensions.Logging renders it, the template's named values, the event id, the scopes and
/// the exception. The caller's thread renders nothing: the state is read on a Femto worker, so
/// <c>LoggerMessage.Define</c> and <c>[LoggerMessage]</c> calls allocate nothing once warm.</summary>
/// <remarks>Register it with <see cref="FemtoLoggingBuilderExtensions.AddFemto(ILoggingBuilder)"/>, which binds
/// <see cref="FemtoLoggerOptions"/> from <c>Logging:Femto</c> and flushes on host stop. Creating the provider applies
/// <see cref="FemtoLoggerOptions.Config"/> (a <see cref="FemtoConfig.DictConfig"/> tree); disposing it flushes and
/// closes the handlers that configuration created, but does not shut Femto down for the rest of the process.</remarks>
[ProviderAlias("Femto")]
public sealed class FemtoLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, FemtoMelLogger> _loggers = new(StringComparer.Ordinal);
    private readonly ConfiguredHandlers _handlers = new();
    private readonly IDisposable? _optionsReload;
    private volatile FemtoLoggerOptions _options;
    private volatile IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private int _disposed;

    /// <summary>A provider with default options: Femto's configuration in force is used as it is.</summary>
    public FemtoLoggerProvider() : this(new FemtoLoggerOptions())
    {
    }

    /// <summary>A provider with fixed options; <see cref="FemtoLoggerOptions.Config"/> is applied now.</summary>
    /// <exception cref="FemtoConfigException">The configuration was rejected (<see cref="HandlerConfigException"/>
    /// for a handler's options). Femto's configuration in force is left as it was.</exception>
    public FemtoLoggerProvider(FemtoLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Apply(options);
        _options = options;
    }

    /// <summary>A provider following <paramref name="options"/>: the configuration is applied now and again
    /// whenever the options change (an <c>appsettings.json</c> edit with reload on change); a change that is rejected
    /// is reported on <see cref="FemtoDiagnostics"/> and the configuration in force keeps running.</summary>
    /// <exception cref="FemtoConfigException">The configuration was rejected. Femto's configuration in force is left
    /// as it was.</exception>
    public FemtoLoggerProvider(IOptionsMonitor<FemtoLoggerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var current = options.CurrentValue;
        Apply(current);
        _options = current;
        _optionsReload = options.OnChange(Reload);
    }

    /// <summary>The options in force.</summary>
    internal FemtoLoggerOptions Options => _options;

    internal bool IncludeScopes => _options.IncludeScopes;

    internal IExternalScopeProvider ScopeProvider => _scopes;

    /// <summary>The logger of <paramref name="categoryName"/> (one per category).</summary>
    public ILogger CreateLogger(string categoryName)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _loggers.GetOrAdd(categoryName ?? "", static (category, self) =>
            new FemtoMelLogger(FemtoLogging.GetLogger(CategoryNames.ToLoggerName(category)), self), this);
    }

    /// <inheritdoc/>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        ArgumentNullException.ThrowIfNull(scopeProvider);
        _scopes = scopeProvider;
    }

    /// <summary>Waits until every record logged before the call, through this provider or any other Femto logger,
    /// has been written and flushed (<see cref="FemtoLogging.Flush(TimeSpan)"/>). Returns false on timeout.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The provider's API (SPEC §8); Femto's flush is process-wide.")]
    public bool Flush(TimeSpan timeout) => FemtoLogging.Flush(timeout);

    /// <summary>Flushes (up to <see cref="FemtoLoggerOptions.FlushTimeout"/>), then detaches and closes the handlers
    /// this provider's configuration created. Femto itself keeps running: other loggers and handlers are untouched.
    /// Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _optionsReload?.Dispose();
        _handlers.CloseAll(_options.FlushTimeout);
    }

    private void Apply(FemtoLoggerOptions options)
    {
        if (options.BindingError is { } error) throw error;
        if (options.Config is { } tree) _handlers.Apply(tree);
    }

    private void Reload(FemtoLoggerOptions options, string? name)
    {
        if (Volatile.Read(ref _disposed) != 0 || (name is not null && name != Microsoft.Extensions.Options.Options.DefaultName)) return;
        try
        {
            Apply(options);
            _options = options;
        }
        catch (FemtoConfigException ex)
        {
            FemtoDiagnostics.Report($"Logging:Femto: the changed configuration was rejected, the one in force keeps running: {ex.Message}");
        }
    }
}
