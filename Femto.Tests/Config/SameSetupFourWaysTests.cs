using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>One setup written as builder code, a C# dict, JSON and a CPython INI file: each produces the same
/// files with the same lines.</summary>
public sealed class SameSetupFourWaysTests : ConfigTestBase
{
    private const string Format = "%(levelname)s %(name)s: %(message)s";

    private static void Builder(string dir) =>
        new ConfigBuilder()
            .WithHandler("app", new FileHandlerBuilder(Path.Combine(dir, "app.log")).WithFormatter(PatternFormatter.Parse(Format)))
            .WithHandler("errors", new FileHandlerBuilder(Path.Combine(dir, "errors.log")).WithLevel(FemtoLevel.Error).WithFormatter(FemtoFormatters.Default))
            .WithFilter("upto_info", new LevelFilterBuilder().WithMaxLevel("INFO"))
            .WithFilter("svc_only", new NameFilterBuilder().WithPrefix("svc."))
            .WithLogger("svc.db", new LoggerConfigBuilder().WithLevel("DEBUG").WithHandlers("app").WithFilters("upto_info", "svc_only").WithPropagate(false))
            .WithLogger("svc.api", new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("errors"))
            .WithRootLogger(new LoggerConfigBuilder().WithLevel("WARNING").WithHandlers("app"))
            .WithDisableExistingLoggers(true)
            .BuildAndInit();

    private static Dictionary<string, object?> DictTree(string dir) => new()
    {
        ["version"] = 1,
        ["formatters"] = new Dictionary<string, object?> { ["plain"] = new Dictionary<string, object?> { ["format"] = Format } },
        ["filters"] = new Dictionary<string, object?>
        {
            ["upto_info"] = new Dictionary<string, object?> { ["level"] = "INFO" },
            ["svc_only"] = new Dictionary<string, object?> { ["name"] = "svc." },
        },
        ["handlers"] = new Dictionary<string, object?>
        {
            ["app"] = new Dictionary<string, object?> { ["class"] = "logging.FileHandler", ["filename"] = Path.Combine(dir, "app.log"), ["formatter"] = "plain" },
            ["errors"] = new Dictionary<string, object?> { ["class"] = "logging.FileHandler", ["args"] = new object[] { Path.Combine(dir, "errors.log") }, ["level"] = "ERROR", ["formatter"] = "default" },
        },
        ["loggers"] = new Dictionary<string, object?>
        {
            ["svc.db"] = new Dictionary<string, object?> { ["level"] = "DEBUG", ["handlers"] = new[] { "app" }, ["filters"] = new List<object?> { "upto_info", "svc_only" }, ["propagate"] = false },
            ["svc.api"] = new Dictionary<string, object?> { ["level"] = "INFO", ["handlers"] = new[] { "errors" } },
        },
        ["root"] = new Dictionary<string, object?> { ["level"] = "WARNING", ["handlers"] = new[] { "app" } },
    };

    private static string Json(string dir) => $$"""
        {
          // the same tree as DictTree, with comments as appsettings.json allows
          "version": 1,
          "formatters": { "plain": { "format": "{{Format}}" } },
          "filters": { "upto_info": { "level": "INFO" }, "svc_only": { "name": "svc." } },
          "handlers": {
            "app": { "class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(dir, "app.log"))}}, "formatter": "plain" },
            "errors": { "class": "logging.FileHandler", "args": [{{System.Text.Json.JsonSerializer.Serialize(Path.Combine(dir, "errors.log"))}}], "level": "ERROR", "formatter": "default" },
          },
          "loggers": {
            "svc.db": { "level": "DEBUG", "handlers": ["app"], "filters": ["upto_info", "svc_only"], "propagate": false },
            "svc.api": { "level": "INFO", "handlers": ["errors"] }
          },
          "root": { "level": "WARNING", "handlers": ["app"] }
        }
        """;

    private const string Ini = """
        [loggers]
        keys=root,db,api

        [handlers]
        keys=app,errors

        [formatters]
        keys=plain

        [filters]
        keys=upto_info,svc_only

        [logger_root]
        level=WARNING
        handlers=app

        [logger_db]
        qualname=svc.db
        level=DEBUG
        handlers=app
        filters=upto_info,svc_only
        propagate=0

        [logger_api]
        qualname=svc.api
        level=INFO
        handlers=errors
        propagate=1

        [handler_app]
        class=FileHandler
        args=('%(here)s/app.log',)
        formatter=plain

        [handler_errors]
        class=logging.FileHandler
        args=('%(here)s/errors.log', 'a')
        level=ERROR
        formatter=default

        [filter_upto_info]
        level=INFO

        [filter_svc_only]
        name=svc.

        [formatter_plain]
        format=%(levelname)s %(name)s: %(message)s
        """;

    // svc.api's INFO record passes its own level and reaches root's handler by propagation (as in CPython, the
    // ancestors' levels do not apply to propagated records); errors.log takes only ERROR and above.
    private static string Sorted(params string[] lines) => string.Join("\n", lines.Order(StringComparer.Ordinal));

    private static void LogTheWorkload()
    {
        var db = FemtoLogging.GetLogger("svc.db");
        var api = FemtoLogging.GetLogger("svc.api");
        var other = FemtoLogging.GetLogger("other.thing");
        db.Debug("db debug");
        db.Info("db info");
        db.Warn("db warn (above the filter's maximum)");
        api.Debug("api debug (below its level)");
        api.Info("api info");
        api.Error("api error");
        other.Info("other info (root level WARN)");
        other.Warn("other warn");
        other.Critical("line\nbreak escaped");
    }

    [Test]
    public void Builder_dict_json_and_ini_write_the_same_files()
    {
        var results = new List<(string Name, string App, string Errors)>();
        foreach (var (name, apply) in new (string, Action<string>)[]
                 {
                     ("builder", Builder),
                     ("dict", dir => FemtoConfig.DictConfig(DictTree(dir))),
                     ("json", dir => FemtoConfig.JsonFileConfig(WriteFile(Path.Combine(Path.GetFileName(dir), "config.json"), Json(dir)))),
                     ("ini", dir => FemtoConfig.FileConfig(WriteFile(Path.Combine(Path.GetFileName(dir), "config.ini"), Ini),
                         new Dictionary<string, string> { ["here"] = dir })),
                 })
        {
            string dir = TempPath(name);
            Directory.CreateDirectory(dir);
            apply(dir);
            LogTheWorkload();
            // Each logger has its own queue: lines keep their order per logger, not across loggers, so compare sorted.
            results.Add((name, Sorted(LinesOf(Path.Combine(dir, "app.log"))), Sorted(LinesOf(Path.Combine(dir, "errors.log")))));
            CloseConfiguredHandlers();
            FemtoLogging.ResetManager();
        }

        Assert.That(results[0].App, Is.EqualTo(Sorted(
            "DEBUG svc.db: db debug",
            "INFO svc.db: db info",
            "INFO svc.api: api info",
            "ERROR svc.api: api error",
            "WARN other.thing: other warn",
            "CRITICAL other.thing: line\\nbreak escaped")));
        Assert.That(results[0].Errors, Is.EqualTo("svc.api [ERROR] api error"));
        foreach (var r in results.Skip(1))
        {
            Assert.That(r.App, Is.EqualTo(results[0].App), $"{r.Name}: app.log differs from the builder's");
            Assert.That(r.Errors, Is.EqualTo(results[0].Errors), $"{r.Name}: errors.log differs from the builder's");
        }
    }
}
