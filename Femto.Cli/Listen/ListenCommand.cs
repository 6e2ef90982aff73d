using System.Runtime.InteropServices;

namespace Femto.Cli;

/// <summary><c>femto listen</c>: the collector. Runs until SIGTERM or SIGINT, then stops accepting, finishes the
/// frames already received, flushes its output and exits 0.</summary>
internal static class ListenCommand
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(5);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ListenOptions options;
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate;
        try
        {
            options = ListenOptions.Parse(args);
            certificate = options.TlsCert is { } cert ? ServerCertificate.Load(cert, options.TlsKey) : null;
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine("femto listen: " + ex.Message);
            stderr.WriteLine("usage: femto " + ListenOptions.Usage);
            return 2;
        }

        using var stop = new ManualResetEventSlim(false);
        var signals = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
            signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // we exit ourselves, after draining
                stop.Set();
            }));

        using var output = new CollectorOutput(options, stdout);
        using var collector = new Collector(options, output, certificate, stderr);
        try
        {
            collector.Start(stdout);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"femto listen: cannot listen: {ex.Message}");
            return 1;
        }
        stop.Wait();
        collector.Stop(DrainDeadline);
        bool flushed = output.Close(DrainDeadline);
        stderr.WriteLine(collector.Summary + (flushed ? "" : "; the output could not be flushed in time"));
        foreach (var registration in signals) registration.Dispose();
        return 0;
    }
}
