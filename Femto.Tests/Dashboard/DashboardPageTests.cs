using System.Text.Json;
using System.Text.RegularExpressions;
using Femto.Dashboard;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Femto.Tests.Dashboard;

/// <summary>The page in a real headless Chromium, driven through the stable hooks of the spec: <c>[data-level]</c>
/// records, <c>input[type=search]</c>, <c>select[name=level]</c>, the Export and Checkpoints buttons,
/// <c>[data-checkpoint]</c> and <c>window.femto.stats()</c>.</summary>
public sealed class DashboardPageTests : BrowserTestBase
{
    private static readonly string[] s_levelOptions = ["", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"];

    [Test]
    public async Task RecordsLoggedInDotNetAppearAsOneElementEachWithTheirLevel()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash, "shop");
        log.Info("order {Id} placed", 42);
        await OpenAsync(dash);
        log.Warn("stock low");
        log.Critical("payment service down");

        await Expect(Records).ToHaveCountAsync(3);
        Assert.That(await Records.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.level)"), Is.EqualTo(new[] { "INFO", "WARN", "CRITICAL" }));
        string[] texts = [.. await Records.AllTextContentsAsync()];
        Assert.That(texts[0], Does.Contain(log.Name).And.Contain("order 42 placed"));
        Assert.That(texts[2], Does.Contain(log.Name).And.Contain("payment service down"));
        Assert.That(await Page.Locator("select[name=level] option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"), Is.EqualTo(s_levelOptions));
        Assert.That(await StatsAsync(), Is.EqualTo(new PageStats(3, 3, 0)));
        await Expect(Page.Locator("#conn")).ToHaveTextAsync("connected");
    }

    [Test]
    public async Task LevelFilterAndSearchNarrowTheListIncludingRecordsArrivingLater()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash, "svc");
        log.Debug("cache warmed");
        log.Info("Disk usage at 40%");
        log.Warn("DISK almost full");
        log.Error("request failed");
        await OpenAsync(dash);
        await WaitForStatsAsync("s.received === 4");

        await Page.SelectOptionAsync("select[name=level]", "WARN");
        await Expect(Records).ToHaveCountAsync(2);
        Assert.That(await Records.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.level)"), Is.EqualTo(new[] { "WARN", "ERROR" }));

        await Page.FillAsync("input[type=search]", "disk");
        await Expect(Records).ToHaveCountAsync(1);
        await Expect(Records.First).ToContainTextAsync("DISK almost full");

        // Later records pass through the same filters.
        log.Critical("disk failed");
        log.Info("disk is fine");     // below WARN
        log.Error("network down");   // does not match
        await WaitForStatsAsync("s.received === 7");
        await Expect(Records).ToHaveCountAsync(2);
        await Expect(Records.Nth(1)).ToContainTextAsync("disk failed");

        // The search matches logger names too, ignoring case; "" shows every level again.
        await Page.SelectOptionAsync("select[name=level]", "");
        await Page.FillAsync("input[type=search]", log.Name.ToUpperInvariant());
        await Expect(Records).ToHaveCountAsync(7);
        await Page.FillAsync("input[type=search]", "");
        await Page.SelectOptionAsync("select[name=level]", "ERROR");
        Assert.That((await StatsAsync()).Shown, Is.EqualTo(3));
    }

    [Test]
    public async Task TheLoggerFilterShowsALoggerAndItsChildren()
    {
        var dash = StartDashboard();
        string root = UniqueName("app");
        foreach (var name in new[] { root, root + ".api", root + ".api.users", root + ".jobs" })
        {
            var l = FemtoLogging.GetLogger(name);
            l.Propagate = false;
            l.AddHandler(dash);
            l.Info("from " + name);
        }
        await OpenAsync(dash);
        await WaitForStatsAsync("s.received === 4");
        await Page.SelectOptionAsync("select[name=logger]", root + ".api");
        await Expect(Records).ToHaveCountAsync(2);
        Assert.That(string.Join("|", await Records.AllTextContentsAsync()), Does.Contain("from " + root + ".api.users").And.Not.Contain(".jobs"));
    }

    [Test]
    public async Task MarkupInMessagesAndLoggerNamesIsShownAsTextAndRunsNothing()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash);
        string script = "<script>window.__pwned = 1</script>";
        string img = "<img src=x onerror=\"window.__pwned = 2\">";
        var bold = FemtoLogging.GetLogger("<b>bold</b>");
        bold.Propagate = false;
        bold.AddHandler(dash);
        log.Warn(script);
        log.Error(img);
        FlushOrFail(log); // two loggers, two workers: flush so the page's order is the order of the calls
        bold.Info("a logger name with markup & an \"entity\" &amp;");
        await OpenAsync(dash);

        await Expect(Records).ToHaveCountAsync(3);
        string[] texts = [.. await Records.AllTextContentsAsync()];
        Assert.That(texts[0], Does.Contain(script));
        Assert.That(texts[1], Does.Contain(img));
        Assert.That(texts[2], Does.Contain("<b>bold</b>").And.Contain("a logger name with markup & an \"entity\" &amp;"));
        Assert.That(await Page.Locator("#list img, #list script, #list b").CountAsync(), Is.Zero, "no element was made from record text");
        Assert.That(await Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True, "nothing ran");

        // The details view and the checkpoint view escape too.
        await Records.Nth(1).ClickAsync();
        await Expect(Page.Locator("#details-text")).ToContainTextAsync("onerror");
        dash.Checkpoints.Save(script, new { html = img }, status: "FAILED", progress: 5, note: img);
        await Page.ClickAsync("button:has-text('Checkpoints')");
        var checkpoint = Page.Locator("[data-checkpoint]").First;
        await Expect(checkpoint).ToContainTextAsync(script);
        Assert.That(await checkpoint.GetAttributeAsync("data-checkpoint"), Is.EqualTo(script));
        Assert.That(await Page.Locator("#checkpoints img, #checkpoints script").CountAsync(), Is.Zero);
        Assert.That(await Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
    }

    [Test]
    public async Task ExportDownloadsTheCurrentViewAsJsonLines()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash, "exp");
        log.Info("alpha one");
        log.Error("beta two");
        log.Error("alpha three");
        log.Warn("line\nbreak and \"quotes\" alpha");
        await OpenAsync(dash);
        await WaitForStatsAsync("s.received === 4");
        await Page.FillAsync("input[type=search]", "alpha");
        await Page.SelectOptionAsync("select[name=level]", "WARN");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("button:has-text('Export')"));
        Assert.That(download.SuggestedFilename, Does.EndWith(".jsonl"));
        string path = TempPath("export.jsonl");
        await download.SaveAsAsync(path);
        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(records.Select(r => r.GetProperty("message").GetString()), Is.EqualTo(new[] { "alpha three", "line\nbreak and \"quotes\" alpha" }));
        Assert.That(records.Select(r => r.GetProperty("level").GetString()), Is.EqualTo(new[] { "ERROR", "WARN" }));
        Assert.That(records.Select(r => r.GetProperty("logger").GetString()), Is.All.EqualTo(log.Name));
    }

    [Test]
    public async Task TheCheckpointsTabShowsStatusProgressOverallAndExpandableData()
    {
        var dash = StartDashboard();
        var cp = dash.Checkpoints;
        cp.Save("epoch-1", new { loss = 0.52, acc = 0.81 }, status: "DONE", progress: 100);
        cp.Save("epoch-2", new { loss = 0.31, acc = 0.88, layers = new { conv = 12, dense = 2 } }, status: "IN_PROGRESS", progress: 40, note: "best so far");
        cp.Save("export", new { target = "s3" }, status: "FAILED", progress: 20);
        cp.Save("cleanup", null, status: "SKIPPED", progress: 0);
        await OpenAsync(dash);
        await Page.ClickAsync("button:has-text('Checkpoints')");

        var items = Page.Locator("[data-checkpoint]");
        await Expect(items).ToHaveCountAsync(4);
        var epoch2 = Page.Locator("[data-checkpoint='epoch-2']");
        await Expect(epoch2).ToContainTextAsync("epoch-2");
        await Expect(epoch2).ToContainTextAsync("IN_PROGRESS");
        await Expect(epoch2).ToContainTextAsync("best so far");
        await Expect(epoch2.Locator("progress")).ToHaveAttributeAsync("aria-valuenow", "40");
        Assert.That(await epoch2.Locator("progress").EvaluateAsync<double>("p => p.value"), Is.EqualTo(40));
        foreach (var (name, status) in new[] { ("epoch-1", "DONE"), ("export", "FAILED"), ("cleanup", "SKIPPED") })
            await Expect(Page.Locator($"[data-checkpoint='{name}']")).ToContainTextAsync(status);
        await Expect(Page.Locator("#overall")).ToHaveAttributeAsync("aria-valuenow", "40");

        // Expandable JSON: the data opens to its nested values.
        await epoch2.Locator("details.json > summary").ClickAsync();
        await Expect(epoch2.Locator("details.json")).ToContainTextAsync("dense");
        await Expect(epoch2.Locator("details.json")).ToContainTextAsync("0.88");

        // Live: a save while the page is open updates it, and an expanded item stays expanded.
        cp.Save("epoch-2", new { loss = 0.2, acc = 0.9, layers = new { conv = 12, dense = 2 } }, status: "DONE", progress: 100);
        await Expect(epoch2).ToContainTextAsync("DONE");
        await Expect(epoch2.Locator("progress")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(Page.Locator("#overall")).ToHaveAttributeAsync("aria-valuenow", "55");
        Assert.That(await epoch2.Locator("details.json").EvaluateAsync<bool>("d => d.open"), Is.True);
        cp.Delete("cleanup");
        await Expect(items).ToHaveCountAsync(3);
    }

    [Test]
    public async Task CheckpointsSavedBeforeARestartAreListedAfterIt()
    {
        var options = TestOptions();
        using (var before = FemtoDashboard.Start(options))
        {
            before.Checkpoints.Save("stage-1", new { rows = 1200 }, status: "DONE", progress: 100);
            before.Checkpoints.Save("stage-2", new { rows = 300 }, status: "IN_PROGRESS", progress: 25);
        }
        var after = StartDashboard(options);
        await OpenAsync(after);
        await Page.ClickAsync("button:has-text('Checkpoints')");
        await Expect(Page.Locator("[data-checkpoint]")).ToHaveCountAsync(2);
        await Expect(Page.Locator("[data-checkpoint='stage-2'] progress")).ToHaveAttributeAsync("aria-valuenow", "25");
    }

    [Test]
    public async Task AMissingOrWrongTokenIsRefusedAndTheRightOneWorks()
    {
        var dash = StartDashboard(TestOptions() with { Token = "let-me-in" });
        LoggerFor(dash).Error("secret record");
        string bare = $"http://127.0.0.1:{dash.Port}/";

        var missing = await Page.GotoAsync(bare);
        Assert.That(missing!.Status, Is.EqualTo(401));
        Assert.That(await Page.ContentAsync(), Does.Not.Contain("secret record"));
        var wrong = await Page.GotoAsync(bare + "?token=let-me-out");
        Assert.That(wrong!.Status, Is.EqualTo(403));
        Assert.That(await Records.CountAsync(), Is.Zero);

        await OpenAsync(dash);
        await Expect(Records).ToHaveCountAsync(1);
        await Expect(Records.First).ToContainTextAsync("secret record");
    }

    [Test]
    public async Task ThePageReconnectsByItselfAndShowsTheConnectionState()
    {
        var first = StartDashboard();
        int port = first.Port;
        LoggerFor(first).Info("before restart");
        await OpenAsync(first);
        await Expect(Records).ToHaveCountAsync(1);

        first.Dispose();
        await Expect(Page.Locator("#conn")).ToHaveAttributeAsync("data-state", new Regex("reconnecting|connecting"));
        await Expect(Page.Locator("#conn")).ToContainTextAsync(new Regex("reconnecting|connecting"));

        var second = RestartDashboard(port);
        LoggerFor(second).Info("after restart");
        await Expect(Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 30_000 });
        await Expect(Records).ToHaveCountAsync(2);
        await Expect(Records.Nth(1)).ToContainTextAsync("after restart");
    }

    [Test]
    public async Task PauseFreezesTheViewAndScrollingUpStopsAutoScroll()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash);
        for (int i = 0; i < 500; i++) log.Info("row {I}", i);
        await OpenAsync(dash);
        await WaitForStatsAsync("s.received === 500");

        // Auto-scroll keeps the newest record in sight.
        await Expect(Page.Locator("[data-level]:has-text('row 499')")).ToBeVisibleAsync();
        await Page.Locator("#list").EvaluateAsync("l => l.scrollTop = 0");
        await Expect(Page.Locator("#follow")).Not.ToBeCheckedAsync();
        for (int i = 500; i < 510; i++) log.Info("row {I}", i);
        await WaitForStatsAsync("s.received === 510");
        await Expect(Page.Locator("[data-level]:has-text('row 0')").First).ToBeVisibleAsync();
        Assert.That(await Page.Locator("#list").EvaluateAsync<double>("l => l.scrollTop"), Is.Zero, "a reader scrolled up is not pulled down");

        await Page.ClickAsync("#pause");
        log.Info("while paused");
        await WaitForStatsAsync("s.received === 511");
        Assert.That((await StatsAsync()).Shown, Is.EqualTo(510));
        await Expect(Page.Locator("#info")).ToContainTextAsync("1 new");
        await Page.ClickAsync("#pause");
        await WaitForStatsAsync("s.shown === 511");
        await Page.Locator("#follow").CheckAsync();
        await Expect(Page.Locator("[data-level]:has-text('while paused')")).ToBeVisibleAsync();
    }

    [Test]
    public async Task AShortListKeepsEveryRecordInThePage()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash);
        for (int i = 0; i < 300; i++) log.Info("item {I}", i);
        await OpenAsync(dash);
        await Expect(Records).ToHaveCountAsync(300);
        Assert.That(await Records.Nth(123).TextContentAsync(), Does.Contain("item 123"));
    }

    [Test]
    public async Task AHundredThousandRecordsStayResponsive()
    {
        const int total = 100_000;
        var dash = StartDashboard(TestOptions() with { Handler = new HandlerSettings { Capacity = 8192, OverflowPolicy = OverflowPolicy.Block } });
        var log = LoggerFor(dash, "load");
        for (int i = 0; i < total; i++)
        {
            if (i % 1000 == 999) log.Warn("request {I} slow: {Ms} ms", i, i % 700);
            else log.Info("request {I} served in {Ms} ms", i, i % 90);
        }
        FlushOrFail(log);
        Assert.That(dash.Flush(Patience), Is.True);

        var loading = System.Diagnostics.Stopwatch.StartNew();
        await OpenAsync(dash);
        await WaitForStatsAsync($"s.received === {total} && s.shown === {total}");
        loading.Stop();
        Assert.That(await Records.CountAsync(), Is.InRange(1, 200), "only the rows on screen exist (virtualised)");

        // Frame times while scrolling through the whole list: one jump per animation frame.
        var frames = await Page.EvaluateAsync<double[]>("""
            () => new Promise(resolve => {
              const list = document.getElementById('list');
              const times = [];
              let last = performance.now(), n = 0;
              function step(now) {
                times.push(now - last);
                last = now;
                list.scrollTop = (n * 7919 * 22) % list.scrollHeight;
                if (++n < 150) requestAnimationFrame(step); else resolve(times.slice(1));
              }
              requestAnimationFrame(step);
            })
            """);
        Array.Sort(frames);
        double median = frames[frames.Length / 2], p95 = frames[(int)(frames.Length * 0.95)], worst = frames[^1];

        // Filtering 100k records on a keystroke.
        double searchMs = await Page.EvaluateAsync<double>("""
            () => {
              const box = document.querySelector('input[type=search]');
              const t0 = performance.now();
              box.value = 'slow';
              box.dispatchEvent(new Event('input'));
              return performance.now() - t0;
            }
            """);
        await WaitForStatsAsync("s.shown === 100");
        await Expect(Records.First).ToContainTextAsync("slow");
        TestContext.Out.WriteLine($"100k records: page loaded and rendered in {loading.ElapsedMilliseconds} ms; scrolling frame time median {median:0.0} ms, p95 {p95:0.0} ms, worst {worst:0.0} ms; search over 100k in {searchMs:0.0} ms");
        Assert.That(median, Is.LessThan(25), "scrolling keeps the display's frame rate (median frame time)");
        Assert.That(p95, Is.LessThan(100), "no more than the odd slow frame (p95 frame time)");
        Assert.That(searchMs, Is.LessThan(500));
    }

    [Test]
    public async Task TheScreenshotsInTheDocsComeFromHere()
    {
        var dash = StartDashboard();
        var api = Named(dash, "shop.api");
        var jobs = Named(dash, "shop.jobs");
        string[] paths = ["/orders", "/users/42", "/cart", "/search?q=shoes", "/checkout"];
        for (int i = 0; i < 60; i++)
        {
            string path = paths[i % paths.Length];
            if (i % 17 == 16) api.Warn("GET {Path} took {Ms} ms (slow)", path, 850 + i);
            else if (i % 23 == 22) api.Error(new TimeoutException("upstream timed out"), "GET {Path} failed", path);
            else if (i % 5 == 0) jobs.Debug("job {Id} heartbeat", 1000 + i);
            else api.Info("GET {Path} 200 in {Ms} ms", path, 12 + i % 40);
        }
        api.Warn("<script>alert('x')</script> arrived in a header: shown as text");
        jobs.Critical("disk /var almost full: {Free} MB left", 120);
        dash.Checkpoints.Save("ingest", new { rows = 1_200_000, source = "events" }, status: "DONE", progress: 100);
        dash.Checkpoints.Save("validate", new { errors = 3, rows = 1_200_000 }, status: "DONE", progress: 100, note: "3 schema errors");
        dash.Checkpoints.Save("features", new { done = new[] { "activity_7d", "churn_score" }, pending = new[] { "ltv_estimate" } }, status: "IN_PROGRESS", progress: 66);
        dash.Checkpoints.Save("warehouse", new { target = "features" }, status: "FAILED", progress: 10, note: "permission denied");
        dash.Checkpoints.Save("report", null, status: "SKIPPED", progress: 0);
        await OpenAsync(dash);
        await WaitForStatsAsync("s.received === 62");
        await ScreenshotAsync("dashboard.png");

        await Page.ClickAsync("button:has-text('Checkpoints')");
        await Page.Locator("[data-checkpoint='features'] details.json > summary").ClickAsync();
        await ScreenshotAsync("dashboard-checkpoints.png");
        Assert.That(File.Exists(Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", "dashboard.png")), Is.True);
    }

    private static FemtoLogger Named(DashboardHandler dash, string name)
    {
        var log = FemtoLogging.GetLogger(name);
        log.Propagate = false;
        log.Level = FemtoLevel.Trace;
        log.AddHandler(dash);
        return log;
    }
}
