using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Extensions;

/// <summary>A Generic Host in a real child process, logging through ILogger&lt;T&gt; to a buffered Femto file handler
/// and never flushing by hand: when the host stops by itself, and on SIGTERM (the console lifetime's graceful stop),
/// every line it logged is in the file, the lines hosted services logged while stopping included.</summary>
public sealed class HostProcessTests : FemtoTestBase
{
    private const int Lines = 20_000;
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);

    [TestCase(false, TestName = "HostThatStopsItselfWritesEveryLine")]
    [TestCase(true, TestName = "HostStoppedBySigtermWritesEveryLine")]
    public void EveryLineIsWritten(bool sigterm)
    {
        string path = TempPath("host", "child.log");
        using var child = ChildApp.Start(sigterm ? ["host", path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                                                 : ["host", path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stop"]);
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            var ready = child.StandardOutput.ReadLineAsync();
            Assert.That(ready.Wait(ExitPatience), Is.True, "the child never said it was ready");
            Assert.That(ready.Result, Is.EqualTo("ready"), $"stderr: {(stderr.IsCompleted ? stderr.Result : "")}");
            if (sigterm) ChildApp.Signal(child.Id, 15);
            Assert.That(child.WaitForExit(ExitPatience), Is.True, "the child did not exit");
            child.WaitForExit();
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        TestContext.Out.WriteLine($"exit code {child.ExitCode}; stderr: {stderr.Result}");

        var lines = File.ReadAllLines(path);
        var numbered = lines.Where(l => l.Contains("[INFO] line ", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(child.ExitCode, Is.Zero, "a graceful stop");
            Assert.That(numbered, Has.Count.EqualTo(Lines));
            Assert.That(numbered.Select(l => int.Parse(System.Text.RegularExpressions.Regex.Match(l, @"\[INFO\] line (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(Enumerable.Range(0, Lines)), "in order");
            Assert.That(lines, Has.Some.Contains("[INFO] worker stopping").And.Some.Contains("[INFO] worker stopped"), "logged while the host stopped");
            Assert.That(lines, Has.Some.Contains("[INFO] Application is shutting down..."));
            Assert.That(stderr.Result, Is.Empty, "no shutdown report: nothing was left unwritten");
        }
    }
}
