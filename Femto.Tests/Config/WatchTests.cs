using System.Collections.Concurrent;
using System.Text.Json;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>FemtoConfig.Watch re-applies an edited file and survives a broken edit.</summary>
public sealed class WatchTests : ConfigTestBase
{
    private string Json(string file) => $$"""
        { "version": 1,
          "handlers": { "out": { "class": "logging.FileHandler", "filename": {{JsonSerializer.Serialize(TempPath(file))}} } },
          "loggers": { "watched": { "level": "INFO", "handlers": ["out"], "propagate": false } },
          "root": {} }
        """;

    [Test]
    public void An_edit_is_applied_a_broken_edit_is_reported_and_the_running_configuration_stays()
    {
        string path = WriteFile("logging.json", Json("first.log"));
        var reports = new ConcurrentQueue<string>();
        FemtoDiagnostics.Writer = reports.Enqueue;
        var outcomes = new BlockingCollection<ConfigReloadedEventArgs>();
        using var watcher = FemtoConfig.Watch(path, debounce: TimeSpan.FromMilliseconds(50));
        watcher.Reloaded += (_, e) => outcomes.Add(e);
        var log = FemtoLogging.GetLogger("watched");
        log.Info("one");
        Assert.That(LinesOf(TempPath("first.log")), Is.EqualTo(new[] { "watched [INFO] one" }));

        File.WriteAllText(path, Json("second.log"));
        Assert.That(outcomes.TryTake(out var applied, Patience), Is.True, "the edit was picked up");
        Assert.That(applied!.Applied, Is.True);
        log.Info("two");
        Assert.That(LinesOf(TempPath("second.log")), Is.EqualTo(new[] { "watched [INFO] two" }));

        File.WriteAllText(path, Json("third.log").Replace("\"INFO\"", "\"LOUD\"", StringComparison.Ordinal));
        Assert.That(outcomes.TryTake(out var broken, Patience), Is.True);
        Assert.That(broken!.Error, Is.InstanceOf<FemtoConfigException>().With.Message.Contains("loggers.watched.level"));
        Assert.That(watcher.LastError, Is.SameAs(broken.Error));
        Assert.That(reports, Has.Some.Contains("not applied"));
        log.Info("three");
        Assert.That(LinesOf(TempPath("second.log")), Has.Length.EqualTo(2), "the running configuration stays");
        Assert.That(File.Exists(TempPath("third.log")), Is.False);

        // An editor's save: write a temporary file, then rename it over the original.
        string temp = WriteFile("logging.json.tmp", Json("fourth.log"));
        File.Move(temp, path, overwrite: true);
        Assert.That(outcomes.TryTake(out var renamed, Patience), Is.True);
        Assert.That(renamed!.Applied, Is.True);
        Assert.That(watcher.LastError, Is.Null);
        log.Info("four");
        Assert.That(LinesOf(TempPath("fourth.log")), Is.EqualTo(new[] { "watched [INFO] four" }));
        Assert.That((watcher.AppliedCount, watcher.FailedCount), Is.EqualTo((3L, 1L)));
    }

    [Test]
    public void An_ini_file_is_watched_too_and_a_bad_file_at_the_start_throws()
    {
        string ini = WriteFile("logging.ini", "[loggers]\nkeys=root\n\n[handlers]\nkeys=f\n\n[logger_root]\nlevel=INFO\nhandlers=f\n\n" +
                                              "[handler_f]\nclass=FileHandler\nargs=('%(here)s/ini.log',)\n");
        using (FemtoConfig.Watch(ini, new Dictionary<string, string> { ["here"] = TempDir }))
        {
            FemtoLogging.GetLogger().Info("from ini");
            Assert.That(LinesOf(TempPath("ini.log")), Is.EqualTo(new[] { "root [INFO] from ini" }));
        }
        string bad = WriteFile("bad.json", "{ \"version\": 1 }");
        Assert.Throws<FemtoConfigException>(() => FemtoConfig.Watch(bad));
        Assert.Throws<FileNotFoundException>(() => FemtoConfig.Watch(TempPath("missing.json")));
    }
}
