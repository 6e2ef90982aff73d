using System.Globalization;

namespace Femto.Bench;

/// <summary><c>rotation-latency [rate] [count]</c>: the call's cost at a steady rate while the handler rotates
/// (10 MiB, 5 backups) and gzips closed backups on its worker, next to the plain file handler and rotation without
/// gzip, each in its own process. The gzip run splits its calls into those made while a backup was being
/// compressed and the rest, so the table shows whether compression reaches the caller.</summary>
internal static class RotationLatency
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args) => CustomModes.PacedTable(args, "2000000", "rotation-latency-one", Enum.GetNames<RotationVariant>(),
        "Each handler in its own process; queues of 65,536 records, Block; rotation at 10 MiB with 5 backups.",
        "Handler | calls", "late starts | rotations | backups compressed | drops");

    public static int RunOne(string variantName, int rate, int count)
    {
        var variant = Enum.Parse<RotationVariant>(variantName);
        using var dir = new TempDir();
        var subject = RotationSubject.Create(variant, dir.NewFile("femto"));
        ThroughputBenchmarks.Produce(subject, 1, 100_000);
        subject.Flush();
        var rotating = subject.Handler as Femto.Handlers.RotatingFileHandlerBase;
        var run = PacedRun.Measure(subject, rate, count, rotating is null ? null : () => rotating.IsCompressing);
        long rotations = rotating?.Rotations ?? 0;
        long compressed = rotating?.CompressedCount ?? 0;
        subject.Dispose();
        long drops = subject.Dropped;
        string Row(string label, IEnumerable<long> samples, int n) => string.Create(Inv,
            $"| {label} | {n} | {PacedRun.Percentiles(samples)} | {run.Late} | {rotations} | {compressed} | {CustomModes.DropText(drops)} |");
        if (variant != RotationVariant.RotatingGzip)
        {
            Console.WriteLine(Row(subject.Name, run.Samples, count));
        }
        else
        {
            var marks = run.Marks!;
            int during = marks.Count(m => m);
            Console.WriteLine(Row(subject.Name + ", all calls", run.Samples, count));
            Console.WriteLine(Row(subject.Name + ", calls while compressing", run.Samples.Where((_, i) => marks[i]), during));
            Console.WriteLine(Row(subject.Name + ", other calls", run.Samples.Where((_, i) => !marks[i]), count - during));
        }
        Console.Error.WriteLine($"{subject.Name}: {subject.Verify(fullRun: false)}");
        return drops == 0 ? 0 : 1;
    }
}
