using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Femto.Dashboard;

namespace Femto.Tests.Dashboard;

/// <summary>The dashboard's server through real sockets: Kestrel on 127.0.0.1, real WebSocket clients.</summary>
public sealed class DashboardServerTests : DashboardTestBase
{
    [Test]
    public async Task RecordsReachAPageAsJsonInBatches()
    {
        var dash = StartDashboard();
        Assert.That(dash.Url, Does.Match(@"^http://127\.0\.0\.1:\d+/$"));
        Assert.That(dash.Port, Is.GreaterThan(0));
        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        await page.ReceiveUntilAsync(p => p.Hello is not null && p.Checkpoints is not null, Patience, "hello and checkpoints");
        var log = LoggerFor(dash, "batch");

        for (int i = 0; i < 3000; i++) log.Info("record {I} for {User}", i, "ana");
        await page.ReceiveUntilAsync(p => p.Records.Count >= 3000, Patience, "3000 records");

        Assert.That(page.Records, Has.Count.EqualTo(3000));
        for (int i = 0; i < 3000; i++) Assert.That(page.Records[i].GetProperty("message").GetString(), Is.EqualTo($"record {i} for ana"));
        var first = page.Records[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("logger").GetString(), Is.EqualTo(log.Name));
            Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("INFO"));
            Assert.That(first.GetProperty("key_values").GetProperty("User").GetString(), Is.EqualTo("ana"));
            Assert.That(first.GetProperty("key_values").GetProperty("I").GetInt32(), Is.EqualTo(0));
            Assert.That(DateTime.Parse(first.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTime.Now).Within(TimeSpan.FromMinutes(1)));
            Assert.That(page.RecordMessages, Is.LessThan(3000 / 10), "records travel in batches, not one message each");
            Assert.That(page.LastSeq, Is.EqualTo(3000));
            Assert.That(page.Dropped, Is.Zero);
            Assert.That(dash.ClientCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ANewPageGetsTheLastBufferSizeRecordsThenLiveOnes()
    {
        var dash = StartDashboard(TestOptions() with { BufferSize = 100 });
        var log = LoggerFor(dash);
        for (int i = 0; i < 250; i++) log.Info("old {I}", i);
        FlushOrFail(log);
        Assert.That(dash.Flush(Patience), Is.True);

        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        await page.ReceiveUntilAsync(p => p.Records.Count >= 100, Patience, "the replayed history");
        Assert.That(page.Hello!.Value.GetProperty("replay").GetInt32(), Is.EqualTo(100));
        Assert.That(page.Hello!.Value.GetProperty("bufferSize").GetInt32(), Is.EqualTo(100));
        log.Info("new one");
        await page.ReceiveUntilAsync(p => p.Records.Count >= 101, Patience, "the live record");

        var messages = page.Records.Select(r => r.GetProperty("message").GetString()).ToList();
        Assert.That(messages, Is.EqualTo(Enumerable.Range(150, 100).Select(i => $"old {i}").Append("new one")));
    }

    [Test]
    public async Task AReconnectingPageGetsOnlyWhatItMissedFromTheSameDashboard()
    {
        var dash = StartDashboard();
        var log = LoggerFor(dash);
        for (int i = 0; i < 10; i++) log.Info("first {I}", i);
        string instance;
        long last;
        await using (var page = await DashboardSocket.ConnectAsync(dash.Url))
        {
            await page.ReceiveUntilAsync(p => p.Records.Count >= 10, Patience, "10 records");
            instance = page.Hello!.Value.GetProperty("instance").GetString()!;
            last = page.LastSeq;
        }
        for (int i = 0; i < 5; i++) log.Info("missed {I}", i);
        FlushOrFail(log);
        Assert.That(dash.Flush(Patience), Is.True);

        await using var again = await DashboardSocket.ConnectAsync(dash.Url, $"instance={instance}&since={last}");
        await again.ReceiveUntilAsync(p => p.Records.Count >= 5, Patience, "the 5 missed records");
        Assert.That(again.Hello!.Value.GetProperty("replay").GetInt32(), Is.EqualTo(5));
        Assert.That(again.Records.Select(r => r.GetProperty("message").GetString()), Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"missed {i}")));

        // A page that last saw another dashboard (a restarted process) gets the whole history.
        await using var stranger = await DashboardSocket.ConnectAsync(dash.Url, $"instance=someoneelse&since={last}");
        await stranger.ReceiveUntilAsync(p => p.Records.Count >= 15, Patience, "the whole history");
        Assert.That(stranger.Hello!.Value.GetProperty("replay").GetInt32(), Is.EqualTo(15));
    }

    [Test]
    public async Task ASlowPageLosesRecordsAloneCountedWhileOtherPagesAndTheAppGoOn()
    {
        const int total = 20_000, chunk = 1000;
        using var diagnostics = new DiagnosticsCapture("too slow");
        var dash = StartDashboard(TestOptions() with
        {
            BufferSize = 100,
            ClientQueueCapacity = 2000,
            Handler = new HandlerSettings { Capacity = 1024, OverflowPolicy = OverflowPolicy.Block },
        });
        await using var slow = await DashboardSocket.ConnectAsync(dash.Url);
        await slow.ReceiveUntilAsync(p => p.Hello is not null && p.Checkpoints is not null, Patience, "hello");
        await using var fast = await DashboardSocket.ConnectAsync(dash.Url);
        await fast.ReceiveUntilAsync(p => p.Hello is not null && p.Checkpoints is not null, Patience, "hello");
        var log = LoggerFor(dash);
        string padding = new('x', 2000);

        // The slow page reads nothing while 40 MB go out: far more than its socket buffers and its queue hold. The
        // fast page keeps up chunk by chunk. With Block everywhere, the calls return only if the handler's worker
        // never waits for the slow page.
        for (int i = 0; i < total; i += chunk)
        {
            for (int j = i; j < i + chunk; j++) log.Info("r{I} {Pad}", j, padding);
            await fast.ReceiveUntilAsync(p => p.Records.Count >= i + chunk, Patience, $"{i + chunk} records on the fast page");
        }

        Assert.That(fast.Records, Has.Count.EqualTo(total));
        Assert.That(fast.Dropped, Is.Zero);
        Assert.That(dash.DroppedCount, Is.Zero, "the handler's own queue dropped nothing");
        Assert.That(dash.ClientDroppedCount, Is.GreaterThan(0));

        // The slow page now reads: what it gets plus what was dropped for it is everything, and it is told the count.
        await slow.ReceiveUntilAsync(p => p.Records.Count + p.Dropped >= total, TimeSpan.FromSeconds(60), "the slow page to catch up");
        Assert.That(slow.Records.Count + slow.Dropped, Is.EqualTo(total));
        Assert.That(slow.Dropped, Is.EqualTo(dash.ClientDroppedCount));
        var seen = slow.Records.Select(r => int.Parse(r.GetProperty("message").GetString()!.Split(' ')[0][1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(seen, Is.Ordered.Ascending, "what a slow page gets stays in order");
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "drops for a slow page are reported");
        Assert.That(diagnostics.Reports.First(r => r.Contains("too slow", StringComparison.Ordinal)), Does.Contain("dashboard: page"));
    }

    [Test]
    public async Task ATokenIsRequiredByThePageAndTheSocket()
    {
        var dash = StartDashboard(TestOptions() with { Token = "s3cret/+?" });
        Assert.That(dash.Url, Does.EndWith("/?token=s3cret%2F%2B%3F"));
        string bare = $"http://127.0.0.1:{dash.Port}/";
        using var http = new HttpClient();

        Assert.That((int)(await http.GetAsync(bare)).StatusCode, Is.EqualTo(401));
        Assert.That((int)(await http.GetAsync(bare + "?token=wrong")).StatusCode, Is.EqualTo(403));
        var ok = await http.GetAsync(dash.Url);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var request = new HttpRequestMessage(HttpMethod.Get, bare))
        {
            request.Headers.Authorization = new("Bearer", "s3cret/+?");
            Assert.That((await http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a bearer header works too");
        }

        Assert.That(await DashboardSocket.RefusalAsync(bare), Is.EqualTo(401));
        Assert.That(await DashboardSocket.RefusalAsync(bare, "token=wrong"), Is.EqualTo(403));
        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        LoggerFor(dash).Info("for token holders");
        await page.ReceiveUntilAsync(p => p.Records.Count == 1, Patience, "the record");
    }

    [Test]
    public async Task TheSocketRefusesOtherOriginsAndThePageOtherHostNames()
    {
        var dash = StartDashboard();
        Assert.That(await DashboardSocket.RefusalAsync(dash.Url, origin: "http://evil.example"), Is.EqualTo(403));
        Assert.That(await DashboardSocket.RefusalAsync(dash.Url, origin: $"http://127.0.0.1:{dash.Port + 1}"), Is.EqualTo(403));
        Assert.That(await DashboardSocket.RefusalAsync(dash.Url, origin: "null"), Is.EqualTo(403));
        await using (await DashboardSocket.ConnectAsync(dash.Url, origin: $"http://127.0.0.1:{dash.Port}")) { }

        // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own name as Host (and Origin).
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, dash.Url);
        request.Headers.Host = $"evil.example:{dash.Port}";
        Assert.That((int)(await http.SendAsync(request)).StatusCode, Is.EqualTo(403));
        using var local = new HttpRequestMessage(HttpMethod.Get, dash.Url);
        local.Headers.Host = $"localhost:{dash.Port}";
        Assert.That((await http.SendAsync(local)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AnAllowedOriginMayOpenTheSocket()
    {
        var dash = StartDashboard(TestOptions() with { AllowedOrigins = ["https://logs.example.com"] });
        await using (await DashboardSocket.ConnectAsync(dash.Url, origin: "https://logs.example.com")) { }
        Assert.That(await DashboardSocket.RefusalAsync(dash.Url, origin: "https://other.example.com"), Is.EqualTo(403));
    }

    [Test]
    public async Task ThePageIsOneSelfContainedFileWithAStrictPolicy()
    {
        var dash = StartDashboard();
        using var http = new HttpClient();
        var response = await http.GetAsync(dash.Url);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            string csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.That(csp, Does.Contain("default-src 'none'").And.Contain("script-src 'sha256-").And.Contain("connect-src 'self'"));
            Assert.That(csp, Does.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
            Assert.That(html, Does.Not.Contain("src=").And.Not.Contain("href="), "nothing is loaded from anywhere else");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"));
            Assert.That(html, Does.Not.Contain("innerHTML").And.Not.Contain("insertAdjacentHTML").And.Not.Contain("document.write"));
        });
        Assert.That((int)(await http.GetAsync(new Uri(new Uri(dash.Url), "/other"))).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await http.GetAsync(new Uri(new Uri(dash.Url), "/ws"))).StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task SavedCheckpointsArePushedToOpenPages()
    {
        var dash = StartDashboard();
        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        await page.ReceiveUntilAsync(p => p.Checkpoints is not null, Patience, "the checkpoint list");
        Assert.That(page.Checkpoints!.Value.GetProperty("items").GetArrayLength(), Is.Zero);

        dash.Checkpoints.Save("epoch-1", new { loss = 0.23, acc = 0.91 }, status: "IN_PROGRESS", progress: 33, note: "warming up");
        await page.ReceiveUntilAsync(p => p.Checkpoints!.Value.GetProperty("items").GetArrayLength() == 1, Patience, "the saved checkpoint");
        var item = page.Checkpoints!.Value.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("name").GetString(), Is.EqualTo("epoch-1"));
            Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("IN_PROGRESS"));
            Assert.That(item.GetProperty("progress").GetDouble(), Is.EqualTo(33));
            Assert.That(item.GetProperty("note").GetString(), Is.EqualTo("warming up"));
            Assert.That(item.GetProperty("data").GetProperty("acc").GetDouble(), Is.EqualTo(0.91));
        });

        dash.Checkpoints.Delete("epoch-1");
        await page.ReceiveUntilAsync(p => p.Checkpoints!.Value.GetProperty("items").GetArrayLength() == 0, Patience, "the deletion");
    }

    [Test]
    public async Task ClosingSendsWhatIsQueuedClosesPagesAndFreesThePort()
    {
        // A page that reads is never cut off; the default second can be too short for a loaded machine's test page.
        var dash = StartDashboard(TestOptions() with { CloseTimeout = Patience });
        int port = dash.Port;
        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        var log = LoggerFor(dash);
        for (int i = 0; i < 100; i++) log.Info("last words {I}", i);
        FlushOrFail(log);

        // The page reads while the dashboard closes, as a browser does (it answers the close at once).
        var reading = page.ReceiveUntilClosedAsync(Patience);
        await Task.Run(dash.Dispose);
        await reading;
        Assert.That(page.Records, Has.Count.EqualTo(100), "records accepted before Close reach the page");
        Assert.That(page.CloseStatus, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
        Assert.That(dash.Flush(), Is.False);
        Assert.Throws<ObjectDisposedException>(() => dash.Handle("x", FemtoLevel.Info, "after close"));
        Assert.DoesNotThrow(dash.Close, "Close is idempotent");
        // The port is free again: a new dashboard takes it. (Probing it with a connection instead would race with any
        // other process on the machine that is handed the same ephemeral port meanwhile.)
        var again = RestartDashboard(port);
        Assert.That(again.Port, Is.EqualTo(port));
    }

    [Test]
    public void ATakenPortIsAClearError()
    {
        var dash = StartDashboard();
        var ex = Assert.Throws<IOException>(() => StartDashboard(TestOptions() with { Port = dash.Port }));
        Assert.That(ex!.Message, Does.Contain(dash.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("Port = 0"));
    }

    [Test]
    public async Task ADashboardClosedBeforeAnyRecordStopsListening()
    {
        var dash = StartDashboard();
        int port = dash.Port;
        dash.Close();
        Assert.That(dash.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        using var probe = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, port));
    }

    [Test]
    public async Task TheHandlerSettingsApplyLikeAnyBuiltInHandler()
    {
        var dash = StartDashboard(TestOptions() with { Handler = new HandlerSettings { MinimumLevel = FemtoLevel.Warn } });
        Assert.That(dash.MinimumLevel, Is.EqualTo(FemtoLevel.Warn));
        await using var page = await DashboardSocket.ConnectAsync(dash.Url);
        var log = LoggerFor(dash);
        log.Info("below the handler's level");
        log.Error("kept");
        await page.ReceiveUntilAsync(p => p.Records.Count >= 1, Patience, "the error");
        Assert.That(dash.Flush(Patience), Is.True);
        Assert.That(page.Records.Single().GetProperty("message").GetString(), Is.EqualTo("kept"));
        Assert.That(dash.Health.Status, Is.EqualTo(HealthStatus.Healthy));
    }
}
