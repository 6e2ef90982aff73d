using Femto.Handlers;

namespace Femto.Cli;

/// <summary>Where received records go: Femto's own handlers — stdout, a file, or a size-rotating file — as text
/// lines (the default line with a timestamp) or <see cref="FemtoFormatters.Json"/> lines, plus the dashboard when
/// asked for. Handlers block rather than drop: a slow disk slows the senders (TCP back pressure), it never loses
/// what was received.</summary>
internal sealed class CollectorOutput : IDisposable
{
    private const int Capacity = 65_536;
    private readonly FemtoHandler[] _handlers;

    public CollectorOutput(ListenOptions options, TextWriter stdout)
    {
        var formatter = options.Json ? FemtoFormatters.Json : FemtoFormatters.TimestampedWithLogger;
        FemtoHandler main = options.Out is null
            ? Configure(StreamHandlerBuilder.Stdout(), formatter).Build()
            : options.MaxBytes > 0
                ? Configure(new RotatingFileHandlerBuilder(options.Out).WithMaxBytes(options.MaxBytes).WithBackupCount(options.BackupCount), formatter).Build()
                : Configure(new FileHandlerBuilder(options.Out), formatter).Build();
        var dashboard = options.DashboardPort is { } port ? DashboardSwitch.Start(port, null, options.Force, openBrowser: false, stdout) : null;
        _handlers = dashboard is null ? [main] : [main, dashboard];
    }

    private static T Configure<T>(T builder, IFemtoFormatter formatter) where T : TextSinkHandlerBuilder<T> =>
        builder.WithFormatter(formatter).WithCapacity(Capacity).WithOverflowPolicy(OverflowPolicy.Block)
            .WithFlushInterval(1024).WithIdleFlushInterval(TimeSpan.FromMilliseconds(200));

    /// <summary>Hands one received record to every output (each copies it into its queue).</summary>
    public void Deliver(in FemtoRecordView record)
    {
        foreach (var handler in _handlers) handler.Handle(record);
    }

    /// <summary>Records the outputs dropped or failed to write.</summary>
    public long Dropped => _handlers[0].DroppedCount;

    /// <summary>Writes out everything delivered and closes the outputs; false if something could not be written in time.</summary>
    public bool Close(TimeSpan timeout)
    {
        bool ok = true;
        foreach (var handler in _handlers) ok &= handler.Close(timeout);
        return ok;
    }

    public void Dispose() => Close(TimeSpan.FromSeconds(5));
}
