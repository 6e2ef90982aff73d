using System.Diagnostics;
using System.Globalization;
using Femto.Handlers;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace Femto.Bench;

/// <summary><c>loggers</c>: the same 1,000,000 records spread over 1, 100, 1,000 and 10,000 loggers (one per
/// category, as <c>ILogger&lt;T&gt;</c> applications have), written by two producer threads to one file through each
/// library's recommended asynchronous setup. Each library and logger count runs in its own process; reported:
/// records/s, lines and bytes per line, drops, peak thread count, peak working set, managed heap retained after
/// the flush with every logger still referenced.</summary>
internal static class ManyLoggersMode
{
    public static readonly int[] DefaultCounts = [1, 100, 1000, 10_000];
    private static readonly string[] Libraries = ["Femto", "NLog", "Serilog", "ZLogger"];
    private const int Producers = 2;
    private const int AsyncQueue = 10_000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int[] counts = args.Length > 0 ? args[0].Split(',').Select(s => int.Parse(s, Inv)).ToArray() : DefaultCounts;
        long records = args.Length > 1 ? long.Parse(args[1], Inv) : Workload.Records;
        Console.WriteLine($"{records:N0} 3-argument records over N loggers (round robin), {Producers} producer threads, one file; Block everywhere;");
        Console.WriteLine($"each library's asynchronous queue {AsyncQueue:N0} records (Femto: the file handler's; each Femto logger keeps its default 1,024-record queue).");
        Console.WriteLine("Each row is its own process. Threads: peak OS threads of the process. Retained: managed heap after the flush minus before the loggers were created, loggers still referenced.");
        Console.WriteLine();
        Console.WriteLine("| Library | loggers | records/s | vs 1 logger | lines | bytes/line | drops | peak threads | peak working set (MB) | retained heap (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        int failures = 0;
        foreach (var lib in Libraries)
        {
            double? baseline = null;
            foreach (int n in counts)
            {
                var (code, rate) = RunChild(lib, n, records, baseline);
                failures += code;
                baseline ??= rate;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static (int Code, double Rate) RunChild(string lib, int loggers, long records, double? baseline)
    {
        var (exitCode, output) = ChildProcess.Run("loggers-one", lib, loggers.ToString(Inv), records.ToString(Inv));
        double rate = 0;
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                if (line.Length > 0) Console.Error.WriteLine(line.TrimEnd());
                continue;
            }
            var cells = line.Split('|');
            rate = double.Parse(cells[3], Inv);
            string ratio = baseline is { } b && b > 0 ? (rate / b).ToString("P0", Inv) : "—";
            cells[4] = " " + ratio + " ";
            Console.WriteLine(string.Join('|', cells).TrimEnd());
        }
        return (exitCode == 0 ? 0 : 1, rate);
    }

    /// <summary>Child: one library, one logger count.</summary>
    public static int RunOne(string library, int loggers, long records)
    {
        using var dir = new TempDir();
        string path = dir.NewFile(library);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        using var target = Create(library, path, loggers);
        int peakThreads = 0;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakThreads = Math.Max(peakThreads, ThreadCount());
                stop.Token.WaitHandle.WaitOne(10);
            }
        }) { IsBackground = true, Name = "sampler" };
        sampler.Start();

        long perProducer = records / Producers;
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            string name = Workload.Name, city = Workload.City;
            int age = Workload.Age;
            int i = p % loggers;
            for (long k = 0; k < perProducer; k++)
            {
                target.Log(i, name, city, age);
                if (++i == loggers) i = 0;
            }
        }) { Name = "producer " + p }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        target.Flush();
        watch.Stop();
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        stop.Cancel();
        sampler.Join();
        long drops = target.Dropped;
        GC.KeepAlive(target);
        target.Dispose();

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var (lines, bytes) = LogFiles.Measure(path);
        long expected = perProducer * Producers;
        double seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(Inv,
            $"| {library} | {loggers:N0} | {expected / seconds:F0} | | {lines:N0} | {(lines > 0 ? (double)bytes / lines : 0):F2} | {(drops < 0 ? "n/a" : drops.ToString(Inv))} | {peakThreads} | {self.PeakWorkingSet64 / 1048576.0:F0} | {retained / 1048576.0:F1} |"));
        return lines == expected && drops <= 0 ? 0 : 1;
    }

    private static int ThreadCount()
    {
        try { return Directory.GetDirectories("/proc/self/task").Length; }
        catch (IOException) { using var p = Process.GetCurrentProcess(); return p.Threads.Count; }
    }

    private interface IManyTarget : IDisposable
    {
        void Log(int logger, string name, string city, int age);
        /// <summary>Waits until everything is written (disposing where the library has no flush).</summary>
        void Flush();
        long Dropped { get; }
    }

    private static IManyTarget Create(string library, string path, int loggers) => library.ToLowerInvariant() switch
    {
        "femto" => new FemtoTarget(path, loggers),
        "nlog" => new NLogTarget(path, loggers),
        "serilog" => new SerilogTarget(path, loggers),
        "zlogger" => new ZLoggerTarget(path, loggers),
        _ => throw new ArgumentException($"Unknown library '{library}'.", nameof(library)),
    };

    private static string Category(int i) => $"App.Services.Component{i}";

    private sealed class FemtoTarget : IManyTarget
    {
        private readonly FemtoLogger[] _loggers;
        private readonly FemtoFileHandler _file;
        private long _dropped = -1;

        public FemtoTarget(string path, int n)
        {
            _file = new FileHandlerBuilder(path)
                .WithFormatter(FemtoFormatters.Timestamped)
                .WithOverflowPolicy(OverflowPolicy.Block)
                .WithCapacity(AsyncQueue)
                .WithFlushInterval(100_000)
                .Build();
            var root = FemtoLogging.GetLogger();
            root.AddHandler(_file);
            _loggers = Enumerable.Range(0, n).Select(i =>
            {
                var log = FemtoLogging.GetLogger(Category(i));
                log.OverflowPolicy = OverflowPolicy.Block;
                return log;
            }).ToArray();
        }

        public void Log(int logger, string name, string city, int age) => _loggers[logger].Info(Workload.Template3, name, city, age);
        public void Flush() => FemtoLogging.Flush(TimeSpan.FromSeconds(120));
        public long Dropped => _dropped >= 0 ? _dropped : _loggers.Sum(l => l.DroppedCount) + _file.DroppedCount;

        public void Dispose()
        {
            if (_dropped >= 0) return;
            _dropped = Dropped;
            _file.Dispose();
        }
    }

    private sealed class NLogTarget : IManyTarget
    {
        private readonly NLog.LogFactory _factory;
        private readonly NLog.Logger[] _loggers;
        private bool _disposed;

        public NLogTarget(string path, int n)
        {
            _factory = Subjects.CreateNLog(path, AsyncQueue);
            _loggers = Enumerable.Range(0, n).Select(i => _factory.GetLogger(Category(i))).ToArray();
        }

        public void Log(int logger, string name, string city, int age) => _loggers[logger].Info(Workload.Template3, name, city, age);
        public void Flush() => _factory.Flush(TimeSpan.FromSeconds(120));
        public long Dropped => -1;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _factory.Shutdown();
            _factory.Dispose();
        }
    }

    private sealed class SerilogTarget : IManyTarget
    {
        private readonly Subjects.SerilogMonitor _monitor = new();
        private readonly Serilog.Core.Logger _root;
        private readonly Serilog.ILogger[] _loggers;
        private bool _disposed;

        public SerilogTarget(string path, int n)
        {
            _root = Subjects.CreateSerilog(path, _monitor, AsyncQueue);
            _loggers = Enumerable.Range(0, n).Select(i => _root.ForContext(Serilog.Core.Constants.SourceContextPropertyName, Category(i))).ToArray();
        }

        public void Log(int logger, string name, string city, int age) => _loggers[logger].Information(Workload.Template3, name, city, age);
        // Serilog.Sinks.Async has no flush: wait until its queue is empty, then dispose writes the buffered tail.
        public void Flush()
        {
            _monitor.WaitEmpty(TimeSpan.FromSeconds(120));
            Dispose();
        }
        public long Dropped => _monitor.Dropped;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _root.Dispose();
        }
    }

    private sealed class ZLoggerTarget : IManyTarget
    {
        private readonly ILoggerFactory _factory;
        private readonly Microsoft.Extensions.Logging.ILogger[] _loggers;
        private bool _disposed;

        public ZLoggerTarget(string path, int n)
        {
            _factory = Subjects.CreateZLogger(path, AsyncQueue);
            _loggers = Enumerable.Range(0, n).Select(i => _factory.CreateLogger(Category(i))).ToArray();
        }

        public void Log(int logger, string name, string city, int age) => _loggers[logger].ZLogInformation($"Hello, {name} lives in {city} {age} years old");
        // No flush API: disposing the factory writes everything out.
        public void Flush() => Dispose();
        public long Dropped => -1;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _factory.Dispose();
        }
    }
}
