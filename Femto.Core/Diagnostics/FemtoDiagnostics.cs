namespace Femto;

/// <summary>Femto's own failure channel: drops, handler errors and sink failures are reported here,
/// rate-limited per component. By default reports go to standard error, prefixed with <c>femto:</c>.</summary>
public static class FemtoDiagnostics
{
    private static Action<string> s_writer = WriteToStderr;

    /// <summary>Where reports go. Set to capture them (tests, or a host's own logging); null restores stderr.
    /// The writer must be thread-safe and must not log through Femto.</summary>
    public static Action<string>? Writer
    {
        get => s_writer;
        set => s_writer = value ?? WriteToStderr;
    }

    /// <summary>Reports a failure or a loss on Femto's channel (prefixed <c>femto: </c>); never throws. For layers
    /// built on Femto (configuration, extensions, your own handlers) whose sinks have more to report than
    /// <c>FemtoHandler.ReportError</c> counts, and that must not log through Femto. Not rate-limited: callers limit
    /// how often they report.</summary>
    /// <param name="message">What happened, starting with the component, e.g. <c>dashboard: …</c>.</param>
    public static void Report(string message)
    {
        try
        {
            s_writer("femto: " + message);
        }
        catch
        {
            // The failure channel itself failed (stderr closed): nothing further can report it.
        }
    }

    private static void WriteToStderr(string line) => Console.Error.WriteLine(line);
}
