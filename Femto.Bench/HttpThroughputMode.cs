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

namespace Femto.Bench;

/// <summary><c>http [records] [rounds]</c>: throughput of the HTTP batch handler to a Kestrel ingest endpoint in this
/// process on loopback — records/s, requests/s and body bytes/s from the first call until the handler's flush returns
/// with every batch accepted. The endpoint reads each body to its end and answers 200 with a small JSON body (it
/// does not parse the records: that would measure the server). One thread logs the benchmark message through a
/// logger with Block policies, so nothing is dropped. Cases: batch 100 and 1,000, plain and gzip.</summary>
internal static class HttpThroughputMode
{
    private static long s_bodyBytes, s_requests;

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
        (string Name, int Batch, bool Gzip)[] cases = [("batch 100", 100, false), ("batch 1000", 1000, false), ("batch 1000 gzip", 1000, true)];
        foreach (var (name, batch, gzip) in cases)
            for (int r = 1; r <= rounds; r++) RunOne(url, name, batch, gzip, records, r);
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
            var reader = context.Request.BodyReader;
            long bytes = 0;
            while (true)
            {
                var read = await reader.ReadAsync();
                bytes += read.Buffer.Length;
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) break;
            }
            Interlocked.Add(ref s_bodyBytes, bytes);
            Interlocked.Increment(ref s_requests);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"accepted\":true}");
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static void RunOne(string url, string name, int batch, bool gzip, int records, int round)
    {
        var handler = new HttpHandlerBuilder().WithEndpoint(url).WithBatchSize(batch).WithCompression(gzip)
            .WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(65_536).Build();
        var log = FemtoLogging.GetLogger("bench.http." + round + "." + batch + (gzip ? "z" : ""));
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {round} | {result.Sent / elapsed.TotalSeconds:N0} | {requests / elapsed.TotalSeconds:N0} | {bytes / elapsed.TotalSeconds / 1e6:F1} | {(double)bytes / Math.Max(1, result.Sent):F0} | {cpuUsed.TotalSeconds:F2} | {result.Sent:N0}/{records:N0} |"));
    }
}
