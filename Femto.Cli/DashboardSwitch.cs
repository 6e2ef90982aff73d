using Femto.Dashboard;

namespace Femto.Cli;

/// <summary>The <c>--dashboard</c> switch shared by the commands that can show their records in the browser dashboard
/// (<c>femto demo --dashboard</c>; the collector's <c>femto listen --dashboard PORT</c> attaches the returned handler to
/// its output the same way). The dashboard stays off under <c>CI=true</c> unless forced: CI has nobody to look at it.</summary>
internal static class DashboardSwitch
{
    /// <summary>True when the environment says this is a CI run (<c>CI=true</c> or <c>CI=1</c>).</summary>
    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Starts a loopback dashboard on <paramref name="port"/> (0: a free one) and prints its URL on
    /// <paramref name="output"/> as <c>dashboard: URL</c>; under CI without <paramref name="force"/> prints why it is
    /// off and returns null.</summary>
    public static DashboardHandler? Start(int port, string? checkpointsPath, bool force, bool openBrowser, TextWriter output)
    {
        if (IsCi && !force)
        {
            output.WriteLine("dashboard: off because CI=true (add --force to start it anyway)");
            return null;
        }
        var dashboard = FemtoDashboard.Start(new DashboardOptions
        {
            Port = port,
            CheckpointsPath = checkpointsPath,
            OpenBrowser = openBrowser && !IsCi,
        });
        output.WriteLine($"dashboard: {dashboard.Url}");
        output.Flush();
        return dashboard;
    }
}
