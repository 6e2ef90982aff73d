using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Femto.Bench;

/// <summary>Job for the end-to-end runs: each invocation is one complete run of 1,000,000 records (setup outside
/// the measurement, logging + flush + dispose inside), so no pilot or unrolling.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        bool quick = Workload.Quick;
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 0 : 2)
            .WithIterationCount(quick ? 1 : 10)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId(quick ? "EndToEndQuick" : "EndToEnd"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // the 2 cores are shared: a build can take longer than the default 2 min
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>Suites 2 and 3: 1,000,000 three-argument records to a file, shared by <see cref="Threads"/> producer
/// threads, including the final flush and dispose; reported per record (OperationsPerInvoke), so records/s is
/// 1e9 / Mean(ns). Every iteration starts from a freshly configured logger and file and checks afterwards that the
/// file holds exactly 1,000,000 lines and that nothing was dropped.</summary>
[Config(typeof(ThroughputConfig))]
public class ThroughputBenchmarks
{
    private TempDir? _dir;
    private ILogSubject? _subject;

    public static IEnumerable<int> ThreadCounts => Workload.Quick ? [1, 4] : [1, 2, 4, 8];

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    private void Open(string library)
    {
        _dir ??= new TempDir();
        _subject = Subjects.Create(library, _dir.NewFile(library));
    }

    [IterationSetup(Target = nameof(Femto))] public void OpenFemto() => Open("Femto");
    [IterationSetup(Target = nameof(Serilog))] public void OpenSerilog() => Open("Serilog");
    [IterationSetup(Target = nameof(NLog))] public void OpenNLog() => Open("NLog");
    [IterationSetup(Target = nameof(ZLogger))] public void OpenZLogger() => Open("ZLogger");
    [IterationSetup(Target = nameof(Log4net))] public void OpenLog4net() => Open("log4net");

    [IterationCleanup]
    public void Verify()
    {
        VerifyRun(_subject ?? throw new InvalidOperationException("No subject."), Threads);
        _subject = null;
    }

    /// <summary>After a run: disposes the subject, checks its file holds exactly <see cref="Workload.Records"/> lines
    /// and nothing was dropped, prints lines, bytes per line and the first line, and deletes the file.</summary>
    internal static void VerifyRun(ILogSubject subject, int threads)
    {
        subject.Dispose();
        var (lines, bytes) = LogFiles.Measure(subject.FilePath);
        long dropped = subject.Dropped;
        string first = lines > 0 ? LogFiles.FirstLine(subject.FilePath) : "";
        File.Delete(subject.FilePath);
        if (lines != Workload.Records || dropped > 0)
            throw new InvalidOperationException($"{subject.Name}: {lines} lines (expected {Workload.Records}), {dropped} dropped.");
        Console.WriteLine($"// verify {subject.Name} threads={threads}: lines={lines} bytes/line={(double)bytes / lines:F2} dropped={dropped} first='{first}'");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subject?.Dispose();
        _dir?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Records)] public void Femto() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void Serilog() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void NLog() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void ZLogger() => Run(_subject!);
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void Log4net() => Run(_subject!);

    private void Run(ILogSubject subject)
    {
        Produce(subject, Threads, Workload.Records);
        subject.Dispose(); // flush + close: part of the measured time
    }

    /// <summary>Logs <paramref name="records"/> records from <paramref name="threads"/> threads (the calling thread
    /// when 1), the remainder going to the first thread.</summary>
    internal static void Produce(ILogSubject subject, int threads, int records)
    {
        if (threads == 1)
        {
            ProduceOn(subject, records);
            return;
        }
        var workers = new Thread[threads];
        using var start = new ManualResetEventSlim(false);
        for (int t = 0; t < threads; t++)
        {
            int count = records / threads + (t == 0 ? records % threads : 0);
            workers[t] = new Thread(() =>
            {
                start.Wait();
                ProduceOn(subject, count);
            }) { IsBackground = true, Name = "producer " + t };
            workers[t].Start();
        }
        start.Set();
        foreach (var w in workers) w.Join();
    }

    private static void ProduceOn(ILogSubject subject, int count)
    {
        string name = Workload.Name, city = Workload.City;
        int age = Workload.Age;
        for (int i = 0; i < count; i++) subject.Template3(name, city, age);
    }
}
