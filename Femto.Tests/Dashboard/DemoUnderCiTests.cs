using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Dashboard;

/// <summary><c>femto demo --dashboard</c> under <c>CI=true</c>: nobody is there to look, so the dashboard stays off
/// (and says so) unless <c>--force</c> is given.</summary>
public sealed class DemoUnderCiTests : FemtoTestBase
{
    [Test]
    public async Task UnderCiTheDemoLeavesTheDashboardOffUnlessForced()
    {
        using var demo = ChildApp.StartDll(ChildApp.LocateFemtoCli(), new Dictionary<string, string> { ["CI"] = "true" }, "demo", TempPath("demo"), "--dashboard");
        var stdout = demo.StandardOutput.ReadToEndAsync();
        var stderr = demo.StandardError.ReadToEndAsync();
        Assert.That(demo.WaitForExit(60_000), Is.True);
        Assert.That(demo.ExitCode, Is.Zero, await stderr);
        string output = await stdout;
        Assert.That(output, Does.Contain("dashboard: off because CI=true (add --force to start it anyway)"));
        Assert.That(output, Does.Not.Contain("http://"));
    }
}
