using System.Diagnostics;
using System.Globalization;
using Femto.Handlers;

namespace Femto.Bench;

/// <summary><c>idle</c>: what light traffic costs. (1) N loggers each logging R records/s into one file handler for
/// 5 s after a 2 s warm-up: process CPU time as a share of one core, split into the generator thread (the
/// "application"), Femto's threads and the runtime's own; (2) the latency from a call after 200 ms of silence to
/// its record reaching a handler. Each scenario runs in its own process. Linux only (per-thread CPU from /proc).</summary>
internal static class LightTrafficMode
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly (int Loggers, int Rate)[] Scenarios = [(10, 20), (300, 20)];

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "one") return RunOne(int.Parse(args[1], Inv), int.Parse(args[2], Inv));
        if (args.Length > 0 && args[0] == "pickup") return Pickup();
        Console.WriteLine("Light traffic: N loggers x R records/s each into one file handler (default settings, Block), one generator thread");
        Console.WriteLine("issuing the records when due; 2 s warm-up, then 5 s measured. CPU is a share of one core over the 5 s.");
        Console.WriteLine();
        Console.WriteLine("| loggers × records/s | records | process CPU | generator thread | Femto threads | runtime threads | Femto threads alive |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        int failures = 0;
        foreach (var (loggers, rate) in Scenarios) failures += Child("idle", "one", loggers.ToString(Inv), rate.ToString(Inv));
        Console.WriteLine();
        failures += Child("idle", "pickup");
        return failures == 0 ? 0 : 1;
    }

    private static int Child(params string[] args)
    {
        var (exitCode, output) = ChildProcess.Run(args);
        Console.Write(output);
        return exitCode == 0 ? 0 : 1;
    }

    private static int RunOne(int loggers, int rate)
    {
        using var dir = new TempDir();
        using var file = new FileHandlerBuilder(dir.NewFile("idle")).WithOverflowPolicy(OverflowPolicy.Block).Build();
        FemtoLogging.GetLogger().AddHandler(file);
        var logs = Enumerable.Range(0, loggers).Select(i => FemtoLogging.GetLogger($"App.Component{i}")).ToArray();
        int generatorTid = 0;
        long issued = 0;
        void Generate(double seconds)
        {
            generatorTid = CurrentTid();
            long period = Stopwatch.Frequency / ((long)loggers * rate);
            long start = Stopwatch.GetTimestamp(), end = start + (long)(seconds * Stopwatch.Frequency), next = start;
            int i = 0;
            while (true)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= end) return;
                for (; next <= now; next += period)
                {
                    logs[i].Info("request {Id} served in {Ms} ms", issued++, 3);
                    if (++i == loggers) i = 0;
                }
                Thread.Sleep((int)Math.Max(1, (next - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency));
            }
        }
        Generate(2.0); // warm-up: JIT tiering, pool, clock
        long warm = issued;
        var before = ThreadCpu();
        Generate(5.0);
        var after = ThreadCpu();
        FemtoLogging.Flush(TimeSpan.FromSeconds(10));

        long total = 0, generator = 0, femto = 0, runtime = 0;
        foreach (var (tid, (name, ticks)) in after)
        {
            long d = ticks - (before.TryGetValue(tid, out var b) ? b.Ticks : 0);
            total += d;
            if (tid == generatorTid) generator += d;
            else if (name.StartsWith("femto", StringComparison.Ordinal)) femto += d;
            else runtime += d;
        }
        double tickMs = 1000.0 / 100; // USER_HZ: 100 ticks per second on Linux
        string Pct(long ticks) => (ticks * tickMs / 5000.0).ToString("P1", Inv);
        int femtoThreads = after.Values.Count(v => v.Name.StartsWith("femto", StringComparison.Ordinal));
        Console.WriteLine($"| {loggers} × {rate} | {issued - warm:N0} | {Pct(total)} | {Pct(generator)} | {Pct(femto)} | {Pct(runtime)} | {femtoThreads} |");
        return 0;
    }

    private static int Pickup()
    {
        var log = FemtoLogging.GetLogger("App.Pickup");
        log.Propagate = false;
        var seen = new Seen();
        log.AddHandler(seen);
        for (int i = 0; i < 1000; i++) log.Info("warm {I}", i);
        log.Flush(TimeSpan.FromSeconds(5));
        const int Samples = 50;
        var latencies = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            Thread.Sleep(200); // long enough for every Femto thread to park
            seen.Arrived.Reset();
            long t0 = Stopwatch.GetTimestamp();
            log.Info("after a quiet spell {I}", i);
            seen.Arrived.Wait();
            latencies[i] = Stopwatch.GetElapsedTime(t0, seen.At).TotalMicroseconds;
        }
        Array.Sort(latencies);
        Console.WriteLine($"Pickup after 200 ms of silence ({Samples} samples, µs from the call to the handler): " +
            string.Create(Inv, $"mean {latencies.Average():F0}, p50 {latencies[Samples / 2]:F0}, p90 {latencies[(int)(Samples * 0.9)]:F0}, max {latencies[^1]:F0}"));
        return 0;
    }

    private static int CurrentTid()
    {
        try { return int.Parse(Path.GetFileName(File.ReadAllText("/proc/thread-self/stat").Split(' ')[0]), Inv); }
        catch (IOException) { return -1; }
    }

    /// <summary>utime + stime ticks and name of every thread of this process.</summary>
    private static Dictionary<int, (string Name, long Ticks)> ThreadCpu()
    {
        var result = new Dictionary<int, (string, long)>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                int close = stat.LastIndexOf(')');
                string name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                result[int.Parse(Path.GetFileName(task), Inv)] = (name, long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return result;
    }

    private sealed class Seen : IFemtoHandler
    {
        public readonly ManualResetEventSlim Arrived = new(false);
        public long At;

        public void Handle(string logger, FemtoLevel level, string message)
        {
            At = Stopwatch.GetTimestamp();
            Arrived.Set();
        }
    }
}
