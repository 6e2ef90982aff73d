using System.Text.Json;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Rotating and timed rotating handlers configured from a dict/JSON tree, a CPython INI file and the builder.</summary>
public sealed class RotatingConfigTests : ConfigTestBase
{
    [Test]
    public void A_dict_RotatingFileHandler_rotates_by_size_with_its_backups()
    {
        string path = TempPath("rot", "app.log");
        FemtoConfig.JsonConfig($$"""
            { "version": 1,
              "handlers": { "r": { "class": "logging.handlers.RotatingFileHandler", "filename": {{JsonSerializer.Serialize(path)}},
                                   "maxBytes": 300, "backupCount": 2, "overflow_policy": "block" } },
              "loggers": { "rot": { "level": "INFO", "handlers": ["r"], "propagate": false, "overflow_policy": "block" } },
              "root": {} }
            """);
        var log = FemtoLogging.GetLogger("rot");
        for (int i = 0; i < 40; i++) log.Info("record number {I:D4}", i);
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(log.Handlers.Single(), Is.InstanceOf<FemtoRotatingFileHandler>());
        Assert.That(File.Exists(path + ".1") && File.Exists(path + ".2"), Is.True, "two backups");
        Assert.That(File.Exists(path + ".3"), Is.False, "backupCount keeps two");
        foreach (var file in new[] { path, path + ".1", path + ".2" })
            Assert.That(new FileInfo(file).Length, Is.LessThanOrEqualTo(300), file);
        Assert.That(LinesOf(path).Last(), Does.EndWith("record number 0039"));
    }

    [Test]
    public void An_ini_TimedRotatingFileHandler_takes_CPython_positional_args()
    {
        string dir = TempPath("timed");
        Directory.CreateDirectory(dir);
        string ini = Path.Combine(dir, "logging.ini");
        File.WriteAllText(ini, """
            [loggers]
            keys=root,app

            [handlers]
            keys=timed

            [logger_root]
            level=WARNING
            handlers=

            [logger_app]
            qualname=timed.app
            level=INFO
            handlers=timed
            propagate=0

            [handler_timed]
            class=handlers.TimedRotatingFileHandler
            args=('%(here)s/app.log', 'H', 2, 5, 'utf-8', False, True)
            """);
        FemtoConfig.FileConfig(ini, new Dictionary<string, string> { ["here"] = dir });
        var handler = (FemtoTimedRotatingFileHandler)FemtoLogging.GetLogger("timed.app").Handlers.Single();
        FemtoLogging.GetLogger("timed.app").Info("hello");
        Assert.That(FemtoLogging.GetLogger("timed.app").Flush(Patience), Is.True);
        Assert.That(LinesOf(Path.Combine(dir, "app.log")), Has.Length.EqualTo(1));
        Assert.That(handler.Path, Is.EqualTo(Path.Combine(dir, "app.log")));
    }

    [Test]
    public void The_builder_takes_rotating_builders()
    {
        string path = TempPath("b", "app.log");
        new ConfigBuilder()
            .WithHandler("r", new RotatingFileHandlerBuilder(path).WithMaxBytes(1000).WithBackupCount(1))
            .WithHandler("t", new TimedRotatingFileHandlerBuilder(TempPath("b", "timed.log")).WithWhen("midnight"))
            .WithLogger("built", new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("r", "t").WithPropagate(false))
            .WithRootLogger(new LoggerConfigBuilder())
            .BuildAndInit();
        var handlers = FemtoLogging.GetLogger("built").Handlers;
        Assert.That(handlers.Select(h => h.GetType()), Is.EqualTo(new[] { typeof(FemtoRotatingFileHandler), typeof(FemtoTimedRotatingFileHandler) }));
    }
}
