using System.Text.RegularExpressions;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>Realistic CPython fileConfig INI files and dictConfig trees (Config/Samples) load unchanged and behave
/// as they would in Python.</summary>
public sealed class SampleConfigTests : ConfigTestBase
{
    private string Sample(string name)
    {
        string target = TempPath(name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Config", "Samples", name), target);
        return target;
    }

    private Dictionary<string, string> Here => new() { ["here"] = TempDir };

    [Test]
    public void The_python_docs_style_file_loads_with_here_defaults_stderr_args_qualname_and_propagate()
    {
        var legacy = FemtoLogging.GetLogger(UniqueName("legacy")); // exists before: disabled, as CPython does by default
        string dbLog = WriteFile(Path.Combine("logs", "db.log"), "from the previous run\n");

        FemtoConfig.FileConfig(Sample("cpython_fileconfig.ini"), Here);

        var root = FemtoLogging.GetLogger();
        Assert.That(root.Level, Is.EqualTo(FemtoLevel.Trace), "NOTSET on the root lets everything through");
        Assert.That(root.Handlers.Select(h => h.GetType().Name), Is.EqualTo(new[] { "FemtoStreamHandler", "FemtoFileHandler" }));
        Assert.That(((FemtoHandler)root.Handlers[0]).Name, Is.EqualTo("stream 'stderr'"), "args=(sys.stderr,)");
        Assert.That(((FemtoHandler)root.Handlers[0]).MinimumLevel, Is.EqualTo(FemtoLevel.Critical));
        var parser = FemtoLogging.GetLogger("compiler.parser");
        var db = FemtoLogging.GetLogger("app.db");
        Assert.That((parser.Level, parser.Propagate), Is.EqualTo(((FemtoLevel?)FemtoLevel.Debug, true)));
        Assert.That((db.Level, db.Propagate), Is.EqualTo(((FemtoLevel?)FemtoLevel.Warn, false)));
        Assert.That(legacy.Disabled, Is.True);

        parser.Debug("parsing");
        db.Info("below WARNING");
        db.Error("boom");
        string appLog = TempPath("logs", "app.log");
        var app = LinesOf(appLog);
        Assert.That(app, Has.Length.EqualTo(1));
        Assert.That(app[0], Does.Match($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d compiler.parser DEBUG    {Environment.ProcessId} parsing$"));
        Assert.That(LinesOf(dbLog), Is.EqualTo(new[] { "ERROR:app.db:boom" }), "mode 'w' emptied the file; propagate=0 kept it out of app.log");

        FemtoConfig.FileConfig(TempPath("cpython_fileconfig.ini"), Here, disableExistingLoggers: false);
        Assert.That(legacy.Disabled, Is.False, "disable_existing_loggers=False enables existing loggers again");
    }

    [Test]
    public void A_web_service_file_with_brace_style_defaults_and_handlers_prefix_loads()
    {
        FemtoConfig.FileConfig(Sample("webapp_fileconfig.ini"), Here);
        var http = FemtoLogging.GetLogger("webapp.http");
        var pool = FemtoLogging.GetLogger("urllib3.connectionpool");
        Assert.That(pool.Handlers, Is.Empty);
        Assert.That((pool.Level, pool.Propagate), Is.EqualTo(((FemtoLevel?)FemtoLevel.Warn, false)));
        Assert.That(((FemtoStreamHandler)FemtoLogging.GetLogger().Handlers[0]).Name, Is.EqualTo("stream 'stdout'"));

        http.Error("upstream failed", ("request_id", "r-42"));
        http.Critical("no request id");
        http.Warn("below the errors handler");
        var lines = LinesOf(TempPath("errors.log"));
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Match(@"^\d\d:\d\d:\d\d \[ERROR\] webapp.http: upstream failed \(request=r-42\)$"));
        Assert.That(lines[1], Does.Match(@"^\d\d:\d\d:\d\d \[CRITICAL\] webapp.http: no request id \(request=-\)$"), "the default fills the missing field");
    }

    [Test]
    public void A_file_with_rotation_and_a_tls_socket_loads_and_builds_both_handlers()
    {
        string path = Sample("femtologging_rotating_socket.ini");
        FemtoConfig.FileConfig(path, Here);

        var rotating = (FemtoRotatingFileHandler)FemtoLogging.GetLogger().Handlers.Single();
        Assert.That((rotating.Capacity, rotating.OverflowPolicy), Is.EqualTo((4096, OverflowPolicy.Block)));
        var audit = FemtoLogging.GetLogger("app.audit");
        var socket = (FemtoSocketHandler)audit.Handlers.Single();
        Assert.That(socket.Target, Is.EqualTo("tls://logs.example.com:9020"), "args=(host, handlers.DEFAULT_TCP_LOGGING_PORT), tls domain");
        Assert.That((socket.BackoffConfig.BaseMs, socket.BackoffConfig.CapMs, socket.BackoffConfig.DeadlineMs), Is.EqualTo((100, 5000, 120_000)),
            "the backoff map, unset fields at their defaults");
        Assert.That(socket.IsConnected, Is.False, "nothing is sent before a record is logged");

        // A bad option is still reported with its place.
        File.WriteAllText(path, File.ReadAllText(path).Replace("'capacity': 4096", "'capacity': 0", StringComparison.Ordinal));
        var bad = Assert.Throws<HandlerConfigException>(() => FemtoConfig.FileConfig(path, Here));
        Assert.That(bad!.Message, Does.Contain("[handler_rotating] kwargs.capacity"));
    }

    [Test]
    public void A_django_LOGGING_dict_loads_as_json()
    {
        string json = File.ReadAllText(Sample("django_logging.json")).Replace("${LOGDIR}", TempDir.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        var existing = FemtoLogging.GetLogger(UniqueName("existing"));
        FemtoConfig.JsonConfig(json);
        Assert.That(existing.Disabled, Is.False, "disable_existing_loggers: false");

        FemtoLogging.GetLogger("django.request").Error("Internal Server Error: /checkout");
        FemtoLogging.GetLogger("django.request").Warn("below ERROR");
        FemtoLogging.GetLogger("django.security").Warn("SuspiciousOperation");
        FemtoLogging.GetLogger("django.db.backends").Debug("below django's INFO");
        FemtoLogging.GetLogger("django.db.backends").Info("(0.001) SELECT 1");

        var debug = LinesOf(TempPath("debug.log"));
        Assert.That(debug, Has.Length.EqualTo(2));
        var verbose = new Regex($@"^(ERROR|INFO) \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,\d{{3}} SampleConfigTests {Environment.ProcessId} \d+ (.+)$");
        Assert.That(debug.Select(l => verbose.Match(l).Groups[2].Value), Is.EquivalentTo(new[] { "Internal Server Error: /checkout", "(0.001) SELECT 1" }));
        Assert.That(LinesOf(TempPath("security.log")), Is.EqualTo(new[] { "WARN SuspiciousOperation" }));
    }
}
