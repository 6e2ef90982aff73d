using System.Runtime.InteropServices;

namespace Femto;

/// <summary>Runs <see cref="FemtoLogging.Shutdown"/> on every exit path: return from Main / Environment.Exit
/// (ProcessExit), an unhandled exception, and SIGTERM/SIGINT/SIGQUIT. .NET does not raise ProcessExit for SIGTERM,
/// so the signal handler itself shuts down, then lets the default action terminate the process (or, while
/// <see cref="FemtoLogging.ShutdownOnSignals"/> is false, only flushes).</summary>
internal static class ShutdownHooks
{
    private static readonly List<PosixSignalRegistration> s_signals = [];

    public static void Install()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Run();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            try
            {
                s_signals.Add(PosixSignalRegistration.Create(signal, _ => OnSignal()));
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
            {
                // Not available on this platform: ProcessExit still covers normal exits.
            }
        }
    }

    /// <summary>A signal: shut down, or only flush while an application host that stops gracefully on the signal
    /// runs (<see cref="FemtoLogging.ShutdownOnSignals"/>); it keeps logging while it stops, and process exit shuts
    /// down.</summary>
    private static void OnSignal()
    {
        if (FemtoLogging.ShutdownOnSignals)
        {
            Run();
            return;
        }
        try
        {
            FemtoLogging.Flush(FemtoLogging.ShutdownTimeout);
        }
        catch (Exception ex)
        {
            FemtoDiagnostics.Report($"flush on signal failed: {ex}");
        }
    }

    private static void Run()
    {
        try
        {
            FemtoLogging.Shutdown(FemtoLogging.ShutdownTimeout);
        }
        catch (Exception ex)
        {
            FemtoDiagnostics.Report($"shutdown failed: {ex}");
        }
    }
}
