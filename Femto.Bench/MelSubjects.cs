using Femto.Handlers;
using Femto.Extensions.Logging;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;
using Serilog.Extensions.Logging;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Femto.Bench;

/// <summary>Microsoft.Extensions.Logging in front of each library: the same <c>LoggerMessage.Define</c> call through
/// an <see cref="ILogger"/> whose provider is Femto's, ZLogger's, Serilog.Extensions.Logging or
/// NLog.Extensions.Logging, each writing the benchmark line to a file with the same asynchronous setup as the direct
/// subjects (<see cref="Subjects"/>: queues of <see cref="Workload.QueueCapacity"/>, Block on overflow).</summary>
internal static class MelSubjects
{
    public static readonly string[] Libraries = ["MelFemto", "MelZLogger", "MelSerilog", "MelNLog"];

    /// <summary>The benchmark template with the default event id, so every provider writes the same line (Femto's
    /// text line would add <c>event_id=… event_name=…</c> after the message otherwise).</summary>
    public static readonly Action<ILogger, string, string, int, Exception?> Template3 =
        LoggerMessage.Define<string, string, int>(MelLogLevel.Information, default, Workload.Template3);

    public static readonly Action<ILogger, string, string, int, Exception?> Template3Debug =
        LoggerMessage.Define<string, string, int>(MelLogLevel.Debug, default, Workload.Template3);

    /// <summary>Femto's provider in front of the direct Femto subject's logger and file handler (the provider leaves
    /// that configuration alone: no <c>Config</c>).</summary>
    public static (ILoggerFactory Factory, FemtoLogger Femto, FemtoFileHandler File) CreateFemto(string path)
    {
        var (femto, file) = Subjects.CreateFemto("bench", path);
        var factory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(MelLogLevel.Information).AddFemto());
        return (factory, femto, file);
    }

    /// <summary>Serilog.Extensions.Logging in front of the direct Serilog subject's logger. A provider instance added
    /// to the services is not disposed with the factory: dispose the returned Serilog logger to drain it.</summary>
    public static (ILoggerFactory Factory, Serilog.Core.Logger Serilog) CreateSerilog(string path, Subjects.SerilogMonitor monitor)
    {
        var serilog = Subjects.CreateSerilog(path, monitor);
        var factory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(MelLogLevel.Information)
            .AddProvider(new SerilogLoggerProvider(serilog)));
        return (factory, serilog);
    }

    public static (ILoggerFactory Factory, NLog.LogFactory NLog) CreateNLog(string path)
    {
        var nlog = Subjects.CreateNLog(path);
        var factory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(MelLogLevel.Information)
            .AddProvider(new NLogLoggerProvider(new NLogProviderOptions(), nlog)));
        return (factory, nlog);
    }

    public static ILogSubject Create(string library, string path) => library switch
    {
        "MelFemto" => new FemtoSubject(path),
        "MelZLogger" => new ZLoggerSubject(path),
        "MelSerilog" => new SerilogSubject(path),
        "MelNLog" => new NLogSubject(path),
        _ => throw new ArgumentException($"Unknown library '{library}'. Known: {string.Join(", ", Libraries)}.", nameof(library)),
    };

    private abstract class MelSubject(string name, string path) : ILogSubject
    {
        protected ILogger Logger = null!;
        public string Name { get; } = name;
        public string FilePath { get; } = path;
        public void Template3(string name, string city, int age) => MelSubjects.Template3(Logger, name, city, age, null);
        public abstract bool Flush();
        public abstract long Dropped { get; }
        public abstract void Dispose();
    }

    private sealed class FemtoSubject : MelSubject
    {
        private readonly ILoggerFactory _factory;
        private readonly FemtoLogger _femto;
        private readonly FemtoFileHandler _file;
        private long _dropped = -1;

        public FemtoSubject(string path) : base("MEL→Femto", path)
        {
            FemtoLogging.ResetManager();
            (_factory, _femto, _file) = CreateFemto(path);
            Logger = _factory.CreateLogger("bench");
        }

        public override bool Flush() => _femto.Flush(TimeSpan.FromSeconds(60)) & _file.Flush(TimeSpan.FromSeconds(60));
        public override long Dropped => _dropped >= 0 ? _dropped : _femto.DroppedCount + _file.DroppedCount;

        public override void Dispose()
        {
            if (_dropped >= 0) return;
            Flush();
            _factory.Dispose();
            _file.Dispose();
            _dropped = _femto.DroppedCount + _file.DroppedCount;
            FemtoLogging.ResetManager();
        }
    }

    private sealed class ZLoggerSubject : MelSubject
    {
        private readonly ILoggerFactory _factory;
        private bool _disposed;

        public ZLoggerSubject(string path) : base("MEL→ZLogger", path)
        {
            _factory = Subjects.CreateZLogger(path);
            Logger = _factory.CreateLogger("bench");
        }

        public override bool Flush() => false;
        public override long Dropped => -1;

        public override void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _factory.Dispose();
        }
    }

    private sealed class SerilogSubject : MelSubject
    {
        private readonly Subjects.SerilogMonitor _monitor = new();
        private readonly ILoggerFactory _factory;
        private readonly Serilog.Core.Logger _serilog;
        private long _dropped = -1;

        public SerilogSubject(string path) : base("MEL→Serilog", path)
        {
            (_factory, _serilog) = CreateSerilog(path, _monitor);
            Logger = _factory.CreateLogger("bench");
        }

        public override bool Flush() => false;
        public override long Dropped => _dropped >= 0 ? _dropped : _monitor.Dropped;

        public override void Dispose()
        {
            if (_dropped >= 0) return;
            long dropped = _monitor.Dropped;
            _factory.Dispose();
            _serilog.Dispose(); // drains the async sink and flushes the file
            _dropped = dropped;
        }
    }

    private sealed class NLogSubject : MelSubject
    {
        private readonly ILoggerFactory _factory;
        private readonly NLog.LogFactory _nlog;
        private bool _disposed;

        public NLogSubject(string path) : base("MEL→NLog", path)
        {
            (_factory, _nlog) = CreateNLog(path);
            Logger = _factory.CreateLogger("bench");
        }

        public override bool Flush()
        {
            _nlog.Flush(TimeSpan.FromSeconds(60));
            return true;
        }

        public override long Dropped => -1;

        public override void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _nlog.Flush(TimeSpan.FromSeconds(60));
            _factory.Dispose();
            _nlog.Shutdown();
            _nlog.Dispose();
        }
    }
}
