using System.Runtime.CompilerServices;
using Femto.Dashboard;
using Microsoft.Playwright;

namespace Femto.Tests.Dashboard;

/// <summary>Base of the browser tests: the Debian <c>chromium</c> (never a downloaded browser) driven headless by
/// Playwright, one browser per fixture and a fresh context (cookies, storage, downloads) per test. Without chromium the
/// tests are skipped with the reason, except under CI, which installs it: there a missing browser fails them.</summary>
public abstract class BrowserTestBase : DashboardTestBase
{
    private const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] s_args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    /// <summary>The page of this test.</summary>
    protected IPage Page { get; private set; } = null!;

    /// <summary>The chromium binary: <c>FEMTO_CHROMIUM</c> when set, else the Debian package's.</summary>
    protected static string ChromiumPath => Environment.GetEnvironmentVariable("FEMTO_CHROMIUM") is { Length: > 0 } p ? p : DefaultChromium;

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        if (!File.Exists(ChromiumPath))
        {
            string reason = $"chromium is not installed at {ChromiumPath} (apt-get install chromium, or set FEMTO_CHROMIUM)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail(reason + "; CI installs it, so its absence is a failure there");
            Assert.Ignore(reason);
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = s_args,
            Timeout = 60_000,
        });
    }

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenContext()
    {
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 720 }, AcceptDownloads = true });
        _context.SetDefaultTimeout(20_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContext()
    {
        if (_context is not null) await _context.CloseAsync();
    }

    /// <summary>Opens the dashboard's page and waits until its socket is connected.</summary>
    protected async Task OpenAsync(DashboardHandler dashboard)
    {
        var response = await Page.GotoAsync(dashboard.Url);
        Assert.That(response!.Status, Is.EqualTo(200));
        await Assertions.Expect(Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "open");
    }

    /// <summary><c>window.femto.stats()</c>.</summary>
    protected async Task<PageStats> StatsAsync()
    {
        var s = await Page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.femto.stats()");
        return new(s.GetProperty("received").GetInt64(), s.GetProperty("shown").GetInt64(), s.GetProperty("dropped").GetInt64());
    }

    /// <summary>Waits until <c>window.femto.stats()</c> satisfies a JavaScript condition on <c>s</c>.</summary>
    protected Task WaitForStatsAsync(string condition) =>
        Page.WaitForFunctionAsync($"() => {{ const s = window.femto.stats(); return {condition}; }}", null, new() { Timeout = 60_000 });

    /// <summary>The record elements (<c>[data-level]</c>) on screen.</summary>
    protected ILocator Records => Page.Locator("[data-level]");

    /// <summary>Saves a screenshot with the test results, and into docs/ when <c>FEMTO_UPDATE_SCREENSHOTS=1</c>
    /// (how docs/dashboard*.png are made).</summary>
    protected async Task ScreenshotAsync(string name)
    {
        string results = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(results);
        string path = Path.Combine(results, name);
        await Page.ScreenshotAsync(new() { Path = path });
        TestContext.AddTestAttachment(path);
        if (Environment.GetEnvironmentVariable("FEMTO_UPDATE_SCREENSHOTS") == "1") File.Copy(path, Path.Combine(DocsDirectory(), name), overwrite: true);
    }

    private static string DocsDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "docs"));

    /// <summary>What <c>window.femto.stats()</c> returns.</summary>
    public sealed record PageStats(long Received, long Shown, long Dropped);
}
