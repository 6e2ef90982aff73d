using System.Globalization;
using Femto.Handlers;

namespace Femto.Config;

/// <summary>A socket handler's options, read and validated: <c>args</c> <c>(host, port)</c> or a single Unix socket
/// path; keywords <c>host</c>, <c>port</c> (1–65535, default localhost:9020), <c>unix_path</c>,
/// <c>connect_timeout_ms</c>, <c>write_timeout_ms</c>, <c>max_frame_size</c>, <c>tls</c> (a bool, or
/// <c>{"domain", "insecure"}</c>) or flat <c>tls_domain</c>/<c>tls_insecure</c>, <c>trusted_certificate</c> (a PEM
/// path), <c>backoff</c> (<c>{"base_ms", "cap_ms", "reset_after_ms", "deadline_ms"}</c>) or flat
/// <c>backoff_base_ms</c>…, and the common options. Contradictions are rejected here: <c>unix_path</c> with
/// host/port, <c>tls: false</c> with TLS settings, a map and flat keys together; TLS with a Unix path is a
/// <see cref="HandlerConfigException"/>.</summary>
/// <remarks><see cref="Builder"/> maps them onto <c>new SocketHandlerBuilder()</c>.</remarks>
internal sealed record SocketOptions(string? Host, int? Port, string? UnixPath, bool Tls, string? TlsDomain, bool TlsInsecure,
    string? TrustedCertificate, int? ConnectTimeoutMs, int? WriteTimeoutMs, int? MaxFrameSize, BackoffOptions Backoff, CommonOptions Common)
{
    public const string FemtoClass = "FemtoSocketHandler";
    public const string DefaultHost = "localhost";
    public const int DefaultPort = PythonLiteral.DefaultTcpLoggingPort;

    private static readonly string[] TlsKeys = ["domain", "insecure"];

    public static HandlerParameters Parameters { get; } = new(
        ["host", "port"],
        ["host", "port", "unix_path", "connect_timeout_ms", "write_timeout_ms", "max_frame_size", "tls", "tls_domain", "tls_insecure",
         "trusted_certificate", .. BackoffOptions.Keywords, .. CommonOptions.Keywords]);

    /// <summary>Where the handler sends, for reports.</summary>
    public string Target => UnixPath is { } path ? "unix:" + path : string.Create(CultureInfo.InvariantCulture, $"{Host ?? DefaultHost}:{Port ?? DefaultPort}");

    public static SocketOptions Read(HandlerArguments a, HandlerContext c)
    {
        string? host = a.Text("host");
        string? unixPath = a.Text("unix_path");
        if (a.PositionalCount == 1 && unixPath is null)
        {
            // A single positional value is a Unix socket path, as femtologging reads it.
            unixPath = host;
            host = null;
        }
        else if (a.PositionalCount == 1)
        {
            throw a.At("host").Error("a single positional value is a Unix socket path, but 'unix_path' is given too.");
        }
        int? port = a.Int("port", 1, 65535);
        if (unixPath is not null && (host is not null || port is not null))
            throw (a.Has("unix_path") ? a.At("unix_path") : a.At("host")).Error("a Unix socket path cannot be combined with host or port.");

        var (tls, domain, insecure) = ReadTls(a, host);
        if (tls && unixPath is not null)
            throw (a.Has("tls") ? a.At("tls") : a.At(a.Has("tls_domain") ? "tls_domain" : "tls_insecure"))
                .HandlerError("TLS needs a TCP transport; it cannot be used with a Unix socket path.");

        return new SocketOptions(host, port, unixPath, tls, domain, insecure, a.Text("trusted_certificate"),
            a.Int("connect_timeout_ms"), a.Int("write_timeout_ms"), a.Int("max_frame_size"), BackoffOptions.Read(a), CommonOptions.Read(a, c));
    }

    private static (bool Tls, string? Domain, bool Insecure) ReadTls(HandlerArguments a, string? host)
    {
        string? domain = a.Text("tls_domain");
        bool? insecure = a.Bool("tls_insecure");
        bool flat = domain is not null || insecure is not null;
        if (!a.Has("tls") || a.Raw("tls") is null) return flat ? (true, domain ?? host ?? DefaultHost, insecure ?? false) : (false, null, false);
        if (a.Raw("tls") is bool enabled)
        {
            if (!enabled && flat)
                throw a.At("tls").Error("'tls' is false but tls_domain/tls_insecure are given; remove one or the other.");
            return enabled ? (true, domain ?? host ?? DefaultHost, insecure ?? false) : (false, null, false);
        }
        var map = a.Map("tls", TlsKeys)!;
        if (flat) throw a.At("tls").Error("give TLS settings either in 'tls' or as tls_domain/tls_insecure, not both.");
        string? mapDomain = ConfigValues.TryGet(map, "domain", out var d) ? ConfigValues.String(d, a.At("tls").Key("domain")) : null;
        bool mapInsecure = ConfigValues.TryGet(map, "insecure", out var i) && ConfigValues.Bool(i, a.At("tls").Key("insecure"));
        return (true, mapDomain ?? host ?? DefaultHost, mapInsecure);
    }

    /// <summary>The builder these options describe: <c>WithUnixPath(UnixPath)</c> or <c>WithTcp(Host ?? "localhost",
    /// Port ?? 9020)</c>; <c>WithTls</c> when <see cref="Tls"/>; the timeouts, frame size and trusted certificate
    /// given; <c>WithBackoff</c> when any backoff field is given (unset fields keep <see cref="BackoffConfig"/>'s
    /// defaults); then the common options. Range errors surface from the setters, combinations from <c>Build()</c>.</summary>
    public SocketHandlerBuilder Builder()
    {
        var b = new SocketHandlerBuilder();
        if (UnixPath is { } path) b.WithUnixPath(path);
        else b.WithTcp(Host ?? DefaultHost, Port ?? DefaultPort);
        if (Tls) b.WithTls(TlsDomain!, TlsInsecure);
        if (TrustedCertificate is { } pem) b.WithTrustedCertificate(pem);
        if (ConnectTimeoutMs is { } connect) b.WithConnectTimeoutMs(connect);
        if (WriteTimeoutMs is { } write) b.WithWriteTimeoutMs(write);
        if (MaxFrameSize is { } frame) b.WithMaxFrameSize(frame);
        if (Backoff.Config() is { } backoff) b.WithBackoff(backoff);
        return Common.ApplyTo(b);
    }

    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"tls={Tls};domain={TlsDomain};insecure={TlsInsecure};ca={TrustedCertificate};connect={ConnectTimeoutMs};write={WriteTimeoutMs};frame={MaxFrameSize};{Backoff.Signature}");

    public IEnumerable<KeyValuePair<string, string>> Details =>
        Tls ? [new("tls", TlsDomain + (TlsInsecure ? " (insecure)" : ""))] : [];
}
