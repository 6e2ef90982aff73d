using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>ConfigBuilder and the options of dict configurations reaching loggers and handlers; what happens to
/// existing loggers; NOTSET; replaced and kept handlers.</summary>
public sealed class ConfigBuilderTests : ConfigTestBase
{
    private static FemtoLogger Root => FemtoLogging.GetLogger();

    [Test]
    public void Builder_logger_options_reach_the_loggers()
    {
        string path = TempPath("app.log");
        var sink = new CollectingHandler();
        new ConfigBuilder()
            .WithHandler("file", new FileHandlerBuilder(path).WithCapacity(64).WithOverflowPolicy(OverflowPolicy.Block))
            .WithHandler("mine", () => sink)
            .WithFilter("upto_info", new LevelFilterBuilder().WithMaxLevel(FemtoLevel.Info))
            .WithLogger("b.audit", new LoggerConfigBuilder().WithLevel("DEBUG").WithHandlers("file", "mine").WithFilters("upto_info")
                .WithPropagate(false).WithOverflowPolicy("block"))
            .WithLogger("b.quiet", new LoggerConfigBuilder())
            .WithRootLogger(new LoggerConfigBuilder().WithLevel(FemtoLevel.Error))
            .BuildAndInit();

        var audit = FemtoLogging.GetLogger("b.audit");
        Assert.That(audit.Level, Is.EqualTo(FemtoLevel.Debug));
        Assert.That(audit.Propagate, Is.False);
        Assert.That(audit.OverflowPolicy, Is.EqualTo(OverflowPolicy.Block));
        Assert.That(audit.Filters.Single(), Is.InstanceOf<LevelFilter>().With.Property("MaxLevel").EqualTo(FemtoLevel.Info));
        var file = (FemtoFileHandler)audit.Handlers[0];
        Assert.That(audit.Handlers[1], Is.SameAs(sink));
        Assert.That((file.Path, file.Capacity, file.OverflowPolicy), Is.EqualTo((path, 64, OverflowPolicy.Block)));
        Assert.That(FemtoLogging.GetLogger("b.quiet").Level, Is.Null, "no level given: inherits");
        Assert.That(FemtoLogging.GetLogger("b.quiet").Propagate, Is.True, "named loggers propagate unless told otherwise");
        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Error));

        audit.Debug("kept");
        audit.Warn("above the filter");
        Assert.That(LinesOf(path), Is.EqualTo(new[] { "b.audit [DEBUG] kept" }));
        Assert.That(sink.Messages, Is.EqualTo(new[] { "kept" }).AsCollection);
    }

    [Test]
    public void Dict_handler_options_reach_the_built_handlers()
    {
        string path = TempPath("opts.log");
        FemtoConfig.DictConfig(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["formatters"] = new Dictionary<string, object?> { ["brief"] = new Dictionary<string, object?> { ["format"] = "%(levelname)s|%(message)s" } },
            ["handlers"] = new Dictionary<string, object?>
            {
                ["file"] = new Dictionary<string, object?>
                {
                    ["class"] = "logging.FileHandler", ["filename"] = path, ["mode"] = "a", ["encoding"] = "UTF8", ["delay"] = false, ["errors"] = null,
                    ["level"] = "WARNING", ["formatter"] = "brief",
                    ["capacity"] = 128, ["overflow_policy"] = "timeout:250", ["flush_timeout_ms"] = 1500,
                    ["flush_interval"] = 10, ["idle_flush_interval_ms"] = 200,
                },
                ["out"] = new Dictionary<string, object?>
                {
                    ["class"] = "femtologging.StreamHandler", ["kwargs"] = new Dictionary<string, object?> { ["stream"] = "ext://sys.stdout", ["capacity"] = 32, ["policy"] = "block" },
                    ["level"] = "NOTSET", ["formatter"] = "json",
                },
                ["err"] = new Dictionary<string, object?> { ["class"] = "Femto.Handlers.FemtoStreamHandler", ["args"] = "(sys.stderr,)" },
            },
            ["root"] = new Dictionary<string, object?> { ["handlers"] = new[] { "file", "out", "err" } },
        });

        var file = (FemtoFileHandler)Root.Handlers[0];
        Assert.That(file.Path, Is.EqualTo(path));
        Assert.That(file.MinimumLevel, Is.EqualTo(FemtoLevel.Warn));
        Assert.That(file.Capacity, Is.EqualTo(128));
        Assert.That(file.OverflowPolicy, Is.EqualTo(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(250))));
        Assert.That(file.Settings.FlushTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(file.FlushInterval, Is.EqualTo(10));
        Assert.That(file.IdleFlushInterval, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
        Assert.That(file.Formatter, Is.InstanceOf<PatternFormatter>().With.Property("Pattern").EqualTo("%(levelname)s|%(message)s"));

        var stdout = (FemtoStreamHandler)Root.Handlers[1];
        Assert.That((stdout.Name, stdout.Capacity, stdout.OverflowPolicy, stdout.MinimumLevel), Is.EqualTo(("stream 'stdout'", 32, OverflowPolicy.Block, (FemtoLevel?)null)));
        Assert.That(stdout.Formatter, Is.SameAs(FemtoFormatters.Json));
        Assert.That(((FemtoStreamHandler)Root.Handlers[2]).Name, Is.EqualTo("stream 'stderr'"));

        var log = FemtoLogging.GetLogger(UniqueName("opts"));
        log.Warn("written");
        log.Info("below the handler's level");
        Assert.That(LinesOf(path), Is.EqualTo(new[] { "WARN|written" }));
    }

    [Test]
    public void Existing_loggers_not_named_are_disabled_but_ancestors_and_descendants_are_not()
    {
        string top = UniqueName("exist");
        var stranger = FemtoLogging.GetLogger(top + "stranger");
        var strangerSink = new CollectingHandler();
        stranger.AddHandler(strangerSink);
        var ancestor = FemtoLogging.GetLogger(top);            // ancestor of the configured logger
        var child = FemtoLogging.GetLogger(top + ".svc.child"); // descendant of the configured logger
        child.Level = FemtoLevel.Critical;
        child.Propagate = false;
        child.AddHandler(new CollectingHandler());
        var sink = new CollectingHandler();

        new ConfigBuilder()
            .WithHandler("sink", () => sink)
            .WithLogger(top + ".svc", new LoggerConfigBuilder().WithHandlers("sink").WithLevel("DEBUG"))
            .WithRootLogger(new LoggerConfigBuilder())
            .WithDisableExistingLoggers(true)
            .BuildAndInit();

        Assert.That(stranger.Disabled, Is.True);
        Assert.That(stranger.Handlers, Is.Empty, "disabling clears the handlers");
        Assert.That(ancestor.Disabled, Is.False, "ancestors of configured loggers are never disabled");
        Assert.That(child.Disabled, Is.False, "descendants are reset, not disabled");
        Assert.That((child.Level, child.Propagate, child.Handlers.Count), Is.EqualTo(((FemtoLevel?)null, true, 0)));

        stranger.Error("silenced");
        child.Debug("from the child");
        FlushOrFail(stranger);
        FlushOrFail(child);
        Assert.That(strangerSink.Count, Is.Zero);
        Assert.That(sink.Messages, Is.EqualTo(new[] { "from the child" }).AsCollection, "the reset child propagates to its configured parent");

        // Applying again without disabling enables it; naming it would too.
        new ConfigBuilder().WithRootLogger(new LoggerConfigBuilder()).WithDisableExistingLoggers(false).BuildAndInit();
        Assert.That(stranger.Disabled, Is.False);
    }

    [Test]
    public void Notset_means_no_minimum_on_handlers_inherit_on_named_loggers_and_everything_on_root()
    {
        var named = FemtoLogging.GetLogger("n.named");
        named.Level = FemtoLevel.Error;
        FemtoConfig.DictConfig(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["handlers"] = new Dictionary<string, object?> { ["f"] = new Dictionary<string, object?> { ["class"] = "FileHandler", ["args"] = new[] { TempPath("n.log") }, ["level"] = "NOTSET" } },
            ["loggers"] = new Dictionary<string, object?> { ["n.named"] = new Dictionary<string, object?> { ["level"] = "NOTSET" } },
            ["root"] = new Dictionary<string, object?> { ["level"] = 0, ["handlers"] = new[] { "f" } },
        });
        Assert.That(((FemtoHandler)Root.Handlers[0]).MinimumLevel, Is.Null);
        Assert.That(named.Level, Is.Null);
        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Trace));
        Assert.That(named.IsEnabled(FemtoLevel.Trace), Is.True);
    }

    [Test]
    public void A_level_not_given_is_left_as_it_is_unless_a_default_level_is_set()
    {
        var log = FemtoLogging.GetLogger("lvl.keep");
        log.Level = FemtoLevel.Error;
        new ConfigBuilder().WithLogger("lvl.keep", new LoggerConfigBuilder()).WithRootLogger(new LoggerConfigBuilder()).BuildAndInit();
        Assert.That(log.Level, Is.EqualTo(FemtoLevel.Error), "as CPython's dictConfig: no level, no change");

        new ConfigBuilder().WithLogger("lvl.keep", new LoggerConfigBuilder()).WithRootLogger(new LoggerConfigBuilder().WithLevel("WARN"))
            .WithDefaultLevel("DEBUG").BuildAndInit();
        Assert.That(log.Level, Is.EqualTo(FemtoLevel.Debug));
        Assert.That(Root.Level, Is.EqualTo(FemtoLevel.Warn), "an explicit level wins over the default");
    }

    [Test]
    public void Replaced_handlers_are_flushed_and_closed_and_unchanged_ones_are_kept_running()
    {
        string a = TempPath("a.log"), b = TempPath("b.log");
        string Config(string second) => $$"""
            { "version": 1, "disable_existing_loggers": false,
              "handlers": {
                "a": { "class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(a)}} },
                "b": { "class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(second)}} } },
              "root": { "handlers": ["a", "b"] } }
            """;
        FemtoConfig.JsonConfig(Config(b));
        var first = Root.Handlers.Cast<FemtoFileHandler>().ToArray();
        var log = FemtoLogging.GetLogger(UniqueName("re"));
        for (int i = 0; i < 100; i++) log.Info("before " + i);

        FemtoConfig.JsonConfig(Config(TempPath("c.log")));
        var second = Root.Handlers.Cast<FemtoFileHandler>().ToArray();
        Assert.That(second[0], Is.SameAs(first[0]), "a handler whose definition did not change keeps running");
        Assert.That(first[0].IsClosed, Is.False);
        Assert.That(second[1], Is.Not.SameAs(first[1]));
        Assert.That(first[1].IsClosed, Is.True, "the replaced handler is closed");
        Assert.That(File.ReadAllLines(b), Has.Length.EqualTo(100), "after writing everything it had accepted");
        log.Info("after");
        Assert.That(LinesOf(a), Has.Length.EqualTo(101));
        Assert.That(LinesOf(TempPath("c.log")), Is.EqualTo(new[] { log.Name + " [INFO] after" }));
    }

    [Test]
    public void Mode_w_empties_the_file_each_time_the_configuration_is_applied()
    {
        string path = WriteFile("w.log", "from an earlier run\n");
        var tree = new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["handlers"] = new Dictionary<string, object?> { ["w"] = new Dictionary<string, object?> { ["class"] = "FileHandler", ["filename"] = path, ["mode"] = "w" } },
            ["root"] = new Dictionary<string, object?> { ["handlers"] = new[] { "w" } },
        };
        FemtoConfig.DictConfig(tree);
        Root.Warn("first");
        Assert.That(LinesOf(path), Is.EqualTo(new[] { "root [WARN] first" }));
        FemtoConfig.DictConfig(tree);
        Root.Warn("second");
        Assert.That(LinesOf(path), Is.EqualTo(new[] { "root [WARN] second" }));
    }

    private sealed class Redact(string word) : IFemtoFilter
    {
        public bool Allows(in FemtoRecordView record) => !record.Message.Contains(word, StringComparison.Ordinal);
    }

    [Test]
    public void Custom_filters_from_code_and_factories_registered_by_name()
    {
        string factory = UniqueName("redact");
        FemtoConfig.RegisterFilterFactory(factory, options => new Redact((string)options["word"]!));
        var sink = new CollectingHandler();
        var builder = FemtoConfig.LoadJson($$"""
            { "version": 1,
              "filters": { "no_secrets": { "()": "{{factory}}", "word": "secret" } },
              "loggers": { "f.app": { "filters": ["no_secrets"], "propagate": false } },
              "root": {} }
            """);
        builder.WithHandler("sink", () => sink)
            .WithFilter("no_passwords", new Redact("password"))
            .WithLogger("f.other", new LoggerConfigBuilder().WithHandlers("sink").WithFilters("no_passwords").WithPropagate(false));
        builder.BuildAndInit();
        FemtoLogging.GetLogger("f.app").AddHandler(sink);

        FemtoLogging.GetLogger("f.app").Info("a secret");
        FemtoLogging.GetLogger("f.app").Info("public");
        FemtoLogging.GetLogger("f.other").Info("my password");
        FemtoLogging.GetLogger("f.other").Info("hello");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(sink.Messages, Is.EquivalentTo(new[] { "public", "hello" }));
    }

    [Test]
    public void Custom_handlers_built_by_a_configuration_are_disposed_when_replaced()
    {
        var first = new DisposableSink();
        new ConfigBuilder().WithHandler("mine", () => first).WithRootLogger(new LoggerConfigBuilder().WithHandlers("mine")).BuildAndInit();
        new ConfigBuilder().WithRootLogger(new LoggerConfigBuilder()).BuildAndInit();
        Assert.That(first.Disposed, Is.True);
    }

    private sealed class DisposableSink : IFemtoHandler, IDisposable
    {
        public bool Disposed { get; private set; }
        public void Handle(string logger, FemtoLevel level, string message) { }
        public void Dispose() => Disposed = true;
    }

    [Test]
    public void Validate_and_Describe_build_nothing_and_show_the_pipeline()
    {
        string path = TempPath("described.log");
        var builder = FemtoConfig.LoadJson($$"""
            { "version": 1,
              "formatters": { "brief": { "format": "%(levelname)s %(message)s" } },
              "filters": { "upto_info": { "level": "INFO" } },
              "handlers": {
                "console": { "class": "logging.StreamHandler", "stream": "ext://sys.stdout", "level": "WARNING" },
                "audit": { "class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(path)}}, "overflow_policy": "block", "capacity": 4096, "formatter": "brief" } },
              "loggers": { "app.audit": { "level": "INFO", "handlers": ["audit"], "filters": ["upto_info"] } },
              "root": { "level": "WARNING", "handlers": ["console"] } }
            """);
        builder.Validate();
        string text = builder.Describe();
        TestContext.Out.WriteLine(text);
        Assert.That(File.Exists(path), Is.False, "describing opens no file");
        Assert.That(text, Does.Contain("root  level WARN"));
        Assert.That(text, Does.Contain("-> console: FemtoStreamHandler stdout, level >= WARN, policy drop, capacity 1024, formatter default"));
        Assert.That(text, Does.Contain("logger app.audit  level INFO  propagate yes"));
        Assert.That(text, Does.Contain("filter upto_info: level <= INFO"));
        Assert.That(text, Does.Contain($"-> audit: FemtoFileHandler {path}, policy block, capacity 4096, formatter brief"));
        Assert.That(text, Does.Contain("-> console (from root)"));
    }
}
