using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary>A real Generic Host logging through ILogger&lt;T&gt; to a Femto file handler configured from
/// appsettings.json: rendered messages, named values, event ids, exceptions, nested scopes across await, level filters
/// of both Logging:LogLevel and Logging:Femto, and host stop flushing everything.</summary>
public sealed partial class HostLoggingTests : ExtensionsTestBase
{
    private sealed class Orders;

    private sealed record Point(int X, int Y);

    [LoggerMessage(EventId = 12, EventName = "Paid", Level = LogLevel.Information, Message = "Order {OrderId} paid {Amount:F2} by {User}")]
    private static partial void Paid(ILogger logger, int orderId, decimal amount, string user);

    [Test]
    public async Task MessagesValuesEventIdsAndExceptionsReachTheFileAsJson()
    {
        string file = TempPath("app.jsonl");
        using var host = StartHost(AppSettings(file));
        var log = host.Services.GetRequiredService<ILogger<Orders>>();

        Paid(log, 42, 9.5m, "ann");
        log.LogWarning(new EventId(7), "no name {Flag}", true);
        log.LogInformation("plain, no event id");
        log.LogError(new InvalidOperationException("boom"), "failed {Op} with {Codes} and {Missing}", "save", new[] { 1, 2, 3 }, null);
        log.LogInformation("captured {@Point} and {{braces}}", new Point(1, 2));

        await host.StopAsync();
        var records = RecordsOf(file, "Femto.Tests.Extensions.HostLoggingTests.Orders");
        Assert.That(records, Has.Count.EqualTo(5));

        var paid = records[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(paid), Is.EqualTo("Order 42 paid 9.50 by ann"));
            Assert.That(paid.GetProperty("level").GetString(), Is.EqualTo("INFO"));
            Assert.That(Keys(paid), Is.EqualTo(new[] { "OrderId", "Amount", "User", "event_id", "event_name" }));
            Assert.That(Values(paid).GetProperty("OrderId").GetInt32(), Is.EqualTo(42), "a number stays a number");
            Assert.That(Values(paid).GetProperty("User").GetString(), Is.EqualTo("ann"));
            Assert.That(Values(paid).GetProperty("event_id").GetInt32(), Is.EqualTo(12));
            Assert.That(Values(paid).GetProperty("event_name").GetString(), Is.EqualTo("Paid"));

            Assert.That(records[1].GetProperty("level").GetString(), Is.EqualTo("WARN"));
            Assert.That(Keys(records[1]), Is.EqualTo(new[] { "Flag", "event_id" }), "no event_name without a name");
            Assert.That(Values(records[1]).GetProperty("Flag").GetBoolean(), Is.True);
            Assert.That(Keys(records[2]), Is.Empty, "the default EventId and {OriginalFormat} are left out");

            var failed = records[3];
            Assert.That(Message(failed), Is.EqualTo("failed save with 1, 2, 3 and (null)"), "rendered as Microsoft.Extensions.Logging renders it");
            Assert.That(failed.GetProperty("level").GetString(), Is.EqualTo("ERROR"));
            Assert.That(failed.GetProperty("exception").GetProperty("type").GetString(), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(failed.GetProperty("exception").GetProperty("message").GetString(), Is.EqualTo("boom"));
            Assert.That(Keys(failed), Is.EqualTo(new[] { "Op", "Codes", "Missing" }), "the exception is not a key-value");

            Assert.That(Message(records[4]), Is.EqualTo("captured Point { X = 1, Y = 2 } and {braces}"));
            Assert.That(Keys(records[4]), Is.EqualTo(new[] { "Point" }), "{@Point} is carried under Point");
        }
    }

    [Test]
    public async Task NestedScopesFlowAcrossAwaitInnerScopesAndTheCallWin()
    {
        string file = TempPath("scopes.jsonl");
        using var host = StartHost(AppSettings(file));
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Scopes");

        using (log.BeginScope("Request {RequestId} for {User}", 7, "ann"))
        {
            await Task.Yield();
            using (log.BeginScope("outer text"))
            using (log.BeginScope(new Dictionary<string, object?> { ["User"] = "bob", ["Tenant"] = "t1" }))
            {
                await Task.Delay(1);
                using (log.BeginScope("inner text"))
                {
                    await Task.Run(() => log.LogInformation("inside {Item}", "x"));
                    log.LogInformation("mine {RequestId}", 99);
                }
            }
            log.LogInformation("only the first scope");
        }
        log.LogInformation("no scope");

        await host.StopAsync();
        var records = RecordsOf(file, "Scopes");
        Assert.That(records.Select(Message), Is.EqualTo(new[] { "inside x", "mine 99", "only the first scope", "no scope" }));
        var inside = Values(records[0]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Keys(records[0]), Is.EquivalentTo(new[] { "Item", "User", "Tenant", "RequestId", "scope" }));
            Assert.That(inside.GetProperty("User").GetString(), Is.EqualTo("bob"), "the inner scope wins");
            Assert.That(inside.GetProperty("RequestId").GetInt32(), Is.EqualTo(7));
            Assert.That(inside.GetProperty("scope").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "outer text", "inner text" }),
                "text scopes under 'scope', outermost first");
            Assert.That(Values(records[1]).GetProperty("RequestId").GetInt32(), Is.EqualTo(99), "the call's own value wins");
            Assert.That(Keys(records[2]), Is.EquivalentTo(new[] { "RequestId", "User" }));
            Assert.That(Values(records[2]).GetProperty("User").GetString(), Is.EqualTo("ann"));
            Assert.That(Keys(records[3]), Is.Empty);
        }
    }

    [Test]
    public async Task IncludeScopesFalseLeavesScopesOut()
    {
        string file = TempPath("noscopes.jsonl");
        using var host = StartHost(AppSettings(file, extra: "\"IncludeScopes\": false,"));
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NoScopes");
        using (log.BeginScope("Request {RequestId}", 7))
            log.LogInformation("inside {Item}", "x");
        await host.StopAsync();
        Assert.That(Keys(RecordsOf(file, "NoScopes").Single()), Is.EqualTo(new[] { "Item" }));
    }

    [Test]
    public async Task LevelFiltersOfLoggingLogLevelLoggingFemtoLogLevelAndTheFemtoTreeAllApply()
    {
        string file = TempPath("levels.jsonl");
        string settings = AppSettings(file,
            extra: """
                   "LogLevel": { "Filtered.ByProvider": "Error" },
                   "loggers": { "Filtered.ByFemto": { "level": "ERROR" } },
                   """,
            logging: """ "LogLevel": { "Default": "Debug", "Filtered.ByMel": "Warning" }, """);
        using var host = StartHost(settings);
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        string[] categories = ["Open", "Filtered.ByMel", "Filtered.ByProvider", "Filtered.ByFemto"];
        foreach (var category in categories)
        {
            var log = factory.CreateLogger(category);
            log.LogTrace("trace");
            log.LogDebug("debug");
            log.LogInformation("info");
            log.LogWarning("warn");
            log.LogError("error");
        }
        var femtoLogger = (ILogger)factory.CreateLogger("Filtered.ByFemto");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(femtoLogger.IsEnabled(LogLevel.Warning), Is.False, "IsEnabled answers from Femto's levels");
            Assert.That(femtoLogger.IsEnabled(LogLevel.Error), Is.True);
        }

        await host.StopAsync();
        string Levels(string category) => string.Join(",", RecordsOf(file, category).Select(Message));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Levels("Open"), Is.EqualTo("debug,info,warn,error"), "Logging:LogLevel:Default Debug");
            Assert.That(Levels("Filtered.ByMel"), Is.EqualTo("warn,error"), "Logging:LogLevel");
            Assert.That(Levels("Filtered.ByProvider"), Is.EqualTo("error"), "Logging:Femto:LogLevel");
            Assert.That(Levels("Filtered.ByFemto"), Is.EqualTo("error"), "the Femto tree's logger level");
        }
    }

    [Test]
    public async Task HostStopFlushesEverythingAcceptedWithoutCallingFlush()
    {
        // A flush interval far above the record count keeps lines in the handler's buffer: only a flush writes them.
        string file = TempPath("stop.log");
        string settings = $$"""
            {
              "Logging": {
                "Femto": {
                  "handlers": { "file": { "class": "logging.FileHandler", "filename": {{Json(file)}}, "kwargs": { "flush_interval": 1000000 } } },
                  "root": { "level": "INFO", "handlers": [ "file" ] }
                }
              }
            }
            """;
        using var host = StartHost(settings);
        var log = host.Services.GetRequiredService<ILogger<HostLoggingTests>>();
        for (int i = 0; i < 1000; i++) log.LogInformation("line {I}", i); // below the queue capacity: nothing dropped
        await host.StopAsync();
        var lines = File.ReadAllLines(file);
        Assert.That(lines, Has.Length.EqualTo(1000 + lines.Count(l => !l.Contains("line ", StringComparison.Ordinal))));
        Assert.That(lines.Count(l => l.Contains("[INFO] line ", StringComparison.Ordinal)), Is.EqualTo(1000));
    }

    [Test]
    public async Task CategoriesMapToLoggerNamesAsSpecified()
    {
        string file = TempPath("names.jsonl");
        using var host = StartHost(AppSettings(file));
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        var cases = new (string Category, string Logger)[]
        {
            ("Ns.Outer+Inner", "Ns.Outer.Inner"),
            ("Ns.Generic`2", "Ns.Generic"),
            ("Ns.Generic`1[[System.Int32, System.Private.CoreLib, Version=10.0.0.0]]+Nested", "Ns.Generic.Nested"),
            ("Ns.List<Ns.Item>.Sub", "Ns.List.Sub"),
            ("..Ns...Odd.", "Ns.Odd"),
            ("Ns. .Blank", "Ns.Blank"),
            ("", "root"),
            ("`1[[x]]", "root"),
        };
        foreach (var (category, _) in cases) factory.CreateLogger(category).LogInformation("from {Category}", category);
        factory.CreateLogger<List<Orders>>().LogInformation("generic ILogger<T>");

        await host.StopAsync();
        var records = ReadJsonLines(file);
        foreach (var (category, logger) in cases)
        {
            var record = records.Single(r => Values(r).TryGetProperty("Category", out var c) && c.GetString() == category);
            Assert.That(record.GetProperty("logger").GetString(), Is.EqualTo(logger), $"category '{category}'");
        }
        Assert.That(records.Single(r => Message(r) == "generic ILogger<T>").GetProperty("logger").GetString(),
            Is.EqualTo("System.Collections.Generic.List"));
    }
}
