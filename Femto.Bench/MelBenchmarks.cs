using Femto.Handlers;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Femto.Bench;

/// <summary>Microsoft.Extensions.Logging in front of each library, suite 1's shape: the cost of a
/// <c>LoggerMessage.Define</c> call on the calling thread (ns/op) and bytes allocated (B/op, all threads), with MEL's
/// own no-op provider as the floor of the MEL pipeline. Same job, message and queue settings as
/// <see cref="ProducerBenchmarks"/>.</summary>
[Config(typeof(ProducerConfig))]
public class MelProducerBenchmarks
{
    private const string Disabled = "MelDisabled", Template = "MelTemplate3";

    private readonly string _name = Workload.Name;
    private readonly string _city = Workload.City;
    private readonly int _age = Workload.Age;
    private TempDir? _dir;

    private ILoggerFactory _noOpFactory = null!;
    private ILogger _noOp = null!;
    private ILoggerFactory _femtoFactory = null!;
    private ILogger _femto = null!;
    private FemtoLogger _femtoLogger = null!;
    private FemtoFileHandler _femtoFile = null!;
    private ILoggerFactory _zloggerFactory = null!;
    private ILogger _zlogger = null!;
    private string _zloggerPath = "";
    private ILoggerFactory _serilogFactory = null!;
    private Serilog.Core.Logger _serilogLogger = null!;
    private ILogger _serilog = null!;
    private Subjects.SerilogMonitor _serilogMonitor = null!;
    private ILoggerFactory _nlogFactory = null!;
    private ILogger _nlog = null!;
    private NLog.LogFactory _nlogLogFactory = null!;

    private TempDir Dir => _dir ??= new TempDir();

    [GlobalSetup(Targets = [nameof(MelNoOp_Disabled), nameof(MelNoOp_Template3)])]
    public void SetupNoOp()
    {
        _noOpFactory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new NoOpLoggerProvider()));
        _noOp = _noOpFactory.CreateLogger("bench");
        ProducerBenchmarks.Warm(() => { MelNoOp_Disabled(); MelNoOp_Template3(); }, () => { });
    }

    [GlobalSetup(Targets = [nameof(MelFemto_Disabled), nameof(MelFemto_Template3)])]
    public void SetupFemto()
    {
        FemtoLogging.ResetManager();
        (_femtoFactory, _femtoLogger, _femtoFile) = MelSubjects.CreateFemto(Dir.NewFile("melfemto"));
        _femto = _femtoFactory.CreateLogger("bench");
        ProducerBenchmarks.Warm(() => { MelFemto_Disabled(); MelFemto_Template3(); }, FlushFemto);
    }

    [GlobalSetup(Targets = [nameof(MelZLogger_Disabled), nameof(MelZLogger_Template3)])]
    public void SetupZLogger()
    {
        _zloggerPath = Dir.NewFile("melzlogger");
        _zloggerFactory = Subjects.CreateZLogger(_zloggerPath);
        _zlogger = _zloggerFactory.CreateLogger("bench");
        ProducerBenchmarks.Warm(() => { MelZLogger_Disabled(); MelZLogger_Template3(); }, FlushZLogger);
    }

    [GlobalSetup(Targets = [nameof(MelSerilog_Disabled), nameof(MelSerilog_Template3)])]
    public void SetupSerilog()
    {
        _serilogMonitor = new Subjects.SerilogMonitor();
        (_serilogFactory, _serilogLogger) = MelSubjects.CreateSerilog(Dir.NewFile("melserilog"), _serilogMonitor);
        _serilog = _serilogFactory.CreateLogger("bench");
        ProducerBenchmarks.Warm(() => { MelSerilog_Disabled(); MelSerilog_Template3(); }, FlushSerilog);
    }

    [GlobalSetup(Targets = [nameof(MelNLog_Disabled), nameof(MelNLog_Template3)])]
    public void SetupNLog()
    {
        (_nlogFactory, _nlogLogFactory) = MelSubjects.CreateNLog(Dir.NewFile("melnlog"));
        _nlog = _nlogFactory.CreateLogger("bench");
        ProducerBenchmarks.Warm(() => { MelNLog_Disabled(); MelNLog_Template3(); }, FlushNLog);
    }

    [IterationCleanup(Targets = [nameof(MelFemto_Disabled), nameof(MelFemto_Template3)])]
    public void FlushFemto()
    {
        if (!_femtoLogger.Flush(TimeSpan.FromSeconds(30)) || !_femtoFile.Flush(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("Femto flush timed out.");
    }

    [IterationCleanup(Targets = [nameof(MelZLogger_Disabled), nameof(MelZLogger_Template3)])]
    public void FlushZLogger() => ProducerBenchmarks.WaitFileQuiet(_zloggerPath);

    [IterationCleanup(Targets = [nameof(MelSerilog_Disabled), nameof(MelSerilog_Template3)])]
    public void FlushSerilog() => _serilogMonitor.WaitEmpty(TimeSpan.FromSeconds(30));

    [IterationCleanup(Targets = [nameof(MelNLog_Disabled), nameof(MelNLog_Template3)])]
    public void FlushNLog() => _nlogLogFactory.Flush(TimeSpan.FromSeconds(30));

    [GlobalCleanup]
    public void Cleanup()
    {
        _noOpFactory?.Dispose();
        _femtoFactory?.Dispose();
        _femtoFile?.Dispose();
        FemtoLogging.ResetManager();
        _zloggerFactory?.Dispose();
        _serilogFactory?.Dispose();
        _serilogLogger?.Dispose();
        _nlogFactory?.Dispose();
        _nlogLogFactory?.Shutdown();
        _dir?.Dispose();
    }

    // ------------------------------------------------------------------ disabled (Debug while the level is Info)

    [Benchmark(Baseline = true), BenchmarkCategory(Disabled)]
    public void MelFemto_Disabled() => MelSubjects.Template3Debug(_femto, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void MelNoOp_Disabled() => MelSubjects.Template3Debug(_noOp, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void MelZLogger_Disabled() => MelSubjects.Template3Debug(_zlogger, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void MelSerilog_Disabled() => MelSubjects.Template3Debug(_serilog, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Disabled)]
    public void MelNLog_Disabled() => MelSubjects.Template3Debug(_nlog, _name, _city, _age, null);

    // ------------------------------------------------------------------ 3-argument LoggerMessage.Define

    [Benchmark(Baseline = true), BenchmarkCategory(Template)]
    public void MelFemto_Template3() => MelSubjects.Template3(_femto, _name, _city, _age, null);

    /// <summary>MEL's pipeline to a provider that discards everything: the floor every provider pays on top of.</summary>
    [Benchmark, BenchmarkCategory(Template)]
    public void MelNoOp_Template3() => MelSubjects.Template3(_noOp, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Template)]
    public void MelZLogger_Template3() => MelSubjects.Template3(_zlogger, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Template)]
    public void MelSerilog_Template3() => MelSubjects.Template3(_serilog, _name, _city, _age, null);

    [Benchmark, BenchmarkCategory(Template)]
    public void MelNLog_Template3() => MelSubjects.Template3(_nlog, _name, _city, _age, null);
}

/// <summary>End to end through Microsoft.Extensions.Logging: 1,000,000 <c>LoggerMessage.Define</c> records to a file
/// from 1 and 4 threads, flush and dispose included, each provider in front of its library's file setup; reported per
/// record, so records/s = 1e9 / Mean(ns). Each iteration checks the file holds exactly 1,000,000 lines.</summary>
[Config(typeof(ThroughputConfig))]
public class MelThroughputBenchmarks
{
    private TempDir? _dir;
    private ILogSubject? _subject;

    public static IEnumerable<int> ThreadCounts => Workload.Quick ? [1] : [1, 4];

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    private void Open(string library)
    {
        _dir ??= new TempDir();
        _subject = MelSubjects.Create(library, _dir.NewFile(library));
    }

    [IterationSetup(Target = nameof(MelFemto))] public void OpenFemto() => Open("MelFemto");
    [IterationSetup(Target = nameof(MelZLogger))] public void OpenZLogger() => Open("MelZLogger");
    [IterationSetup(Target = nameof(MelSerilog))] public void OpenSerilog() => Open("MelSerilog");
    [IterationSetup(Target = nameof(MelNLog))] public void OpenNLog() => Open("MelNLog");

    [IterationCleanup]
    public void Verify()
    {
        ThroughputBenchmarks.VerifyRun(_subject ?? throw new InvalidOperationException("No subject."), Threads);
        _subject = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subject?.Dispose();
        _dir?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Records)] public void MelFemto() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void MelZLogger() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void MelSerilog() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void MelNLog() => Run(_subject!);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Run(ILogSubject subject)
    {
        ThroughputBenchmarks.Produce(subject, Threads, Workload.Records);
        subject.Dispose();
    }
}
