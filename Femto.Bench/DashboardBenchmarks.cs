using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Femto.Dashboard;

namespace Femto.Bench;

/// <summary>Cost of the logging call with the live dashboard attached: the dashboard alone, and the dashboard with a
/// real page open in Debian's headless chromium (which renders every record and shares the machine's cores), next to
/// the same logger writing to a file. Same job as suite 1 (<see cref="ProducerConfig"/>). Needs <c>/usr/bin/chromium</c>
/// (or <c>FEMTO_CHROMIUM</c>) for the page case.</summary>
[Config(typeof(ProducerConfig))]
public class DashboardBenchmarks
{
    private readonly string _name = Workload.Name;
    private readonly string _city = Workload.City;
    private readonly int _age = Workload.Age;

    private TempDir? _dir;
    private FemtoLogger _log = null!;
    private FemtoHandler _handler = null!;
    private DashboardHandler? _dashboard;
    private Process? _browser;

    [GlobalSetup(Target = nameof(File_Template3))]
    public void SetupFile()
    {
        FemtoLogging.ResetManager();
        _dir = new TempDir();
        (_log, var file) = Subjects.CreateFemto("bench", _dir.NewFile("femto"));
        _handler = file;
        Warm();
    }

    [GlobalSetup(Target = nameof(Dashboard_Template3))]
    public void SetupDashboard() => SetupDashboard(withPage: false);

    [GlobalSetup(Target = nameof(DashboardWithPage_Template3))]
    public void SetupDashboardWithPage() => SetupDashboard(withPage: true);

    private void SetupDashboard(bool withPage)
    {
        FemtoLogging.ResetManager();
        _dir = new TempDir();
        _dashboard = FemtoDashboard.Start(new DashboardOptions
        {
            Port = 0,
            CheckpointsPath = null,
            Handler = new HandlerSettings { Capacity = Workload.QueueCapacity, OverflowPolicy = OverflowPolicy.Block },
        });
        _handler = _dashboard;
        _log = Subjects.CreateFemtoLogger("bench");
        _log.AddHandler(_dashboard);
        if (withPage) _browser = OpenPage(_dashboard, _dir.Path);
        Warm();
    }

    [IterationCleanup]
    public void Drain()
    {
        if (!_log.Flush(TimeSpan.FromSeconds(30)) || !_handler.Flush(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("Femto flush timed out.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_dashboard is not null)
        {
            Console.WriteLine($"// dashboard: {_dashboard.ClientCount} page(s) connected; handler dropped {_dashboard.DroppedCount}, " +
                $"dropped for the page {_dashboard.ClientDroppedCount}");
        }
        if (_browser is { HasExited: false }) _browser.Kill(entireProcessTree: true);
        _browser?.Dispose();
        _handler.Dispose();
        FemtoLogging.ResetManager();
        _dir?.Dispose();
    }

    /// <summary>Reference: the same logger writing to a file (suite 1's Femto_Template3).</summary>
    [Benchmark(Baseline = true)]
    public void File_Template3() => _log.Info(Workload.Template3, _name, _city, _age);

    /// <summary>The dashboard attached, no page open (records go to its history only).</summary>
    [Benchmark]
    public void Dashboard_Template3() => _log.Info(Workload.Template3, _name, _city, _age);

    /// <summary>The dashboard attached and a headless chromium page connected and rendering.</summary>
    [Benchmark]
    public void DashboardWithPage_Template3() => _log.Info(Workload.Template3, _name, _city, _age);

    private void Warm() => ProducerBenchmarks.Warm(() => _log.Info(Workload.Template3, _name, _city, _age), Drain);

    /// <summary>Opens the dashboard in headless chromium and waits until the page's socket is connected.</summary>
    private static Process OpenPage(DashboardHandler dashboard, string profileDir)
    {
        string chromium = Environment.GetEnvironmentVariable("FEMTO_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        if (!File.Exists(chromium)) throw new InvalidOperationException($"chromium not found at {chromium} (apt-get install chromium, or set FEMTO_CHROMIUM)");
        var info = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(profileDir, "chromium"), dashboard.Url })
            info.ArgumentList.Add(arg);
        var browser = Process.Start(info)!;
        browser.ErrorDataReceived += (_, _) => { };
        browser.OutputDataReceived += (_, _) => { };
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();
        var watch = Stopwatch.StartNew();
        while (dashboard.ClientCount == 0)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30) || browser.HasExited) throw new InvalidOperationException("the chromium page did not connect to the dashboard");
            Thread.Sleep(50);
        }
        return browser;
    }
}
