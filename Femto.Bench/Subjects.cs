using System.Text;
using Femto.Handlers;
using Microsoft.Extensions.Logging;
using NLog.Targets;
using NLog.Targets.Wrappers;
using Serilog;
using Serilog.Sinks.Async;
using ZLogger;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Femto.Bench;

/// <summary>One logging library writing the benchmark line to one file through its recommended asynchronous setup.
/// Used by the end-to-end, contention, latency and memory runs (the producer micro-benchmarks call the libraries
/// directly instead, to avoid the interface call).</summary>
internal interface ILogSubject : IDisposable
{
    string Name { get; }
    string FilePath { get; }
    /// <summary>Logs the 3-argument template record at Info level.</summary>
    void Template3(string name, string city, int age);
    /// <summary>Waits until everything logged so far is in the file; false when the library cannot tell or timed out.</summary>
    bool Flush();
    /// <summary>Records the library reports as dropped (-1 when it cannot report them).</summary>
    long Dropped { get; }
}

internal static class Subjects
{
    public static readonly string[] FileLibraries = ["Femto", "Serilog", "NLog", "ZLogger", "log4net"];

    public static ILogSubject Create(string library, string path) => library.ToLowerInvariant() switch
    {
        "femto" => new FemtoSubject(path),
        "serilog" => new SerilogSubject(path),
        "nlog" => new NLogSubject(path),
        "zlogger" => new ZLoggerSubject(path),
        "log4net" => new Log4NetSubject(path),
        _ => throw new ArgumentException($"Unknown library '{library}'. Known: {string.Join(", ", FileLibraries)}.", nameof(library)),
    };

    /// <summary>Serilog's closest level text to Femto's: <c>u4</c> gives INFO, WARN (and DBUG, EROR, FATL).</summary>
    public const string SerilogTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u4}] {Message:lj}{NewLine}";

    public const string NLogLayout = @"${date:universalTime=true:format=yyyy-MM-dd HH\:mm\:ss.fff} [${level:uppercase=true}] ${message}";

    public const string Log4NetPattern = "%utcdate{yyyy-MM-dd HH:mm:ss.fff} [%level] %message%newline";

    // ---------------------------------------------------------------- Femto

    /// <summary>Logger queue and file-handler queue of <see cref="Workload.QueueCapacity"/> records, both Block,
    /// Timestamped formatter, output written every 64 KiB (flush interval 100 000 records).</summary>
    public static (FemtoLogger Logger, FemtoFileHandler File) CreateFemto(string loggerName, string path)
    {
        var file = ConfigureFemto(new FileHandlerBuilder(path)).Build();
        var log = CreateFemtoLogger(loggerName);
        log.AddHandler(file);
        return (log, file);
    }

    /// <summary>The file-handler options of every Femto run, for the plain and the rotating file builders alike.</summary>
    public static T ConfigureFemto<T>(T builder) where T : FileHandlerBuilderBase<T> => builder
        .WithFormatter(FemtoFormatters.Timestamped)
        .WithOverflowPolicy(OverflowPolicy.Block)
        .WithCapacity(Workload.QueueCapacity)
        .WithFlushInterval(100_000);

    /// <summary>The benchmark logger without a handler: Info, not propagating, Block, <see cref="Workload.QueueCapacity"/>.</summary>
    public static FemtoLogger CreateFemtoLogger(string loggerName)
    {
        var log = FemtoLogging.GetLogger(loggerName);
        log.Level = FemtoLevel.Info;
        log.Propagate = false;
        log.OverflowPolicy = OverflowPolicy.Block;
        log.QueueCapacity = Workload.QueueCapacity;
        return log;
    }

    /// <summary>Femto writing through <paramref name="file"/> (the plain file handler unless a run says otherwise).</summary>
    internal class FemtoSubject : ILogSubject
    {
        private readonly FemtoLogger _log;
        private readonly FemtoFileHandler _file;
        private long _dropped = -1;

        public FemtoSubject(string path)
            : this("Femto", path, ConfigureFemto(new FileHandlerBuilder(path)).Build())
        {
        }

        protected FemtoSubject(string name, string path, FemtoFileHandler file)
        {
            FemtoLogging.ResetManager();
            Name = name;
            FilePath = path;
            _file = file;
            _log = CreateFemtoLogger("bench");
            _log.AddHandler(file);
        }

        public string Name { get; }
        public string FilePath { get; }
        public FemtoFileHandler Handler => _file;
        public void Template3(string name, string city, int age) => _log.Info(Workload.Template3, name, city, age);
        public bool Flush() => _log.Flush(TimeSpan.FromSeconds(60)) & _file.Flush(TimeSpan.FromSeconds(60));
        public long Dropped => _dropped >= 0 ? _dropped : _log.DroppedCount + _file.DroppedCount;

        public void Dispose()
        {
            if (_dropped >= 0) return;
            _log.Flush(TimeSpan.FromSeconds(60));
            _file.Flush(TimeSpan.FromSeconds(60));
            _file.Dispose();
            _dropped = _log.DroppedCount + _file.DroppedCount;
            FemtoLogging.ResetManager();
        }
    }

    // ---------------------------------------------------------------- Serilog

    /// <summary>Exposes the async sink's queue length so a run can wait for it to drain (Serilog.Sinks.Async has no flush).</summary>
    public sealed class SerilogMonitor : IAsyncLogEventSinkMonitor
    {
        private volatile IAsyncLogEventSinkInspector? _inspector;
        public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _inspector = inspector;
        public void StopMonitoring(IAsyncLogEventSinkInspector inspector) => _inspector = null;
        public int Count => _inspector?.Count ?? 0;
        public long Dropped => _inspector?.DroppedMessagesCount ?? 0;

        public bool WaitEmpty(TimeSpan timeout)
        {
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (Count > 0)
            {
                if (Environment.TickCount64 > deadline) return false;
                Thread.Sleep(1);
            }
            return true;
        }
    }

    /// <summary>Serilog's recommended async file logging: <c>WriteTo.Async(a => a.File(..., buffered: true))</c>,
    /// blockWhenFull so nothing is dropped.</summary>
    public static Serilog.Core.Logger CreateSerilog(string path, SerilogMonitor monitor, int queue = 0) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Async(a => a.File(path, outputTemplate: SerilogTemplate, buffered: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture),
                bufferSize: queue > 0 ? queue : Workload.QueueCapacity, blockWhenFull: true, monitor: monitor)
            .CreateLogger();

    private sealed class SerilogSubject : ILogSubject
    {
        private readonly SerilogMonitor _monitor = new();
        private readonly Serilog.Core.Logger _log;
        private long _dropped = -1;

        public SerilogSubject(string path)
        {
            FilePath = path;
            _log = CreateSerilog(path, _monitor);
        }

        public string Name => "Serilog";
        public string FilePath { get; }
        public void Template3(string name, string city, int age) => _log.Information(Workload.Template3, name, city, age);
        public bool Flush() => false; // the async sink has no flush; only Dispose() writes everything out
        public long Dropped => _dropped >= 0 ? _dropped : _monitor.Dropped;

        public void Dispose()
        {
            if (_dropped >= 0) return;
            long dropped = _monitor.Dropped;
            _log.Dispose();
            _dropped = dropped;
        }
    }

    // ---------------------------------------------------------------- NLog

    /// <summary>NLog's recommended async file logging: AsyncWrapper (Block on overflow) around a FileTarget with
    /// KeepFileOpen=true.</summary>
    public static NLog.LogFactory CreateNLog(string path, int queue = 0)
    {
        var file = new FileTarget("file")
        {
            FileName = path,
            KeepFileOpen = true,
            AutoFlush = false,
            Layout = NLogLayout,
            LineEnding = LineEndingMode.LF,
            Encoding = new UTF8Encoding(false),
        };
        var async = new AsyncTargetWrapper("async", file)
        {
            QueueLimit = queue > 0 ? queue : Workload.QueueCapacity,
            OverflowAction = AsyncTargetWrapperOverflowAction.Block,
        };
        var config = new NLog.Config.LoggingConfiguration();
        config.AddRule(NLog.LogLevel.Info, NLog.LogLevel.Fatal, async);
        return new NLog.LogFactory { Configuration = config };
    }

    private sealed class NLogSubject : ILogSubject
    {
        private readonly NLog.LogFactory _factory;
        private readonly NLog.Logger _log;
        private bool _disposed;

        public NLogSubject(string path)
        {
            FilePath = path;
            _factory = CreateNLog(path);
            _log = _factory.GetLogger("bench");
        }

        public string Name => "NLog";
        public string FilePath { get; }
        public void Template3(string name, string city, int age) => _log.Info(Workload.Template3, name, city, age);

        public bool Flush()
        {
            _factory.Flush(TimeSpan.FromSeconds(60));
            return true;
        }

        public long Dropped => -1; // NLog does not count AsyncWrapper drops; Block never drops

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _factory.Flush(TimeSpan.FromSeconds(60));
            _factory.Shutdown();
            _factory.Dispose();
        }
    }

    // ---------------------------------------------------------------- ZLogger

    public static string ZLevel(MelLogLevel level) => level switch
    {
        MelLogLevel.Trace => "TRACE",
        MelLogLevel.Debug => "DEBUG",
        MelLogLevel.Information => "INFO",
        MelLogLevel.Warning => "WARN",
        MelLogLevel.Error => "ERROR",
        MelLogLevel.Critical => "CRITICAL",
        _ => "NONE",
    };

    /// <summary>ZLogger's file provider through Microsoft.Extensions.Logging, plain-text formatter whose prefix
    /// writes the same timestamp and level as the others; background buffer Block on overflow.</summary>
    public static ILoggerFactory CreateZLogger(string path, int queue = 0) =>
        LoggerFactory.Create(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(MelLogLevel.Information);
            logging.AddZLoggerFile(path, options =>
            {
                options.FullMode = BackgroundBufferFullMode.Block;
                options.BackgroundBufferCapacity = queue > 0 ? queue : Workload.QueueCapacity;
                options.UsePlainTextFormatter(formatter =>
                    formatter.SetPrefixFormatter($"{0:yyyy-MM-dd HH:mm:ss.fff} [{1}] ",
                        (in MessageTemplate template, in LogInfo info) => template.Format(info.Timestamp.Utc.UtcDateTime, ZLevel(info.LogLevel))));
            });
        });

    private sealed class ZLoggerSubject : ILogSubject
    {
        private readonly ILoggerFactory _factory;
        private readonly Microsoft.Extensions.Logging.ILogger _log;
        private bool _disposed;

        public ZLoggerSubject(string path)
        {
            FilePath = path;
            _factory = CreateZLogger(path);
            _log = _factory.CreateLogger("bench");
        }

        public string Name => "ZLogger";
        public string FilePath { get; }
        public void Template3(string name, string city, int age) => _log.ZLogInformation($"Hello, {name} lives in {city} {age} years old");
        public bool Flush() => false; // no flush API; disposing the factory writes everything out
        public long Dropped => -1;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _factory.Dispose();
        }
    }

    // ---------------------------------------------------------------- log4net

    /// <summary>log4net has no asynchronous appender of its own: a FileAppender with ImmediateFlush=false (its
    /// buffered setup), called synchronously on the producer thread.</summary>
    public static (log4net.ILog Log, log4net.Repository.ILoggerRepository Repository) CreateLog4Net(string path)
    {
        var repository = log4net.LogManager.CreateRepository("bench-" + Guid.NewGuid().ToString("N"));
        var layout = new log4net.Layout.PatternLayout(Log4NetPattern);
        layout.ActivateOptions();
        var appender = new log4net.Appender.FileAppender
        {
            File = path,
            AppendToFile = true,
            ImmediateFlush = false,
            Layout = layout,
            Encoding = new UTF8Encoding(false),
            LockingModel = new log4net.Appender.FileAppender.ExclusiveLock(),
        };
        appender.ActivateOptions();
        var hierarchy = (log4net.Repository.Hierarchy.Hierarchy)repository;
        hierarchy.Root.AddAppender(appender);
        hierarchy.Root.Level = log4net.Core.Level.Info;
        hierarchy.Configured = true;
        return (log4net.LogManager.GetLogger(repository.Name, "bench"), repository);
    }

    private sealed class Log4NetSubject : ILogSubject
    {
        private readonly log4net.ILog _log;
        private readonly log4net.Repository.ILoggerRepository _repository;
        private bool _disposed;

        public Log4NetSubject(string path)
        {
            FilePath = path;
            (_log, _repository) = CreateLog4Net(path);
        }

        public string Name => "log4net";
        public string FilePath { get; }
        public void Template3(string name, string city, int age) => _log.InfoFormat(System.Globalization.CultureInfo.InvariantCulture, Workload.Composite3, name, city, age);
        // Appender.Flush fails under the ExclusiveLock model ("The file is not currently locked") and loses the
        // buffered tail; closing the repository (Shutdown) is what writes everything out.
        public bool Flush() => false;
        public long Dropped => -1; // synchronous: nothing to drop

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _repository.Shutdown();
        }
    }
}

/// <summary>A record handler that does nothing: attached to a Femto logger it isolates the producer cost while the
/// logger's worker still drains the queue.</summary>
internal sealed class NullRecordHandler : IFemtoRecordHandler
{
    public void Handle(string logger, FemtoLevel level, string message) { }
    public void Handle(in FemtoRecordView record) { }
}

/// <summary>A Microsoft.Extensions.Logging provider that accepts Information and above and discards everything:
/// the producer-side cost of <c>LoggerMessage.Define</c> through the MEL pipeline.</summary>
internal sealed class NoOpLoggerProvider : ILoggerProvider
{
    private readonly NoOpLogger _logger = new();
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => _logger;
    public void Dispose() { }

    private sealed class NoOpLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(MelLogLevel logLevel) => logLevel >= MelLogLevel.Information;
        public void Log<TState>(MelLogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }
    }
}
