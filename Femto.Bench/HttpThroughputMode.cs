using System.Diagnostics;
using System.Globalization;
using System.Net;
using Femto.Handlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Femto.Bench;

/// <summary><c>http [records] [rounds]</c>: throughput of the HTTP batch handler to a Kestrel ingest endpoint in this
/// process on loopback — records/s, requests/s and body bytes/s from the first call until the handler's flush returns
/// with every batch accepted. The endpoint reads each body to its end and answers 200 with a small JSON body (it
/// does not parse the records: that would measure the server). One thread logs the benchmark message through a
/// logger with Block policies, so nothing is dropped. Cases: batch 100 and 1,000, plain and gzip, without the host
/// block, with adaptive back pressure; and Serilog's Seq sink (batches of 1,000 newline-delimited CLEF events to <c>/api/events/raw</c>, queue large
/// enough to hold every event) as a peer, counted by the events the endpoint received.</summary>
internal static class HttpThroughputMode
{
    private static long s_bodyBytes, s_requests, s_clefEvents;

    public static int Run(string[] args)
    {
        int records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var app = StartIngest();
        int port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        string url = $"http://127.0.0.1:{port}/ingest";
        Console.WriteLine($"HTTP handler throughput, {records:N0} records per round, {rounds} rounds; Kestrel ingest in-process on loopback");
        Console.WriteLine("| case | round | records/s | requests/s | MB/s (bodies) | bytes/record | CPU s (process) | sent |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        (string Name, int Batch, bool Gzip, bool Host, bool Paced)[] cases =
        [
            ("batch 100", 100, false, true, false), ("batch 1000", 1000, false, true, false), ("batch 1000 gzip", 1000, true, true, false),
            ("batch 1000, no host block", 1000, false, false, false), ("batch 1000, adaptive back pressure", 1000, false, true, true),
        ];
        foreach (var (name, batch, gzip, host, paced) in cases)
            for (int r = 1; r <= rounds; r++) RunOne(url, name, batch, gzip, host, paced, records, r);
        for (int r = 1; r <= rounds; r++) RunSerilogSeq($"http://127.0.0.1:{port}", records, r);
        app.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    private static WebApplication StartIngest()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Femto.Bench" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/hang"))
            {
                try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            }
            var reader = context.Request.BodyReader;
            bool clef = context.Request.ContentType?.StartsWith("application/vnd.serilog.clef", StringComparison.Ordinal) == true;
            long bytes = 0, lines = 0;
            byte last = (byte)'\n';
            while (true)
            {
                var read = await reader.ReadAsync();
                bytes += read.Buffer.Length;
                if (clef)
                    foreach (var segment in read.Buffer)
                        if (!segment.IsEmpty)
                        {
                            lines += System.MemoryExtensions.Count(segment.Span, (byte)'\n');
                            last = segment.Span[^1];
                        }
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) break;
            }
            if (clef && bytes > 0 && last != (byte)'\n') lines++;
            Interlocked.Add(ref s_bodyBytes, bytes);
            Interlocked.Add(ref s_clefEvents, lines);
            Interlocked.Increment(ref s_requests);
            if (clef) context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"accepted\":true}");
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static void RunOne(string url, string name, int batch, bool gzip, bool host, bool paced, int records, int round)
    {
        var handler = new HttpHandlerBuilder().WithEndpoint(url).WithBatchSize(batch).WithCompression(gzip).WithHostMetadata(host)
            .WithAdaptiveBackPressure(paced)
            .WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(65_536).Build();
        var log = FemtoLogging.GetLogger("bench.http." + round + "." + batch + (gzip ? "z" : "") + (host ? "h" : ""));
        log.Propagate = false;
        log.OverflowPolicy = OverflowPolicy.Block;
        log.QueueCapacity = 65_536;
        log.AddHandler(handler);
        long bytesBefore = Interlocked.Read(ref s_bodyBytes), requestsBefore = Interlocked.Read(ref s_requests);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < records; i++) log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", i);
        log.Flush(TimeSpan.FromMinutes(5));
        var result = handler.FlushAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        long bytes = Interlocked.Read(ref s_bodyBytes) - bytesBefore, requests = Interlocked.Read(ref s_requests) - requestsBefore;
        handler.Close();
        log.RemoveHandler(handler);
        if (!result.Ok || result.Sent != records) Console.WriteLine($"FAILED: {result}");
        string pacing = paced ? string.Create(CultureInfo.InvariantCulture,
            $" ({handler.ThrottledCalls:N0} calls held {handler.ThrottledTime.TotalMilliseconds:N0} ms; cost {handler.SendCostPerRecord.TotalMicroseconds:F1} µs/record)") : "";
        Print(name + pacing, round, result.Sent, records, requests, bytes, elapsed, cpuUsed);
    }

    /// <summary><c>http-pacing [calls] [rounds]</c>: what adaptive back pressure adds to a call when it does not
    /// throttle (the schedule is far ahead: a 1 ns cost per record and an endpoint that never answers, so the cost is
    /// never re-measured). Calls through a logger (direct hand-off to the handler) with pacing off and on, alternated;
    /// the queue holds every record. Best round of each, in ns per call.</summary>
    public static int RunPacing(string[] args)
    {
        int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var app = StartIngest();
        int port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var best = new Dictionary<bool, double> { [false] = double.MaxValue, [true] = double.MaxValue };
        for (int r = 0; r < rounds; r++)
            foreach (bool paced in new[] { r % 2 == 0, r % 2 != 0 })
            {
                var handler = new HttpHandlerBuilder().WithEndpoint($"http://127.0.0.1:{port}/hang").WithTimeout(TimeSpan.FromMinutes(1))
                    .WithCapacity(calls + 1024).WithAdaptiveBackPressure(paced, initialCostPerRecord: TimeSpan.FromTicks(1)).Build();
                var log = FemtoLogging.GetLogger("bench.pacing." + r + (paced ? "p" : "u"));
                log.Propagate = false;
                log.AddHandler(handler);
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", i);
                double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
                if (handler.ThrottledCalls > 0 || handler.DroppedCount > 0 || log.DroppedCount > 0) Console.WriteLine($"round {r}: throttled {handler.ThrottledCalls}, dropped {handler.DroppedCount + log.DroppedCount}");
                best[paced] = Math.Min(best[paced], ns);
                log.RemoveHandler(handler);
                handler.Close(TimeSpan.FromMilliseconds(200));
            }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"adaptive back pressure, not throttling, {calls:N0} calls x {rounds} rounds: off {best[false]:F1} ns/call, on {best[true]:F1} ns/call (best rounds)"));
        app.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Serilog's Seq sink to the same endpoint: batches of 1,000, a queue that holds every event (so none is
    /// dropped), timed until <c>Dispose</c> has flushed the last batch.</summary>
    private static void RunSerilogSeq(string serverUrl, int records, int round)
    {
        long bytesBefore = Interlocked.Read(ref s_bodyBytes), requestsBefore = Interlocked.Read(ref s_requests), eventsBefore = Interlocked.Read(ref s_clefEvents);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        using (var logger = new Serilog.LoggerConfiguration().WriteTo.Seq(serverUrl, batchPostingLimit: 1000, queueSizeLimit: records + 1000, formatProvider: CultureInfo.InvariantCulture).CreateLogger())
        {
            for (int i = 0; i < records; i++) logger.Information("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", i);
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        long events = Interlocked.Read(ref s_clefEvents) - eventsBefore;
        Print("Serilog Seq sink, batch 1000", round, events, records, Interlocked.Read(ref s_requests) - requestsBefore,
            Interlocked.Read(ref s_bodyBytes) - bytesBefore, elapsed, cpuUsed);
    }

    private static void Print(string name, int round, long delivered, int records, long requests, long bytes, TimeSpan elapsed, TimeSpan cpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {round} | {delivered / elapsed.TotalSeconds:N0} | {requests / elapsed.TotalSeconds:N0} | {bytes / elapsed.TotalSeconds / 1e6:F1} | {(double)bytes / Math.Max(1, delivered):F0} | {cpu.TotalSeconds:F2} | {delivered:N0}/{records:N0} |"));
}
