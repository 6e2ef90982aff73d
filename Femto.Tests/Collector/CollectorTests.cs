using System.Net.Sockets;
using System.Text.Json;
using Femto.Handlers;
using Femto.Tests.ChildProcesses;
using Femto.Tests.Reliability;
using Femto.Tests.Socket;

namespace Femto.Tests.Collector;

/// <summary><c>femto listen</c> as a real child process, fed by real sender processes and raw sockets.</summary>
public sealed class CollectorTests : FemtoTestBase
{
    private static string[] WaitForLines(string path, int count)
    {
        string[] lines = [];
        SpinWait.SpinUntil(() =>
        {
            if (!File.Exists(path)) return false;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length >= count;
        }, Patience);
        return lines;
    }

    /// <summary>The complete lines in a set of rotating files that the collector may be rotating while we read. A
    /// rotation renames the live file and every backup (<c>.1</c> to <c>.2</c>, the live file to <c>.1</c>) and
    /// then creates a fresh live file, so a file listed a moment ago may be gone, or hold other lines, when it is
    /// read. A file gone is skipped and a line met twice (before and after its file moved) counts once: the count can
    /// fall short of what was written, and the caller looks again, but never run ahead of it. Every line is unique
    /// here (each record's message differs), and a last line still being written (no newline yet) is left out.</summary>
    private static HashSet<string> CompleteLinesWhileRotating(string directory)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory))
        {
            string text;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                text = new StreamReader(stream).ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                continue; // renamed by a rotation after the listing: its lines are in the next file or the next look
            }
            var complete = text.Split('\n');
            lines.UnionWith(complete[..^1]);
        }
        return lines;
    }

    [Test]
    public void Four_sender_processes_of_ten_thousand_records_each_all_arrive_in_order()
    {
        string output = TempPath("collected.jsonl");
        using var collector = CollectorProcess.Start(1, null, "--tcp", "127.0.0.1:0", "--out", output, "--format", "json");
        Assert.That(collector.Listening.Single(), Does.Match(@"^listening on 127\.0\.0\.1:\d+$"));
        int perSender = 10_000;
        var senders = Enumerable.Range(0, 4)
            .Select(i => ChildApp.StartDll(ChildApp.LocateDll(), null, "--send", "127.0.0.1:" + collector.Port, perSender.ToString(System.Globalization.CultureInfo.InvariantCulture), "s" + i))
            .ToList();
        foreach (var sender in senders)
        {
            Assert.That(sender.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "sender finished");
            Assert.That((sender.ExitCode, sender.StandardOutput.ReadToEnd().Trim()), Is.EqualTo((0, $"sent {perSender} dropped 0")));
            sender.Dispose();
        }
        var lines = WaitForLines(output, 4 * perSender);
        Assert.That(collector.Stop(), Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(4 * perSender));
        var bySender = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .GroupBy(e => e.GetProperty("logger").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("key_values").GetProperty("I").GetInt32()).ToList());
        Assert.That(bySender.Keys, Is.EquivalentTo(new[] { "sender.s0", "sender.s1", "sender.s2", "sender.s3" }));
        foreach (var (name, sequence) in bySender)
            Assert.That(sequence, Is.EqualTo(Enumerable.Range(0, perSender)), $"{name}: every record, in the sender's order");
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("INFO"));
        Assert.That(first.GetProperty("thread_id").GetInt32(), Is.GreaterThan(0), "the sender's thread, not the collector's");
        Assert.That(collector.Stderr, Does.Contain($"femto listen: {4 * perSender} records from 4 connections; 0 connections closed for malformed frames"));
    }

    [Test]
    public void Tls_and_a_unix_socket_side_by_side_with_rotation_and_text_lines()
    {
        string key = TempPath("server.key");
        var (_, pem) = TestCertificates.SelfSigned(TempDir, "localhost", key);
        string sock = Path.Combine("/tmp", "femto-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        string output = TempPath("out", "collected.log");
        using var collector = CollectorProcess.Start(2, null, "--tcp", "127.0.0.1:0", "--unix", sock, "--tls-cert", pem, "--tls-key", key,
            "--out", output, "--max-bytes", "4000", "--backup-count", "50");
        Assert.That(collector.Listening, Does.Contain("listening on unix:" + sock));
        var tls = Track(new SocketHandlerBuilder().WithTcp("localhost", collector.Port).WithTls("localhost").WithTrustedCertificate(pem).Build());
        var unix = Track(new SocketHandlerBuilder().WithUnixPath(sock).Build());
        for (int i = 0; i < 100; i++)
        {
            tls.Handle("over.tls", FemtoLevel.Info, "tls " + i);
            unix.Handle("over.unix", FemtoLevel.Error, "unix " + i);
        }
        Assert.That(tls.Flush(Patience) && unix.Flush(Patience), Is.True, tls.LastError ?? unix.LastError);
        int seen = 0;
        Assert.That(SpinWait.SpinUntil(() => (seen = CompleteLinesWhileRotating(TempPath("out")).Count) >= 200, Patience), Is.True,
            $"{seen} of 200 lines written; collector stderr: {collector.Stderr}");
        Assert.That(collector.Stop(), Is.Zero);
        var files = Directory.GetFiles(TempPath("out"));
        Assert.That(files, Has.Length.GreaterThan(2), "rotated by size");
        Assert.That(files.Select(f => new FileInfo(f).Length), Has.All.LessThanOrEqualTo(4000));
        var all = files.SelectMany(File.ReadAllLines).ToList();
        Assert.That(all, Has.Count.EqualTo(200));
        Assert.That(all, Has.Some.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} over\.tls \[INFO\] tls 99$"));
        Assert.That(all, Has.Some.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} over\.unix \[ERROR\] unix 0$"));
        Assert.That(File.Exists(sock), Is.False, "the socket file is removed at exit");
    }

    [Test]
    public void The_dashboard_stays_off_under_CI_unless_forced()
    {
        var ci = new Dictionary<string, string> { ["CI"] = "true" };
        using (var off = CollectorProcess.Start(1, ci, "--tcp", "127.0.0.1:0", "--dashboard", "0"))
        {
            Assert.That(SpinWait.SpinUntil(() => off.Stdout.Any(l => l.StartsWith("dashboard:", StringComparison.Ordinal)), Patience), Is.True);
            Assert.That(off.Stdout, Does.Contain("dashboard: off because CI=true (add --force to start it anyway)"));
            Assert.That(off.Stop(), Is.Zero);
        }
        using var on = CollectorProcess.Start(1, ci, "--tcp", "127.0.0.1:0", "--dashboard", "0", "--force");
        Assert.That(SpinWait.SpinUntil(() => on.Stdout.Any(l => l.StartsWith("dashboard: http://127.0.0.1:", StringComparison.Ordinal)), Patience), Is.True, string.Join("\n", on.Stdout));
        Assert.That(on.Stop(), Is.Zero);
    }

    [Test]
    public void Bad_arguments_are_a_usage_error()
    {
        using var process = ChildApp.StartDll(ChildApp.LocateFemtoCli(), null, "listen", "--max-bytes", "100");
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(process.StandardError.ReadToEnd(), Does.Contain("--max-bytes and --backup-count go together"));
    }
}
