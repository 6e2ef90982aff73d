using System.Globalization;
using System.Text.RegularExpressions;

namespace Femto.Tests.Handlers.Rotating;

/// <summary>Size rotation under load: four producers, Block policy, many rotations.</summary>
public sealed partial class RotationStressTests : FemtoTestBase
{
    private const int Producers = 4;
    private const int PerProducer = 50_000;
    private const long MaxBytes = 64 * 1024;
    private const int Backups = 5;

    [GeneratedRegex(@"^p(\d) (\d{6})$")]
    private static partial Regex LineShape();

    [Test]
    public void FourProducersKeepExactlyTheNewestContiguousRunPerProducer()
    {
        string path = TempPath("stress.log");
        var handler = Track(new RotatingFileHandlerBuilder(path)
            .WithMaxBytes(MaxBytes)
            .WithBackupCount(Backups)
            .WithOverflowPolicy(OverflowPolicy.Block)
            .WithFormatter(r => r.Message)
            .Build());

        using var start = new ManualResetEventSlim(false);
        var producers = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            start.Wait();
            for (int i = 0; i < PerProducer; i++) handler.Handle("s", FemtoLevel.Info, string.Create(CultureInfo.InvariantCulture, $"p{p} {i:D6}"));
        }) { IsBackground = true }).ToList();
        producers.ForEach(t => t.Start());
        start.Set();
        producers.ForEach(t => Assert.That(t.Join(Patience), Is.True));
        Assert.That(handler.Flush(Patience), Is.True);
        handler.Close();

        Assert.That(handler.DroppedCount, Is.Zero);
        Assert.That(handler.ErrorCount, Is.Zero);
        string[] expectedNames = ["stress.log", .. Enumerable.Range(1, Backups).Select(i => $"stress.log.{i}")];
        Assert.That(LogDir.Names(path), Is.EquivalentTo(expectedNames), "exactly five backups");

        // Oldest to newest: .5 … .1, then the live file.
        var files = Enumerable.Range(1, Backups).Reverse().Select(i => $"{path}.{i}").Append(path).ToList();
        var next = new int[Producers];
        Array.Fill(next, -1);
        foreach (var file in files)
        {
            Assert.That(new FileInfo(file).Length, Is.LessThanOrEqualTo(MaxBytes), Path.GetFileName(file));
            foreach (var line in LogDir.Lines(file))
            {
                var m = LineShape().Match(line);
                Assert.That(m.Success, Is.True, $"torn or foreign line '{line}' in {Path.GetFileName(file)}");
                int p = m.Groups[1].Value[0] - '0';
                int seq = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (next[p] >= 0) Assert.That(seq, Is.EqualTo(next[p]), $"producer {p}: gap or duplicate in {Path.GetFileName(file)}");
                next[p] = seq + 1;
            }
        }
        // The retained files are the newest stretch of the output: a producer that finished before it began has no
        // line there; every other producer's run is contiguous and ends with its newest record.
        for (int p = 0; p < Producers; p++)
            Assert.That(next[p], Is.EqualTo(-1).Or.EqualTo(PerProducer), $"producer {p}: the retained run ends with its newest record");
        Assert.That(next.Count(n => n == PerProducer), Is.GreaterThanOrEqualTo(1));
        Assert.That(handler.Rotations, Is.GreaterThan(Backups));
    }
}
