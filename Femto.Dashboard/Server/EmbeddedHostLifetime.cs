using Microsoft.Extensions.Hosting;

namespace Femto.Dashboard.Server;

/// <summary>The dashboard's host lives inside someone else's process, so it must not do what the default console
/// lifetime does: catch SIGINT/SIGTERM and cancel them (the application would no longer stop on Ctrl+C or a
/// `kill`). The host starts and stops only when the handler is started and closed.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
