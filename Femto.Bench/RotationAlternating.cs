using System.Diagnostics;
using System.Globalization;

namespace Femto.Bench;

/// <summary><c>rotation-ab [rounds] [threads]</c>: the suite-2 end-to-end run (1,000,000 records, flush and dispose
/// included) through the plain file handler, size rotation (10 MiB, 5 backups) and rotation with gzip, alternating
/// the three within each round so that load from anything else on the machine falls on all of them alike; prints
/// each round and the medians, of wall time and of the process's CPU time (user + system, all threads), which
/// moves less than wall time when other processes compete for the cores. On a shared machine this compares more
/// fairly than separate BenchmarkDotNet runs.</summary>
internal static class RotationAlternating
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var variants = Enum.GetValues<RotationVariant>();
        var times = variants.ToDictionary(v => v, _ => new List<double>());
        var cpu = variants.ToDictionary(v => v, _ => new List<double>());
        Console.WriteLine($"1,000,000 records per run, {threads} producer thread(s), flush and dispose included; ns per record; {rounds} rounds after 2 warm-up rounds.");
        Console.WriteLine();
        Console.WriteLine("| round | " + string.Join(" | ", variants) + " | Rotating / File | RotatingGzip / File | CPU: " + string.Join(" | CPU: ", variants) + " |");
        Console.WriteLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", 2 * variants.Length + 2)));
        for (int round = -2; round < rounds; round++)
        {
            var row = new Dictionary<RotationVariant, (double Wall, double Cpu)>();
            foreach (var v in variants) row[v] = RunOnce(v, threads);
            if (round < 0) continue;
            foreach (var v in variants)
            {
                times[v].Add(row[v].Wall);
                cpu[v].Add(row[v].Cpu);
            }
            Console.WriteLine(Row((round + 1).ToString(CultureInfo.InvariantCulture), v => row[v].Wall, v => row[v].Cpu));
        }
        static double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
        Console.WriteLine(Row("**median**", v => Median(times[v]), v => Median(cpu[v])));
        return 0;

        string Row(string label, Func<RotationVariant, double> wall, Func<RotationVariant, double> cpuOf) => string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {string.Join(" | ", variants.Select(v => wall(v).ToString("F1", CultureInfo.InvariantCulture)))} | {wall(RotationVariant.Rotating) / wall(RotationVariant.File):F3} | {wall(RotationVariant.RotatingGzip) / wall(RotationVariant.File):F3} | {string.Join(" | ", variants.Select(v => cpuOf(v).ToString("F1", CultureInfo.InvariantCulture)))} |");
    }

    /// <summary>One run: wall and CPU nanoseconds per record.</summary>
    private static (double Wall, double Cpu) RunOnce(RotationVariant variant, int threads)
    {
        using var dir = new TempDir();
        using var self = Process.GetCurrentProcess();
        var subject = RotationSubject.Create(variant, dir.NewFile("femto"));
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        ThroughputBenchmarks.Produce(subject, threads, Workload.Records);
        subject.Dispose();
        double ns = watch.Elapsed.TotalNanoseconds / Workload.Records;
        self.Refresh();
        double cpuNs = (self.TotalProcessorTime - cpuBefore).TotalNanoseconds / Workload.Records;
        subject.Verify();
        return (ns, cpuNs);
    }
}
