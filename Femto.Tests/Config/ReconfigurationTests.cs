using System.Text.Json;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Configurations applied, and levels changed, while threads log: under Block nothing is lost.</summary>
public sealed class ReconfigurationTests : ConfigTestBase
{
    private const int Threads = 4;
    private const int PerThread = 5_000;

    private string Config(string file, string format) => $$"""
        { "version": 1, "disable_existing_loggers": false,
          "formatters": { "f": { "format": {{JsonSerializer.Serialize(format)}} } },
          "handlers": { "out": { "class": "logging.FileHandler", "filename": {{JsonSerializer.Serialize(TempPath(file))}},
                                 "formatter": "f", "capacity": 64, "overflow_policy": "block" } },
          "loggers": { "load.app": { "level": "DEBUG", "handlers": ["out"], "propagate": false, "overflow_policy": "block" } },
          "root": { "level": "WARNING" } }
        """;

    [Test]
    public void Reconfiguring_under_four_logging_threads_with_Block_loses_nothing()
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        FemtoDiagnostics.Writer = reports.Enqueue;
        var logger = FemtoLogging.GetLogger("load.app");
        logger.QueueCapacity = 64;
        // Same file with another format (the outgoing and incoming handlers share it), then another file.
        string[] configs = [Config("a.log", "A %(message)s"), Config("a.log", "B %(message)s"), Config("b.log", "C %(message)s")];
        FemtoConfig.JsonConfig(configs[0]);

        using var start = new Barrier(Threads + 1);
        var producers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++) logger.Info($"t{t} {i}");
        })).ToList();
        producers.ForEach(p => p.Start());
        start.SignalAndWait();
        int applied = 0;
        while (producers.Any(p => p.IsAlive) || applied < 6)
            FemtoConfig.JsonConfig(configs[++applied % configs.Length]);
        producers.ForEach(p => p.Join());

        var lines = LinesOf(TempPath("a.log")).Concat(LinesOf(TempPath("b.log"))).ToList();
        TestContext.Out.WriteLine($"{applied} configurations applied while {Threads} threads logged {Threads * PerThread} records; " +
                                  $"{lines.Count} lines, logger drops {logger.DroppedCount}, handler errors {logger.HandlerErrorCount}");
        foreach (var r in reports) TestContext.Out.WriteLine(r);
        Assert.That(lines, Has.Count.EqualTo(Threads * PerThread), "every record written exactly once");
        Assert.That(lines.Select(l => l[2..]).Distinct().Count(), Is.EqualTo(Threads * PerThread));
        Assert.That(lines, Has.All.Match(@"^[ABC] t\d \d+$"), "no line torn or overwritten");
        Assert.That(logger.DroppedCount + logger.HandlerErrorCount, Is.Zero);
        foreach (var file in new[] { "a.log", "b.log" })
        {
            // Each producer's records keep their order within what one configuration's handler wrote (the letter);
            // around a switch, the outgoing and incoming handler write side by side.
            foreach (var group in LinesOf(TempPath(file)).Select(l => l.Split(' ')).GroupBy(p => p[0] + p[1]))
                Assert.That(group.Select(p => int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered, $"{file}: {group.Key}");
        }
    }

    [Test]
    public void Changing_levels_at_runtime_under_Block_loses_no_enabled_record()
    {
        string path = TempPath("levels.log");
        FemtoConfig.JsonConfig($$"""
            { "version": 1,
              "handlers": { "out": { "class": "FileHandler", "filename": {{JsonSerializer.Serialize(path)}}, "capacity": 32, "overflow_policy": "block" } },
              "loggers": { "rt": { "level": "INFO", "handlers": ["out"], "propagate": false, "overflow_policy": "block" } },
              "root": {} }
            """);
        var logger = FemtoLogging.GetLogger("rt");
        long accepted = 0, calls = 0;
        bool stop = false;
        using var start = new Barrier(Threads + 1);
        var producers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; !Volatile.Read(ref stop); i++)
            {
                Interlocked.Increment(ref calls);
                if (logger.Log(FemtoLevel.Info, "t" + t + " " + i) is not null) Interlocked.Increment(ref accepted);
            }
        })).ToList();
        producers.ForEach(p => p.Start());
        start.SignalAndWait();
        int flips = 0;
        while (flips < 400 || Interlocked.Read(ref accepted) < 2_000)
        {
            logger.Level = ++flips % 2 == 0 ? FemtoLevel.Info : FemtoLevel.Error;
            Thread.Yield();
        }
        Volatile.Write(ref stop, true);
        producers.ForEach(p => p.Join());

        Assert.That(LinesOf(path), Has.Length.EqualTo(accepted), "every record the call accepted reached the file");
        Assert.That(accepted, Is.LessThan(calls), "some calls were made while the level was ERROR");
        Assert.That(logger.DroppedCount, Is.Zero);
        TestContext.Out.WriteLine($"{flips} level changes; {accepted} of {calls} records were enabled when logged");
    }
}
