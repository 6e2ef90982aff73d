namespace Femto.Tests.ChildProcesses;

/// <summary>A real child process that logs and never flushes: returning from Main, Environment.Exit, an unhandled
/// exception, SIGTERM and SIGINT must all write out every record the process accepted.</summary>
[Platform(Exclude = "Win", Reason = "POSIX signals")]
public sealed class ProcessExitTests : FemtoTestBase
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);

    [Test]
    public void ReturningFromMainWritesEveryLineInOrder()
    {
        const int Lines = 100_000;
        string path = TempPath("exit", "child.log");
        var (exitCode, stdout, stderr) = RunToExit(path, Lines);
        Assert.That(exitCode, Is.Zero, $"stdout: {stdout}\nstderr: {stderr}");
        Assert.That(stderr, Is.Empty, "the child reported a problem");
        AssertAllLines(path, Lines);
    }

    [Test]
    public void EnvironmentExitWritesEveryLine()
    {
        const int Lines = 20_000;
        string path = TempPath("envexit", "child.log");
        var (exitCode, _, stderr) = RunToExit(path, Lines, "--then", "exit");
        Assert.That(exitCode, Is.EqualTo(3), stderr);
        AssertAllLines(path, Lines);
    }

    [Test]
    public void UnhandledExceptionWritesEveryLine()
    {
        const int Lines = 20_000;
        string path = TempPath("unhandled", "child.log");
        var (exitCode, _, stderr) = RunToExit(path, Lines, "--then", "throw");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("unhandled on purpose"));
        AssertAllLines(path, Lines);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void BlockPolicyLosesNothingWithTinyQueues(int capacity)
    {
        // Queue-size edge cases run in a child process: a broken queue can leave a worker spinning forever, which
        // must not slow down the rest of the test run.
        const int Lines = 20_000;
        string path = TempPath($"cap{capacity}", "child.log");
        var (exitCode, stdout, stderr) = RunToExit(path, Lines, "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(exitCode, Is.Zero, $"stdout: {stdout}\nstderr: {stderr}");
        Assert.That(stderr, Is.Empty, "the child reported a problem");
        AssertAllLines(path, Lines);
    }

    [TestCase(15, TestName = "SigtermWritesEveryLineInOrder")]
    [TestCase(2, TestName = "SigintWritesEveryLineInOrder")]
    public void SignalWritesEveryLineInOrder(int signal)
    {
        const int Lines = 20_000;
        string path = TempPath("sigterm", "child.log");
        using var child = ChildApp.Start(path, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait-for-signal");
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            var ready = child.StandardOutput.ReadLineAsync();
            Assert.That(ready.Wait(ExitPatience), Is.True, "the child never said it was ready");
            Assert.That(ready.Result, Is.EqualTo("ready"), $"stderr: {(stderr.IsCompleted ? stderr.Result : "")}");

            ChildApp.Signal(child.Id, signal);
            Assert.That(child.WaitForExit(ExitPatience), Is.True, $"the child did not exit on signal {signal}");
            child.WaitForExit();
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        TestContext.Out.WriteLine($"exit code after signal {signal}: {child.ExitCode}; stderr: {stderr.Result}");
        AssertAllLines(path, Lines);
    }

    [Test]
    public void AHungSinkDoesNotKeepTheProcessAliveAndTheLossIsReported()
    {
        // The custom handler hangs on the first record; shutdown's 1 s deadline must end the wait, report what is
        // left, and let the process exit.
        string path = TempPath("hung", "child.log");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _, stderr) = RunToExit(path, 1000, "--stuck-sink");
        watch.Stop();
        TestContext.Out.WriteLine($"exited with {exitCode} after {watch.ElapsedMilliseconds} ms; stderr: {stderr}");
        Assert.That(exitCode, Is.Zero);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the process must not wait for the hung sink");
        Assert.That(stderr, Does.Contain("shutdown did not finish within 1000 ms"), "the loss is reported on stderr");
    }

    private static (int ExitCode, string Stdout, string Stderr) RunToExit(string path, int lines, params string[] options)
    {
        using var child = ChildApp.Start([path, lines.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options]);
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEndAsync();
        bool exited = child.WaitForExit(ExitPatience);
        if (!exited) child.Kill(entireProcessTree: true);
        Assert.That(exited, Is.True, "the child did not exit");
        child.WaitForExit();
        return (child.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertAllLines(string path, int count)
    {
        Assert.That(File.Exists(path), Is.True, "the child created no log file");
        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(count), "every accepted line must be in the file");
        for (int i = 0; i < count; i++)
        {
            if (lines[i] != $"child [INFO] line {i}")
                Assert.Fail($"line {i} is '{lines[i]}', expected 'child [INFO] line {i}'");
        }
    }
}
