using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Femto.Handlers;

namespace Femto.Bench;

/// <summary><c>socket [records] [rounds]</c>: throughput of the socket handler over loopback TCP and a Unix socket —
/// records/s and bytes/s from the first call until the handler's flush returns with every frame written, the
/// receiver (in this process, on its own thread) counting whole frames by their length prefixes. One thread logs the
/// benchmark message (a 3-argument template) through a logger with Block policies, so nothing is dropped.</summary>
internal static class SocketThroughputMode
{
    public static int Run(string[] args)
    {
        int records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"socket handler throughput, {records:N0} records per round, {rounds} rounds; receiver counts frames in-process");
        Console.WriteLine("| transport | round | records/s | MB/s (frames) | bytes/frame | CPU s (process) | received |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int r = 1; r <= rounds; r++) RunOne("tcp", records, r);
        string path = Path.Combine(Path.GetTempPath(), "femto-bench-" + Environment.ProcessId + ".sock");
        for (int r = 1; r <= rounds; r++) RunOne("unix:" + path, records, r);
        return 0;
    }

    private static void RunOne(string transport, int records, int round)
    {
        bool unix = transport.StartsWith("unix:", StringComparison.Ordinal);
        string? path = unix ? transport[5..] : null;
        if (path is not null && File.Exists(path)) File.Delete(path);
        using var listener = unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(unix ? new UnixDomainSocketEndPoint(path!) : new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        long frames = 0, bytes = 0;
        var receiver = new Thread(() =>
        {
            using var client = listener.Accept();
            var buffer = new byte[256 * 1024];
            long need = 4; // bytes until the next frame boundary
            bool inPrefix = true;
            var prefix = new byte[4];
            int prefixHave = 0;
            int n;
            while ((n = client.Receive(buffer)) > 0)
            {
                Interlocked.Add(ref bytes, n);
                int at = 0;
                while (at < n)
                {
                    if (inPrefix)
                    {
                        int take = Math.Min(4 - prefixHave, n - at);
                        Array.Copy(buffer, at, prefix, prefixHave, take);
                        prefixHave += take;
                        at += take;
                        if (prefixHave == 4) { need = BinaryPrimitives.ReadUInt32BigEndian(prefix); inPrefix = false; prefixHave = 0; }
                    }
                    else
                    {
                        int take = (int)Math.Min(need, n - at);
                        need -= take;
                        at += take;
                        if (need == 0) { inPrefix = true; Interlocked.Increment(ref frames); }
                    }
                }
            }
        }) { IsBackground = true, Name = "receiver" };
        receiver.Start();

        var builder = new SocketHandlerBuilder().WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(65_536);
        builder = unix ? builder.WithUnixPath(path!) : builder.WithTcp("127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port);
        var handler = builder.Build();
        var log = FemtoLogging.GetLogger("bench.socket." + round + (unix ? "u" : "t"));
        log.Propagate = false;
        log.OverflowPolicy = OverflowPolicy.Block;
        log.QueueCapacity = 65_536;
        log.AddHandler(handler);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < records; i++) log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", i);
        log.Flush(TimeSpan.FromMinutes(5));
        handler.Flush(TimeSpan.FromMinutes(5));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        SpinWait.SpinUntil(() => Interlocked.Read(ref frames) >= handler.SentCount, TimeSpan.FromSeconds(30));
        long sent = handler.SentCount;
        long frameBytes = Interlocked.Read(ref bytes);
        handler.Close();
        log.RemoveHandler(handler);
        if (path is not null) File.Delete(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(unix ? "unix" : "tcp")} | {round} | {sent / elapsed.TotalSeconds:N0} | {frameBytes / elapsed.TotalSeconds / 1e6:F1} | {frameBytes / Math.Max(1, frames)} | {cpuUsed.TotalSeconds:F2} | {Interlocked.Read(ref frames):N0}/{records:N0} |"));
    }
}
