namespace Femto.Bench;

/// <summary>The record every suite logs, and the shared knobs of the runs.</summary>
internal static class Workload
{
    /// <summary>The 3-argument message template (Serilog/NLog/Femto/MEL syntax).</summary>
    public const string Template3 = "Hello, {Name} lives in {City} {Age} years old";

    /// <summary>The same message in composite-format syntax (log4net's <c>InfoFormat</c>).</summary>
    public const string Composite3 = "Hello, {0} lives in {1} {2} years old";

    public const string Plain = "plain message";

    public const string Name = "Bill Evance";
    public const string City = "Mumbai";
    public const int Age = 31;

    /// <summary>Records per end-to-end / contention invocation.</summary>
    public const int Records = 1_000_000;

    /// <summary>Queue capacity given to every asynchronous logger (Femto's logger and handler queues, Serilog's
    /// async buffer, NLog's AsyncWrapper, ZLogger's background buffer): 65,536 unless <c>FEMTO_BENCH_QUEUE</c> says
    /// otherwise (an environment variable, so BenchmarkDotNet's child processes see it too).</summary>
    public static readonly int QueueCapacity =
        int.TryParse(Environment.GetEnvironmentVariable("FEMTO_BENCH_QUEUE"), out int q) && q >= 2 ? q : 65536;

    /// <summary>Set by <c>--quick</c> (environment variable so the BenchmarkDotNet child processes see it too).</summary>
    public static bool Quick => Environment.GetEnvironmentVariable("FEMTO_BENCH_QUICK") == "1";

    /// <summary>Line format every library is configured to write: <c>yyyy-MM-dd HH:mm:ss.fff [LEVEL] message</c> (UTC).</summary>
    public const string LineFormatDescription = "yyyy-MM-dd HH:mm:ss.fff [LEVEL] message";
}

/// <summary>A per-process temporary directory for log files, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    private int _next;

    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "femto-bench-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A fresh file name in the directory (the file does not exist yet).</summary>
    public string NewFile(string stem) => System.IO.Path.Combine(Path, $"{stem}-{Interlocked.Increment(ref _next)}.log");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Counts lines and bytes of a log file.</summary>
internal static class LogFiles
{
    public static (long Lines, long Bytes) Measure(string path)
    {
        if (!File.Exists(path)) return (0, 0);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var buffer = new byte[1 << 16];
        long lines = 0, bytes = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            bytes += n;
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
        }
        return (lines, bytes);
    }

    public static string FirstLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadLine() ?? "";
    }
}
