using Femto.Config;
using Femto.Tests.Http;

namespace Femto.Tests.Config;

/// <summary>HTTP handlers configured from a JSON tree, a CPython INI file and the builder, posting to a real Kestrel
/// ingest on loopback; options in snake_case, bad values named.</summary>
public sealed class HttpConfigTests : ConfigTestBase
{
    [Test]
    public void A_json_FemtoHttpHandler_posts_batches_with_its_options()
    {
        using var server = IngestServer.Start();
        FemtoConfig.JsonConfig($$"""
            { "version": 1,
              "handlers": { "ingest": { "class": "Femto.Handlers.FemtoHttpHandler", "url": "{{server.Url}}?key=hidden", "token": "t-1",
                                        "headers": { "X-Tenant": "blue" }, "batch_size": 2, "flush_interval_ms": 250,
                                        "min_request_interval_ms": 0, "timeout_ms": 3000, "compression": true, "host_metadata": false,
                                        "backoff": { "base_ms": 20, "cap_ms": 200 }, "capacity": 512, "overflow_policy": "block",
                                        "formatter": "json" } },
              "loggers": { "shipped": { "level": "INFO", "handlers": ["ingest"], "propagate": false } },
              "root": {} }
            """);
        var log = FemtoLogging.GetLogger("shipped");
        var handler = (FemtoHttpHandler)log.Handlers.Single();
        Assert.That((handler.BatchSize, handler.FlushInterval, handler.Timeout, handler.Compression, handler.Capacity, handler.OverflowPolicy),
            Is.EqualTo((2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), true, 512, OverflowPolicy.Block)));
        Assert.That((handler.BackoffConfig.BaseMs, handler.BackoffConfig.CapMs), Is.EqualTo((20, 200)));
        Assert.That(handler.Name, Does.Not.Contain("hidden"), "a query may hold a key: reports show the path only");
        log.Info("one");
        log.Info("two");
        Assert.That(log.Flush(Patience), Is.True);
        var request = server.Requests.Single();
        Assert.That((request.Headers["Authorization"], request.Headers["X-Tenant"], request.Headers["Content-Encoding"]), Is.EqualTo(("Bearer t-1", "blue", "gzip")));
        Assert.That(request.Messages, Is.EqualTo(new[] { "one", "two" }));
        Assert.That(request.Records[0].TryGetProperty("host", out _), Is.False);
    }

    [Test]
    public void An_ini_handler_takes_url_and_method_positionally_and_basic_auth_as_keywords()
    {
        using var server = IngestServer.Start();
        string ini = WriteFile("http.ini", $"""
            [loggers]
            keys=root
            [handlers]
            keys=ingest
            [logger_root]
            level=INFO
            handlers=ingest
            [handler_ingest]
            class=femto.HttpHandler
            args=('{server.Url}', 'PUT')
            kwargs={"{"}'username': 'ann', 'password': 'pw', 'batch_size': 1{"}"}
            """);
        FemtoConfig.FileConfig(ini);
        var handler = (FemtoHttpHandler)FemtoLogging.GetLogger().Handlers.Single();
        Assert.That((handler.Method, handler.BatchSize), Is.EqualTo(("PUT", 1)));
        FemtoLogging.GetLogger("ini.http").Warn("over http");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(server.WaitForRequests(1, Patience), Is.True);
        Assert.That(server.Requests[0].Headers["Authorization"], Is.EqualTo("Basic YW5uOnB3"));
        Assert.That(server.Requests[0].Method, Is.EqualTo("PUT"));
    }

    [Test]
    public void The_builder_overload_adds_an_http_handler()
    {
        using var server = IngestServer.Start();
        new ConfigBuilder()
            .WithHandler("ingest", new HttpHandlerBuilder().WithEndpoint(server.Url).WithBatchSize(1))
            .WithLogger("built.http", new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("ingest").WithPropagate(false))
            .WithRootLogger(new LoggerConfigBuilder().WithLevel("WARNING"))
            .BuildAndInit();
        var log = FemtoLogging.GetLogger("built.http");
        log.Info("from the builder");
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(server.Accepted, Is.EqualTo(new[] { "from the builder" }));
    }

    [Test]
    public void Options_can_start_from_the_environment()
    {
        using var server = IngestServer.Start();
        string prefix = "FEMTO_HTTP_C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";
        Environment.SetEnvironmentVariable(prefix + "ENDPOINT", server.Url);
        Environment.SetEnvironmentVariable(prefix + "BATCH_SIZE", "7");
        try
        {
            var ingest = Tree(("class", "Femto.Handlers.FemtoHttpHandler"), ("environment_prefix", prefix), ("batch_size", 3));
            FemtoConfig.DictConfig(Tree(("version", 1), ("handlers", Tree(("ingest", ingest))),
                ("root", Tree(("handlers", new List<object?> { "ingest" })))));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "ENDPOINT", null);
            Environment.SetEnvironmentVariable(prefix + "BATCH_SIZE", null);
        }
        var handler = (FemtoHttpHandler)FemtoLogging.GetLogger().Handlers.Single();
        Assert.That((handler.Endpoint.ToString(), handler.BatchSize), Is.EqualTo((server.Url, 3)), "the endpoint from the environment, the batch size from the configuration");
    }

    [TestCase("\"url\": \"ftp://x/\"", "handlers.ingest.url")]
    [TestCase("\"url\": \"http://x/\", \"method\": \"GET\"", "handlers.ingest.method")]
    [TestCase("\"url\": \"http://x/\", \"token\": \"t\", \"username\": \"u\", \"password\": \"p\"", "handlers.ingest.token")]
    [TestCase("\"url\": \"http://x/\", \"username\": \"u\"", "handlers.ingest.username")]
    [TestCase("\"url\": \"http://x/\", \"headers\": { \"Content-Type\": \"text/plain\" }", "handlers.ingest.headers")]
    [TestCase("\"url\": \"http://x/\", \"batch_size\": 0", "handlers.ingest.batch_size")]
    [TestCase("\"url\": \"http://x/\", \"formatter\": \"default\"", "handlers.ingest")]
    [TestCase("\"batch_size\": 5", "url")]
    public void Bad_options_are_rejected_naming_them(string options, string where)
    {
        var ex = Assert.Throws(Is.InstanceOf<FemtoConfigException>(), () => FemtoConfig.JsonConfig($$"""
            { "version": 1, "handlers": { "ingest": { "class": "Femto.Handlers.FemtoHttpHandler", {{options}} } },
              "root": { "handlers": ["ingest"] } }
            """));
        Assert.That(ex!.Message, Does.Contain(where));
    }

    [Test]
    public void CPythons_HTTPHandler_is_refused_with_a_pointer_to_Femtos()
    {
        var ex = Assert.Throws<FemtoConfigException>(() => FemtoConfig.JsonConfig("""
            { "version": 1, "handlers": { "h": { "class": "logging.handlers.HTTPHandler", "host": "x", "url": "/log" } },
              "root": { "handlers": ["h"] } }
            """));
        Assert.That(ex!.Message, Does.Contain("FemtoHttpHandler").And.Contain("url-encoded"));
    }
}
