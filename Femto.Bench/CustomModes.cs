using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Femto.Bench;

/// <summary>The non-BenchmarkDotNet modes. Each library runs in a child process of its own so peak working set,
/// JIT and GC state are not shared between libraries.</summary>
internal static class CustomModes
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ------------------------------------------------------------------ parent side

    /// <summary><c>latency [rate] [count]</c>: per-call latency percentiles at a steady rate, every library.</summary>
    public static int Latency(string[] args) => PacedTable(args, "1000000", "latency-one", Subjects.FileLibraries,
        "Each library in its own process; queues of 65,536 records, Block policies; timestamps from Stopwatch.GetTimestamp around each call.",
        "Library", "achieved rate/s | late starts (>50 µs behind) | lines ok | drops");

    /// <summary>Runs a paced latency table: <c>[rate] [count]</c> from <paramref name="args"/>, one child process
    /// per subject running <paramref name="childMode"/>, each printing its rows under one header.</summary>
    internal static int PacedTable(string[] args, string defaultCount, string childMode, IEnumerable<string> subjects, string setup, string before, string after)
    {
        string rate = args.Length > 0 ? args[0] : "200000";
        string count = args.Length > 1 ? args[1] : defaultCount;
        PacedRun.PrintHeader(rate, count, setup, before, after);
        int failures = 0;
        foreach (var subject in subjects) failures += RunChild(childMode, subject, rate, count);
        return failures == 0 ? 0 : 1;
    }

    /// <summary><c>memory</c>: one end-to-end run of 1M records per library: time, bytes/line, drops, peak working
    /// set and managed memory retained after dispose.</summary>
    public static int Memory()
    {
        Console.WriteLine("One end-to-end run per library, each in its own process: 1,000,000 3-argument records from one thread, then flush + dispose.");
        Console.WriteLine();
        Console.WriteLine("| Library | time (s) | records/s | lines | bytes/line | drops | managed before (MB) | retained after dispose (MB) | peak working set (MB) | first line |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        int failures = 0;
        foreach (var lib in Subjects.FileLibraries) failures += RunChild("memory-one", lib);
        return failures == 0 ? 0 : 1;
    }

    internal static int RunChild(params string[] args)
    {
        var (exitCode, output) = ChildProcess.Run(args);
        foreach (var line in output.Split('\n'))
            if (line.StartsWith('|')) Console.WriteLine(line.TrimEnd());
            else if (line.Length > 0) Console.Error.WriteLine(line.TrimEnd());
        return exitCode == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------ child side

    public static int LatencyOne(string library, int rate, int count)
    {
        const int warmup = 100_000;
        using var dir = new TempDir();
        var subject = Subjects.Create(library, dir.NewFile(library));
        ThroughputBenchmarks.Produce(subject, 1, warmup);
        if (!subject.Flush()) Thread.Sleep(500); // libraries without a flush: let the warm-up drain
        var run = PacedRun.Measure(subject, rate, count);
        subject.Dispose();
        var (lines, _) = LogFiles.Measure(subject.FilePath);
        long drops = subject.Dropped;
        bool linesOk = lines == warmup + count;
        Console.WriteLine(string.Create(Inv,
            $"| {subject.Name} | {PacedRun.Percentiles(run.Samples)} | {count / run.Seconds:F0} | {run.Late} | {(linesOk ? "yes" : $"NO ({lines})")} | {DropText(drops)} |"));
        return linesOk && drops <= 0 ? 0 : 1;
    }

    public static int MemoryOne(string library)
    {
        using var dir = new TempDir();
        string path = dir.NewFile(library);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var (name, seconds, drops) = RunOnce(library, path);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        string retained = Mb(after - before);
        if (library.Equals("femto", StringComparison.OrdinalIgnoreCase))
        {
            // The Femto subject resets the logger manager on dispose; FemtoSubject measures what the still-registered
            // logger kept before that (see RunOnce).
            retained = $"{Mb(s_femtoRetainedBeforeReset - before)} with the logger still registered; {retained} after ResetManager";
        }
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var (lines, bytes) = LogFiles.Measure(path);
        string first = LogFiles.FirstLine(path).Replace("|", "\\|", StringComparison.Ordinal);
        Console.WriteLine(string.Create(Inv,
            $"| {name} | {seconds:F3} | {Workload.Records / seconds:F0} | {lines} | {(lines > 0 ? (double)bytes / lines : 0):F2} | {DropText(drops)} | {Mb(before)} | {retained} | {Mb(self.PeakWorkingSet64)} | `{first}` |"));
        return lines == Workload.Records && drops <= 0 ? 0 : 1;
    }

    private static long s_femtoRetainedBeforeReset;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (string Name, double Seconds, long Drops) RunOnce(string library, string path)
    {
        if (library.Equals("femto", StringComparison.OrdinalIgnoreCase))
        {
            // Same steps as the Femto subject, with a measurement between the handler's dispose and ResetManager.
            FemtoLogging.ResetManager();
            var sw = Stopwatch.StartNew();
            RunFemto(path, out long drops);
            sw.Stop();
            s_femtoRetainedBeforeReset = GC.GetTotalMemory(forceFullCollection: true);
            FemtoLogging.ResetManager();
            return ("Femto", sw.Elapsed.TotalSeconds, drops);
        }
        var subject = Subjects.Create(library, path);
        var watch = Stopwatch.StartNew();
        ThroughputBenchmarks.Produce(subject, 1, Workload.Records);
        subject.Dispose();
        watch.Stop();
        return (subject.Name, watch.Elapsed.TotalSeconds, subject.Dropped);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunFemto(string path, out long drops)
    {
        var (log, file) = Subjects.CreateFemto("bench", path);
        string name = Workload.Name, city = Workload.City;
        int age = Workload.Age;
        for (int i = 0; i < Workload.Records; i++) log.Info(Workload.Template3, name, city, age);
        log.Flush(TimeSpan.FromSeconds(60));
        file.Flush(TimeSpan.FromSeconds(60));
        file.Dispose();
        drops = log.DroppedCount + file.DroppedCount;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", Inv);

    internal static string DropText(long drops) => drops < 0 ? "n/a" : drops.ToString(Inv);
}
