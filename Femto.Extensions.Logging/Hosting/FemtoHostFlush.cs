using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Femto.Extensions.Logging;

/// <summary>Flushes Femto when the host stops, after every hosted service has stopped (so what they logged while
/// stopping is included), for at most <see cref="FemtoLoggerOptions.FlushTimeout"/> and never past the host's own
/// shutdown timeout (the token <see cref="StoppedAsync"/> receives is cancelled when that expires). While the host
/// runs, SIGTERM/SIGINT only flush Femto instead of shutting it down (<see cref="FemtoLogging.ShutdownOnSignals"/>):
/// the host's lifetime stops it gracefully on those signals, and what is logged meanwhile must still be written.</summary>
internal sealed class FemtoHostFlush(IOptionsMonitor<FemtoLoggerOptions> options) : IHostedLifecycleService
{
    private static readonly object s_hostsLock = new();
    private static int s_runningHosts;
    private static bool s_signalsBefore;
    private bool _running;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        lock (s_hostsLock)
        {
            if (s_runningHosts++ == 0) s_signalsBefore = FemtoLogging.ShutdownOnSignals;
            FemtoLogging.ShutdownOnSignals = false;
            _running = true;
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        lock (s_hostsLock)
        {
            if (_running && --s_runningHosts == 0) FemtoLogging.ShutdownOnSignals = s_signalsBefore;
            _running = false;
        }
        var timeout = options.CurrentValue.FlushTimeout;
        var flush = Task.Run(() => FemtoLogging.Flush(timeout), CancellationToken.None);
        try
        {
            if (!await flush.WaitAsync(cancellationToken).ConfigureAwait(false))
                FemtoDiagnostics.Report($"host stop: Femto did not finish writing within {timeout.TotalSeconds:0.###} s.");
        }
        catch (OperationCanceledException)
        {
            FemtoDiagnostics.Report("host stop: the host's shutdown timeout expired while Femto was still writing.");
        }
    }
}
