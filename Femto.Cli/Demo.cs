using System.Collections.Concurrent;
using Femto.Handlers;

namespace Femto.Cli;

/// <summary>The demo: every handler working, on embedded defaults, with counters printed at the end.</summary>
internal static class Demo
{
    public static int Run(DemoOptions options)
    {
        string dir = options.OutputDir ?? Path.Combine(Path.GetTempPath(), "femto-demo-" + Guid.NewGuid().ToString("N")[..8]);
        string appLog = Path.Combine(dir, "app.log");
        string jsonLog = Path.Combine(dir, "audit.jsonl");
        string traceLog = Path.Combine(dir, "traces.jsonl");
        Section($"Femto demo — files go to {dir}");
        // The dashboard (with --dashboard) sees everything that reaches the root logger.
        var dashboard = options.Dashboard
            ? DashboardSwitch.Start(options.Port, Path.Combine(dir, "checkpoints.db"), options.Force, options.Open, Console.Out)
            : null;

        // Handlers: stdout for everything at root, a text file for 'api', a JSON-lines file for 'api.audit'.
        var console = StreamHandlerBuilder.Stdout().WithFormatter(FemtoFormatters.TimestampedWithLogger).Build();
        var file = new FileHandlerBuilder(appLog).WithOverflowPolicy(OverflowPolicy.Block).Build();
        var json = new FileHandlerBuilder(jsonLog).WithFormatter(FemtoFormatters.Json).Build();
        var collector = new CollectingHandler();

        var root = FemtoLogging.GetLogger();
        root.AddHandler(console);
        if (dashboard is not null) root.AddHandler(dashboard);
        var api = FemtoLogging.GetLogger("api");
        api.AddHandler(file);
        var v1 = FemtoLogging.GetLogger("api.v1");
        v1.AddHandler(collector);
        var audit = FemtoLogging.GetLogger("api.audit");
        audit.AddHandler(json);
        audit.Propagate = false; // audit records stay out of the console and app.log

        Section("1. Log(level, message) returns the default line, or null when filtered");
        Console.WriteLine($"  api.v1.Log(\"INFO\", \"hello\")  -> {Show(v1.Log("INFO", "hello from api.v1"))}");
        Console.WriteLine($"  api.v1.Log(\"DEBUG\", \"noise\") -> {Show(v1.Log("DEBUG", "noise"))}  (root level is INFO)");
        v1.Level = FemtoLevel.Debug;
        Console.WriteLine($"  after api.v1.Level = Debug      -> {Show(v1.Log("debug", "now visible"))}");

        Section("2. Structured, allocation-free calls (rendered on the worker)");
        v1.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
        int userId = 42;
        decimal amount = 19.99m;
        v1.Info($"user {userId} paid {amount}");
        v1.Info("payment accepted", ("user", userId), ("amount", amount), ("note", "first order"));
        audit.Info("card charged", ("user", userId), ("amount", amount));
        v1.Warn("a message with a forged\nsecond line and an \u001b[31mANSI escape is escaped");
        try
        {
            throw new InvalidOperationException("payment gateway timed out");
        }
        catch (InvalidOperationException ex)
        {
            v1.Error(ex, "charge failed for {User}", userId);
        }
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));

        Section("3. Propagation: api.v1 -> api (app.log) -> root (stdout); api.audit does not propagate");
        var internalLog = FemtoLogging.GetLogger("api.v1.internal");
        internalLog.Propagate = false;
        internalLog.Info("you will not see this on stdout: propagation is off");
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));
        Console.WriteLine($"  the custom handler on api.v1 collected {collector.Count} records; first: {collector.First}");

        Section("4. A failing custom handler is counted and reported; the others keep working");
        var jobs = FemtoLogging.GetLogger("jobs");
        jobs.Propagate = false;
        var healthy = new CollectingHandler();
        jobs.AddHandler(new FlakyHandler());
        jobs.AddHandler(healthy);
        for (int i = 1; i <= 14; i++) jobs.Info("job {N} done", i);
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));
        Console.WriteLine($"  jobs: healthy handler got {healthy.Count} of 14; handler errors: {jobs.HandlerErrorCount} (the flaky one throws on every 7th)");

        Section("5. Overflow: a tiny queue with the Drop policy, and a slow handler");
        var burst = FemtoLogging.GetLogger("burst");
        burst.Propagate = false;
        burst.QueueCapacity = 16;
        var slow = new SlowHandler();
        burst.AddHandler(slow);
        for (int i = 0; i < 2000; i++) burst.Info("burst {I}", i);
        FemtoLogging.Flush(TimeSpan.FromSeconds(10));
        Console.WriteLine($"  sent 2000, delivered {slow.Count}, dropped {burst.DroppedCount} (delivered + dropped = {slow.Count + burst.DroppedCount})");

        Section("6. Tracing: traced calls, a failing one, a sampled scope, context (JSON lines in traces.jsonl)");
        var traces = new FileHandlerBuilder(traceLog).WithFormatter(FemtoFormatters.Json).Build();
        Tracing(traces);

        Section("7. Counters and files");
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));
        foreach (var h in new FemtoHandler[] { console, file, json, traces })
            Console.WriteLine($"  {h.Name,-40} dropped {h.DroppedCount}, errors {h.ErrorCount}");
        Console.WriteLine($"  {appLog}:");
        foreach (var line in File.ReadLines(appLog)) Console.WriteLine("    | " + line);
        Console.WriteLine($"  {jsonLog}:");
        foreach (var line in File.ReadLines(jsonLog)) Console.WriteLine("    | " + line);
        Console.WriteLine($"  {traceLog}:");
        foreach (var line in File.ReadLines(traceLog)) Console.WriteLine("    | " + line);

        if (dashboard is not null)
        {
            Section($"8. The dashboard: records and checkpoints live at {dashboard.Url}");
            DashboardShowcase.Run(dashboard, options.StayUp);
        }

        bool clean = FemtoLogging.Shutdown(TimeSpan.FromSeconds(5));
        Section(clean ? "Shut down cleanly: every accepted record was written." : "Shutdown could not flush everything (see stderr).");
        return clean ? 0 : 1;
    }

    /// <summary>Section 6: every record logged inside the context carries request_id and user; scopes add
    /// function, duration_ms, status, error_type and W3C ids; the JSON formatter puts those first on each line.</summary>
    private static void Tracing(FemtoHandler traces)
    {
        var checkout = FemtoLogging.GetLogger("shop.checkout");
        checkout.AddHandler(traces);
        FemtoTrace.Sampler = new FemtoSampler(seed: 7); // reproducible sampling for the demo
        using (FemtoContext.Push(("request_id", "req-7f3a"), ("user", "alice")))
        {
            decimal total = FemtoTrace.Run(checkout, "price_cart", () =>
            {
                Thread.Sleep(3);
                return 59.97m;
            });
            checkout.Info("cart priced at {Total}", total);
            try
            {
                FemtoTrace.Run(checkout, "charge_card", () => throw new TimeoutException("payment gateway timed out"), label: "visa");
            }
            catch (TimeoutException ex)
            {
                Console.WriteLine($"  charge_card[visa] threw {ex.GetType().Name}: recorded at Error level, then rethrown unchanged");
            }
            int recorded = 0;
            for (int i = 0; i < 100; i++)
            {
                using var scope = checkout.Time("cache_lookup", sampleRate: 0.05, ("key", i));
                if (scope.IsRecording) recorded++;
            }
            Console.WriteLine($"  cache_lookup ran 100 times with sampleRate 0.05: {recorded} recorded");
        }
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));
    }

    private static string Show(string? line) => line is null ? "null" : $"\"{line}\"";

    private static void Section(string title)
    {
        Console.Out.Flush();
        Console.WriteLine();
        Console.WriteLine("== " + title);
    }

    /// <summary>A custom handler: any IFemtoHandler runs on the logger's worker thread.</summary>
    private sealed class CollectingHandler : IFemtoHandler
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public int Count => _lines.Count;
        public string? First => _lines.TryPeek(out var s) ? s : null;
        public void Handle(string logger, FemtoLevel level, string message) => _lines.Enqueue($"{logger}/{level}: {message}");
    }

    private sealed class FlakyHandler : IFemtoHandler
    {
        private int _n;
        public void Handle(string logger, FemtoLevel level, string message)
        {
            if (++_n % 7 == 0) throw new IOException($"flaky sink failed on record {_n}");
        }
    }

    private sealed class SlowHandler : IFemtoHandler
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void Handle(string logger, FemtoLevel level, string message)
        {
            Thread.SpinWait(20_000); // a slow sink: the producer outruns it and the queue overflows
            Interlocked.Increment(ref _count);
        }
    }
}
