using System.Diagnostics;
using System.Globalization;
using Femto.Handlers;

namespace Femto.Bench;

/// <summary><c>frames [rounds]</c>: the cost of encoding one socket frame (<see cref="RecordFrames.Write"/>) for the
/// benchmark message (a 3-argument template) and for a record with 4 key-values, on the handler's worker as the
/// socket handler does it. Each round encodes 200,000 frames into a cleared buffer; prints the process's CPU time per frame for each round.</summary>
internal static class FrameEncodingMode
{
    private const int FramesPerRound = 200_000;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var log = FemtoLogging.GetLogger("bench.frames");
        log.Propagate = false;
        var encoder = new Encoder(rounds);
        log.AddHandler(encoder);
        log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
        log.Info("payment accepted", ("user", 42), ("amount", 19.99), ("note", "first order"), ("ok", true));
        log.Flush(TimeSpan.FromMinutes(5));
        Console.WriteLine($"frame encoding, {FramesPerRound:N0} frames per round, CPU ns/frame per round (lower is better)");
        Console.WriteLine($"| record | frame bytes | rounds (ns/frame) | best |");
        Console.WriteLine($"|---|---:|---|---:|");
        foreach (var (name, bytes, ns) in encoder.Results)
            Console.WriteLine($"| {name} | {bytes} | {string.Join(" ", ns.Select(n => n.ToString("F0", CultureInfo.InvariantCulture)))} | {ns.Min():F0} |");
        return 0;
    }

    private sealed class Encoder(int rounds) : IFemtoRecordHandler
    {
        private readonly FemtoBuffer _buffer = new(1 << 20);
        public readonly List<(string Name, int Bytes, double[] Ns)> Results = [];

        public void Handle(in FemtoRecordView record)
        {
            var ns = new double[rounds];
            int bytes = 0;
            for (int r = 0; r < rounds; r++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < FramesPerRound; i++)
                {
                    if ((i & 1023) == 0) _buffer.Clear();
                    RecordFrames.Write(record, _buffer);
                }
                // CPU time, not wall time: other processes share the cores, and the process is idle but for this thread.
                ns[r] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / FramesPerRound;
                _buffer.Clear();
                RecordFrames.Write(record, _buffer);
                bytes = _buffer.WrittenCount;
            }
            Results.Add((record.KeyValueCount == 3 ? "template, 3 args" : "4 key-values", bytes, ns));
        }

        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();
    }
}
