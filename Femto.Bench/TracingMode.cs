using System.Diagnostics;
using System.Globalization;

namespace Femto.Bench;

/// <summary><c>tracing</c>: the cases of <see cref="TracingBenchmarks"/> measured interleaved in one process, for a
/// machine others share: each round runs every case of a phase for 10,000 calls, one after another, draining the
/// queue after each; the table gives each case's best and median round over 100 rounds. Interleaving puts every case
/// under the same load, and the best round is the least disturbed one, so the differences between cases hold up
/// where separate BenchmarkDotNet processes minutes apart do not. Phase 1 runs before any activity exists in the
/// process; phase 2 compares a recorded scope with an activity; phase 3 repeats the calls once activities have been
/// seen (from then on every call reads <c>Activity.Current</c>).</summary>
internal static class TracingMode
{
    private const int Calls = 10_000; // fewer than the record pool keeps in reserve, so a round reuses warm records
    private const int Rounds = 100;

    public static int Run()
    {
        FemtoLogging.ResetManager();
        var log = Subjects.CreateFemtoLogger("bench");
        log.QueueCapacity = 4 * Calls;
        log.AddHandler(new NullRecordHandler());
        using var source = new ActivitySource("Femto.Bench.Tracing");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string name = Workload.Name, city = Workload.City;
        int age = Workload.Age;
        Console.WriteLine($"Tracing: {Rounds} rounds x {Calls:N0} calls per case, the cases of a phase interleaved; ns per call on the calling thread.");
        Console.WriteLine();
        Console.WriteLine("| phase | case | best round | median round | caller B/call (last round) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        // Phase 1: no activity has been current in this process, so calls outside contexts and scopes skip the lookups.
        Phase(log, "1", [
            ("plain call", () => log.Info(Workload.Plain), false),
            ("plain call in a 3-key context", () => log.Info(Workload.Plain), true),
            ("template call, 3 arguments", () => log.Info(Workload.Template3, name, city, age), false),
            ("template call, 3 arguments, in a 3-key context", () => log.Info(Workload.Template3, name, city, age), true),
            ("scope, sampled out (rate 0.001)", () => { using (log.Time("op", 0.001)) { } }, false),
            ("scope, sampled out (rate 0)", () => { using (log.Time("op", 0.0)) { } }, false),
            ("scope, recorded (one record queued)", () => { using (log.Time("op")) { } }, false),
        ]);
        // Phase 2: a recorded scope beside the .NET baseline (from here on activities have been seen).
        Phase(log, "2", [
            ("scope, recorded (one record queued)", () => { using (log.Time("op")) { } }, false),
            ("Activity start/stop, listener sampling all (writes nothing)", () => { using (source.StartActivity("op")) { } }, false),
        ]);
        // Phase 3: calls once activities are in use (each also reads Activity.Current), apart from phase 2's garbage.
        Phase(log, "3", [
            ("plain call", () => log.Info(Workload.Plain), false),
            ("template call, 3 arguments", () => log.Info(Workload.Template3, name, city, age), false),
        ]);
        FemtoLogging.ResetManager();
        return 0;
    }

    private static void Phase(FemtoLogger log, string phase, (string Name, Action Call, bool InContext)[] cases)
    {
        var results = cases.Select(_ => new List<double>()).ToArray();
        long[] bytes = new long[cases.Length];
        for (int round = -3; round < Rounds; round++) // 3 warm-up rounds
        {
            for (int c = 0; c < cases.Length; c++)
            {
                using var context = cases[c].InContext ? FemtoContext.Push(("request_id", 4242), ("user", "alice"), ("region", "eu-west")) : default;
                var call = cases[c].Call;
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Calls; i++) call();
                double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls;
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                if (!log.Flush(TimeSpan.FromSeconds(30))) throw new InvalidOperationException("flush timed out");
                if (round < 0) continue;
                results[c].Add(ns);
                bytes[c] = allocated;
            }
        }
        var inv = CultureInfo.InvariantCulture;
        for (int c = 0; c < cases.Length; c++)
        {
            var sorted = results[c].Order().ToArray();
            Console.WriteLine(string.Create(inv, $"| {phase} | {cases[c].Name} | {sorted[0]:F1} | {sorted[sorted.Length / 2]:F1} | {(double)bytes[c] / Calls:F0} |"));
        }
    }
}
