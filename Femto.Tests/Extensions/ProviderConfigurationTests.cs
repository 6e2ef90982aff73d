using Femto.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary>How the provider takes its configuration: the Logging:Femto tree (values converted before validation),
/// a rejected tree (throws at creation, changes nothing), no tree (leaves Femto alone), code options, reload on
/// change, and disposal (closes only what it created).</summary>
public sealed class ProviderConfigurationTests : ExtensionsTestBase
{
    [Test]
    public async Task ConfigurationValuesAreConvertedBeforeValidation()
    {
        // Environment-variable style: every value is text, lists are children keyed 0..n.
        string file = TempPath("converted.log");
        var settings = new Dictionary<string, string?>
        {
            ["Logging:Femto:handlers:file:class"] = "logging.FileHandler",
            ["Logging:Femto:handlers:file:filename"] = file,
            ["Logging:Femto:handlers:file:kwargs:capacity"] = "4096",      // a number
            ["Logging:Femto:handlers:file:kwargs:flush_interval"] = "1",
            ["Logging:Femto:loggers:Quiet:level"] = "ERROR",
            ["Logging:Femto:loggers:Quiet:propagate"] = "True",            // a boolean, any case
            ["Logging:Femto:root:level"] = "INFO",
            ["Logging:Femto:root:handlers:0"] = "file",                    // a list
            ["Logging:Femto:IncludeScopes"] = "false",
            ["Logging:Femto:FlushTimeout"] = "00:00:03",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = TempDir, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddFemto();
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        factory.CreateLogger("Quiet").LogWarning("dropped by the Femto level");
        factory.CreateLogger("Loud").LogInformation("kept");
        var provider = host.Services.GetServices<ILoggerProvider>().OfType<FemtoLoggerProvider>().Single();
        Assert.That(provider.Flush(Patience), Is.True);

        var handler = FemtoLogging.GetLogger().Handlers.OfType<FemtoFileHandler>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Capacity, Is.EqualTo(4096));
            Assert.That(File.ReadAllLines(file).Where(l => !l.StartsWith("Microsoft.", StringComparison.Ordinal)), Is.EqualTo(new[] { "Loud [INFO] kept" }));
            Assert.That(FemtoLogging.GetLogger("Quiet").Level, Is.EqualTo(FemtoLevel.Error));
        }
        await host.StopAsync();
    }

    [Test]
    public void ARejectedTreeThrowsItsConfigExceptionAtCreationAndChangesNothing()
    {
        var keep = Track(new FileHandlerBuilder(TempPath("keep.log")).Build());
        FemtoLogging.GetLogger().AddHandler(keep);
        FemtoLogging.GetLogger().Level = FemtoLevel.Warn;
        string settings = $$"""
            { "Logging": { "Femto": {
                "handlers": { "bad": { "class": "logging.FileHandler", "filename": {{Json(TempPath("bad.log"))}}, "mode": "x" } },
                "root": { "level": "DEBUG", "handlers": [ "bad" ] } } } }
            """;
        var ex = Assert.Throws<FemtoConfigException>(() => StartHost(settings).Dispose());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Message, Does.Contain("mode"));
            Assert.That(FemtoLogging.GetLogger().Handlers, Is.EqualTo(new IFemtoHandler[] { keep }));
            Assert.That(FemtoLogging.GetLogger().Level, Is.EqualTo(FemtoLevel.Warn));
            Assert.That(File.Exists(TempPath("bad.log")), Is.False);
        }

        var typeError = Assert.Throws<FemtoConfigException>(() => new FemtoLoggerProvider(new FemtoLoggerOptions
        {
            Config = new Dictionary<string, object?> { ["root"] = new Dictionary<string, object?> { ["propagate"] = "yes" } },
        }));
        Assert.That(typeError!.Message, Does.Contain("propagate"));
    }

    [Test]
    public void AnUnreadableProviderOptionIsRejectedNamingIt()
    {
        var ex = Assert.Throws<FemtoConfigException>(() =>
            StartHost("""{ "Logging": { "Femto": { "FlushTimeout": "soon" } } }""").Dispose());
        Assert.That(ex!.Message, Does.Contain("Logging:Femto:FlushTimeout"));
    }

    [Test]
    public async Task WithoutATreeFemtosConfigurationInForceIsLeftAlone()
    {
        var sink = new CollectingHandler();
        FemtoLogging.GetLogger().AddHandler(sink);
        FemtoLogging.GetLogger().Level = FemtoLevel.Debug;
        using var host = StartHost("""{ "Logging": { "Femto": { "LogLevel": { "Default": "Trace" }, "IncludeScopes": true } } }""");
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogDebug("to the existing handler");
        await host.StopAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FemtoLogging.GetLogger().Handlers, Is.EqualTo(new IFemtoHandler[] { sink }));
            Assert.That(sink.Records.Where(r => r.Logger == "App").Select(r => (r.Logger, r.Message)), Is.EqualTo(new[] { ("App", "to the existing handler") }));
        }
    }

    [Test]
    public void CodeOptionsWinOverTheSectionAndTheProviderWorksWithoutAHost()
    {
        string file = TempPath("code.log");
        var tree = new Dictionary<string, object?>
        {
            ["handlers"] = new Dictionary<string, object?> { ["f"] = new Dictionary<string, object?> { ["class"] = "logging.FileHandler", ["filename"] = file } },
            ["root"] = new Dictionary<string, object?> { ["level"] = "INFO", ["handlers"] = new List<object?> { "f" } },
        };
        using (var factory = LoggerFactory.Create(b => b.AddFemto(o => o.Config = tree)))
        {
            factory.CreateLogger("Code").LogInformation("from code {N}", 1);
        }
        // Disposing the factory disposed the provider: flushed, and the handler it created closed and detached.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllLines(file), Is.EqualTo(new[] { "Code [INFO] from code 1" }), "a template's values are not repeated after the message");
            Assert.That(FemtoLogging.GetLogger().Handlers, Is.Empty);
            Assert.That(FemtoLogging.IsShutDown, Is.False, "Femto itself keeps running");
        }

        var sink = new CollectingHandler();
        FemtoLogging.GetLogger().AddHandler(sink);
        using var standalone = new FemtoLoggerProvider();
        standalone.CreateLogger("Plain").LogWarning("standalone");
        Assert.That(standalone.Flush(Patience), Is.True);
        Assert.That(sink.Messages, Is.EqualTo(new[] { "standalone" }));
    }

    [Test]
    public async Task DisposingTheProviderClosesOnlyTheHandlersItCreated()
    {
        string mine = TempPath("mine.log");
        var theirs = Track(new FileHandlerBuilder(TempPath("theirs.log")).Build());
        var other = FemtoLogging.GetLogger("Other");
        other.Propagate = false;
        other.AddHandler(theirs);
        var host = StartHost(AppSettings(mine));
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogInformation("before dispose");
        var created = FemtoLogging.GetLogger().Handlers.OfType<FemtoFileHandler>().Single();
        await host.StopAsync();
        host.Dispose();

        other.Info("still running");
        Assert.That(other.Flush(Patience), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.IsClosed, Is.True);
            Assert.That(FemtoLogging.GetLogger().Handlers, Is.Empty);
            Assert.That(theirs.IsClosed, Is.False);
            Assert.That(File.ReadAllText(TempPath("theirs.log")), Does.Contain("still running"));
            Assert.That(Message(RecordsOf(mine, "App").Single()), Is.EqualTo("before dispose"));
        }
    }

    [Test]
    public async Task AnEditedAppSettingsIsAppliedAndABrokenEditIsReportedAndIgnored()
    {
        var reports = new List<string>();
        FemtoDiagnostics.Writer = m => { lock (reports) reports.Add(m); };
        string file = TempPath("reload.jsonl");
        using var host = StartHost(AppSettings(file, extra: "\"loggers\": { \"App\": { \"level\": \"ERROR\" } },"));
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        Assert.That(log.IsEnabled(LogLevel.Warning), Is.False);

        var appSettings = Path.Combine(host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath, "appsettings.json");
        File.WriteAllText(appSettings, AppSettings(file, extra: "\"loggers\": { \"App\": { \"level\": \"WARN\" } },"));
        Assert.That(SpinWait.SpinUntil(() => log.IsEnabled(LogLevel.Warning), Patience), Is.True, "the edited level was applied");

        File.WriteAllText(appSettings, AppSettings(file, extra: "\"loggers\": { \"App\": { \"level\": \"LOUD\" } },"));
        Assert.That(SpinWait.SpinUntil(() => { lock (reports) return reports.Any(r => r.Contains("LOUD", StringComparison.Ordinal)); }, Patience), Is.True,
            "the broken edit was reported");
        Assert.That(log.IsEnabled(LogLevel.Warning), Is.True, "the configuration in force stays");
        await host.StopAsync();
    }
}
