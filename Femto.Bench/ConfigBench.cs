using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Femto.Config;

namespace Femto.Bench;

/// <summary><c>config [loggers] [runs]</c>: how long applying a configuration of many loggers takes (target: 1,000
/// loggers under 100 ms), from each front end, first time and again. Wall time of the call, after warm-up runs.</summary>
internal static class ConfigBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int loggers = args.Length > 0 ? int.Parse(args[0], Inv) : 1000;
        int runs = args.Length > 1 ? int.Parse(args[1], Inv) : 20;
        string dir = Path.Combine(Path.GetTempPath(), "femto-config-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"Applying a configuration of {loggers:N0} loggers (3 levels, 2 file handlers, a level filter on every 10th logger); " +
                              $"{runs} measured runs after 3 warm-up runs; wall time of the call in ms.");
            Console.WriteLine();
            Console.WriteLine("| Scenario | median | p90 | max | under 100 ms |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            var tree = Tree(loggers, dir, "a");
            string json = JsonSerializer.Serialize(tree);
            Measure("dict, first application (loggers created, 2 handlers opened)", runs, Fresh, () => FemtoConfig.DictConfig(Tree(loggers, dir, "a")));
            Measure("JSON text, first application", runs, Fresh, () => FemtoConfig.JsonConfig(json));
            Measure("builder in code, first application", runs, Fresh, () => Builder(loggers, dir).BuildAndInit());
            FemtoConfig.DictConfig(tree);
            Measure("dict, applied again (handlers kept)", runs, () => { }, () => FemtoConfig.DictConfig(Tree(loggers, dir, "a")));
            int flip = 0;
            Measure("dict, applied again with new files (2 handlers built, 2 drained and closed)", runs, () => { },
                () => FemtoConfig.DictConfig(Tree(loggers, dir, (flip++ % 2 == 0) ? "b" : "a")));
            Fresh();
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static void Fresh()
    {
        foreach (var h in FemtoLogging.GetLoggers().SelectMany(l => l.Handlers).OfType<FemtoHandler>().Distinct()) h.Close();
        FemtoLogging.ResetManager();
    }

    private static void Measure(string name, int runs, Action setup, Action apply)
    {
        var times = new List<double>();
        for (int i = 0; i < runs + 3; i++)
        {
            setup();
            long start = Stopwatch.GetTimestamp();
            apply();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= 3) times.Add(ms);
        }
        times.Sort();
        double median = times[times.Count / 2], p90 = times[(int)(times.Count * 0.9)], max = times[^1];
        Console.WriteLine(string.Create(Inv, $"| {name} | {median:F1} | {p90:F1} | {max:F1} | {(p90 < 100 ? "yes" : "no")} |"));
    }

    private static string Level(int i) => (i % 3) switch { 0 => "DEBUG", 1 => "INFO", _ => "WARNING" };

    private static Dictionary<string, object?> Tree(int loggers, string dir, string suffix)
    {
        var named = new Dictionary<string, object?>();
        for (int i = 0; i < loggers; i++)
        {
            var entry = new Dictionary<string, object?> { ["level"] = Level(i) };
            if (i % 10 == 0) entry["filters"] = new[] { "upto_info" };
            if (i % 100 == 0) entry["handlers"] = new[] { "audit" };
            named[$"svc{i % 20}.component{i}"] = entry;
        }
        return new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["disable_existing_loggers"] = false,
            ["filters"] = new Dictionary<string, object?> { ["upto_info"] = new Dictionary<string, object?> { ["level"] = "INFO" } },
            ["handlers"] = new Dictionary<string, object?>
            {
                ["app"] = new Dictionary<string, object?> { ["class"] = "logging.FileHandler", ["filename"] = Path.Combine(dir, $"app-{suffix}.log") },
                ["audit"] = new Dictionary<string, object?> { ["class"] = "logging.FileHandler", ["filename"] = Path.Combine(dir, $"audit-{suffix}.log"), ["level"] = "WARNING" },
            },
            ["loggers"] = named,
            ["root"] = new Dictionary<string, object?> { ["level"] = "INFO", ["handlers"] = new[] { "app" } },
        };
    }

    private static ConfigBuilder Builder(int loggers, string dir)
    {
        var builder = new ConfigBuilder()
            .WithHandler("app", new Handlers.FileHandlerBuilder(Path.Combine(dir, "app-a.log")))
            .WithHandler("audit", new Handlers.FileHandlerBuilder(Path.Combine(dir, "audit-a.log")).WithLevel(FemtoLevel.Warn))
            .WithFilter("upto_info", new LevelFilterBuilder().WithMaxLevel(FemtoLevel.Info))
            .WithRootLogger(new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("app"));
        for (int i = 0; i < loggers; i++)
        {
            var logger = new LoggerConfigBuilder().WithLevel(Level(i));
            if (i % 10 == 0) logger.WithFilters("upto_info");
            if (i % 100 == 0) logger.WithHandlers("audit");
            builder.WithLogger($"svc{i % 20}.component{i}", logger);
        }
        return builder;
    }
}
