
namespace Femto.Tests.ChildProcesses;

/// <summary>FemtoLogging.ShutdownOnSignals = false (what an application host sets): SIGTERM flushes instead of
/// shutting Femto down, so the program can keep logging while it stops gracefully; process exit then writes the rest.</summary>
public sealed class SignalFlushTests : FemtoTestBase
{
    [Test]
    public void WithoutShutdownOnSignalsAProgramKeepsLoggingAfterSigterm()
    {
        const int Lines = 5_000;
        string path = TempPath("graceful", "child.log");
        using var child = ChildApp.Start(path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait-for-signal", "--graceful");
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            var ready = child.StandardOutput.ReadLineAsync();
            Assert.That(ready.Wait(TimeSpan.FromSeconds(60)), Is.True, "the child never said it was ready");
            Assert.That(ready.Result, Is.EqualTo("ready"));
            ChildApp.Signal(child.Id, 15);
            Assert.That(child.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the child did not exit");
            child.WaitForExit();
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        var lines = File.ReadAllLines(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(child.ExitCode, Is.Zero);
            Assert.That(lines.Count(l => l.StartsWith("child [INFO] line ", StringComparison.Ordinal)), Is.EqualTo(Lines));
            Assert.That(lines[^1], Is.EqualTo("child [INFO] after the signal"), "logged after SIGTERM, written at exit");
            Assert.That(stderr.Result, Is.Empty);
        }
    }
}
