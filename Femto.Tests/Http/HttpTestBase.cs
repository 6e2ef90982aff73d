using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Http;

/// <summary>Base of the HTTP handler tests: a Kestrel ingest server per test (stopped in tear-down), builders aimed
/// at it, and helpers for a fake clock the worker waits on.</summary>
public abstract class HttpTestBase : FemtoTestBase
{
    /// <summary>Retries that do not slow a test down: 5–50 ms, a deadline far away.</summary>
    protected static readonly BackoffConfig Quick = new() { BaseMs = 5, CapMs = 50, ResetAfterMs = 1_000, DeadlineMs = 60_000 };

    /// <summary>A short bounded wait for "nothing more happens".</summary>
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    private readonly List<IngestServer> _servers = [];
    private readonly List<FemtoHttpHandler> _handlers = [];

    [TearDown]
    public void StopServers()
    {
        // Loggers first (they may still hand records over), then the handlers while their servers still answer
        // (a close with nothing to reach would retry until its time is up), then the servers.
        FemtoLogging.ResetManager();
        foreach (var handler in _handlers) handler.Close(TimeSpan.FromSeconds(1));
        _handlers.Clear();
        foreach (var server in _servers) server.Dispose();
        _servers.Clear();
    }

    /// <summary>Builds the handler, closed in tear-down.</summary>
    internal FemtoHttpHandler Build(HttpHandlerBuilder builder)
    {
        var handler = Track(builder.Build());
        _handlers.Add(handler);
        return handler;
    }

    internal IngestServer Ingest(Func<int, Reply>? script = null)
    {
        var server = IngestServer.Start(script);
        _servers.Add(server);
        return server;
    }

    internal static HttpHandlerBuilder To(IngestServer server) => new HttpHandlerBuilder().WithEndpoint(server.Url).WithBackoff(Quick);

    /// <summary>A fake clock on a whole second (HTTP dates have second resolution).</summary>
    protected static FakeTimeProvider WholeSecondClock() => new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Waits until the worker sleeps on the fake clock (a retry or the minimum interval), so moving the clock wakes it.</summary>
    internal static void UntilSleeping(FemtoHttpHandler handler) =>
        Assert.That(SpinWait.SpinUntil(() => handler.IsSleeping, Patience), Is.True, "the worker never started waiting");

    /// <summary>A logger whose records all reach <paramref name="handler"/> (Block policy: it never drops).</summary>
    internal static FemtoLogger BlockingLogger(string prefix, FemtoHttpHandler handler, int capacity = FemtoLogger.DefaultQueueCapacity)
    {
        var log = NewLogger(prefix);
        log.OverflowPolicy = OverflowPolicy.Block;
        log.QueueCapacity = capacity;
        log.AddHandler(handler);
        return log;
    }

    /// <summary>Logs <c>r0</c>…<c>r{count-1}</c> through <paramref name="log"/> and flushes it.</summary>
    internal static void LogAndFlush(FemtoLogger log, int count)
    {
        for (int i = 0; i < count; i++) log.Info("r" + i);
        FlushOrFail(log);
    }

    internal static void Log(FemtoHttpHandler handler, int from, int count, string prefix = "r")
    {
        for (int i = from; i < from + count; i++) handler.Handle("http", FemtoLevel.Info, prefix + i);
    }

    internal static List<string> Messages(int from, int count, string prefix = "r") =>
        Enumerable.Range(from, count).Select(i => prefix + i).ToList();
}
