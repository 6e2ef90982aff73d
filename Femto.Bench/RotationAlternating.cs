using System.Diagnostics;
using System.Globalization;

namespace Femto.Bench;

/// <summary><c>rotation-ab [rounds] [threads]</c>: the suite-2 end-to-end run (1,000,000 records, flush and dispose
/// included) through the plain file handler, size rotation (10 MiB, 5 backups) and rotation with gzip, alternating
/// the three within each round so that load from anything else on the machine falls on all of them alike; prints
/// each round and the medians. On a shared machine this compares more fairly than separate BenchmarkDotNet runs.</summary>
internal static class RotationAlternating
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var variants = Enum.GetValues<RotationVariant>();
        var times = variants.ToDictionary(v => v, _ => new List<double>());
        Console.WriteLine($"1,000,000 records per run, {threads} producer thread(s), flush and dispose included; ns per record; {rounds} rounds after 2 warm-up rounds.");
        Console.WriteLine();
        Console.WriteLine("| round | " + string.Join(" | ", variants) + " | Rotating / File | RotatingGzip / File |");
        Console.WriteLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", variants.Length + 2)));
        for (int round = -2; round < rounds; round++)
        {
            var row = new Dictionary<RotationVariant, double>();
            foreach (var v in variants) row[v] = RunOnce(v, threads);
            if (round < 0) continue;
            foreach (var v in variants) times[v].Add(row[v]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round + 1} | {string.Join(" | ", variants.Select(v => row[v].ToString("F1", CultureInfo.InvariantCulture)))} | {row[RotationVariant.Rotating] / row[RotationVariant.File]:F3} | {row[RotationVariant.RotatingGzip] / row[RotationVariant.File]:F3} |"));
        }
        static double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
        double file = Median(times[RotationVariant.File]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **median** | {string.Join(" | ", variants.Select(v => Median(times[v]).ToString("F1", CultureInfo.InvariantCulture)))} | {Median(times[RotationVariant.Rotating]) / file:F3} | {Median(times[RotationVariant.RotatingGzip]) / file:F3} |"));
        return 0;
    }

    private static double RunOnce(RotationVariant variant, int threads)
    {
        using var dir = new TempDir();
        var subject = RotationSubject.Create(variant, dir.NewFile("femto"));
        var watch = Stopwatch.StartNew();
        ThroughputBenchmarks.Produce(subject, threads, Workload.Records);
        subject.Dispose();
        double ns = watch.Elapsed.TotalNanoseconds / Workload.Records;
        subject.Verify();
        return ns;
    }
}
