using System.Diagnostics;
using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Dashboard;

/// <summary><c>femto demo --dashboard</c> as a process, without a browser: under <c>CI=true</c> the dashboard stays off
/// (and says so) unless <c>--force</c> is given, and a process with a dashboard still stops on SIGTERM.</summary>
public sealed class DemoProcessTests : FemtoTestBase
{
    private static readonly Dictionary<string, string> s_ci = new() { ["CI"] = "true" };

    [Test]
    public async Task UnderCiTheDemoLeavesTheDashboardOffUnlessForced()
    {
        using var demo = ChildApp.StartDll(ChildApp.LocateFemtoCli(), s_ci, "demo", TempPath("demo"), "--dashboard");
        var stdout = demo.StandardOutput.ReadToEndAsync();
        var stderr = demo.StandardError.ReadToEndAsync();
        Assert.That(demo.WaitForExit(60_000), Is.True);
        Assert.That(demo.ExitCode, Is.Zero, await stderr);
        string output = await stdout;
        Assert.That(output, Does.Contain("dashboard: off because CI=true (add --force to start it anyway)"));
        Assert.That(output, Does.Not.Contain("http://"));
    }

    [Test]
    public async Task AProcessWithADashboardStillStopsOnSigterm()
    {
        // The dashboard's web host must not take over SIGTERM/SIGINT (a default host's console lifetime cancels them).
        using var demo = ChildApp.StartDll(ChildApp.LocateFemtoCli(), s_ci, "demo", TempPath("demo"), "--dashboard", "--force", "--seconds", "300");
        try
        {
            string url = await ReadUrlAsync(demo);
            using (var http = new HttpClient())
                Assert.That((await http.GetAsync(url)).IsSuccessStatusCode, Is.True);
            ChildApp.Signal(demo.Id, 15);
            Assert.That(demo.WaitForExit(20_000), Is.True, "SIGTERM did not end a process running a dashboard");
        }
        finally
        {
            if (!demo.HasExited) demo.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Reads the demo's stdout up to its <c>dashboard: URL</c> line and returns the URL.</summary>
    internal static async Task<string> ReadUrlAsync(Process demo)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await demo.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("dashboard: http", StringComparison.Ordinal))
            {
                // Keep draining stdout so the demo never blocks on a full pipe.
                _ = demo.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return line["dashboard: ".Length..];
            }
        }
        Assert.Fail("the demo exited without printing its dashboard URL: " + await demo.StandardError.ReadToEndAsync());
        return "";
    }
}
