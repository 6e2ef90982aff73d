using System.Text;

namespace Femto.Tests.Http;

/// <summary>The builder's validation, authentication and headers as the server sees them, gzip bodies, and
/// configuration from environment variables (read when called, overridden by later calls, malformed values named).</summary>
public sealed class HttpConfigurationTests : HttpTestBase
{
    private readonly List<string> _variables = [];
    private string _prefix = "";

    [SetUp]
    public void UniquePrefix() => _prefix = "FEMTO_HTTP_T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";

    [TearDown]
    public void ClearVariables()
    {
        foreach (var name in _variables) Environment.SetEnvironmentVariable(name, null);
        _variables.Clear();
    }

    private void Set(string name, string? value)
    {
        _variables.Add(_prefix + name);
        Environment.SetEnvironmentVariable(_prefix + name, value);
    }

    [Test]
    public void Bad_values_are_rejected_naming_them()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithEndpoint("ftp://logs.example.com/x"))!.ParamName, Is.EqualTo("url"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithEndpoint("logs.example.com/ingest"))!.ParamName, Is.EqualTo("url"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithEndpoint("http://u:p@logs.example.com/"))!.ParamName, Is.EqualTo("url"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithEndpoint("http://x/", method: "GET"))!.ParamName, Is.EqualTo("method"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithAuth("user", null))!.ParamName, Is.EqualTo("password"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithHeaders(new Dictionary<string, string> { ["Content-Type"] = "text/plain" }))!.ParamName, Is.EqualTo("headers"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpHandlerBuilder().WithHeaders(new Dictionary<string, string> { ["X-A"] = "a\r\nX-B: b" }))!.ParamName, Is.EqualTo("headers"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpHandlerBuilder().WithBatchSize(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpHandlerBuilder().WithCapacity(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpHandlerBuilder().WithTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpHandlerBuilder().WithFlushInterval(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpHandlerBuilder().WithMinRequestInterval(TimeSpan.FromSeconds(-1)));
        Assert.That(new HttpHandlerBuilder().WithMinRequestInterval(TimeSpan.Zero).MinRequestInterval, Is.EqualTo(TimeSpan.Zero), "0 disables the limit");
        Assert.That(Assert.Throws<HandlerConfigException>(() => new HttpHandlerBuilder().Build())!.Message, Does.Contain("endpoint"));
        Assert.Throws<HandlerConfigException>(() => new HttpHandlerBuilder().WithEndpoint("http://x/")
            .WithBackoff(new BackoffConfig { BaseMs = 1_000, CapMs = 10 }).Build());
        Assert.Throws<HandlerConfigException>(() => new HttpHandlerBuilder().WithEndpoint("http://x/").WithAuth(token: "t")
            .WithHeaders(new Dictionary<string, string> { ["authorization"] = "Bearer other" }).Build());
        var defaults = new HttpHandlerBuilder();
        Assert.That((defaults.BatchSize, defaults.FlushInterval, defaults.Method, defaults.Compression, defaults.AdaptiveBackPressure),
            Is.EqualTo((100, TimeSpan.FromSeconds(1), "POST", false, false)));
    }

    [Test]
    public void Bearer_and_basic_auth_and_extra_headers_reach_the_server_and_the_last_WithAuth_wins()
    {
        var server = Ingest();
        var bearer = Build(To(server).WithAuth(username: "first", password: "x").WithAuth(token: "s3cret")
            .WithHeaders(new Dictionary<string, string> { ["X-Tenant"] = "t1", ["X-Source"] = "femto" }));
        Assert.That(new HttpHandlerBuilder().WithAuth(token: "a").WithAuth("u", "p").AuthScheme, Is.EqualTo("Basic"));
        Log(bearer, 0, 1);
        Assert.That(bearer.Flush(Patience), Is.True);
        var basic = Build(To(server).WithEndpoint(server.Url, method: "PUT").WithAuth(username: "ann", password: "pä:ss"));
        Log(basic, 1, 1);
        Assert.That(basic.Flush(Patience), Is.True);

        var (first, second) = (server.Requests[0], server.Requests[1]);
        Assert.That(first.Headers["Authorization"], Is.EqualTo("Bearer s3cret"));
        Assert.That((first.Headers["X-Tenant"], first.Headers["X-Source"]), Is.EqualTo(("t1", "femto")));
        Assert.That(second.Method, Is.EqualTo("PUT"));
        Assert.That(second.Headers["Authorization"], Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:pä:ss"))));
    }

    [Test]
    public void Gzip_bodies_decompress_to_exactly_the_records()
    {
        var plainServer = Ingest();
        var gzipServer = Ingest();
        var plain = Build(To(plainServer).WithHostMetadata(false));
        var gzip = Build(To(gzipServer).WithHostMetadata(false).WithCompression());
        var log = NewLogger("gzip");
        log.AddHandler(plain);
        log.AddHandler(gzip);
        for (int i = 0; i < 300; i++) log.Info("record {N} of {Total} é ✓", i, 300);
        FlushOrFail(log);

        var zipped = gzipServer.Requests;
        Assert.That(zipped.All(r => r.Headers["Content-Encoding"] == "gzip"), Is.True);
        Assert.That(zipped.Sum(r => r.RawBody.Length), Is.LessThan(zipped.Sum(r => r.Body.Length) / 3), "compressed");
        Assert.That(plainServer.Requests.Any(r => r.Headers.ContainsKey("Content-Encoding")), Is.False);
        // The same records, byte for byte: both handlers format the same record objects.
        static List<string> Raw(IEnumerable<IngestRequest> requests) => requests.SelectMany(r => r.Records).Select(e => e.GetRawText()).ToList();
        Assert.That(Raw(zipped), Is.EqualTo(Raw(plainServer.Requests)));
        Assert.That(gzipServer.Accepted, Is.EqualTo(Enumerable.Range(0, 300).Select(i => $"record {i} of 300 é ✓")));
    }

    [Test]
    public void FromEnvironment_reads_every_variable_when_called()
    {
        var server = Ingest();
        Set("ENDPOINT", server.Url);
        Set("API_KEY", "k-123");
        Set("BATCH_SIZE", "3");
        Set("FLUSH_INTERVAL_SECONDS", "0.5");
        Set("MAX_QUEUE_SIZE", "77");
        Set("MIN_REQUEST_INTERVAL_SECONDS", "0.25");
        var builder = HttpHandlerBuilder.FromEnvironment(_prefix);
        Set("BATCH_SIZE", "9"); // read when called: later changes do not count

        Assert.That((builder.Endpoint!.ToString(), builder.AuthScheme, builder.BatchSize, builder.FlushInterval, builder.MinRequestInterval),
            Is.EqualTo((server.Url, "Bearer", 3, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250))));
        var handler = Build(builder);
        Assert.That((handler.Capacity, handler.OverflowPolicy), Is.EqualTo((77, OverflowPolicy.Drop)), "DROP_WHEN_FULL defaults to true");
        Log(handler, 0, 3);
        Assert.That(server.WaitForRequests(1, Patience), Is.True, "a full batch of 3");
        Assert.That(server.Requests[0].Headers["Authorization"], Is.EqualTo("Bearer k-123"));
    }

    [Test]
    public void DROP_WHEN_FULL_and_QUEUE_TIMEOUT_SECONDS_choose_drop_timeout_or_block_and_code_overrides_them()
    {
        Set("ENDPOINT", "http://127.0.0.1:9/x");
        Set("DROP_WHEN_FULL", "false");
        Set("QUEUE_TIMEOUT_SECONDS", "0.25");
        Assert.That(Build(HttpHandlerBuilder.FromEnvironment(_prefix)).OverflowPolicy, Is.EqualTo(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(250))));
        Set("QUEUE_TIMEOUT_SECONDS", null);
        Assert.That(Build(HttpHandlerBuilder.FromEnvironment(_prefix)).OverflowPolicy, Is.EqualTo(OverflowPolicy.Block));
        Set("DROP_WHEN_FULL", "TRUE");
        Set("QUEUE_TIMEOUT_SECONDS", "3");
        Assert.That(Build(HttpHandlerBuilder.FromEnvironment(_prefix)).OverflowPolicy, Is.EqualTo(OverflowPolicy.Drop));

        Set("BATCH_SIZE", "5");
        Set("BACKPRESSURE", "true");
        var overridden = Build(HttpHandlerBuilder.FromEnvironment(_prefix).WithBatchSize(50).WithOverflowPolicy(OverflowPolicy.Block)
            .WithEndpoint("https://logs.example.com/v1").WithAdaptiveBackPressure(false));
        Assert.That((overridden.BatchSize, overridden.OverflowPolicy, overridden.Endpoint.Host, overridden.AdaptiveBackPressure),
            Is.EqualTo((50, OverflowPolicy.Block, "logs.example.com", false)));
        Assert.That(HttpHandlerBuilder.FromEnvironment(_prefix).AdaptiveBackPressure, Is.True, "BACKPRESSURE=true turns it on");
    }

    [TestCase("BATCH_SIZE", "ten")]
    [TestCase("BATCH_SIZE", "0")]
    [TestCase("FLUSH_INTERVAL_SECONDS", "1,5")]
    [TestCase("FLUSH_INTERVAL_SECONDS", "0")]
    [TestCase("MAX_QUEUE_SIZE", "-4")]
    [TestCase("DROP_WHEN_FULL", "maybe")]
    [TestCase("QUEUE_TIMEOUT_SECONDS", "soon")]
    [TestCase("MIN_REQUEST_INTERVAL_SECONDS", "-1")]
    [TestCase("ENDPOINT", "ftp://logs.example.com/")]
    public void A_malformed_variable_is_a_HandlerConfigException_naming_it(string name, string value)
    {
        Set(name, value);
        var error = Assert.Throws<HandlerConfigException>(() => HttpHandlerBuilder.FromEnvironment(_prefix));
        Assert.That(error!.Message, Does.Contain(_prefix + name).And.Contain(value));
    }

    [Test]
    public void Without_an_endpoint_Build_says_which_variable_to_set()
    {
        Set("BATCH_SIZE", "10");
        var error = Assert.Throws<HandlerConfigException>(() => HttpHandlerBuilder.FromEnvironment(_prefix).Build());
        Assert.That(error!.Message, Does.Contain("ENDPOINT"));
    }
}
