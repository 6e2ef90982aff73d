using Femto.Tests.ChildProcesses;
using static Microsoft.Playwright.Assertions;

namespace Femto.Tests.Dashboard;

/// <summary><c>femto demo --dashboard</c> as a real process: it prints the URL of a page that shows its records and
/// checkpoints, and its checkpoints are listed by a dashboard started after it exits.</summary>
public sealed class DemoDashboardTests : BrowserTestBase
{
    // The demo runs as under CI (CI=true) wherever the tests run, so --force is what starts its dashboard.
    private static readonly Dictionary<string, string> s_ci = new() { ["CI"] = "true" };

    [Test]
    public async Task TheDemoServesItsRecordsAndCheckpointsAndTheyOutliveIt()
    {
        string dir = TempPath("demo");
        using var demo = ChildApp.StartDll(ChildApp.LocateFemtoCli(), s_ci, "demo", dir, "--dashboard", "--force", "--seconds", "120");
        try
        {
            string url = await DemoProcessTests.ReadUrlAsync(demo);
            Assert.That(url, Does.Match(@"^http://127\.0\.0\.1:\d+/$"));
            var response = await Page.GotoAsync(url);
            Assert.That(response!.Status, Is.EqualTo(200));
            await Expect(Page.Locator("[data-level]:has-text('heartbeat')").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Page.ClickAsync("button:has-text('Checkpoints')");
            await Expect(Page.Locator("[data-checkpoint]")).ToHaveCountAsync(7);
            await Expect(Page.Locator("[data-checkpoint='epoch-5'] progress")).ToHaveAttributeAsync("aria-valuenow", "100");

            // Ctrl+C (SIGINT) ends the demo cleanly.
            ChildApp.Signal(demo.Id, 2);
            Assert.That(demo.WaitForExit(30_000), Is.True, "the demo did not stop on SIGINT");
            Assert.That(demo.ExitCode, Is.Zero, await demo.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!demo.HasExited) demo.Kill(entireProcessTree: true);
        }

        // Another process (this one) finds the checkpoints the demo saved.
        var after = StartDashboard(TestOptions() with { CheckpointsPath = Path.Combine(dir, "checkpoints.db") });
        Assert.That(after.Checkpoints.List().Select(c => c.Name), Does.Contain("epoch-3").And.Contain("evaluation"));
        await OpenAsync(after);
        await Page.ClickAsync("button:has-text('Checkpoints')");
        await Expect(Page.Locator("[data-checkpoint='evaluation']")).ToContainTextAsync("IN_PROGRESS");
        await Expect(Page.Locator("[data-checkpoint]")).ToHaveCountAsync(7);
    }
}
