using System.Text;
using System.Text.RegularExpressions;
using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Collector;

/// <summary><c>femto listen</c> as a real child process: started with its arguments, ready once it printed its
/// <c>listening on …</c> lines; stopped with SIGTERM.</summary>
internal sealed partial class CollectorProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _stdout = [];

    private CollectorProcess(System.Diagnostics.Process process) => _process = process;

    /// <summary>Starts the collector and waits for <paramref name="listeners"/> <c>listening on</c> lines.</summary>
    public static CollectorProcess Start(int listeners, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var process = ChildApp.StartDll(ChildApp.LocateFemtoCli(), environment, ["listen", .. args]);
        var collector = new CollectorProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (collector._stderr) collector._stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (collector._stdout) collector._stdout.Add(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!SpinWait.SpinUntil(() => collector.Listening.Count >= listeners || process.HasExited, TimeSpan.FromSeconds(30)) || collector.Listening.Count < listeners)
        {
            collector.Dispose();
            throw new AssertionException($"the collector did not start: stdout {string.Join(" | ", collector.Stdout)}; stderr {collector.Stderr}");
        }
        return collector;
    }

    public List<string> Listening
    {
        get { lock (_stdout) return [.. _stdout.Where(l => l.StartsWith("listening on ", StringComparison.Ordinal))]; }
    }

    public IReadOnlyList<string> Stdout
    {
        get { lock (_stdout) return [.. _stdout]; }
    }

    /// <summary>The port of the first TCP listener.</summary>
    public int Port => int.Parse(PortPattern().Match(Listening.First(l => !l.Contains("unix:", StringComparison.Ordinal))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public int Stop()
    {
        ChildApp.Signal(_process.Id, 15);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) throw new AssertionException("the collector did not exit after SIGTERM");
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [GeneratedRegex(@":(\d+)$")]
    private static partial Regex PortPattern();
}
