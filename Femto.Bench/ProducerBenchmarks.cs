using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Femto.Handlers;
using Serilog;
using Microsoft.Extensions.Logging;
using ZLogger;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Femto.Bench;

/// <summary>Job for the producer micro-benchmarks: a fixed number of calls per iteration, smaller than every
/// library's queue, and the queues drained in [IterationCleanup], so no call ever waits for a full queue while the
/// consumers run concurrently on the other core as they would in an application.</summary>
public sealed class ProducerConfig : ManualConfig
{
    /// <summary>Calls per iteration: half of <see cref="Workload.QueueCapacity"/>.</summary>
    public static readonly int CallsPerIteration = Workload.QueueCapacity / 2;

    public ProducerConfig()
    {
        bool quick = Workload.Quick;
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 5 : 15)
            .WithInvocationCount(CallsPerIteration)
            .WithUnrollFactor(16)
            .WithId(quick ? "ProducerQuick" : "Producer"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // the 2 cores are shared: a build can take longer than the default 2 min
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>Suite 1: cost of the logging call on the calling thread (ns/op) and bytes allocated per call (B/op, all
/// threads of the process during the iteration, so it includes what the consumers allocated meanwhile).</summary>
[Config(typeof(ProducerConfig))]
public class ProducerBenchmarks
{
    private const string Disabled = "Disabled", Plain = "Plain", Template = "Template3";

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, string, int, Exception?> s_melInfo =
        LoggerMessage.Define<string, string, int>(MelLogLevel.Information, new EventId(1, "Hello"), Workload.Template3);
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, string, int, Exception?> s_melDebug =
        LoggerMessage.Define<string, string, int>(MelLogLevel.Debug, new EventId(2, "HelloDebug"), Workload.Template3);
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, Exception?> s_melPlain =
        LoggerMessage.Define(MelLogLevel.Information, new EventId(3, "Plain"), Workload.Plain);

    private readonly string _name = Workload.Name;
    private readonly string _city = Workload.City;
    private readonly int _age = Workload.Age;

    private TempDir? _dir;

    private FemtoLogger _femto = null!;
    private FemtoFileHandler _femtoFile = null!;
    private FemtoLogger _femtoNull = null!;

    private Serilog.Core.Logger _serilog = null!;
    private Subjects.SerilogMonitor _serilogMonitor = null!;
    private Serilog.Core.Logger _serilogNull = null!;
    private Subjects.SerilogMonitor _serilogNullMonitor = null!;

    private NLog.LogFactory _nlogFactory = null!;
    private NLog.Logger _nlog = null!;
    private NLog.LogFactory _nlogNullFactory = null!;
    private NLog.Logger _nlogNull = null!;

    private ILoggerFactory _zloggerFactory = null!;
    private Microsoft.Extensions.Logging.ILogger _zlogger = null!;
    private string _zloggerPath = "";

    private log4net.ILog _log4net = null!;
    private log4net.Repository.ILoggerRepository _log4netRepository = null!;

    private ILoggerFactory _melFactory = null!;
    private Microsoft.Extensions.Logging.ILogger _mel = null!;

    // ------------------------------------------------------------------ setup

    private TempDir Dir => _dir ??= new TempDir();

    [GlobalSetup(Targets = [nameof(Femto_Disabled), nameof(Femto_Plain), nameof(Femto_Template3), nameof(Femto_Interpolated3), nameof(FemtoNullSink_Template3)])]
    public void SetupFemto()
    {
        FemtoLogging.ResetManager();
        (_femto, _femtoFile) = Subjects.CreateFemto("bench", Dir.NewFile("femto"));
        _femtoNull = FemtoLogging.GetLogger("benchnull");
        _femtoNull.Level = FemtoLevel.Info;
        _femtoNull.Propagate = false;
        _femtoNull.OverflowPolicy = OverflowPolicy.Block;
        _femtoNull.QueueCapacity = Workload.QueueCapacity;
        _femtoNull.AddHandler(new NullRecordHandler());
        // Two laps round every ring so each slot already holds a reusable record (the first lap allocates them).
        for (int i = 0; i < 2 * Workload.QueueCapacity; i++)
        {
            _femto.Info(Workload.Template3, _name, _city, _age);
            _femtoNull.Info(Workload.Template3, _name, _city, _age);
        }
        FlushFemto();
        Warm(() => { Femto_Disabled(); Femto_Plain(); Femto_Template3(); Femto_Interpolated3(); FemtoNullSink_Template3(); }, FlushFemto);
    }

    [GlobalSetup(Targets = [nameof(Serilog_Disabled), nameof(Serilog_Plain), nameof(Serilog_Template3), nameof(SerilogNullSink_Template3)])]
    public void SetupSerilog()
    {
        _serilogMonitor = new Subjects.SerilogMonitor();
        _serilog = Subjects.CreateSerilog(Dir.NewFile("serilog"), _serilogMonitor);
        _serilogNullMonitor = new Subjects.SerilogMonitor();
        _serilogNull = new Serilog.LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Async(a => a.Sink(new SerilogNullSink()), bufferSize: Workload.QueueCapacity, blockWhenFull: true, monitor: _serilogNullMonitor)
            .CreateLogger();
        Warm(() => { Serilog_Disabled(); Serilog_Plain(); Serilog_Template3(); SerilogNullSink_Template3(); }, FlushSerilog);
    }

    [GlobalSetup(Targets = [nameof(NLog_Disabled), nameof(NLog_Plain), nameof(NLog_Template3), nameof(NLogNullSink_Template3)])]
    public void SetupNLog()
    {
        _nlogFactory = Subjects.CreateNLog(Dir.NewFile("nlog"));
        _nlog = _nlogFactory.GetLogger("bench");
        var nullConfig = new NLog.Config.LoggingConfiguration();
        var nullAsync = new NLog.Targets.Wrappers.AsyncTargetWrapper("nullasync", new NLog.Targets.NullTarget("null") { FormatMessage = true })
        {
            QueueLimit = Workload.QueueCapacity,
            OverflowAction = NLog.Targets.Wrappers.AsyncTargetWrapperOverflowAction.Block,
        };
        nullConfig.AddRule(NLog.LogLevel.Info, NLog.LogLevel.Fatal, nullAsync);
        _nlogNullFactory = new NLog.LogFactory { Configuration = nullConfig };
        _nlogNull = _nlogNullFactory.GetLogger("bench");
        Warm(() => { NLog_Disabled(); NLog_Plain(); NLog_Template3(); NLogNullSink_Template3(); }, FlushNLog);
    }

    [GlobalSetup(Targets = [nameof(ZLogger_Disabled), nameof(ZLogger_Plain), nameof(ZLogger_Template3)])]
    public void SetupZLogger()
    {
        _zloggerPath = Dir.NewFile("zlogger");
        _zloggerFactory = Subjects.CreateZLogger(_zloggerPath);
        _zlogger = _zloggerFactory.CreateLogger("bench");
        Warm(() => { ZLogger_Disabled(); ZLogger_Plain(); ZLogger_Template3(); }, FlushZLogger);
    }

    [GlobalSetup(Targets = [nameof(Log4net_Disabled), nameof(Log4net_Plain), nameof(Log4net_Template3)])]
    public void SetupLog4Net()
    {
        (_log4net, _log4netRepository) = Subjects.CreateLog4Net(Dir.NewFile("log4net"));
        Warm(() => { Log4net_Disabled(); Log4net_Plain(); Log4net_Template3(); }, () => { });
    }

    [GlobalSetup(Targets = [nameof(Mel_Disabled), nameof(Mel_Plain), nameof(Mel_Template3)])]
    public void SetupMel()
    {
        _melFactory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(MelLogLevel.Information).AddProvider(new NoOpLoggerProvider()));
        _mel = _melFactory.CreateLogger("bench");
        Warm(() => { Mel_Disabled(); Mel_Plain(); Mel_Template3(); }, () => { });
    }

    // Drain every queue between iterations so the next iteration starts with empty queues.

    [IterationCleanup(Targets = [nameof(Femto_Disabled), nameof(Femto_Plain), nameof(Femto_Template3), nameof(Femto_Interpolated3), nameof(FemtoNullSink_Template3)])]
    public void FlushFemto()
    {
        if (!_femto.Flush(TimeSpan.FromSeconds(30)) || !_femtoNull.Flush(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("Femto flush timed out.");
    }

    [IterationCleanup(Targets = [nameof(Serilog_Disabled), nameof(Serilog_Plain), nameof(Serilog_Template3), nameof(SerilogNullSink_Template3)])]
    public void FlushSerilog()
    {
        _serilogMonitor.WaitEmpty(TimeSpan.FromSeconds(30));
        _serilogNullMonitor.WaitEmpty(TimeSpan.FromSeconds(30));
    }

    [IterationCleanup(Targets = [nameof(NLog_Disabled), nameof(NLog_Plain), nameof(NLog_Template3), nameof(NLogNullSink_Template3)])]
    public void FlushNLog()
    {
        _nlogFactory.Flush(TimeSpan.FromSeconds(30));
        _nlogNullFactory.Flush(TimeSpan.FromSeconds(30));
    }

    [IterationCleanup(Targets = [nameof(ZLogger_Disabled), nameof(ZLogger_Plain), nameof(ZLogger_Template3)])]
    public void FlushZLogger() => WaitFileQuiet(_zloggerPath);

    [GlobalCleanup]
    public void Cleanup()
    {
        _femtoFile?.Dispose();
        FemtoLogging.ResetManager();
        _serilog?.Dispose();
        _serilogNull?.Dispose();
        _nlogFactory?.Shutdown();
        _nlogFactory?.Dispose();
        _nlogNullFactory?.Shutdown();
        _nlogNullFactory?.Dispose();
        _zloggerFactory?.Dispose();
        _log4netRepository?.Shutdown();
        _melFactory?.Dispose();
        _dir?.Dispose();
    }

    /// <summary>ZLogger has no flush: wait until its file has stopped growing for 20 ms (its writer flushes
    /// whenever its queue runs empty).</summary>
    internal static void WaitFileQuiet(string path)
    {
        long deadline = Environment.TickCount64 + 30_000;
        long last = -1;
        int quiet = 0;
        while (quiet < 4 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(5);
            long len = File.Exists(path) ? new FileInfo(path).Length : 0;
            quiet = len == last ? quiet + 1 : 0;
            last = len;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Nop() { }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Nop(object receiver, string name, string city, int age) { }

    /// <summary>Calls the library's benchmark methods for ~0.5 s in small batches (draining between batches) and
    /// waits, so tiered compilation has promoted them before BenchmarkDotNet's short iterations start.</summary>
    internal static void Warm(Action calls, Action drain)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 250)
            {
                for (int i = 0; i < 1024; i++) calls();
                drain();
            }
            Thread.Sleep(250);
        }
    }

    // ------------------------------------------------------------------ disabled (Debug while the level is Info)

    /// <summary>Reference: a non-inlined call to an empty method.</summary>
    [Benchmark, BenchmarkCategory(Disabled)]
    public void EmptyCall() => Nop();

    /// <summary>Reference: a non-inlined empty method given the same receiver and arguments as the disabled calls
    /// (loading them is part of every library's disabled call).</summary>
    [Benchmark, BenchmarkCategory(Disabled)]
    public void EmptyCallSameArgs() => Nop(_femto, _name, _city, _age);

    [Benchmark(Baseline = true), BenchmarkCategory(Disabled)]
    public void Femto_Disabled() => _femto.Debug(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void Serilog_Disabled() => _serilog.Debug(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void NLog_Disabled() => _nlog.Debug(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void ZLogger_Disabled() => _zlogger.ZLogDebug($"Hello, {_name} lives in {_city} {_age} years old");

    [Benchmark, BenchmarkCategory(Disabled)]
    public void Log4net_Disabled() => _log4net.DebugFormat(System.Globalization.CultureInfo.InvariantCulture, Workload.Composite3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void Mel_Disabled() => s_melDebug(_mel, _name, _city, _age, null);

    // ------------------------------------------------------------------ plain message

    [Benchmark(Baseline = true), BenchmarkCategory(Plain)]
    public void Femto_Plain() => _femto.Info(Workload.Plain);

    [Benchmark, BenchmarkCategory(Plain)]
    public void Serilog_Plain() => _serilog.Information(Workload.Plain);

    [Benchmark, BenchmarkCategory(Plain)]
    public void NLog_Plain() => _nlog.Info(Workload.Plain);

    [Benchmark, BenchmarkCategory(Plain)]
    public void ZLogger_Plain() => _zlogger.ZLogInformation($"plain message");

    [Benchmark, BenchmarkCategory(Plain)]
    public void Log4net_Plain() => _log4net.Info(Workload.Plain);

    [Benchmark, BenchmarkCategory(Plain)]
    public void Mel_Plain() => s_melPlain(_mel, null);

    // ------------------------------------------------------------------ 3-argument template

    [Benchmark(Baseline = true), BenchmarkCategory(Template)]
    public void Femto_Template3() => _femto.Info(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Template)]
    public void Femto_Interpolated3() => _femto.Info($"Hello, {_name} lives in {_city} {_age} years old");

    /// <summary>Femto with a no-op record handler instead of the file handler: the producer cost with one worker
    /// draining instead of two (logger worker + file handler worker).</summary>
    [Benchmark, BenchmarkCategory(Template)]
    public void FemtoNullSink_Template3() => _femtoNull.Info(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Template)]
    public void Serilog_Template3() => _serilog.Information(Workload.Template3, _name, _city, _age);

    /// <summary>Serilog's async wrapper around a sink that discards events: its producer cost with a trivial consumer.</summary>
    [Benchmark, BenchmarkCategory(Template)]
    public void SerilogNullSink_Template3() => _serilogNull.Information(Workload.Template3, _name, _city, _age);

    /// <summary>NLog's AsyncWrapper around a NullTarget (message formatted, then discarded).</summary>
    [Benchmark, BenchmarkCategory(Template)]
    public void NLogNullSink_Template3() => _nlogNull.Info(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Template)]
    public void NLog_Template3() => _nlog.Info(Workload.Template3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Template)]
    public void ZLogger_Template3() => _zlogger.ZLogInformation($"Hello, {_name} lives in {_city} {_age} years old");

    [Benchmark, BenchmarkCategory(Template)]
    public void Log4net_Template3() => _log4net.InfoFormat(System.Globalization.CultureInfo.InvariantCulture, Workload.Composite3, _name, _city, _age);

    [Benchmark, BenchmarkCategory(Template)]
    public void Mel_Template3() => s_melInfo(_mel, _name, _city, _age, null);
}

/// <summary>A Serilog sink that discards every event.</summary>
internal sealed class SerilogNullSink : Serilog.Core.ILogEventSink
{
    public void Emit(Serilog.Events.LogEvent logEvent) { }
}
