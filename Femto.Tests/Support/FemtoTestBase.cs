namespace Femto.Tests.Support;

/// <summary>Base of every fixture: a fresh logger registry and diagnostics writer per test, a temp directory of the
/// test's own (deleted afterwards), unique logger names, and tracking of handlers so each one is released/closed.</summary>
public abstract class FemtoTestBase
{
    /// <summary>Generous bound for waits that should finish in milliseconds; reached only when something is broken.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<IDisposable> _tracked = [];

    /// <summary>This test's own directory, deleted in tear-down.</summary>
    protected string TempDir { get; private set; } = "";

    [SetUp]
    public void FemtoSetUp()
    {
        FemtoLogging.ResetManager();
        FemtoDiagnostics.Writer = null;
        TempDir = Path.Combine(Path.GetTempPath(), "femto-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TempDir);
    }

    [TearDown]
    public void FemtoTearDown()
    {
        // 1. Open every gate and release test handlers, so no worker stays stalled.
        foreach (var d in _tracked.Where(d => d is not FemtoHandler).Reverse()) SafeDispose(d);
        // 2. Stop every logger worker (they drain into the handlers that are still open).
        FemtoLogging.ResetManager();
        FemtoDiagnostics.Writer = null;
        // 3. Close every built-in handler.
        foreach (var d in _tracked.OfType<FemtoHandler>().Reverse()) SafeDispose(d);
        _tracked.Clear();
        try
        {
            if (Directory.Exists(TempDir)) Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS temp cleaner gets it.
        }
    }

    /// <summary>A logger name no other test uses: <c>{prefix}{guid}</c> (no dots, so a child of root).</summary>
    protected static string UniqueName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N");

    /// <summary>A fresh logger with a unique name that does not propagate (root's handlers stay out of the way).</summary>
    protected static FemtoLogger NewLogger(string prefix = "t")
    {
        var log = FemtoLogging.GetLogger(UniqueName(prefix));
        log.Propagate = false;
        return log;
    }

    /// <summary>Registers something to dispose (handlers are closed, gates opened) in tear-down.</summary>
    protected T Track<T>(T disposable) where T : IDisposable
    {
        _tracked.Add(disposable);
        return disposable;
    }

    /// <summary>Attaches a gated handler to <paramref name="log"/> and logs <paramref name="first"/>; returns once the
    /// logger's worker is stalled inside the handler holding that record (open the gate to release it).</summary>
    protected GatedHandler StallWorker(FemtoLogger log, string first)
    {
        var gate = Track(new GatedHandler());
        log.AddHandler(gate);
        log.Info(first);
        Assert.That(gate.Entered.Wait(Patience), Is.True, "the worker never reached the handler");
        return gate;
    }

    /// <summary>A path inside <see cref="TempDir"/>.</summary>
    protected string TempPath(params string[] parts) => Path.Combine([TempDir, .. parts]);

    /// <summary>Flushes the logger and fails the test if that does not finish in time.</summary>
    protected static void FlushOrFail(FemtoLogger log)
    {
        Assert.That(log.Flush(Patience), Is.True, $"{log.Name}.Flush did not finish within {Patience}");
    }

    private static void SafeDispose(IDisposable d)
    {
        try
        {
            d.Dispose();
        }
        catch (Exception ex)
        {
            TestContext.Out.WriteLine($"tear-down: disposing {d} failed: {ex}");
        }
    }
}
