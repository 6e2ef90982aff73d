using System.Diagnostics;
using System.Globalization;

namespace Femto.Bench;

/// <summary>One paced latency measurement: calls issued at a steady rate (spinning on
/// <see cref="Stopwatch.GetTimestamp"/> until each call's due time), each timed with a pair of timer reads, and
/// optionally each marked with a condition read just after the call (for example "a backup is being compressed").</summary>
internal sealed class PacedRun
{
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    private PacedRun(long[] samples, bool[]? marks, int late, double seconds)
    {
        Samples = samples;
        Marks = marks;
        Late = late;
        Seconds = seconds;
    }

    /// <summary>Call times in Stopwatch ticks, in call order.</summary>
    public long[] Samples { get; }

    /// <summary>The mark read after each call, when one was asked for.</summary>
    public bool[]? Marks { get; }

    /// <summary>Calls issued more than 50 µs after their due time (the pacing thread was descheduled).</summary>
    public int Late { get; }

    /// <summary>Wall time of the measured calls.</summary>
    public double Seconds { get; }

    public static PacedRun Measure(ILogSubject subject, int rate, int count, Func<bool>? mark = null)
    {
        var samples = new long[count];
        Array.Fill(samples, 0L); // touch the pages before measuring
        bool[]? marks = mark is null ? null : new bool[count];
        string name = Workload.Name, city = Workload.City;
        int age = Workload.Age;
        double ticksPerRecord = (double)Stopwatch.Frequency / rate;
        long lateThreshold = Stopwatch.Frequency / 20_000; // 50 µs
        int late = 0;
        long begin = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            long due = begin + (long)(i * ticksPerRecord);
            long now;
            while ((now = Stopwatch.GetTimestamp()) < due) Thread.SpinWait(1);
            if (now - due > lateThreshold) late++;
            long t0 = Stopwatch.GetTimestamp();
            subject.Template3(name, city, age);
            samples[i] = Stopwatch.GetTimestamp() - t0;
            if (marks is not null) marks[i] = mark!();
        }
        return new PacedRun(samples, marks, late, (double)(Stopwatch.GetTimestamp() - begin) / Stopwatch.Frequency);
    }

    /// <summary>Prints what a latency table measured and its header (<paramref name="columns"/> around the
    /// percentile cells).</summary>
    public static void PrintHeader(string rate, string count, string setup, string before, string after)
    {
        Console.WriteLine($"Latency of one 3-argument Info call, paced at {rate} records/s, {count} measured calls after 100,000 warm-up calls; ns.");
        Console.WriteLine(setup);
        Console.WriteLine();
        string[] left = before.Split('|', StringSplitOptions.RemoveEmptyEntries), right = after.Split('|', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine($"| {before.Trim()} | p50 | p90 | p99 | p99.9 | p99.99 | max | mean | {after.Trim()} |");
        Console.WriteLine("|---" + string.Concat(Enumerable.Repeat("|---:", left.Length - 1 + 7 + right.Length)) + "|");
    }

    /// <summary>Table cells <c>p50 | p90 | p99 | p99.9 | p99.99 | max | mean</c> in ns of the given samples.</summary>
    public static string Percentiles(IEnumerable<long> samples)
    {
        long[] sorted = [.. samples];
        if (sorted.Length == 0) return "– | – | – | – | – | – | –";
        Array.Sort(sorted);
        string P(double q) => (sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] * NsPerTick).ToString("F0", CultureInfo.InvariantCulture);
        double mean = sorted.Average() * NsPerTick;
        return string.Create(CultureInfo.InvariantCulture, $"{P(0.50)} | {P(0.90)} | {P(0.99)} | {P(0.999)} | {P(0.9999)} | {sorted[^1] * NsPerTick:F0} | {mean:F0}");
    }
}
