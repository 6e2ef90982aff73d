using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Femto.Handlers;

namespace Femto.Bench;

/// <summary>The cost of rotation: the suite-2 end-to-end run (1,000,000 three-argument records, flush and dispose
/// included, 1 or 4 producer threads) to the plain file handler, to a size-rotating one (10 MiB, 5 backups), and
/// to the same with gzip compression of closed backups. Every iteration starts from a fresh directory and checks
/// afterwards: nothing dropped, exactly 5 backups, every file at most 10 MiB, lines whole, the newest record last.</summary>
[Config(typeof(ThroughputConfig))]
public class RotationBenchmarks
{
    private TempDir? _dir;
    private ILogSubject? _subject;

    public static IEnumerable<int> ThreadCounts => [1, 4];

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    [IterationSetup(Target = nameof(File))] public void OpenFile() => Open(RotationVariant.File);
    [IterationSetup(Target = nameof(Rotating))] public void OpenRotating() => Open(RotationVariant.Rotating);
    [IterationSetup(Target = nameof(RotatingGzip))] public void OpenRotatingGzip() => Open(RotationVariant.RotatingGzip);

    private void Open(RotationVariant variant)
    {
        _dir?.Dispose();
        _dir = new TempDir();
        _subject = RotationSubject.Create(variant, _dir.NewFile("femto"));
    }

    [IterationCleanup]
    public void Verify()
    {
        var subject = (RotationSubject)(_subject ?? throw new InvalidOperationException("No subject."));
        subject.Dispose();
        Console.WriteLine($"// verify {subject.Name} threads={Threads}: {subject.Verify()}");
        _subject = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subject?.Dispose();
        _dir?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Records)] public void File() => Run();
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void Rotating() => Run();
    [Benchmark(OperationsPerInvoke = Workload.Records)] public void RotatingGzip() => Run();

    private void Run()
    {
        ThroughputBenchmarks.Produce(_subject!, Threads, Workload.Records);
        _subject!.Dispose(); // flush + close (and, with gzip, the last backup's compression): part of the measured time
    }
}

/// <summary>Which Femto file handler a rotation run writes through.</summary>
internal enum RotationVariant
{
    File,
    Rotating,
    RotatingGzip,
}

/// <summary>Femto configured as in suite 2 (queues of 65,536, Block, timestamped lines, output every 64 KiB) with
/// the plain or a size-rotating file handler.</summary>
internal sealed class RotationSubject : Subjects.FemtoSubject
{
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int Backups = 5;

    private RotationSubject(RotationVariant variant, string path)
        : base(NameOf(variant), path, variant == RotationVariant.File
            ? Subjects.ConfigureFemto(new FileHandlerBuilder(path)).Build()
            : BuildRotating(path, variant == RotationVariant.RotatingGzip))
    {
        Variant = variant;
    }

    private static FemtoRotatingFileHandler BuildRotating(string path, bool gzip)
    {
        var builder = Subjects.ConfigureFemto(new RotatingFileHandlerBuilder(path)).WithMaxBytes(MaxBytes).WithBackupCount(Backups);
        return (gzip ? builder.WithCompression() : builder).Build();
    }

    public static RotationSubject Create(RotationVariant variant, string path) => new(variant, path);

    public RotationVariant Variant { get; }

    private static string NameOf(RotationVariant variant) => variant switch
    {
        RotationVariant.File => "Femto file",
        RotationVariant.Rotating => "Femto rotating 10 MiB x5",
        _ => "Femto rotating 10 MiB x5 gzip",
    };

    /// <summary>Checks the files after a run and says what it found; throws when something is wrong.</summary>
    /// <param name="fullRun">The run logged <see cref="Workload.Records"/> records (the plain file must hold them
    /// all, and a rotating handler must have filled all its backups).</param>
    public string Verify(bool fullRun = true)
    {
        string dir = Path.GetDirectoryName(FilePath)!;
        var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList();
        long lines = 0;
        foreach (var f in files)
        {
            var (n, bytes, endsWhole) = Count(f);
            if (!endsWhole) throw new InvalidOperationException($"{Name}: {Path.GetFileName(f)} ends with a torn line.");
            if (Variant != RotationVariant.File && !f.EndsWith(".gz", StringComparison.Ordinal) && bytes > MaxBytes)
                throw new InvalidOperationException($"{Name}: {Path.GetFileName(f)} has {bytes} bytes, more than {MaxBytes}.");
            lines += n;
        }
        if (Dropped != 0) throw new InvalidOperationException($"{Name}: {Dropped} dropped.");
        int expectedFiles = Variant == RotationVariant.File ? 1 : 1 + Backups;
        if (fullRun ? files.Count != expectedFiles : files.Count > expectedFiles) throw new InvalidOperationException($"{Name}: {files.Count} files, expected {expectedFiles}: {string.Join(", ", files.Select(Path.GetFileName))}.");
        if (fullRun && Variant == RotationVariant.File && lines != Workload.Records) throw new InvalidOperationException($"{Name}: {lines} lines.");
        if (Variant == RotationVariant.RotatingGzip && files.Count(f => f.EndsWith(".gz", StringComparison.Ordinal)) != files.Count - 1)
            throw new InvalidOperationException($"{Name}: not every backup is compressed.");
        return $"files={files.Count} retained lines={lines} dropped={Dropped}";
    }

    private static (long Lines, long Bytes, bool EndsWhole) Count(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var buffer = new byte[1 << 16];
        long lines = 0, bytes = 0;
        byte last = (byte)'\n';
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            bytes += n;
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
            last = buffer[n - 1];
        }
        return (lines, bytes, last == (byte)'\n');
    }
}
