using System.Globalization;
using Femto;
using Femto.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildAppModes;

/// <summary><c>host &lt;path&gt; &lt;count&gt; [--stop]</c>: a Generic Host (console lifetime) logging only to Femto,
/// configured through <c>Logging:Femto</c> with one file handler whose output stays buffered (flush interval far
/// above the record count) and Block policies. A hosted worker logs <c>count</c> lines "line {I}" when it starts,
/// then prints "ready"; when the host stops it logs "worker stopping", waits 50 ms and logs "worker stopped". With
/// --stop the host stops by itself once ready; otherwise it runs until SIGTERM/SIGINT. Nothing is flushed by hand:
/// the provider's host-stop flush and Femto's exit hooks must write every line.</summary>
internal static partial class HostMode
{
    public static int Run(string[] args)
    {
        string path = args[0];
        int count = int.Parse(args[1], CultureInfo.InvariantCulture);
        bool stop = args.Contains("--stop");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Path.GetDirectoryName(Path.GetFullPath(path))! });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Femto:handlers:file:class"] = "logging.FileHandler",
            ["Logging:Femto:handlers:file:filename"] = path,
            ["Logging:Femto:handlers:file:kwargs:flush_interval"] = "100000000",
            ["Logging:Femto:handlers:file:kwargs:capacity"] = "65536",
            ["Logging:Femto:handlers:file:kwargs:policy"] = "block",
            ["Logging:Femto:root:level"] = "INFO",
            ["Logging:Femto:root:handlers:0"] = "file",
            ["Logging:Femto:root:overflow_policy"] = "block",
        });
        builder.Logging.ClearProviders().AddFemto();
        builder.Services.AddSingleton(new WorkerOptions(count, stop));
        builder.Services.AddHostedService<Worker>();
        using var host = builder.Build();
        host.Run();
        return 0;
    }

    private sealed record WorkerOptions(int Count, bool Stop);

    [LoggerMessage(Level = LogLevel.Information, Message = "line {I}")]
    private static partial void Line(ILogger logger, int i);

    [LoggerMessage(Level = LogLevel.Information, Message = "worker {State}")]
    private static partial void WorkerState(ILogger logger, string state);

    private sealed class Worker(WorkerOptions options, ILogger<Worker> log, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Category loggers inherit nothing but the level: give this one the Block policy too, so none is dropped.
            FemtoLogging.GetLogger(typeof(Worker).FullName!.Replace('+', '.')).OverflowPolicy = OverflowPolicy.Block;
            for (int i = 0; i < options.Count; i++) Line(log, i);
            lifetime.ApplicationStarted.Register(() =>
            {
                Console.Out.WriteLine("ready");
                Console.Out.Flush();
                if (options.Stop) lifetime.StopApplication();
            });
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            WorkerState(log, "stopping");
            await Task.Delay(50, cancellationToken);
            WorkerState(log, "stopped");
        }
    }
}
