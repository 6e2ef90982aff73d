using Femto.Dashboard;

namespace Femto.Cli;

/// <summary>The dashboard part of the demo: a short "training run" that logs and saves checkpoints, then a heartbeat
/// while the page stays open (for <c>--seconds N</c>, or until Ctrl+C).</summary>
internal static class DashboardShowcase
{
    public static void Run(DashboardHandler dashboard, TimeSpan? stayUp)
    {
        var training = FemtoLogging.GetLogger("demo.training");
        double loss = 1.2;
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            loss *= 0.7;
            training.Info("epoch {Epoch} finished: loss {Loss:0.000}", epoch, loss);
            if (epoch == 3) training.Warn("learning rate {Rate} looks high", 0.1);
            dashboard.Checkpoints.Save($"epoch-{epoch}", new { epoch, loss = Math.Round(loss, 4) }, status: CheckpointStatus.Done, progress: epoch * 20);
        }
        dashboard.Checkpoints.Save("evaluation", new { dataset = "holdout" }, status: CheckpointStatus.InProgress, progress: 0);
        dashboard.Checkpoints.Save("export", null, status: CheckpointStatus.Skipped, progress: 0, note: "no target configured");
        FemtoLogging.Flush(TimeSpan.FromSeconds(5));

        if (stayUp is { } wait && wait <= TimeSpan.Zero) return;
        Console.WriteLine(stayUp is { } s
            ? $"  the dashboard stays up for {s.TotalSeconds:0} s: {dashboard.Url}"
            : $"  the dashboard stays up until Ctrl+C: {dashboard.Url}");
        Console.Out.Flush();
        using var stop = stayUp is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop the heartbeat and shut down cleanly instead of being killed
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var heartbeat = FemtoLogging.GetLogger("demo.heartbeat");
            int beat = 0;
            while (!stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                heartbeat.Info("heartbeat {Beat}: {Pages} page(s) connected", ++beat, dashboard.ClientCount);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
