using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Femto.Tests.ChildProcesses;

/// <summary>Starts Femto.Tests.ChildApp (or another program of the solution the tests reference, such as the
/// <c>femto</c> CLI) as a real process with <c>dotnet &lt;dll&gt;</c>.</summary>
internal static partial class ChildApp
{
    private const string AssemblyName = "Femto.Tests.ChildApp";

    /// <summary>The child's dll with its runtimeconfig beside it: the copy in the test output directory (the project
    /// reference puts it there), else the child's own build output for the same configuration.</summary>
    public static string LocateDll(string assemblyName = AssemblyName, string projectName = AssemblyName)
    {
        var candidates = new List<string> { AppContext.BaseDirectory };
        // .../Femto.Tests/bin/<Configuration>/<tfm>/  ->  .../Femto.Tests.ChildApp/bin/<Configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configDir = tfmDir.Parent;
        var projectDir = configDir?.Parent?.Parent;
        if (configDir is not null && projectDir?.Parent is { } solutionDir)
            candidates.Add(Path.Combine(solutionDir.FullName, projectName, "bin", configDir.Name, tfmDir.Name));

        foreach (var dir in candidates)
        {
            string dll = Path.Combine(dir, assemblyName + ".dll");
            if (File.Exists(dll) && File.Exists(Path.Combine(dir, assemblyName + ".runtimeconfig.json"))) return dll;
        }
        throw new FileNotFoundException($"{assemblyName}.dll with its runtimeconfig.json was not found in: {string.Join("; ", candidates)}");
    }

    /// <summary>The <c>femto</c> command-line tool's dll.</summary>
    public static string LocateFemtoCli() => LocateDll("femto", "Femto.Cli");

    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH is set by the dotnet CLI), else <c>dotnet</c> on PATH.</summary>
    public static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return "dotnet";
    }

    public static System.Diagnostics.Process Start(params string[] args) => StartDll(LocateDll(), null, args);

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> with redirected streams and, optionally, extra environment.</summary>
    public static System.Diagnostics.Process StartDll(string dll, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("the child process did not start");
    }

    /// <summary>Sends a signal with kill(2), e.g. 15 (SIGTERM) or 2 (SIGINT).</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
