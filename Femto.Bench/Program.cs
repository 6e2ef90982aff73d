using System.Globalization;
using BenchmarkDotNet.Running;

namespace Femto.Bench;

/// <summary>Entry point. BenchmarkDotNet suites by default; <c>latency</c> and <c>memory</c> are custom modes.
/// See docs/benchmarks.md for the commands.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            switch (args[0])
            {
                case "latency":
                    return CustomModes.Latency(args[1..]);
                case "memory":
                    return CustomModes.Memory();
                case "latency-one":
                    return CustomModes.LatencyOne(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
                case "memory-one":
                    return CustomModes.MemoryOne(args[1]);
                case "rotation-ab":
                    return RotationAlternating.Run(args[1..]);
                case "rotation-latency":
                    return RotationLatency.Run(args[1..]);
                case "rotation-latency-one":
                    return RotationLatency.RunOne(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
                case "loggers":
                    return ManyLoggersMode.Run(args[1..]);
                case "loggers-one":
                    return ManyLoggersMode.RunOne(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture));
                case "idle":
                    return LightTrafficMode.Run(args[1..]);
                case "config":
                    return ConfigBench.Run(args[1..]);
                case "frames":
                    return FrameEncodingMode.Run(args[1..]);
                case "socket":
                    return SocketThroughputMode.Run(args[1..]);
                case "tracing":
                    return TracingMode.Run();
                case "http":
                    return HttpThroughputMode.Run(args[1..]);
                case "http-pacing":
                    return HttpThroughputMode.RunPacing(args[1..]);
            }
        }
        // --quick: short jobs (fewer iterations, 1 and 4 threads) for a fast sanity check; not for published figures.
        if (args.Contains("--quick"))
        {
            Environment.SetEnvironmentVariable("FEMTO_BENCH_QUICK", "1");
            args = [.. args.Where(a => a != "--quick")];
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        int failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        // `--filter '*'` means every suite: the latency and memory modes run after the BenchmarkDotNet ones.
        if (SelectsEverything(args))
        {
            Console.WriteLine();
            failed |= CustomModes.Latency(Workload.Quick ? ["200000", "200000"] : []);
            Console.WriteLine();
            failed |= CustomModes.Memory();
        }
        return failed;
    }

    private static bool SelectsEverything(string[] args)
    {
        int i = Array.IndexOf(args, "--filter");
        return i >= 0 && i + 1 < args.Length && args[i + 1] == "*" && (i + 2 >= args.Length || args[i + 2].StartsWith('-'));
    }
}
