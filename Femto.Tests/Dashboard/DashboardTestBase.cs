using Femto.Dashboard;

namespace Femto.Tests.Dashboard;

/// <summary>Base of the dashboard fixtures: dashboards on 127.0.0.1 with a free port and a checkpoint file in the
/// test's own directory, closed in tear-down.</summary>
public abstract class DashboardTestBase : FemtoTestBase
{
    /// <summary>Options for a test dashboard: a free port, checkpoints in the test's directory.</summary>
    protected DashboardOptions TestOptions() => new() { Port = 0, CheckpointsPath = TempPath("checkpoints.db") };

    /// <summary>Starts a dashboard (closed in tear-down).</summary>
    protected DashboardHandler StartDashboard(DashboardOptions? options = null) => Track(FemtoDashboard.Start(options ?? TestOptions()));

    /// <summary>Starts a dashboard on a port a closed one just freed. Another process on the machine may be handed
    /// that port for a moment in between (it is an ephemeral port), so a refused bind is retried for a few seconds.</summary>
    protected DashboardHandler RestartDashboard(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            try { return StartDashboard(TestOptions() with { Port = port }); }
            catch (IOException) when (attempt < 50) { Thread.Sleep(100); }
        }
    }

    /// <summary>A fresh non-propagating logger writing to <paramref name="dashboard"/>, with the Block policy so
    /// tests that count records see every one.</summary>
    protected static FemtoLogger LoggerFor(DashboardHandler dashboard, string prefix = "t")
    {
        var log = NewLogger(prefix);
        log.OverflowPolicy = OverflowPolicy.Block;
        log.Level = FemtoLevel.Trace;
        log.AddHandler(dashboard);
        return log;
    }
}
