using Femto.Config;
using Femto.Handlers;
using Femto.Tests.Socket;

namespace Femto.Tests.Config;

/// <summary>Socket handlers configured from a dict/JSON tree, a CPython INI file and the builder, sending to a real
/// loopback receiver.</summary>
public sealed class SocketConfigTests : ConfigTestBase
{
    [Test]
    public void A_json_SocketHandler_with_flat_backoff_keys_delivers_to_its_host_and_port()
    {
        using var receiver = FrameReceiver.Tcp();
        FemtoConfig.JsonConfig($$"""
            { "version": 1,
              "handlers": { "net": { "class": "logging.handlers.SocketHandler", "host": "127.0.0.1", "port": {{receiver.Port}},
                                     "connect_timeout_ms": 2000, "write_timeout_ms": 3000, "max_frame_size": 4096,
                                     "backoff_base_ms": 20, "backoff_cap_ms": 200, "capacity": 2048 } },
              "loggers": { "net": { "level": "INFO", "handlers": ["net"], "propagate": false } },
              "root": {} }
            """);
        var log = FemtoLogging.GetLogger("net");
        var handler = (FemtoSocketHandler)log.Handlers.Single();
        Assert.That((handler.Target, handler.MaxFrameSize, handler.Capacity), Is.EqualTo(("127.0.0.1:" + receiver.Port, 4096, 2048)));
        Assert.That((handler.BackoffConfig.BaseMs, handler.BackoffConfig.CapMs, handler.BackoffConfig.ResetAfterMs), Is.EqualTo((20, 200, 30_000)));
        log.Info("configured", ("k", 1));
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(receiver.WaitFor(1, Patience), Is.True);
        Assert.That(receiver.Frames[0]["logger"], Is.EqualTo("net"));
    }

    [Test]
    public void An_ini_SocketHandler_with_a_single_path_uses_a_unix_socket()
    {
        string sock = Path.Combine("/tmp", "femto-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        using var receiver = FrameReceiver.Unix(sock);
        string ini = WriteFile("unix.ini", $"""
            [loggers]
            keys=root
            [handlers]
            keys=collector
            [logger_root]
            level=INFO
            handlers=collector
            [handler_collector]
            class=handlers.SocketHandler
            args=('{sock}',)
            """);
        FemtoConfig.FileConfig(ini);
        var handler = (FemtoSocketHandler)FemtoLogging.GetLogger().Handlers.Single();
        Assert.That(handler.Target, Is.EqualTo("unix:" + sock));
        FemtoLogging.GetLogger("ini.unix").Warn("over a unix socket");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(receiver.WaitFor(1, Patience), Is.True);
    }

    [Test]
    public void The_builder_overload_adds_a_socket_handler()
    {
        using var receiver = FrameReceiver.Tcp();
        new ConfigBuilder()
            .WithHandler("net", new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port))
            .WithLogger("built.net", new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("net").WithPropagate(false))
            .WithRootLogger(new LoggerConfigBuilder().WithLevel("WARNING"))
            .BuildAndInit();
        var log = FemtoLogging.GetLogger("built.net");
        log.Info("from the builder");
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(receiver.WaitFor(1, Patience), Is.True);
    }

    [Test]
    public void A_trusted_certificate_that_cannot_be_read_names_the_handler()
    {
        var ex = Assert.Throws<HandlerConfigException>(() => FemtoConfig.JsonConfig($$"""
            { "version": 1,
              "handlers": { "net": { "class": "femtologging.SocketHandler", "host": "localhost", "port": 9020,
                                     "tls": { "domain": "localhost" }, "trusted_certificate": "/nonexistent/ca.pem" } },
              "root": { "handlers": ["net"] } }
            """));
        Assert.That(ex!.Message, Does.Contain("handlers.net").And.Contain("ca.pem"));
    }
}
