using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers;

/// <summary>A log file moved or deleted by another program (logrotate's rename-and-create, a cleanup script) is
/// noticed within a second of the handler's clock and reopened at its path, and it is reported.</summary>
public sealed class FileReplacementTests : FemtoTestBase
{
    [TestCase("renamed")]
    [TestCase("deleted")]
    [TestCase("renamed and recreated")]
    public void TheHandlerReopensItsPathAfterTheFileWasReplaced(string what)
    {
        using var diagnostics = new DiagnosticsCapture("reopened");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string path = TempPath("app.log");
        var file = Track(new FileHandlerBuilder(path).WithTimeProvider(clock).Build());
        var log = NewLogger("replaced");
        log.AddHandler(file);

        log.Info("before");
        FlushOrFail(log);
        switch (what)
        {
            case "renamed": File.Move(path, path + ".1"); break;
            case "deleted": File.Delete(path); break;
            default:
                File.Move(path, path + ".1");
                File.WriteAllText(path, "");
                break;
        }
        clock.Advance(FemtoFileHandler.IdentityCheckInterval);
        log.Info("after");
        FlushOrFail(log);

        Assert.That(File.ReadAllLines(path), Is.EqualTo(new[] { $"{log.Name} [INFO] after" }), "later lines go to the path again");
        if (what != "deleted") Assert.That(File.ReadAllLines(path + ".1"), Is.EqualTo(new[] { $"{log.Name} [INFO] before" }));
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "the reopening is reported");
        Assert.That(file.Health.Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public void AnUnchangedFileIsNotReopened()
    {
        using var diagnostics = new DiagnosticsCapture("reopened");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string path = TempPath("same.log");
        var file = Track(new FileHandlerBuilder(path).WithTimeProvider(clock).Build());
        var log = NewLogger("same");
        log.AddHandler(file);
        for (int i = 0; i < 5; i++)
        {
            log.Info("line {I}", i);
            FlushOrFail(log);
            clock.Advance(FemtoFileHandler.IdentityCheckInterval);
        }
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(5));
        Assert.That(diagnostics.Reports, Is.Empty);
    }
}
