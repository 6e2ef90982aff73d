using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Femto.Extensions.Logging;

/// <summary>Flushes Femto when the host stops, after every hosted service has stopped (so what they logged while
/// stopping is included), for at most <see cref="FemtoLoggerOptions.FlushTimeout"/> and never past the host's own
/// shutdown timeout (the token <see cref="StoppedAsync"/> receives is cancelled when that expires).</summary>
internal sealed class FemtoHostFlush(IOptionsMonitor<FemtoLoggerOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
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
