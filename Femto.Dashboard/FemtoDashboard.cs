namespace Femto.Dashboard;

/// <summary>Starts the live browser dashboard.</summary>
/// <example><code>
/// var dash = FemtoDashboard.Start(new DashboardOptions { Port = 0 });
/// FemtoLogging.GetLogger().AddHandler(dash);
/// Console.WriteLine($"dashboard: {dash.Url}");
/// dash.Checkpoints.Save("epoch-1", new { loss = 0.23 }, status: "DONE", progress: 10);
/// </code></example>
public static class FemtoDashboard
{
    /// <summary>Validates <paramref name="options"/>, starts listening and returns the handler to attach to loggers.
    /// Returns once the page can be opened at <see cref="DashboardHandler.Url"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named).</exception>
    /// <exception cref="HandlerConfigException">A non-loopback host without a token, or a host that does not resolve.</exception>
    /// <exception cref="IOException">The port is taken or the address cannot be bound.</exception>
    public static DashboardHandler Start(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DashboardHandler(options.Validate());
    }

    /// <summary>Starts a dashboard with the default options (127.0.0.1:5678).</summary>
    public static DashboardHandler Start() => Start(new DashboardOptions());
}
