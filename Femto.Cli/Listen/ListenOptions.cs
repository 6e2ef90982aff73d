using System.Globalization;
using Femto.Handlers;

namespace Femto.Cli;

/// <summary>The arguments of <c>femto listen</c>.</summary>
internal sealed record ListenOptions
{
    public const string Usage = "listen [--tcp HOST:PORT]... [--unix PATH]... [--tls-cert PFX_OR_PEM [--tls-key PEM]] [--out FILE [--max-bytes N --backup-count N]]\n" +
                                "                     [--format text|json] [--max-frame BYTES] [--dashboard PORT [--force]]";

    public List<(string Host, int Port)> Tcp { get; } = [];
    public List<string> Unix { get; } = [];
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }
    public string? Out { get; init; }
    public bool Json { get; init; }
    public int MaxFrame { get; init; } = RecordFrames.DefaultMaxFrameSize;
    public long MaxBytes { get; init; }
    public int BackupCount { get; init; }
    public int? DashboardPort { get; init; }
    public bool Force { get; init; }

    /// <summary>Parses the arguments after <c>listen</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or bad value, or options that do not go together.</exception>
    public static ListenOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ListenOptions();
        var tcp = new List<(string, int)>();
        var unix = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--tcp": tcp.Add(HostPort(Value())); break;
                case "--unix": unix.Add(Value()); break;
                case "--tls-cert": o = o with { TlsCert = Value() }; break;
                case "--tls-key": o = o with { TlsKey = Value() }; break;
                case "--out": o = o with { Out = Value() }; break;
                case "--format":
                    o = Value() switch
                    {
                        "text" => o with { Json = false },
                        "json" => o with { Json = true },
                        var f => throw new ArgumentException($"--format is text or json, not '{f}'"),
                    };
                    break;
                case "--max-frame": o = o with { MaxFrame = (int)Number(Value(), a, 16, int.MaxValue) }; break;
                case "--max-bytes": o = o with { MaxBytes = Number(Value(), a, 1, long.MaxValue) }; break;
                case "--backup-count": o = o with { BackupCount = (int)Number(Value(), a, 1, int.MaxValue) }; break;
                case "--dashboard": o = o with { DashboardPort = (int)Number(Value(), a, 0, 65535) }; break;
                case "--force": o = o with { Force = true }; break;
                default: throw new ArgumentException($"unknown option '{a}'");
            }
        }
        if (tcp.Count == 0 && unix.Count == 0) tcp.Add(("127.0.0.1", SocketHandlerBuilder.DefaultPort));
        o.Tcp.AddRange(tcp);
        o.Unix.AddRange(unix);
        if (o.TlsKey is not null && o.TlsCert is null) throw new ArgumentException("--tls-key goes with --tls-cert");
        if (o.TlsCert is not null && tcp.Count == 0) throw new ArgumentException("--tls-cert needs a --tcp listener (TLS is not used on Unix sockets)");
        if ((o.MaxBytes > 0) != (o.BackupCount > 0)) throw new ArgumentException("--max-bytes and --backup-count go together");
        if (o.MaxBytes > 0 && o.Out is null) throw new ArgumentException("--max-bytes and --backup-count rotate the --out file");
        if (o.Force && o.DashboardPort is null) throw new ArgumentException("--force goes with --dashboard");
        return o;
    }

    private static (string Host, int Port) HostPort(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) throw new ArgumentException($"--tcp needs HOST:PORT, not '{text}'");
        string host = text[..colon].Trim('[', ']');
        return (host, (int)Number(text[(colon + 1)..], "--tcp port", 0, 65535));
    }

    private static long Number(string text, string option, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max
            ? n : throw new ArgumentException($"{option} needs a whole number from {min} to {max}, not '{text}'");
}
