using System.Text.Json;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Configurations Femto cannot honour: each raises the right exception with a message naming the place at
/// fault, and the configuration in force keeps running — the logger configured before still delivers to its
/// original handler, and no other logger was disabled.</summary>
public sealed class MalformedConfigTests : ConfigTestBase
{
    private string _keeperLog = "";
    private FemtoLogger _keeper = null!;
    private IFemtoHandler _keeperHandler = null!;
    private FemtoLogger _bystander = null!;

    [SetUp]
    public void ConfigureTheKeeper()
    {
        _keeperLog = TempPath("keeper.log");
        _bystander = FemtoLogging.GetLogger(UniqueName("bystander"));
        FemtoConfig.JsonConfig($$"""
            {
              "version": 1,
              "disable_existing_loggers": false,
              "handlers": { "keep": { "class": "logging.FileHandler", "filename": {{Q(_keeperLog)}} } },
              "loggers": { "keeper": { "level": "INFO", "handlers": ["keep"], "propagate": false } },
              "root": { "level": "WARNING" }
            }
            """);
        _keeper = FemtoLogging.GetLogger("keeper");
        _keeperHandler = _keeper.Handlers.Single();
    }

    /// <summary>JSON string literal for a path.</summary>
    private static string Q(string text) => JsonSerializer.Serialize(text);

    private string NewLog => Q(TempPath("new.log"));

    /// <summary>A JSON configuration with a valid default for every part not given.</summary>
    private string Json(string? handlers = null, string? loggers = null, string? root = null, string extra = "", string? formatters = null, string? filters = null) => $$"""
        {
          "version": 1, {{extra}}
          "formatters": { {{formatters ?? ""}} },
          "filters": { {{filters ?? ""}} },
          "handlers": { {{handlers ?? $"\"h\": {{ \"class\": \"logging.FileHandler\", \"filename\": {NewLog} }}"}} },
          "loggers": { {{loggers ?? "\"app\": { \"handlers\": [\"h\"] }"}} },
          "root": {{root ?? "{ \"level\": \"INFO\", \"handlers\": [\"h\"] }"}}
        }
        """;

    private string Handler(string body) => $"\"h\": {{ {body} }}";

    private string FileHandler(string options) => Handler($"\"class\": \"logging.FileHandler\", \"filename\": {NewLog}, {options}");

    private string Ini(string text) => WriteFile("bad.ini", text);

    private const string IniHead = """
        [loggers]
        keys=root

        [handlers]
        keys=h

        [logger_root]
        level=INFO
        handlers=h

        """;

    private string IniHandler(string body) => IniHead + "[handler_h]\n" + body.Replace("NEWLOG", TempPath("new.log"), StringComparison.Ordinal) + "\n";

    public sealed record BadConfig(string Name, Func<MalformedConfigTests, Action> Apply, Type Exception, params string[] Fragments)
    {
        public override string ToString() => Name;
    }

    private static BadConfig J(string name, Func<MalformedConfigTests, string> json, Type exception, params string[] fragments) =>
        new(name, t => () => FemtoConfig.JsonConfig(json(t)), exception, fragments);

    private static BadConfig I(string name, Func<MalformedConfigTests, string> ini, Type exception, params string[] fragments) =>
        new(name, t => () => FemtoConfig.FileConfig(t.Ini(ini(t))), exception, fragments);

    private static BadConfig D(string name, Func<MalformedConfigTests, IDictionary<string, object?>> dict, Type exception, params string[] fragments) =>
        new(name, t => () => FemtoConfig.DictConfig(dict(t)), exception, fragments);

    private static readonly Type Config = typeof(FemtoConfigException);
    private static readonly Type HandlerError = typeof(HandlerConfigException);

    public static IEnumerable<TestCaseData> Cases() => new BadConfig[]
    {
        // Classes and factories: only the known classes, never a type by name.
        J("unknown class", t => t.Json(t.Handler("\"class\": \"my.module.FancyHandler\"")), Config, "handlers.h.class", "unknown handler class 'my.module.FancyHandler'"),
        J("unsafe class name", t => t.Json(t.Handler("\"class\": \"System.Diagnostics.Process\"")), Config, "handlers.h.class", "System.Diagnostics.Process"),
        J("handler factory naming a type", t => t.Json(t.Handler("\"()\": \"System.IO.File\"")), Config, "handlers.h.()", "factories are not supported"),
        J("filter factory naming a type", t => t.Json(filters: "\"f\": { \"()\": \"My.Filters.Evil\" }", loggers: "\"app\": { \"filters\": [\"f\"] }"), Config, "filters.f.()", "'My.Filters.Evil' is not a filter factory registered in code"),
        J("formatter factory", t => t.Json(formatters: "\"x\": { \"()\": \"my.Formatter\" }"), Config, "formatters.x.()"),
        J("formatter class", t => t.Json(formatters: "\"x\": { \"class\": \"my.ColorFormatter\", \"format\": \"%(message)s\" }"), Config, "formatters.x.class", "my.ColorFormatter"),
        J("maxBytes without backupCount", t => t.Json(t.Handler($"\"class\": \"logging.handlers.RotatingFileHandler\", \"filename\": {t.NewLog}, \"maxBytes\": 1024")), HandlerError, "handlers.h", "backupCount"),
        J("timed atTime with hourly rotation", t => t.Json(t.Handler($"\"class\": \"logging.handlers.TimedRotatingFileHandler\", \"filename\": {t.NewLog}, \"when\": \"H\", \"atTime\": \"10:00\"")), HandlerError, "handlers.h", "AtTime"),
        J("ext:// reference other than the standard streams", t => t.Json(t.Handler("\"class\": \"logging.StreamHandler\", \"stream\": \"ext://os.environ\"")), Config, "handlers.h.stream", "ext://os.environ"),
        J("cfg:// reference", t => t.Json(t.Handler("\"class\": \"logging.StreamHandler\", \"stream\": \"cfg://handlers.other\"")), Config, "handlers.h.stream", "cfg://"),
        J("stream that is not a standard stream", t => t.Json(t.Handler("\"class\": \"logging.StreamHandler\", \"stream\": \"ext://sys.stdin\"")), Config, "handlers.h.stream"),
        // Structure.
        J("missing root", t => "{ \"version\": 1, \"handlers\": {} }", Config, "root", "required"),
        J("unsupported version", t => t.Json().Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal), Config, "version", "unsupported version 2"),
        J("incremental configuration", t => t.Json(extra: "\"incremental\": true,"), Config, "incremental", "not supported"),
        J("unknown top-level key", t => t.Json(extra: "\"handler\": {},"), Config, "handler", "unknown top-level key"),
        J("handlers section is a list", t => t.Json().Replace("\"handlers\": {", "\"handlers\": [ {", StringComparison.Ordinal).Replace("} },\n  \"loggers\"", "} } ],\n  \"loggers\"", StringComparison.Ordinal), Config, "handlers"),
        J("invalid JSON", t => "{ \"version\": 1, \"root\": { \"level\": \"INFO\" ", Config, "invalid JSON"),
        J("duplicate handler ids in JSON", t => t.Json(t.FileHandler("\"mode\": \"a\"") + ", " + t.FileHandler("\"mode\": \"a\"")), Config, "handlers.h", "appears twice"),
        J("unknown logger key", t => t.Json(loggers: "\"app\": { \"handlers\": [\"h\"], \"qualname\": \"x\" }"), Config, "loggers.app.qualname", "unknown logger key"),
        J("invalid logger name", t => t.Json(loggers: "\"a..b\": { \"handlers\": [\"h\"] }"), Config, "loggers['a..b']", "consecutive dots"),
        J("root configured under loggers", t => t.Json(loggers: "\"root\": { \"level\": \"INFO\" }"), Config, "loggers.root", "top-level 'root'"),
        // Levels.
        J("unknown logger level", t => t.Json(loggers: "\"app\": { \"level\": \"LOUD\" }"), Config, "loggers.app.level", "unknown level 'LOUD'"),
        J("unknown handler level", t => t.Json(t.FileHandler("\"level\": \"VERBOSE\"")), Config, "handlers.h.level", "VERBOSE"),
        J("level of the wrong type", t => t.Json(root: "{ \"level\": true }"), Config, "root.level", "true (a bool)"),
        J("unknown level number", t => t.Json(root: "{ \"level\": 15 }"), Config, "root.level", "15"),
        // Ids.
        J("unknown handler id", t => t.Json(loggers: "\"app\": { \"handlers\": [\"h\", \"nope\"] }"), Config, "loggers.app.handlers[1]", "unknown handler id 'nope'"),
        J("unknown filter id", t => t.Json(loggers: "\"app\": { \"filters\": [\"nofilter\"] }"), Config, "loggers.app.filters[0]", "unknown filter id 'nofilter'"),
        J("unknown formatter id", t => t.Json(t.FileHandler("\"formatter\": \"fancy\"")), Config, "handlers.h.formatter", "unknown formatter id 'fancy'"),
        J("handler listed twice", t => t.Json(loggers: "\"app\": { \"handlers\": [\"h\", \"h\"] }"), Config, "loggers.app.handlers[1]", "listed twice"),
        D("handler id that is not a string", t => new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["root"] = new Dictionary<string, object?> { ["handlers"] = new object[] { 1 } },
        }, Config, "root.handlers[0]", "expected a string"),
        // Value types.
        J("propagate given as a number", t => t.Json(loggers: "\"app\": { \"propagate\": 1 }"), Config, "loggers.app.propagate", "1 (a number)"),
        J("disable_existing_loggers given as text", t => t.Json(extra: "\"disable_existing_loggers\": \"yes\","), Config, "disable_existing_loggers", "\"yes\" (a string)"),
        J("handlers not a list", t => t.Json(loggers: "\"app\": { \"handlers\": \"h\" }"), Config, "loggers.app.handlers", "expected a list"),
        J("capacity as text", t => t.Json(t.FileHandler("\"capacity\": \"big\"")), Config, "handlers.h.capacity", "whole number"),
        // Handler options.
        J("handler filters", t => t.Json(t.FileHandler("\"filters\": []")), Config, "handlers.h.filters", "handler filters are not supported"),
        J("unknown handler option", t => t.Json(t.FileHandler("\"bufsize\": 4096")), Config, "handlers.h.bufsize", "unknown option 'bufsize'"),
        J("value given positionally and as a keyword", t => t.Json(t.Handler($"\"class\": \"logging.FileHandler\", \"args\": [{t.NewLog}], \"filename\": {t.NewLog}")), Config, "handlers.h.filename", "given twice"),
        J("too many positional values", t => t.Json(t.Handler($"\"class\": \"logging.FileHandler\", \"args\": [{t.NewLog}, \"a\", null, false, null, 1]")), Config, "handlers.h.args", "at most 5 positional"),
        J("bad args literal", t => t.Json(t.Handler("\"class\": \"logging.StreamHandler\", \"args\": \"(sys.stderr\"")), Config, "handlers.h.args", "invalid literal"),
        J("args literal that calls code", t => t.Json(t.Handler("\"class\": \"logging.StreamHandler\", \"args\": \"(__import__('os').system('id'),)\"")), Config, "handlers.h.args", "not allowed"),
        J("missing filename", t => t.Json(t.Handler("\"class\": \"logging.FileHandler\"")), Config, "handlers.h", "needs 'filename'"),
        J("mode other than a or w", t => t.Json(t.FileHandler("\"mode\": \"x\"")), Config, "handlers.h.mode", "'x'"),
        J("encoding other than UTF-8", t => t.Json(t.FileHandler("\"encoding\": \"latin-1\"")), Config, "handlers.h.encoding", "latin-1"),
        J("delay true", t => t.Json(t.FileHandler("\"delay\": true")), Config, "handlers.h.delay"),
        J("capacity zero", t => t.Json(t.FileHandler("\"capacity\": 0")), HandlerError, "handlers.h.capacity", "at least 1"),
        J("overflow policy timeout:0", t => t.Json(t.FileHandler("\"overflow_policy\": \"timeout:0\"")), HandlerError, "handlers.h.overflow_policy", "timeout:0"),
        J("TLS with a Unix socket path", t => t.Json(t.Handler("\"class\": \"logging.handlers.SocketHandler\", \"unix_path\": \"/tmp/femto.sock\", \"tls\": true")), HandlerError, "handlers.h.tls", "Unix socket"),
        J("tls false with tls_domain", t => t.Json(t.Handler("\"class\": \"femtologging.SocketHandler\", \"host\": \"logs.example.com\", \"port\": 9020, \"tls\": false, \"tls_domain\": \"logs.example.com\"")), Config, "handlers.h.tls", "false"),
        J("socket port out of range", t => t.Json(t.Handler("\"class\": \"logging.handlers.SocketHandler\", \"args\": [\"localhost\", 70000]")), HandlerError, "handlers.h.args[1]", "65535"),
        J("file path that cannot be created", t => t.Json(t.Handler($"\"class\": \"logging.FileHandler\", \"filename\": {Q(Path.Combine(t.WriteFile("a-file", "x"), "sub", "app.log"))}")), HandlerError, "handlers.h", "cannot build FemtoFileHandler"),
        // Formatters and filters.
        J("formatter field Femto does not have", t => t.Json(formatters: "\"x\": { \"format\": \"%(asctime)s %(exc_info)s\" }"), Config, "formatters.x.format", "exc_info"),
        J("formatter field unknown", t => t.Json(formatters: "\"x\": { \"format\": \"%(user)s %(message)s\" }"), Config, "formatters.x.format", "'user'", "defaults"),
        J("datefmt directive unknown", t => t.Json(formatters: "\"x\": { \"format\": \"%(asctime)s\", \"datefmt\": \"%H:%M:%S.%f\" }"), Config, "formatters.x.datefmt", "%f"),
        J("formatter style unknown", t => t.Json(formatters: "\"x\": { \"format\": \"%(message)s\", \"style\": \"#\" }"), Config, "formatters.x.style"),
        J("filter with both level and name", t => t.Json(filters: "\"f\": { \"level\": \"INFO\", \"name\": \"app\" }"), Config, "filters.f", "exactly one"),
        J("filter with an unknown key", t => t.Json(filters: "\"f\": { \"regex\": \".*\" }"), Config, "filters.f.regex"),
        // INI files.
        I("INI: empty file", t => "  \n", Config, "empty"),
        I("INI: malformed line", t => "[loggers]\nkeys=root\nthis line has no equals sign\n", Config, "not a valid INI file"),
        I("INI: root missing from [loggers]", t => "[loggers]\nkeys=app\n\n[logger_app]\nqualname=app\nhandlers=\n", Config, "[loggers] keys", "root"),
        I("INI: duplicate handler keys", t => IniHead.Replace("keys=h", "keys=h,h", StringComparison.Ordinal) + "[handler_h]\nclass=StreamHandler\n", Config, "[handlers] keys", "listed twice"),
        I("INI: missing qualname", t => "[loggers]\nkeys=root,app\n\n[logger_root]\nhandlers=\n\n[logger_app]\nlevel=INFO\nhandlers=\n", Config, "[logger_app] qualname"),
        I("INI: propagate not 0 or 1", t => "[loggers]\nkeys=root,app\n\n[logger_root]\nhandlers=\n\n[logger_app]\nqualname=app\npropagate=yes\nhandlers=\n", Config, "[logger_app] propagate"),
        I("INI: undefined interpolation", t => t.IniHandler("class=FileHandler\nargs=('%(logdir)s/app.log',)"), Config, "[handler_h] args", "%(logdir)s"),
        I("INI: args missing the tuple comma", t => t.IniHandler("class=StreamHandler\nargs=(sys.stderr)"), Config, "[handler_h] args", "trailing comma"),
        I("INI: args naming os.environ", t => t.IniHandler("class=StreamHandler\nargs=(os.environ,)"), Config, "[handler_h] args", "os.environ"),
        I("INI: unknown class", t => t.IniHandler("class=handlers.SMTPHandler\nargs=('localhost', 'a@b', ['c@d'], 'subject')"), Config, "[handler_h] class", "handlers.SMTPHandler"),
        I("INI: unknown key in a handler section", t => t.IniHandler("class=FileHandler\nargs=('NEWLOG',)\nfilename=x.log"), Config, "[handler_h] filename", "unknown key"),
        I("INI: missing handler section", t => IniHead, Config, "[handler_h] is missing"),
        I("INI: bad level", t => IniHead.Replace("level=INFO", "level=CHATTY", StringComparison.Ordinal) + "[handler_h]\nclass=StreamHandler\n", Config, "[logger_root] level", "CHATTY"),
    }.Select(c => new TestCaseData(c).SetName("Rejected: " + c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Is_rejected_naming_the_place_and_changes_nothing(BadConfig c)
    {
        var ex = Assert.Catch(c.Apply(this))!;
        TestContext.Out.WriteLine(ex.GetType().Name + ": " + ex.Message);
        Assert.That(ex.GetType(), Is.EqualTo(c.Exception), $"exception: {ex}");
        foreach (var fragment in c.Fragments)
            Assert.That(ex.Message, Does.Contain(fragment), "the message names what is wrong and where");

        Assert.That(_keeper.Handlers, Is.EqualTo(new[] { _keeperHandler }), "the keeper kept its handler");
        Assert.That(_keeper.Disabled || _bystander.Disabled, Is.False, "no logger was disabled");
        Assert.That(FemtoLogging.GetLogger("app").Handlers, Is.Empty, "the rejected configuration attached nothing");
        _keeper.Info("still delivered");
        Assert.That(LinesOf(_keeperLog), Is.EqualTo(new[] { "keeper [INFO] still delivered" }));
        Assert.That(File.Exists(TempPath("new.log")) && new FileInfo(TempPath("new.log")).Length > 0, Is.False);
    }

    [Test]
    public void There_are_at_least_forty_cases() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(40));

    [Test]
    public void A_missing_ini_or_json_file_is_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => FemtoConfig.FileConfig(TempPath("nope.ini")));
        Assert.Throws<FileNotFoundException>(() => FemtoConfig.JsonFileConfig(TempPath("nope.json")));
    }

    [Test]
    public void A_failure_after_some_handlers_were_built_closes_them_and_leaves_mode_w_files_untouched()
    {
        string kept = WriteFile("kept.log", "old line\n");
        string blocker = WriteFile("blocker", "a file where a directory is needed");
        
        var ex = Assert.Throws<HandlerConfigException>(() => FemtoConfig.JsonConfig($$"""
            {
              "version": 1,
              "handlers": {
                "truncating": { "class": "logging.FileHandler", "filename": {{Q(kept)}}, "mode": "w" },
                "fine": { "class": "logging.FileHandler", "filename": {{Q(TempPath("fine.log"))}} },
                "broken": { "class": "logging.FileHandler", "filename": {{Q(Path.Combine(blocker, "app.log"))}} }
              },
              "root": { "handlers": ["truncating", "fine", "broken"] }
            }
            """));
        Assert.That(ex!.Message, Does.Contain("handlers.broken"));
        Assert.That(File.ReadAllText(kept), Is.EqualTo("old line\n"), "mode 'w' empties a file only once every handler was built");
        Assert.That(FemtoLogging.GetLogger().Handlers, Is.Empty);
        // The handler built before the failure was closed: its file can be deleted and nothing writes it again.
        File.Delete(TempPath("fine.log"));
        FemtoLogging.GetLogger().Warn("goes nowhere");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(File.Exists(TempPath("fine.log")), Is.False);
    }
}
