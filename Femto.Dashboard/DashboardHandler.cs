using System.Diagnostics;
using Femto.Dashboard.Server;

namespace Femto.Dashboard;

/// <summary>The live dashboard as a handler: attach it to a logger like any other. Records go through the handler's
/// own bounded queue and worker (overflow policy, counters and health as for every built-in handler); the worker turns
/// them into JSON and hands them in batches to the server, which keeps the last <see cref="DashboardOptions.BufferSize"/>
/// for pages opened later and streams them to each open page through that page's own bounded queue.
/// Create it with <see cref="FemtoDashboard.Start(DashboardOptions)"/>; <see cref="FemtoHandler.Close()"/> or
/// <c>Dispose</c> sends the pages what is queued, closes them and stops listening.</summary>
public sealed class DashboardHandler : FemtoHandler
{
    // How long Close waits for pages to take what is queued for them, then for Kestrel to stop: short, because it
    // comes out of the process's one shutdown deadline; a page still reading then is cut off.

    private readonly RecordHub _hub;
    private readonly DashboardServer _server;
    private readonly FemtoBuffer _buffer = new(4096);
    private readonly List<byte[]> _pending = [];

    internal DashboardHandler(DashboardOptions options)
        : base("dashboard", options.Handler with { Formatter = FemtoFormatters.Json })
    {
        var listen = ListenAddress.Resolve(options.Host);
        Checkpoints = new CheckpointStore(options.CheckpointsPath, options.Handler.TimeProvider);
        try
        {
            _hub = new RecordHub(options.BufferSize, options.ClientQueueCapacity, Checkpoints, () => DroppedCount, options.Handler.TimeProvider, options.CloseTimeout);
            _server = DashboardServer.Start(listen, options.Port, new AccessPolicy(listen, options.Token, options.AllowedOrigins), _hub);
        }
        catch
        {
            Checkpoints.Dispose();
            throw;
        }
        Port = _server.Port;
        Url = $"http://{listen.UrlHost}:{Port}/" + (options.Token is null ? "" : "?token=" + Uri.EscapeDataString(options.Token));
        if (options.OpenBrowser) OpenInBrowser(Url);
    }

    /// <summary>The page's address, with <c>?token=…</c> when a token is set.</summary>
    public string Url { get; }

    /// <summary>The port listened on (the one chosen when <see cref="DashboardOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary>The checkpoints shown in the page's Checkpoints tab.</summary>
    public CheckpointStore Checkpoints { get; }

    /// <summary>Pages connected now.</summary>
    public int ClientCount => _hub.ClientCount;

    /// <summary>Records dropped for pages that fell more than <see cref="DashboardOptions.ClientQueueCapacity"/>
    /// records behind, summed over every page (each page also shows its own count). These records reached the
    /// dashboard (they are in its history), so they are not in <see cref="FemtoHandler.DroppedCount"/>.</summary>
    public long ClientDroppedCount => _hub.ClientDroppedCount;

    /// <inheritdoc/>
    protected override void Write(in FemtoRecordView record)
    {
        _buffer.Clear();
        Formatter.Format(record, _buffer);
        _pending.Add(_buffer.WrittenSpan.ToArray());
    }

    /// <inheritdoc/>
    protected override void EndBatch() => PublishPending();

    /// <inheritdoc/>
    protected override bool FlushSink()
    {
        PublishPending();
        return true;
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try
        {
            PublishPending();
            _hub.Close();
            _server.Stop(_hub.CloseTimeout);
        }
        finally
        {
            _hub.Dispose();
            Checkpoints.Dispose();
        }
    }

    private void PublishPending()
    {
        _hub.Publish(_pending);
        _pending.Clear();
    }

    private static void OpenInBrowser(string url)
    {
        try
        {
            using var _ = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            FemtoDiagnostics.Report($"dashboard: could not open a browser ({ex.Message}); open {url} yourself.");
        }
    }
}
