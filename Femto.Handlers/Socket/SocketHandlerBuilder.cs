using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoSocketHandler"/>:
/// <c>new SocketHandlerBuilder().WithTcp("logs.internal", 9020).WithTls("logs.internal").Build()</c>.</summary>
/// <remarks>TCP to <c>localhost:9020</c> by default; <see cref="WithUnixPath"/> for a Unix socket. Setters reject
/// out-of-range values at once (naming them); <see cref="Build"/> rejects combinations that cannot work with a
/// <see cref="HandlerConfigException"/>: TLS with a Unix path, a trusted certificate without TLS, <c>BaseMs &gt;
/// CapMs</c>, an unreadable certificate file.</remarks>
public sealed class SocketHandlerBuilder : HandlerBuilder<SocketHandlerBuilder>
{
    /// <summary>The default host: <c>localhost</c>.</summary>
    public const string DefaultHost = "localhost";

    /// <summary>The default port: 9020 (Python's <c>DEFAULT_TCP_LOGGING_PORT</c>).</summary>
    public const int DefaultPort = 9020;

    /// <summary>The host to connect to (TCP).</summary>
    public string Host { get; private set; } = DefaultHost;

    /// <summary>The port to connect to (TCP).</summary>
    public int Port { get; private set; } = DefaultPort;

    /// <summary>The Unix socket path, or null for TCP.</summary>
    public string? UnixPath { get; private set; }

    /// <summary>The TLS domain (server name checked against the certificate), or null without TLS.</summary>
    public string? TlsDomain { get; private set; }

    /// <summary>True when TLS certificate validation is off.</summary>
    public bool TlsInsecure { get; private set; }

    /// <summary>A PEM file of extra trusted certificates, or null.</summary>
    public string? TrustedCertificatePath { get; private set; }

    /// <summary>How long connecting (and the TLS handshake) may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one write may block before the connection counts as failed. Default 5 s.</summary>
    public TimeSpan WriteTimeout { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest frame sent, in bytes. Default 1 MiB.</summary>
    public int MaxFrameSize { get; private set; } = RecordFrames.DefaultMaxFrameSize;

    /// <summary>The retry timings. Default <c>new BackoffConfig()</c>.</summary>
    public BackoffConfig Backoff { get; private set; } = new();

    /// <summary>Sends over TCP to <paramref name="host"/>:<paramref name="port"/> (replaces a Unix path).</summary>
    /// <exception cref="ArgumentException">The host is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1–65535.</exception>
    public SocketHandlerBuilder WithTcp(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be from 1 to 65535.");
        Host = host.Trim();
        Port = port;
        UnixPath = null;
        return this;
    }

    /// <summary>Sends over the Unix domain socket at <paramref name="path"/> (replaces TCP).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public SocketHandlerBuilder WithUnixPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        UnixPath = path;
        return this;
    }

    /// <summary>Wraps the TCP connection in TLS for <paramref name="domain"/>: the peer's certificate must chain to
    /// the system's trust store (or to <see cref="WithTrustedCertificate"/>) and name the domain. With
    /// <paramref name="insecure"/> nothing is checked (said once on stderr when the handler is built).</summary>
    /// <exception cref="ArgumentException">The domain is empty.</exception>
    public SocketHandlerBuilder WithTls(string domain, bool insecure = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        TlsDomain = domain.Trim();
        TlsInsecure = insecure;
        return this;
    }

    /// <summary>Trusts the certificates in the PEM file at <paramref name="pemPath"/> as extra roots, besides the
    /// system's: a private CA, or a self-signed collector. The host name is still checked. Read by <see cref="Build"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public SocketHandlerBuilder WithTrustedCertificate(string pemPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pemPath);
        TrustedCertificatePath = pemPath;
        return this;
    }

    /// <summary>How long connecting and the TLS handshake may take.</summary>
    public SocketHandlerBuilder WithConnectTimeout(TimeSpan timeout)
    {
        ConnectTimeout = Positive(timeout, nameof(timeout));
        return this;
    }

    /// <summary>How long connecting and the TLS handshake may take, in milliseconds.</summary>
    public SocketHandlerBuilder WithConnectTimeoutMs(int timeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutMs);
        return WithConnectTimeout(TimeSpan.FromMilliseconds(timeoutMs));
    }

    /// <summary>How long one write may block (a peer that stopped reading) before the connection counts as failed.</summary>
    public SocketHandlerBuilder WithWriteTimeout(TimeSpan timeout)
    {
        WriteTimeout = Positive(timeout, nameof(timeout));
        return this;
    }

    /// <summary>How long one write may block, in milliseconds.</summary>
    public SocketHandlerBuilder WithWriteTimeoutMs(int timeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutMs);
        return WithWriteTimeout(TimeSpan.FromMilliseconds(timeoutMs));
    }

    /// <summary>The largest frame sent, in bytes; records whose frame is larger are dropped and counted.</summary>
    public SocketHandlerBuilder WithMaxFrameSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        MaxFrameSize = bytes;
        return this;
    }

    /// <summary>The retry timings (validated by <see cref="Build"/>).</summary>
    public SocketHandlerBuilder WithBackoff(BackoffConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Backoff = config;
        return this;
    }

    /// <summary>Builds the handler. It connects when its first record arrives, on its worker.</summary>
    /// <exception cref="HandlerConfigException">TLS with a Unix path, a trusted certificate without TLS,
    /// <c>BaseMs &gt; CapMs</c>, or a certificate file that cannot be read.</exception>
    public FemtoSocketHandler Build()
    {
        if (TlsDomain is not null && UnixPath is not null)
            throw new HandlerConfigException("TLS needs a TCP transport; it cannot be used with a Unix socket path.");
        if (TrustedCertificatePath is not null && TlsDomain is null)
            throw new HandlerConfigException("WithTrustedCertificate needs WithTls: without TLS no certificate is checked.");
        var backoff = Backoff.Validate();
        var target = new SocketTarget(Host, Port, UnixPath, TlsDomain, TlsInsecure, LoadTrusted(), ConnectTimeout, WriteTimeout);
        return new FemtoSocketHandler(target, Settings, backoff, MaxFrameSize);
    }

    private X509Certificate2Collection? LoadTrusted()
    {
        if (TrustedCertificatePath is not { } path) return null;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new HandlerConfigException($"The trusted certificate file '{path}' cannot be read: {ex.Message}", ex);
        }
        if (certificates.Count == 0) throw new HandlerConfigException($"The trusted certificate file '{path}' holds no PEM certificate.");
        return certificates;
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "The timeout must be positive.");
}
